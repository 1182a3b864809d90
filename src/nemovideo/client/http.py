"""One HTTP connection to the API: default headers, limits, bounded retries of idempotent GETs, transport errors.

Every exchange is bounded twice: by its own limit (the whole request and answer, body included) and by what
is left of the call's deadline (deadline.py). Bodies are read through the one size guard (body.py). A GET is
retried after a broken connection or a 5xx only while the backoff fits the deadline; a timeout is not retried,
since it has already used its time.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2

from nemovideo import errors
from nemovideo.client import deadline
from nemovideo.client.body import MIB, read_body
from nemovideo.client.envelope import Answer
from nemovideo.clock import Clock

log = logging.getLogger("nemovideo.client")

GET_ATTEMPTS = 3
MAX_BACKOFF = 8.0


@dataclass(frozen=True)
class Limits:
    """How long and how much the client waits for and reads: parameters, so tests can use tiny ones."""

    connect: float = 10.0  # to open a connection
    read: float = 60.0  # silence between two reads of a download
    exchange: float = 30.0  # a whole request and its answer, body included
    upload: float = 30 * 60.0  # a whole upload (files of up to 200 MB)
    download: float = 30 * 60.0  # a whole download
    chat_read: float = 15 * 60.0  # silence on the chat stream (the turn's own limits usually end it first)
    max_body: int = 16 * MIB  # a JSON answer, decompressed
    max_error_body: int = MIB  # what is read of an error answer
    max_download: int = 4096 * MIB  # a downloaded file, decompressed
    max_event: int = 4 * MIB  # one chat event


def backoff(attempt: int, rng: random.Random) -> float:
    """Seconds before retry number `attempt` (0-based): min(0.5 * 2^n, 8), less up to 25 % jitter."""
    base: float = min(0.5 * 2.0**attempt, MAX_BACKOFF)
    return base * (1 - 0.25 * rng.random())


def transport_error(exc: Exception, url: httpx2.URL) -> errors.NemoError:
    """A typed error for a request that got no usable answer; names the host, never the headers."""
    where = _host(url)
    kind = type(exc).__name__
    if isinstance(exc, httpx2.ConnectTimeout):
        return errors.ApiTimeout(f"Could not connect to {where} in time.")
    if isinstance(exc, httpx2.TimeoutException):
        return errors.ApiTimeout(f"{where} took too long to answer ({kind}).")
    if isinstance(exc, httpx2.UnsupportedProtocol | httpx2.InvalidURL):
        return errors.InputError(f"The address {where!r} is not a usable http(s) URL.", hint="Check NEMO_API_URL.")
    return errors.TransportError(f"Could not reach {where} ({kind}).")


def too_late(url: httpx2.URL, seconds: float, by_deadline: bool) -> errors.ApiTimeout:
    """The error for an exchange cut by its limit or by the call's deadline."""
    where = _host(url)
    current = deadline.current()
    if by_deadline and current is not None:
        allowed = _seconds(current.seconds)
        return errors.DeadlineExceeded(f"{where} did not answer within the {allowed} this call may take.")
    return errors.ApiTimeout(f"{where} did not finish answering within {_seconds(seconds)}.")


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
        limits: Limits | None = None,
    ) -> None:
        self.base_url = httpx2.URL(base_url)
        self.limits = limits or Limits()
        self._clock = clock
        self._rng = rng
        self._client = httpx2.AsyncClient(
            base_url=base_url, headers=dict(headers), transport=transport, timeout=self._timeout(self.limits.exchange)
        )

    def url(self, target: str) -> httpx2.URL:
        """An absolute URL: `target` resolved against the base URL."""
        return self.base_url.join(target)

    def same_origin(self, url: httpx2.URL) -> bool:
        """True when `url` is on the API's own origin (scheme, host and port)."""
        return url.origin == self.base_url.origin

    async def exchange(
        self,
        method: str,
        target: str | httpx2.URL,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        files: Any = None,
        limit: float | None = None,
    ) -> Answer:
        """One request and its whole answer, within `limit` (default: the exchange limit) and the deadline."""
        attempts = GET_ATTEMPTS if method == "GET" else 1
        for attempt in range(attempts):
            last = attempt + 1 == attempts
            try:
                answer = await self._exchange_once(method, target, headers, json, files, limit or self.limits.exchange)
            except errors.TransportError as exc:
                if last or isinstance(exc, errors.ApiTimeout) or not await self._pause(attempt, method, target, exc):
                    raise
                continue
            if answer.status >= 500 and not last and await self._pause(attempt, method, target, answer.status):
                continue
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def open(
        self,
        method: str,
        target: str | httpx2.URL,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        read: float | None = None,
        follow_redirects: bool = False,
    ) -> httpx2.Response:
        """Send and return as soon as the answer's head arrives (within the exchange limit and the deadline);
        the caller reads the body with its own limits, at most `read` seconds of silence at a time."""
        seconds, by_deadline = deadline.bound(self.limits.exchange)
        timeout = httpx2.Timeout(
            read or self.limits.read, connect=min(self.limits.connect, seconds), write=seconds, pool=seconds
        )
        request = self._client.build_request(method, target, headers=dict(headers or {}), json=json, timeout=timeout)
        with anyio.move_on_after(seconds):
            return await self._send(request, follow_redirects)
        raise too_late(request.url, seconds, by_deadline)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def _exchange_once(
        self, method: str, target: str | httpx2.URL, headers: Mapping[str, str] | None, json: Any, files: Any,
        limit: float,
    ) -> Answer:
        seconds, by_deadline = deadline.bound(limit)
        request = self._client.build_request(
            method, target, headers=dict(headers or {}), json=json, files=files, timeout=self._timeout(seconds)
        )
        with anyio.move_on_after(seconds):
            response = await self._send(request)
            failed = response.status_code >= 400
            size = self.limits.max_error_body if failed else self.limits.max_body
            return Answer.of(response, await read_body(response, size, truncate=failed))
        raise too_late(request.url, seconds, by_deadline)

    async def _send(self, request: httpx2.Request, follow_redirects: bool = False) -> httpx2.Response:
        try:
            response = await self._client.send(request, stream=True, follow_redirects=follow_redirects)
        except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
            raise transport_error(exc, request.url) from None
        log.debug("%s %s -> %d", request.method, request.url.path, response.status_code)
        return response

    async def _pause(self, attempt: int, method: str, target: str | httpx2.URL, why: object) -> bool:
        """Back off before another attempt; False (no pause) when the backoff would not leave time to try again."""
        delay = backoff(attempt, self._rng)
        if not deadline.fits(2 * delay):
            return False
        reason = f"HTTP {why}" if isinstance(why, int) else type(why).__name__
        log.info("%s %s failed (%s); retrying in %.1f s", method, self.url(str(target)).path, reason, delay)
        await self._clock.sleep(delay)
        return True

    def _timeout(self, seconds: float) -> httpx2.Timeout:
        return httpx2.Timeout(seconds, connect=min(self.limits.connect, seconds))


def _host(url: httpx2.URL) -> str:
    return url.netloc.decode("ascii", "replace") or "the service"


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.2g} s"
