"""Multipart uploads: stored under generated names, probed, refused early by type and size."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

from nemovideo.local.config import LocalConfig
from nemovideo.local.probe import probe_media
from test_local_fakes import api, login, make_deps, new_session, tiny_png

BOUNDARY = "nemoboundary"


def leftovers(root: Path) -> list[Path]:
    """Files left in the temp and media folders."""
    return [path for folder in ("tmp", "media") for path in (root / folder).rglob("*") if path.is_file()]


async def test_an_image_is_stored_under_a_generated_name_probed_and_served(tmp_path: Path) -> None:
    png = tiny_png(16, 10)
    async with api(LocalConfig(tmp_path), make_deps(probe=probe_media)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                   files=[("files", ("../../etc/My Logo.PNG", png, "image/png"))])
        data = answer.json()["data"]
        served = await client.get(data["files"][0]["cdn_url"])
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    assert answer.status_code == 200, answer.text
    file = data["files"][0]
    assert data["session_state_applied"] is True
    assert file["filename"] == "My Logo.PNG" and file["file_type"] == "image"
    assert (file["width"], file["height"]) == (16, 10)
    assert file["hash"] == hashlib.sha256(png).hexdigest()
    assert file["cdn_url"].startswith("/media/med_") and file["cdn_url"].endswith(".png")
    assert "Logo" not in file["cdn_url"]
    assert served.status_code == 200 and served.content == png and served.headers["content-type"] == "image/png"
    assert state.json()["data"]["state"]["video_infos"] == [file]
    assert leftovers(tmp_path) == [tmp_path / "media" / file["cdn_url"].rsplit("/", 1)[-1]]


async def test_several_files_in_the_repeatable_field(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                   files=[("files", ("a.mp4", b"video-a", "video/mp4")),
                                          ("files", ("b.mov", b"video-b", "video/quicktime"))])
    files = answer.json()["data"]["files"]
    assert [(f["filename"], f["file_type"], f["duration"], f["fps"]) for f in files] == [
        ("a.mp4", "video", 2.0, 30.0), ("b.mov", "video", 2.0, 30.0)]


async def test_uploads_made_in_the_same_instant_keep_their_order(tmp_path: Path) -> None:
    names = [f"{letter}.mp4" for letter in "fbdaec"]  # the wall clock stands still: every upload shares a time
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        for name in names:
            await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                              files=[("files", (name, b"video", "video/mp4"))])
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    assert [f["filename"] for f in state.json()["data"]["state"]["video_infos"]] == names


async def test_an_unsupported_type_is_4001_and_leaves_nothing_behind(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        by_name = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                    files=[("files", ("tool.exe", b"MZ...", "application/octet-stream"))])
        by_content = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                       files=[("files", ("ok.mp4", b"video", "video/mp4")),
                                              ("files", ("fake.mp4", b"junk, not a video", "video/mp4"))])
    assert by_name.status_code == 415 and by_name.json()["code"] == 4001
    assert ".exe" in by_name.json()["message"] and "mp4" in by_name.json()["message"]
    assert by_content.status_code == 415 and by_content.json()["code"] == 4001
    assert "fake.mp4 is not a readable video" in by_content.json()["message"]
    assert leftovers(tmp_path) == []


async def test_a_file_over_the_limit_is_4002_without_reading_the_rest(tmp_path: Path) -> None:
    sent: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.mp4\"\r\n"
               "Content-Type: video/mp4\r\n\r\n").encode()
        for _ in range(1000):  # 4 MB offered against a 64 KB limit
            sent.append(4096)
            yield b"\0" * 4096
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    async with api(LocalConfig(tmp_path, max_upload_bytes=64 * 1024)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(
            f"/api/upload-video/nemo_agent/me/{session_id}", content=body(),
            headers=headers | {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
    assert answer.status_code == 413 and answer.json()["code"] == 4002
    assert "big.mp4" in answer.json()["message"] and "0.0625 MB" in answer.json()["message"]
    assert sum(sent) <= 64 * 1024 + 2 * 4096, f"read {sum(sent)} bytes of a refused upload"
    assert leftovers(tmp_path) == []


async def test_a_declared_length_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    read: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        read.append(b"x")
        yield b"x"

    async with api(LocalConfig(tmp_path, max_upload_bytes=1024, max_files_per_request=1)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(
            f"/api/upload-video/nemo_agent/me/{session_id}", content=body(),
            headers=headers | {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                               "Content-Length": str(10 * 1024 * 1024)},
        )
    assert answer.status_code == 413 and answer.json()["code"] == 4002
    assert read == []


async def test_a_body_that_is_not_multipart_or_json_is_4000(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        plain = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers, content=b"hi")
        empty = await client.post(
            f"/api/upload-video/nemo_agent/me/{session_id}", content=f"--{BOUNDARY}--\r\n".encode(),
            headers=headers | {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
    assert plain.status_code == 400 and plain.json()["code"] == 4000 and "multipart" in plain.json()["message"]
    assert empty.status_code == 400 and "field 'files'" in empty.json()["message"]


async def test_unknown_media_names_are_404(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        missing = await client.get("/media/med_nothing.png")
        traversal = await client.get("/media/..%2Fnemovideo.sqlite3")
    assert missing.status_code == 404 and traversal.status_code == 404
