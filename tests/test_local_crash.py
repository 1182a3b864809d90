"""The crash suite: the backend killed with SIGKILL during a render, an upload and a chat turn, and restarted at once.

A supervisor process (`crash_supervisor.py`, a Linux child subreaper) runs the backend and restarts it the way
a process supervisor would; the dead backend's render worker becomes the supervisor's child, so each test
holds it in the state it needs: still running, a zombie, or reaped. The fake renderer is steered by files
(`crash_fakes.py`); one case renders with the real ffmpeg. Every case ends with each job completed or failed
with a message, no temp file, the ledger equal to the balances, and `PRAGMA integrity_check` ok.
"""

from __future__ import annotations

import os
import select
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx2
import pytest

from hostile_support import head, temp_files

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux child subreaper supervises")

TESTS = Path(__file__).resolve().parent
GATED = "crash_fakes:gated_render"
DRAFT = {"t": [{"id": "x", "tt": 7, "sg": [{"id": "x1", "d": 1000, "role": "title", "txt": "Hi"}]}], "d": 1000}
ATTRIBUTION = {"X-Skill-Source": "crash-suite", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Bounded polling until the condition holds; fails the test naming what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"never happened within {timeout:g} s: {what}")


class Supervisor:
    """Drives crash_supervisor.py: start, kill -9 and restart the backend; see and reap the orphaned worker."""

    def __init__(self, root: Path, renderer: str) -> None:
        self.data = root / "data"
        self.gate = root / "gate"
        self.gate.mkdir()
        env = {**os.environ, "NEMO_CRASH_GATE": str(self.gate),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen([sys.executable, str(TESTS / "crash_supervisor.py"), str(self.data), renderer],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.restarts = 0

    def ask(self, line: str, timeout: float = 30.0) -> str:
        """Send a command and read its answer line (bounded)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, f"the supervisor did not answer {line!r}"
        return self.process.stdout.readline().strip()

    def start(self) -> str:
        """Start the backend; its base URL."""
        answer = self.ask("start").split()
        assert answer[0] == "url" and answer[1].startswith("http://"), f"the backend did not start: {answer}"
        return answer[1]

    def kill_and_restart(self) -> str:
        """SIGKILL the backend and start a new one at once; the new base URL."""
        assert self.ask("kill") == "killed"
        self.restarts += 1
        return self.start()

    def state(self, pid: int) -> str:
        """The worker's process state: R, S, Z ... or gone."""
        return self.ask(f"state {pid}").split()[1]

    def close(self) -> None:
        """Stop the backend and every adopted worker."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()

    def touch(self, *names: str) -> None:
        """Create control files for the fakes."""
        for name in names:
            (self.gate / name).touch()

    def remove(self, name: str) -> None:
        """Delete a control file."""
        (self.gate / name).unlink()

    def worker(self, known: set[int] | None = None) -> int:
        """The pid of a render worker that has started rendering (one not in `known`)."""
        def started() -> int | None:
            pids = {int(path.name.split("-", 1)[1]) for path in self.gate.glob("started-*")} - (known or set())
            return min(pids) if pids else None
        pid: int = wait_for(started, "a render worker started")
        return pid


@pytest.fixture
def supervisor_for(tmp_path: Path) -> Iterator[Callable[[str], Supervisor]]:
    """A supervisor factory; every supervisor is closed at the end (its backend and workers with it)."""
    made: list[Supervisor] = []

    def make(renderer: str = GATED) -> Supervisor:
        made.append(Supervisor(tmp_path, renderer))
        return made[-1]

    yield make
    for supervisor in made:
        supervisor.close()


def login(url: str) -> tuple[dict[str, str], str]:
    """Headers with a bearer token and attribution, and a new session id."""
    with httpx2.Client(base_url=url, timeout=10) as client:
        issued = client.post("/api/auth/anonymous-token", headers={"X-Client-Id": "crash-client"}).json()["data"]
        headers = {"Authorization": f"Bearer {issued['token']}", **ATTRIBUTION}
        session = client.post("/api/tasks/me/with-session/nemo_agent", headers=headers,
                              json={"task_name": "p", "language": "en"}).json()["data"]["session_id"]
    return headers, str(session)


def submit(url: str, headers: dict[str, str], session_id: str, render_id: str,
           draft: dict[str, Any] | None = None) -> None:
    """Submit a render."""
    with httpx2.Client(base_url=url, timeout=10) as client:
        answer = client.post("/api/render/proxy/lambda", headers=headers, json={
            "id": render_id, "sessionId": session_id, "draft": draft or DRAFT, "output": {"format": "mp4"}})
    assert answer.status_code == 200, answer.text


def job(url: str, headers: dict[str, str], render_id: str) -> dict[str, Any]:
    """A render's poll answer."""
    with httpx2.Client(base_url=url, timeout=10) as client:
        data: dict[str, Any] = client.get(f"/api/render/proxy/lambda/{render_id}", headers=headers).json()["data"]
    return data


def ended(url: str, headers: dict[str, str], render_id: str, timeout: float = 30.0) -> dict[str, Any]:
    """The render once it is completed or failed (bounded polling)."""
    def done() -> dict[str, Any] | None:
        data = job(url, headers, render_id)
        return data if data["status"] in ("completed", "failed") else None
    result: dict[str, Any] = wait_for(done, f"{render_id} completed or failed", timeout)
    return result


def balance(url: str, headers: dict[str, str]) -> dict[str, int]:
    """The caller's credits."""
    with httpx2.Client(base_url=url, timeout=10) as client:
        data: dict[str, int] = client.get("/api/credits/balance/simple", headers=headers).json()["data"]
    return data


def assert_nothing_lost_or_stuck(data: Path) -> None:
    """Every job ended with a message if failed, no temp file, the ledger equals the balances, integrity ok."""
    with closing(sqlite3.connect(data / "nemovideo.sqlite3")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        jobs = conn.execute("SELECT id, status, error FROM jobs").fetchall()
        balances = conn.execute("SELECT user_id, available, frozen FROM balances ORDER BY user_id").fetchall()
        sums = conn.execute("SELECT user_id, SUM(d_available), SUM(d_frozen) FROM ledger GROUP BY user_id"
                            " ORDER BY user_id").fetchall()
    assert all(status == "completed" or (status == "failed" and error) for _, status, error in jobs), jobs
    assert balances == sums
    assert temp_files(data) == []


def test_a_restart_while_the_dead_backends_worker_still_runs_takes_the_job_back_once_it_ends(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for()
    url = supervisor.start()
    headers, session_id = login(url)
    submit(url, headers, session_id, "render_running")
    worker = supervisor.worker()
    supervisor.touch("ignore-cancel")  # the orphaned worker renders on, as one stuck in I/O would
    url = supervisor.kill_and_restart()
    assert supervisor.state(worker) not in ("Z", "gone")  # the case: restarted while the worker still runs
    assert job(url, headers, "render_running")["status"] == "processing"
    supervisor.touch("exit")  # now it ends without recording anything
    wait_for(lambda: supervisor.state(worker) == "Z", "the orphaned worker exited")
    supervisor.remove("exit")
    supervisor.touch("finish")
    assert supervisor.ask(f"reap {worker}") == "reaped"  # as init would, some time later
    assert ended(url, headers, "render_running")["status"] == "completed"
    assert_nothing_lost_or_stuck(supervisor.data)


def test_a_restart_while_the_dead_backends_worker_is_a_zombie_runs_the_job_again(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for()
    url = supervisor.start()
    headers, session_id = login(url)
    submit(url, headers, session_id, "render_zombie")
    worker = supervisor.worker()
    supervisor.touch("ignore-cancel", "exit")
    assert supervisor.ask("kill") == "killed"
    wait_for(lambda: supervisor.state(worker) == "Z", "the orphaned worker became a zombie")
    supervisor.remove("exit")
    supervisor.touch("finish")
    url = supervisor.start()
    supervisor.restarts += 1
    assert supervisor.state(worker) == "Z"  # still unreaped: os.kill(pid, 0) succeeds on it
    assert ended(url, headers, "render_zombie")["status"] == "completed"
    assert_nothing_lost_or_stuck(supervisor.data)


def test_a_restart_after_the_orphaned_worker_gave_its_job_back_runs_it_again(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for()
    url = supervisor.start()
    headers, session_id = login(url)
    submit(url, headers, session_id, "render_exited")
    worker = supervisor.worker()
    assert supervisor.ask("kill") == "killed"
    wait_for(lambda: supervisor.state(worker) == "Z", "the orphaned worker stopped rendering")
    assert supervisor.ask(f"reap {worker}") == "reaped"
    supervisor.touch("finish")
    url = supervisor.start()
    supervisor.restarts += 1
    assert ended(url, headers, "render_exited")["status"] == "completed"
    assert_nothing_lost_or_stuck(supervisor.data)


def test_a_backend_killed_during_an_upload_leaves_no_temp_file_after_the_restart(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for()
    url = supervisor.start()
    headers, session_id = login(url)
    part = (b"--cut\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.mp4\"\r\n\r\n" + b"v" * 300_000)
    host, port = url.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head("POST", f"/api/upload-video/nemo_agent/me/{session_id}", url,
                          {**headers, "Content-Type": "multipart/form-data; boundary=cut"}, length=10_000_000) + part)
        wait_for(lambda: temp_files(supervisor.data), "the upload reached a temp file")
        url = supervisor.kill_and_restart()
    assert temp_files(supervisor.data) == []
    with httpx2.Client(base_url=url, timeout=10) as client:
        state = client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers).json()["data"]
    assert state["state"]["video_infos"] == [] and list((supervisor.data / "media").iterdir()) == []
    assert_nothing_lost_or_stuck(supervisor.data)


def test_credits_frozen_by_a_turn_killed_with_its_backend_are_released_by_the_restart(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for()
    url = supervisor.start()
    headers, session_id = login(url)
    body = (b'{"app_name": "nemo_agent", "user_id": "me", "session_id": "' + session_id.encode() +
            b'", "new_message": {"role": "user", "parts": [{"text": "title Killed"}]}}')
    host, port = url.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head("POST", "/run_sse", url, {**headers, "Content-Type": "application/json"},
                          length=len(body)) + body)
        wait_for(lambda: balance(url, headers)["frozen"] == 3, "the turn froze its estimate")
        url = supervisor.kill_and_restart()
    assert balance(url, headers) == {"available": 100, "frozen": 0, "total": 100}  # at once, not 20 minutes later
    with httpx2.Client(base_url=url, timeout=10) as client:
        state = client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers).json()["data"]
    assert state["state"]["draft_rev"] == 0
    assert_nothing_lost_or_stuck(supervisor.data)


@pytest.mark.slow
def test_a_real_ffmpeg_render_killed_with_its_backend_completes_after_the_restart(
        supervisor_for: Callable[..., Supervisor]) -> None:
    supervisor = supervisor_for("nemovideo.local.render:render_draft")
    url = supervisor.start()
    headers, session_id = login(url)
    draft = {"t": [{"id": "x", "tt": 7, "sg": [{"id": "x1", "d": 2000, "role": "title", "txt": "Crash"}]}], "d": 2000}
    submit(url, headers, session_id, "render_ffmpeg", draft)
    wait_for(lambda: job(url, headers, "render_ffmpeg")["status"] == "processing", "the render started")
    url = supervisor.kill_and_restart()
    done = ended(url, headers, "render_ffmpeg", timeout=120)
    assert done["status"] == "completed", done
    with httpx2.Client(base_url=url, timeout=30) as client:
        video = client.get(done["outputUrl"], headers=headers)
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"
    assert_nothing_lost_or_stuck(supervisor.data)
