"""The chat stream: httpx2's EventSource over the response, typed events out, and a watch on how it ends."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx2

from nemovideo import errors
from nemovideo.client.events import ChatEvent, Redact, parse_data

MAX_EVENT_BYTES = 4 * 1024 * 1024
EVENT_STREAM = "text/event-stream"
_NEWLINE = re.compile(rb"\r\n|\r|\n")


def is_event_stream(response: httpx2.Response) -> bool:
    """True when the answer is a successful event stream (anything else is an error body)."""
    content_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return response.status_code < 300 and content_type == EVENT_STREAM


async def read_events(
    response: httpx2.Response, redact: Redact, max_event_bytes: int = MAX_EVENT_BYTES
) -> AsyncIterator[ChatEvent]:
    """Typed events until the stream closes; a break or an unterminated last event raises StreamDropped."""
    tail = Tail()
    relay = httpx2.Response(
        response.status_code,
        headers={"content-type": response.headers.get("content-type", EVENT_STREAM)},
        content=_watched(response, tail),
        request=response.request,
    )
    try:
        async for sse in httpx2.EventSource(relay, max_event_size=max_event_bytes):
            for event in parse_data(sse.data, redact):
                yield event
    except httpx2.SSEError:
        raise errors.MalformedResponse(
            f"A chat event was larger than {max_event_bytes // 1024} KiB; the stream was abandoned."
        ) from None
    except httpx2.TimeoutException:
        raise errors.ChatTimeout("The chat stream went quiet for longer than the read timeout.") from None
    except httpx2.HTTPError as exc:
        raise errors.StreamDropped(f"The chat stream broke off ({type(exc).__name__}).") from None
    if tail.unterminated:
        raise errors.StreamDropped("The chat stream ended in the middle of an event.")


async def _watched(response: httpx2.Response, tail: Tail) -> AsyncIterator[bytes]:
    async for chunk in response.aiter_bytes():
        tail.feed(chunk)
        yield chunk


class Tail:
    """Tracks SSE line structure just enough to tell whether the stream stopped inside an event."""

    def __init__(self) -> None:
        self._open = False
        self._line_bytes = 0
        self._line_is_comment = False
        self._after_cr = False

    @property
    def unterminated(self) -> bool:
        """True when the bytes so far end inside an event (no blank line after its last field)."""
        return self._open or (self._line_bytes > 0 and not self._line_is_comment)

    def feed(self, chunk: bytes) -> None:
        """Account for the next bytes of the stream."""
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        self._after_cr = chunk.endswith(b"\r")
        for index, piece in enumerate(_NEWLINE.split(chunk)):
            if index:
                self._end_line()
            if piece:
                if not self._line_bytes:
                    self._line_is_comment = piece.startswith(b":")
                self._line_bytes += len(piece)

    def _end_line(self) -> None:
        if not self._line_bytes:
            self._open = False
        elif not self._line_is_comment:
            self._open = True
        self._line_bytes = 0
