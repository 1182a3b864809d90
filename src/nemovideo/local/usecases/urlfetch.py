"""URL uploads: http(s) only, public addresses only (checked on the resolved address), size and time limits.

The connection goes to the very address that was checked (the host name travels in the Host header
and TLS SNI), so a DNS answer that changes between check and connect cannot reach a private address.
Redirects are followed by hand, each hop checked again.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import anyio
import httpx2

from nemovideo.errors import FetchFailed, FileTooLarge, UnsupportedFile, UrlRefused
from nemovideo.local.store.files import TempFiles
from nemovideo.local.store.media import CONTENT_TYPES, KINDS, Received, display_name, extension

Resolver = Callable[[str, int], Awaitable[list[str]]]
MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for a host."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


# Special-purpose ranges (IANA registries) that `ipaddress` of some Python versions calls global: 3.11 takes
# 192.0.0.192 for a public address. Listed here so the check does not depend on the interpreter.
SPECIAL_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "0.0.0.0/8", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
    "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7",
))
NAT64 = ipaddress.ip_network("64:ff9b::/96")
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a v6 address carries to its destination: IPv4-mapped, 6to4, Teredo (the client) or NAT64."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str) -> str | None:
    """Why an address may not be fetched from, or None when it is a public unicast address."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%", 1)[0])
    carried = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if carried is not None:
        # Judged like the IPv4 address itself; a public one leaves the decision to the IPv6 ranges below.
        reason = refusal(str(carried))
        if reason is not None:
            return reason
    checks = (
        ("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified), ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast), ("reserved", ip.is_reserved), ("private", ip.is_private),
        ("special-purpose", any(ip.version == net.version and ip in net for net in SPECIAL_NETWORKS)),
        ("not globally routable", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def valid_host(host: str) -> bool:
    """True for an IP address or a DNS name whose labels (after IDNA) are 1-63 letters, digits, - or _."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host
    try:
        ascii_name = name.encode("idna").decode("ascii")
        name.encode("idna").decode("idna")  # an xn-- label must also decode
    except UnicodeError:
        return False
    return 0 < len(ascii_name) <= 253 and all(HOST_LABEL.match(label) for label in ascii_name.lower().split("."))


def split_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an http(s) URL; UrlRefused for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UrlRefused(f"not a valid URL: {url[:200]!r}") from None
    if parts.scheme not in ("http", "https"):
        raise UrlRefused(f"only http and https URLs can be uploaded, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise UrlRefused(f"the URL has no host: {url[:200]!r}")
    if not valid_host(parts.hostname):
        raise UrlRefused(f"not a valid host name: {parts.hostname[:100]!r}")
    if parts.username or parts.password:
        raise UrlRefused("URLs with a user name or password are not accepted")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def checked_address(url: str, resolver: Resolver) -> str:
    """The public address to connect to for a URL; UrlRefused before any connection otherwise."""
    _, host, port = split_url(url)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = await resolver(host, port)
        except OSError:
            raise FetchFailed(f"could not resolve {host}") from None
    if not addresses:
        raise FetchFailed(f"could not resolve {host}")
    for address in addresses:
        reason = refusal(address)
        if reason:
            raise UrlRefused(f"refused {host}: it points to a {reason} address ({address})")
    return addresses[0]


class UrlFetcher:
    """Downloads one URL at a time into a request's temp files under the configured limits."""

    def __init__(
        self, max_bytes: int, timeout_s: float, *,
        resolver: Resolver = system_resolver, transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self.resolver = resolver
        self.transport = transport

    async def fetch(self, url: str, temps: TempFiles) -> Received:
        """Download a URL to a temp file of the request; typed errors for refused, failed, too large or wrong type."""
        split_url(url)
        client = httpx2.AsyncClient(
            transport=self.transport or httpx2.AsyncHTTPTransport(retries=0), trust_env=False,
            follow_redirects=False, timeout=self.timeout_s,
        )
        try:
            with anyio.fail_after(self.timeout_s):
                return await self._follow(client, url, temps)
        except TimeoutError:
            raise FetchFailed(f"timed out after {self.timeout_s:g} s fetching {_short(url)}") from None
        except httpx2.HTTPError as exc:
            raise FetchFailed(f"could not fetch {_short(url)}: {type(exc).__name__}") from None
        except httpx2.InvalidURL:
            raise UrlRefused(f"not a valid URL: {_short(url)!r}") from None
        finally:
            await client.aclose()

    async def _follow(self, client: httpx2.AsyncClient, url: str, temps: TempFiles) -> Received:
        for _ in range(MAX_REDIRECTS + 1):
            address = await checked_address(url, self.resolver)
            async with client.stream("GET", pinned(url, address), headers=_host_header(url),
                                     extensions=_sni(url)) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise FetchFailed(f"{_short(url)} answered HTTP {response.status_code}")
                return await self._save(url, response, temps)
        raise FetchFailed(f"{_short(url)} redirects more than {MAX_REDIRECTS} times")

    async def _save(self, url: str, response: httpx2.Response, temps: TempFiles) -> Received:
        ext = _type_of(url, response.headers.get("content-type", ""))
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FileTooLarge(f"file too large: {_short(url)} is over the limit")
        path, handle = temps.create("url")
        digest, size = hashlib.sha256(), 0
        try:
            with handle:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FileTooLarge(f"file too large: {_short(url)} is over the limit")
                    handle.write(chunk)
                    digest.update(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        name = display_name(unquote(PurePosixPath(urlsplit(url).path).name), f"download.{ext}")
        return Received(path, name, ext, size, digest.hexdigest(), source_url=url)


def pinned(url: str, address: str) -> httpx2.URL:
    """The URL with its host replaced by the checked address."""
    return httpx2.URL(url).copy_with(host=address)


def _host_header(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {"Host": parts.netloc.rsplit("@", 1)[-1]}


def _sni(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    return {"sni_hostname": parts.hostname} if parts.scheme == "https" and parts.hostname else {}


def _type_of(url: str, content_type: str) -> str:
    ext = extension(urlsplit(url).path)
    if ext in KINDS:
        return ext
    mapped = CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())
    if mapped:
        return mapped
    raise UnsupportedFile(f"unsupported file type at {_short(url)} ({content_type or 'no content type'})")


def _short(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path[:80]}"
