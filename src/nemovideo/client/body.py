"""The one size guard for answer bodies: bytes are counted after decompression, so a small gzip bomb is
stopped as early as a long plain body, and reading ends the moment the limit is passed."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import anyio
import httpx2

from nemovideo import errors

MIB = 1024 * 1024


class SizeGuard:
    """Counts the bytes of one body and refuses the first chunk that takes it over `limit`."""

    def __init__(self, limit: int, what: str = "answer") -> None:
        self.limit = limit
        self.what = what
        self.count = 0

    def add(self, size: int) -> None:
        """Account for `size` more bytes; ResponseTooLarge once over the limit."""
        self.count += size
        if self.count > self.limit:
            raise errors.ResponseTooLarge(
                f"The service's {self.what} was larger than {_size(self.limit)} (counted decompressed); "
                "reading stopped there."
            )


async def chunks(response: httpx2.Response, guard: SizeGuard) -> AsyncIterator[bytes]:
    """The decompressed body, chunk by chunk, through the guard; a connection that breaks is a TransportError."""
    try:
        async for chunk in response.aiter_bytes():
            guard.add(len(chunk))
            yield chunk
    except httpx2.DecodingError:
        raise errors.MalformedResponse(f"The service's {guard.what} could not be decompressed.") from None
    except httpx2.TimeoutException:
        raise errors.ApiTimeout(f"The service's {guard.what} stalled in the middle.") from None
    except httpx2.HTTPError as exc:
        raise errors.TransportError(f"The service's {guard.what} broke off ({type(exc).__name__}).") from None


async def read_body(response: httpx2.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The whole body, at most `limit` bytes: over it, ResponseTooLarge, or with `truncate` the first `limit`
    bytes (enough to describe an error answer)."""
    guard = SizeGuard(sys.maxsize if truncate else limit)  # an error answer is cut, not refused
    parts: list[bytes] = []
    try:
        async for chunk in chunks(response, guard):
            parts.append(chunk)
            if truncate and guard.count > limit:
                break
    finally:
        with anyio.CancelScope(shield=True):  # even when the deadline cut the read: release the connection
            await response.aclose()
    body = b"".join(parts)
    return body[:limit] if truncate else body


def _size(limit: int) -> str:
    return f"{limit / MIB:g} MiB" if limit >= MIB else f"{limit} bytes"
