"""The data folder's files: private modes whatever the umask, and no temp file outliving its upload or its process."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from hostile_support import assert_envelope, head, raw_request, temp_files
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.files import TempArea, pid_alive
from nemovideo.local.web.server import run_embedded
from test_local_fakes import api, login, make_deps, new_session, tiny_png

BOUNDARY = "----nemo-cut"


def mode(path: Path) -> int:
    """The permission bits of a path."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 000 for the test: whatever the backend creates gets exactly the mode it asks for."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
async def test_folders_are_0700_and_the_database_and_media_0600_whatever_the_umask(tmp_path: Path,
                                                                                   open_umask: None) -> None:
    root = tmp_path / "data"
    async with api(LocalConfig(root)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        uploaded = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                     files=[("files", ("logo.png", tiny_png(), "image/png"))])
        with contextlib.closing(sqlite3.connect(root / "nemovideo.sqlite3")) as conn:
            conn.execute("SELECT COUNT(*) FROM users").fetchone()  # -wal and -shm exist while a connection is open
            wal_modes = {name: mode(root / name) for name in ("nemovideo.sqlite3-wal", "nemovideo.sqlite3-shm")}
    stored = root / "media" / uploaded.json()["data"]["files"][0]["cdn_url"].rsplit("/", 1)[-1]
    folders = [root, root / "media", root / "renders", root / "tmp"]
    files = [root / "nemovideo.sqlite3", root / "secret.key", stored]
    assert {str(path.relative_to(tmp_path)): oct(mode(path)) for path in folders} == {
        str(path.relative_to(tmp_path)): "0o700" for path in folders}
    assert {path.name: oct(mode(path)) for path in files} == {path.name: "0o600" for path in files}
    assert wal_modes == {"nemovideo.sqlite3-wal": 0o600, "nemovideo.sqlite3-shm": 0o600}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
async def test_a_data_folder_made_open_by_an_earlier_version_is_closed_on_start(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)):
        pass
    for path in (tmp_path, tmp_path / "media"):
        path.chmod(0o755)
    (tmp_path / "nemovideo.sqlite3").chmod(0o644)
    async with api(LocalConfig(tmp_path)):
        pass
    assert (mode(tmp_path), mode(tmp_path / "media"), mode(tmp_path / "nemovideo.sqlite3")) == (0o700, 0o700, 0o600)


def multipart(*parts: tuple[str, bytes]) -> bytes:
    """A multipart body of `files` parts, with its closing boundary."""
    body = b""
    for name, content in parts:
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                 f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize("cut", ["inside the second file", "before the closing boundary", "inside the boundary"])
async def test_a_multipart_body_cut_before_its_closing_boundary_is_4000_and_leaves_nothing(tmp_path: Path,
                                                                                            cut: str) -> None:
    whole = multipart(("one.png", tiny_png()), ("two.png", tiny_png() * 50))
    ends = {"inside the second file": len(whole) // 2 + 200, "before the closing boundary": whole.rindex(b"--" +
            BOUNDARY.encode() + b"--"), "inside the boundary": len(whole) - 6}
    body = whole[: ends[cut]]
    with run_embedded(config=LocalConfig(tmp_path), deps=make_deps()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            path = f"/api/upload-video/nemo_agent/me/{session_id}"
            answer = raw_request(backend.url, head("POST", path, backend.url, {
                **headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}, length=len(body)), body)
            state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    assert answer.status == 400 and answer.json()["code"] == 4000, answer
    assert_envelope(answer.status, answer.json())
    assert state.json()["data"]["state"]["video_infos"] == []
    assert temp_files(tmp_path) == [] and list((tmp_path / "media").iterdir()) == []


async def test_an_upload_whose_client_goes_away_leaves_no_temp_file(tmp_path: Path) -> None:
    body = multipart(("one.png", tiny_png() * 2000))
    with run_embedded(config=LocalConfig(tmp_path), deps=make_deps()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
        sock = socket.create_connection(("127.0.0.1", int(backend.url.rsplit(":", 1)[1])), timeout=10)
        sock.sendall(head("POST", f"/api/upload-video/nemo_agent/me/{session_id}", backend.url, {
            **headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}, length=len(body) * 2) + body)
        deadline = time.monotonic() + 10
        while not temp_files(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.01)  # bounded polling: the part is being written
        sock.close()
        while temp_files(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert temp_files(tmp_path) == []


def dead_pid() -> int:
    """The id of a process that has exited (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_start_sweeps_the_temp_files_of_processes_that_are_gone(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    dead = tmp / f"{dead_pid()}_0a1b2c3d" / "5e6f"
    live = tmp / f"{os.getpid()}_0a1b2c3d" / "5e6f"
    for folder in (dead, live):
        folder.mkdir(parents=True)
        (folder / "up_1.part").write_bytes(b"x" * 1000)
    (tmp / "up_old.part").write_bytes(b"left by a version before per-process folders")
    TempArea(tmp).sweep()
    assert temp_files(tmp_path) == [live / "up_1.part"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_zombie_counts_as_gone() -> None:
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{zombie.pid}").exists() and time.monotonic() < deadline:
        if Path(f"/proc/{zombie.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            break
        time.sleep(0.01)  # bounded polling until the child has exited unreaped
    try:
        os.kill(zombie.pid, 0)  # a zombie still answers signal 0: that is what kept recovery waiting
        assert not pid_alive(zombie.pid)
    finally:
        zombie.wait()
