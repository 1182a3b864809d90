"""One HTTP connection to the API: default headers, timeouts, retries of idempotent GETs, transport errors."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from typing import Any

import httpx2

from nemovideo import errors
from nemovideo.clock import Clock

log = logging.getLogger("nemovideo.client")

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
CHAT_READ_TIMEOUT = 15 * 60.0
UPLOAD_READ_TIMEOUT = 5 * 60.0
GET_ATTEMPTS = 3
MAX_BACKOFF = 8.0

DEFAULT_TIMEOUT = httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
CHAT_TIMEOUT = httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, read=CHAT_READ_TIMEOUT)
UPLOAD_TIMEOUT = httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, read=UPLOAD_READ_TIMEOUT)


def backoff(attempt: int, rng: random.Random) -> float:
    """Seconds before retry number `attempt` (0-based): min(0.5 * 2^n, 8), less up to 25 % jitter."""
    base: float = min(0.5 * 2.0**attempt, MAX_BACKOFF)
    return base * (1 - 0.25 * rng.random())


def transport_error(exc: Exception, url: httpx2.URL) -> errors.NemoError:
    """A typed error for a request that got no usable answer; names the host, never the headers."""
    where = url.netloc.decode("ascii", "replace") or "the service"
    kind = type(exc).__name__
    if isinstance(exc, httpx2.ConnectTimeout):
        return errors.ApiTimeout(f"Could not connect to {where} within {CONNECT_TIMEOUT:.0f} s.")
    if isinstance(exc, httpx2.TimeoutException):
        return errors.ApiTimeout(f"{where} took too long to answer ({kind}).")
    if isinstance(exc, httpx2.UnsupportedProtocol | httpx2.InvalidURL):
        return errors.InputError(f"The address {where!r} is not a usable http(s) URL.", hint="Check NEMO_API_URL.")
    return errors.TransportError(f"Could not reach {where} ({kind}).")


class Http:
    """An httpx2 client bound to the API's base URL, sending the attribution headers on every request."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        *,
        clock: Clock,
        rng: random.Random,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = httpx2.URL(base_url)
        self._clock = clock
        self._rng = rng
        self._client = httpx2.AsyncClient(
            base_url=base_url, headers=dict(headers), transport=transport, timeout=DEFAULT_TIMEOUT
        )

    def url(self, target: str) -> httpx2.URL:
        """An absolute URL: `target` resolved against the base URL."""
        return self.base_url.join(target)

    def same_origin(self, url: httpx2.URL) -> bool:
        """True when `url` is on the API's own origin (scheme, host and port)."""
        return url.origin == self.base_url.origin

    async def send(
        self,
        method: str,
        target: str | httpx2.URL,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        files: Any = None,
        timeout: httpx2.Timeout = DEFAULT_TIMEOUT,
        stream: bool = False,
        follow_redirects: bool = False,
    ) -> httpx2.Response:
        """Send once; a GET is retried on connection errors and 5xx answers, with backoff through the clock."""
        attempts = GET_ATTEMPTS if method == "GET" else 1
        for attempt in range(attempts):
            request = self._client.build_request(
                method, target, headers=dict(headers or {}), json=json, files=files, timeout=timeout
            )
            last = attempt + 1 == attempts
            try:
                response = await self._client.send(request, stream=stream, follow_redirects=follow_redirects)
            except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
                if last or not isinstance(exc, httpx2.TransportError):
                    raise transport_error(exc, request.url) from None
                await self._pause(attempt, request, type(exc).__name__)
                continue
            log.debug("%s %s -> %d", method, request.url.path, response.status_code)
            if response.status_code >= 500 and not last:
                await response.aclose()
                await self._pause(attempt, request, f"HTTP {response.status_code}")
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def _pause(self, attempt: int, request: httpx2.Request, why: str) -> None:
        delay = backoff(attempt, self._rng)
        log.info("%s %s failed (%s); retrying in %.1f s", request.method, request.url.path, why, delay)
        await self._clock.sleep(delay)
