"""The chat stream: SSE framing over the response bytes in one pass, typed events out, and a watch on how it ends.

The framing follows the rules of httpx2's EventSource (comments, `data`/`event`/`id`/`retry` fields, CR, LF or
CRLF line ends, an event ends at a blank line) but works on whole events at C speed instead of line by line,
and the same pass tells whether the stream stopped inside an event. A block of comments only (`: ping`) is a
keep-alive (the contract lists it as one), so the turn's keep-alive limit sees it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2

from nemovideo import errors
from nemovideo.client.events import ChatEvent, Redact, parse_data

MAX_EVENT_BYTES = 4 * 1024 * 1024
EVENT_STREAM = "text/event-stream"


def is_event_stream(response: httpx2.Response) -> bool:
    """True when the answer is a successful event stream (anything else is an error body)."""
    content_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return response.status_code < 300 and content_type == EVENT_STREAM


async def read_events(
    response: httpx2.Response, redact: Redact, max_event_bytes: int = MAX_EVENT_BYTES
) -> AsyncIterator[ChatEvent]:
    """Typed events until the stream closes; a break or an unterminated last event raises StreamDropped."""
    decoder = EventDecoder(max_event_bytes)
    try:
        async for chunk in response.aiter_bytes():
            for data in decoder.feed(chunk):
                for event in parse_data(data, redact):
                    yield event
    except httpx2.TimeoutException:
        raise errors.ChatTimeout("The chat stream went quiet for longer than the read timeout.") from None
    except httpx2.HTTPError as exc:
        raise errors.StreamDropped(f"The chat stream broke off ({type(exc).__name__}).") from None
    for data in decoder.close():
        for event in parse_data(data, redact):
            yield event
    if decoder.unterminated:
        raise errors.StreamDropped("The chat stream ended in the middle of an event.")


class EventDecoder:
    """Bytes in, the `data` of each complete event out; knows whether the bytes so far end inside an event."""

    def __init__(self, max_event_bytes: int = MAX_EVENT_BYTES) -> None:
        self._max = max_event_bytes
        self._pending: list[bytes] = []  # the bytes after the last blank line, LF-normalised
        self._pending_size = 0
        self._held_cr = False  # a CR at the end of a chunk may be the first half of a CRLF

    @property
    def unterminated(self) -> bool:
        """True when the bytes so far end inside an event (a field line and no blank line after it)."""
        rest = b"".join(self._pending) + (b"\n" if self._held_cr else b"")
        last = rest.rsplit(b"\n\n", 1)[-1]
        return any(line and not line.startswith(b":") for line in last.split(b"\n"))

    def feed(self, chunk: bytes) -> list[str]:
        """Account for the next bytes; the data of the events they complete."""
        chunk = self._line_feeds(chunk)
        pending = self._pending
        if b"\n\n" not in chunk and not (chunk[:1] == b"\n" and pending and pending[-1].endswith(b"\n")):
            if chunk:
                pending.append(chunk)
                self._grow(len(chunk))
            return []
        blocks = (b"".join(pending) + chunk if pending else chunk).split(b"\n\n")
        rest = blocks.pop()
        self._pending = [rest] if rest else []
        self._pending_size = 0
        self._grow(len(rest))
        found = []
        for block in blocks:
            if len(block) > self._max:
                self._too_large()
            if block.startswith(b"data: ") and b"\n" not in block:  # the usual shape: one data line
                found.append(block[6:].decode("utf-8", "replace"))
                continue
            data = _block_data(block)
            if data is not None:
                found.append(data)
        return found

    def close(self) -> list[str]:
        """The events completed by the end of the stream (a last CR ends its line)."""
        if not self._held_cr:
            return []
        self._held_cr = False
        return self.feed(b"\n")

    def _line_feeds(self, chunk: bytes) -> bytes:
        if self._held_cr:
            chunk = b"\r" + chunk
            self._held_cr = False
        if chunk.endswith(b"\r"):
            self._held_cr = True
            chunk = chunk[:-1]
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return chunk

    def _grow(self, size: int) -> None:
        self._pending_size += size
        if self._pending_size > self._max:
            self._too_large()

    def _too_large(self) -> None:
        raise errors.MalformedResponse(
            f"A chat event was larger than {self._max // 1024} KiB; the stream was abandoned."
        )


# The name the end-of-stream watch had before it became the decoder.
Tail = EventDecoder


def _block_data(block: bytes) -> str | None:
    """The data of one event's lines by the SSE rules; "" (a keep-alive) for comments only, None for nothing."""
    data: list[str] = []
    dispatch = False
    comment = False
    for raw in block.split(b"\n"):
        line = raw.decode("utf-8", "replace")
        if not line or line.startswith(":"):
            comment = comment or bool(line)
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data.append(value)
            dispatch = True
        elif name == "event" or (name == "id" and "\0" not in value) or (name == "retry" and _is_int(value)):
            dispatch = True
    if dispatch:
        return "\n".join(data)
    return "" if comment else None


def _is_int(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True
