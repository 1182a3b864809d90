"""Uploads: files stream from disk with flat memory, bad input is refused before anything is sent, URLs go as JSON."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from client_support import FakeBackend, fixture, fixture_json, make_client
from nemovideo.client.uploads import check_files
from nemovideo.errors import ACCEPTED_FORMATS, MAX_UPLOAD_BYTES, FileTooLarge, InputError, UnsupportedFile

UPLOAD = "/api/upload-video/nemo_agent/me/{sid}"


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


async def test_a_large_file_streams_with_flat_memory(tmp_path: Path) -> None:
    size = 150 * 1024 * 1024
    video = sparse(tmp_path / "big.mp4", size)
    backend = FakeBackend()
    client, _ = make_client(tmp_path / "data", backend)
    async with client:
        await client.ensure_session()
        tracemalloc.start()
        try:
            result = await client.upload_files([video])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    sent = backend.requests[-1]
    assert sent.streamed_bytes > size
    assert int(sent.headers["content-length"]) == sent.streamed_bytes  # known up front: no chunked encoding
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while uploading {size} bytes"
    assert result.files[0].cdn_url == fixture_json("api/upload_files.json")["data"]["files"][0]["cdn_url"]


async def test_files_go_as_repeated_multipart_field_files(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" * 10)
    logo = tmp_path / "Logo.PNG"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" * 10)
    backend = FakeBackend()
    client, _ = make_client(tmp_path / "data", backend)
    async with client:
        result = await client.upload_files([clip, logo])
        sid = client.session_id
    sent = backend.requests[-1]
    assert sent.path == f"/api/upload-video/nemo_agent/me/{sid}"
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert sent.head.count(b'Content-Disposition: form-data; name="files"') == 2
    assert b'name="files"; filename="clip.mp4"\r\nContent-Type: video/mp4' in sent.head
    assert b'filename="Logo.PNG"\r\nContent-Type: image/png' in sent.head
    assert sent.bearer is not None and result.session_state_applied


@pytest.mark.parametrize(
    ("name", "size", "code", "words"),
    [
        ("notes.txt", 10, 4001, ".txt is not an accepted format"),
        ("photo.jpeg", 10, 4001, ".jpeg is not an accepted format"),
        ("README", 10, 4001, "no extension"),
        ("empty.mp4", 0, None, "empty"),
        ("huge.mov", MAX_UPLOAD_BYTES + 1, 4002, "over the 200 MB limit"),
    ],
)
async def test_bad_files_are_refused_before_anything_is_sent(
    tmp_path: Path, name: str, size: int, code: int | None, words: str
) -> None:
    path = sparse(tmp_path / name, size)
    backend = FakeBackend()
    client, _ = make_client(tmp_path / "data", backend)
    async with client:
        with pytest.raises(InputError, match=words) as caught:
            await client.upload_files([path])
    assert backend.requests == []
    assert caught.value.code == code
    if code == 4001:
        assert all(fmt in caught.value.hint for fmt in ACCEPTED_FORMATS)
    if code == 4002:
        assert "compress" in caught.value.hint


async def test_a_missing_file_or_an_empty_list_is_refused(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(InputError, match="does not exist"):
            await client.upload_files([tmp_path / "gone.mp4"])
        with pytest.raises(InputError, match="No files"):
            await client.upload_files([])
        with pytest.raises(InputError, match="does not exist"):
            await client.upload_files([tmp_path])  # a folder is not a file
    assert backend.requests == []


def test_a_file_of_exactly_200_mb_is_accepted(tmp_path: Path) -> None:
    path = sparse(tmp_path / "edge.mp4", MAX_UPLOAD_BYTES)
    assert check_files([path])[0].size == MAX_UPLOAD_BYTES


async def test_urls_go_as_json(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", UPLOAD, fixture("api/upload_urls.json"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        result = await client.upload_urls(["https://example.com/logo.png", " http://example.com/a.mp4 "])
    sent = backend.requests[-1]
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.head) == {
        "urls": ["https://example.com/logo.png", "http://example.com/a.mp4"],
        "source_type": "url",
    }
    assert result.files[0].file_type == "image"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a.mp4", "file:///etc/passwd", "example.com/a.mp4", "https://", "https://u:p@host/a.mp4"]
)
async def test_bad_urls_are_refused_before_sending(tmp_path: Path, url: str) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(InputError) as caught:
            await client.upload_urls([url])
    assert backend.requests == []
    assert "u:p@" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "kind", "hint"),
    [("error_4001.json", UnsupportedFile, "mp4, mov"), ("error_4002.json", FileTooLarge, "trim")],
)
async def test_the_backends_own_refusals_are_typed(tmp_path: Path, name: str, kind: type[Exception], hint: str) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"data")
    backend = FakeBackend()
    backend.queue("POST", UPLOAD, fixture(f"api/{name}"))
    client, _ = make_client(tmp_path / "data", backend)
    async with client:
        with pytest.raises(kind, match=hint):
            await client.upload_files([clip])


def test_a_file_name_that_is_not_utf8_is_sent_with_replacement_characters(tmp_path: Path) -> None:
    import os

    from nemovideo.client.uploads import check_files

    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.png")
    with open(raw, "wb") as handle:
        handle.write(b"\x89PNG")
    [item] = check_files([Path(os.fsdecode(raw))])
    assert item.name == "caf\ufffd.png"
    item.name.encode("utf-8")  # what the multipart encoder does: must not raise
