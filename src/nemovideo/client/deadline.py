"""One deadline per call: every request, retry and wait made on a call's behalf fits in what is left of it.

A surface (the MCP server) opens `within(seconds, clock)` around a call; the client reads `remaining()` to
bound each exchange, to decide whether a backoff or a `Retry-After` still fits, and to say so when it does
not. Work that outlives the call (a chat turn or a render left `running`) runs `detached`: it keeps its own
limits (the chat caps, the render polling limit, the per-exchange limit) instead of the caller's deadline.

Time left is measured on the injected clock, so a test's fake sleeps use it up; an exchange that hangs is
cut on the event loop's own timer (a fake clock cannot interrupt a read), set to the time left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from nemovideo.clock import Clock

T = TypeVar("T")


@dataclass(frozen=True)
class Deadline:
    """A moment on a clock by which a call must have answered."""

    clock: Clock
    at: float
    seconds: float  # the whole allowance, for messages

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.at - self.clock.now())


_CURRENT: ContextVar[Deadline | None] = ContextVar("nemovideo_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the call being served, if any."""
    return _CURRENT.get()


def remaining() -> float | None:
    """Seconds left before the current call's deadline; None when the work has no deadline."""
    found = _CURRENT.get()
    return None if found is None else found.remaining()


def bound(limit: float) -> tuple[float, bool]:
    """How long one step may take: its own `limit` or the time left, whichever is shorter, and whether the
    deadline is the shorter one (so the error can name the right cause)."""
    left = remaining()
    if left is not None and left < limit:
        return left, True
    return limit, False


def fits(seconds: float) -> bool:
    """True when waiting `seconds` still leaves time before the deadline (always, without one)."""
    left = remaining()
    return left is None or seconds < left


@contextlib.contextmanager
def within(seconds: float, clock: Clock) -> Iterator[Deadline]:
    """Run the block under a deadline `seconds` from now; an earlier deadline already in force wins."""
    mine = Deadline(clock, clock.now() + max(seconds, 0.0), seconds)
    outer = _CURRENT.get()
    chosen = outer if outer is not None and outer.at <= mine.at else mine
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


async def detached(work: Awaitable[T]) -> T:
    """Await `work` free of the caller's deadline (background work that may outlive the call)."""
    token = _CURRENT.set(None)
    try:
        return await work
    finally:
        _CURRENT.reset(token)
