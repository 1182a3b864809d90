"""URL uploads: only http(s) to public addresses, checked on the resolved address before any connection."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from nemovideo.errors import BadRequest, FileTooLarge, UnsupportedFile
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.files import TempFiles
from nemovideo.local.usecases.urlfetch import UrlFetcher, refusal
from test_local_fakes import api, login, make_deps, new_session

REFUSED = [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "not globally routable"), ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"), ("198.18.0.1", "private"),
]


class NoNetwork(httpx2.AsyncBaseTransport):
    """Fails the test if anything tries to connect."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        raise AssertionError(f"connected to {request.url}")


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_non_public_addresses_are_refused_with_their_range(address: str, reason: str) -> None:
    assert refusal(address) == reason


# Issue 19, 8c: IPv4 carried inside IPv6 (6to4, Teredo, NAT64) is judged like the IPv4 address, and the special
# ranges that Python 3.11's is_global calls global are refused anyway.
WRAPPED = [
    ("2002:7f00:1::", "loopback"), ("2002:a00:1::1", "private"), ("2002:a9fe:a9fe::", "link-local"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"), ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),
    ("64:ff9b::7f00:1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"), ("192.0.0.192", "special-purpose"),
    ("192.0.0.9", "special-purpose"), ("192.88.99.1", "special-purpose"),
]
SPECIAL = ["::7f00:1", "3fff::1", "5f00::1", "64:ff9b:1::1", "2001:db8::1", "100::1", "2002:c000:2c0::"]


@pytest.mark.parametrize(("address", "reason"), WRAPPED)
def test_ipv4_inside_ipv6_and_special_ranges_are_refused(address: str, reason: str) -> None:
    assert refusal(address) == reason


@pytest.mark.parametrize("address", SPECIAL)
def test_other_special_purpose_ipv6_ranges_are_refused(address: str) -> None:
    assert refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(address) is None


async def unused_resolver(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolved {host} although it is a literal address")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/a.mp4", "https://10.0.0.5/a.mp4", "http://[::1]:8080/a.png", "http://169.254.169.254/latest",
    "http://0.0.0.0/a.mp4", "http://[fe80::1]/a.mp4", "http://224.0.0.1/a.mp3", "http://[::ffff:192.168.0.1]/a.png",
])
async def test_literal_non_public_urls_are_refused_before_any_connection(tmp_path: Path, url: str) -> None:
    network = NoNetwork()
    fetcher = UrlFetcher(1024, 5.0, resolver=unused_resolver, transport=network)
    with pytest.raises(BadRequest) as caught:
        await fetcher.fetch(url, TempFiles(tmp_path / "t"))
    assert caught.value.code == 4003 and "refused" in caught.value.message
    assert network.requests == []


async def test_a_name_resolving_to_a_private_address_is_refused(tmp_path: Path) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]  # one bad answer is enough to refuse

    network = NoNetwork()
    fetcher = UrlFetcher(1024, 5.0, resolver=resolver, transport=network)
    with pytest.raises(BadRequest, match=r"private address \(10\.0\.0\.7\)"):
        await fetcher.fetch("https://cdn.example/clip.mp4", TempFiles(tmp_path / "t"))
    assert network.requests == []


@pytest.mark.parametrize("url", ["ftp://93.184.216.34/a.mp4", "file:///etc/passwd", "/etc/passwd",
                                 "http://user:pw@93.184.216.34/a.mp4", "http:///nohost"])
async def test_other_schemes_and_credentials_are_refused(tmp_path: Path, url: str) -> None:
    network = NoNetwork()
    fetcher = UrlFetcher(1024, 5.0, resolver=unused_resolver, transport=network)
    with pytest.raises(BadRequest) as caught:
        await fetcher.fetch(url, TempFiles(tmp_path / "t"))
    assert caught.value.code == 4003
    assert network.requests == []


async def test_a_public_url_is_fetched_from_the_checked_address_with_its_host_name(tmp_path: Path) -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, content=b"video bytes", headers={"Content-Type": "video/mp4"})

    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    fetcher = UrlFetcher(1024, 5.0, resolver=resolver, transport=httpx2.MockTransport(handler))
    received = await fetcher.fetch("https://cdn.example/media/clip%201.mp4?sig=1", TempFiles(tmp_path / "t"))
    assert [str(r.url) for r in seen] == ["https://93.184.216.34/media/clip%201.mp4?sig=1"]
    assert seen[0].headers["host"] == "cdn.example"
    assert seen[0].extensions["sni_hostname"] == "cdn.example"
    assert received.filename == "clip 1.mp4" and received.ext == "mp4" and received.path.read_bytes() == b"video bytes"


async def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(302, headers={"Location": "http://192.168.0.1/admin.png"})

    fetcher = UrlFetcher(1024, 5.0, resolver=unused_resolver, transport=httpx2.MockTransport(handler))
    with pytest.raises(BadRequest, match="private"):
        await fetcher.fetch("http://93.184.216.34/a.png", TempFiles(tmp_path / "t"))


async def test_too_large_or_wrong_type_downloads_are_refused_and_removed(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/big.mp4":
            return httpx2.Response(200, content=b"x" * 2048)
        return httpx2.Response(200, content=b"<html>", headers={"Content-Type": "text/html"})

    fetcher = UrlFetcher(1024, 5.0, resolver=unused_resolver, transport=httpx2.MockTransport(handler))
    with pytest.raises(FileTooLarge):
        await fetcher.fetch("http://93.184.216.34/big.mp4", TempFiles(tmp_path / "t"))
    with pytest.raises(UnsupportedFile):
        await fetcher.fetch("http://93.184.216.34/page", TempFiles(tmp_path / "t"))
    assert list(tmp_path.iterdir()) == []


async def test_the_upload_route_refuses_a_private_url_with_4003(tmp_path: Path) -> None:
    network = NoNetwork()
    deps = make_deps(resolver=unused_resolver, url_transport=network)
    async with api(LocalConfig(tmp_path), deps) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                   json={"urls": ["http://127.0.0.1:8765/media/x.png"], "source_type": "url"})
    assert answer.status_code == 400 and answer.json()["code"] == 4003
    assert "loopback" in answer.json()["message"]
    assert network.requests == []


async def test_the_upload_route_stores_a_fetched_url(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=b"a video", headers={"Content-Type": "video/mp4"})

    deps = make_deps(resolver=unused_resolver, url_transport=httpx2.MockTransport(handler))
    async with api(LocalConfig(tmp_path), deps) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        answer = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                   json={"urls": ["http://93.184.216.34/v/launch"], "source_type": "url"})
    files = answer.json()["data"]["files"]
    assert [(f["filename"], f["file_type"]) for f in files] == [("launch", "video")]
    assert files[0]["cdn_url"].endswith(".mp4")
