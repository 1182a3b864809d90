"""Downloads: streamed to a temp file then renamed, complete or refused, with the token only on the API's origin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest

from client_support import API_URL, FakeBackend, Handler, answer, fixture, make_client
from nemovideo.errors import BadRequest, DownloadIncomplete, InputError

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


def body_with_length(content: bytes, length: int, *, then_raise: Exception | None = None) -> Handler:
    """A video answer announcing `length` bytes, sending `content` and maybe breaking off."""

    async def stream() -> AsyncIterator[bytes]:
        yield content
        if then_raise is not None:
            raise then_raise

    def handle(request: httpx2.Request) -> httpx2.Response:
        headers = {"content-type": "video/mp4", "content-length": str(length)}
        return httpx2.Response(200, headers=headers, content=stream())

    return handle


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def test_a_relative_url_downloads_from_the_api_with_the_token(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.downloads["render_1"] = VIDEO
    client, _ = make_client(tmp_path / "data", backend)
    progress: list[tuple[int, int | None]] = []
    async with client:
        token = (await client.ensure_token()).token
        path = await client.download(
            "/api/render/proxy/render_1/download", tmp_path / "out" / "video.mp4", lambda d, t: progress.append((d, t))
        )
    assert path.read_bytes() == VIDEO
    sent = backend.requests[-1]
    assert sent.url == f"{API_URL}/api/render/proxy/render_1/download" and sent.bearer == token
    assert progress[-1] == (len(VIDEO), len(VIDEO))
    assert leftovers(tmp_path / "out") == ["video.mp4"]


async def test_a_cdn_download_never_carries_the_token(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.downloads["clip.mp4"] = VIDEO
    client, _ = make_client(tmp_path, backend)
    async with client:
        await client.ensure_token()
        await client.download("https://cdn.nemo.test/cdn/clip.mp4", tmp_path / "clip.mp4")
    sent = backend.requests[-1]
    assert sent.url == "https://cdn.nemo.test/cdn/clip.mp4"
    assert "authorization" not in sent.headers
    assert (tmp_path / "clip.mp4").read_bytes() == VIDEO


async def test_a_redirect_from_the_api_to_a_cdn_drops_the_token(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue(
        "GET",
        "/api/render/proxy/{rid}/download",
        answer(b"", 302, {"location": "https://cdn.nemo.test/cdn/r.mp4"}),
    )
    client, _ = make_client(tmp_path, backend)
    async with client:
        await client.download("/api/render/proxy/r/download", tmp_path / "r.mp4")
    api_hop, cdn_hop = backend.requests[-2:]
    assert api_hop.bearer is not None and "authorization" not in cdn_hop.headers
    assert cdn_hop.url == "https://cdn.nemo.test/cdn/r.mp4" and (tmp_path / "r.mp4").stat().st_size > 0


async def test_a_short_body_is_incomplete_and_leaves_nothing_behind(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/cdn/{name}", body_with_length(VIDEO[:100], len(VIDEO)))
    client, _ = make_client(tmp_path / "data", backend)
    (tmp_path / "out").mkdir()
    async with client:
        with pytest.raises(DownloadIncomplete, match=f"100 of {len(VIDEO)} bytes"):
            await client.download("https://cdn.nemo.test/cdn/x.mp4", tmp_path / "out" / "x.mp4")
    assert leftovers(tmp_path / "out") == []


async def test_a_connection_breaking_mid_body_is_incomplete(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/cdn/{name}", body_with_length(VIDEO[:100], len(VIDEO), then_raise=httpx2.ReadError("reset")))
    client, _ = make_client(tmp_path / "data", backend)
    (tmp_path / "out").mkdir()
    async with client:
        with pytest.raises(DownloadIncomplete, match="broke off after 100 bytes"):
            await client.download("https://cdn.nemo.test/cdn/x.mp4", tmp_path / "out" / "x.mp4")
    assert leftovers(tmp_path / "out") == []


async def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/cdn/{name}", body_with_length(b"short", 999))
    client, _ = make_client(tmp_path / "data", backend)
    dest = tmp_path / "keep.mp4"
    dest.write_bytes(b"previous video")
    async with client:
        with pytest.raises(DownloadIncomplete):
            await client.download("https://cdn.nemo.test/cdn/x.mp4", dest)
        assert dest.read_bytes() == b"previous video"
        with pytest.raises(FileExistsError):
            await client.download("https://cdn.nemo.test/cdn/x.mp4", dest)
    assert dest.read_bytes() == b"previous video"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


async def test_an_error_page_instead_of_the_video_is_a_typed_error(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/cdn/{name}", fixture("api/html_error_502.html", 404))
    client, _ = make_client(tmp_path / "data", backend)
    async with client:
        with pytest.raises(BadRequest, match="HTTP 404.*HTML page"):
            await client.download("https://cdn.nemo.test/cdn/x.mp4", tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


async def test_a_download_address_that_is_not_http_is_refused(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(InputError):
            await client.download("file:///etc/passwd", tmp_path / "x.mp4")
    assert backend.requests == []


async def test_a_downloaded_video_gets_ordinary_file_permissions(tmp_path: Path) -> None:
    import os
    import stat

    from nemovideo.client.download import save

    response = httpx2.Response(200, content=b"\x00\x00\x00\x18ftypisom", headers={"content-length": "12"})
    old = os.umask(0o022)
    try:
        path = await save(response, tmp_path / "video.mp4")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
