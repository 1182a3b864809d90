"""One deadline per call: every request, retry and wait made on a call's behalf fits in what is left of it.

A surface (the MCP server) opens `within(seconds, clock)` around a call; the client reads `remaining()` to
bound each exchange, to decide whether a backoff or a `Retry-After` still fits, and to say so when it does
not. Work that outlives the call (a chat turn or a render left `running`) runs `detached`: it keeps its own
limits (the chat caps, the render polling limit, the per-exchange limit) instead of the caller's deadline.

Time passes for a deadline both on the injected clock (a test's fake sleeps use it up) and in real time (a
read that hangs uses it up even under a fake clock): the larger of the two counts. An exchange that hangs is
cut on the event loop's own timer, set to the time left.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from nemovideo.clock import Clock

T = TypeVar("T")


@dataclass(frozen=True)
class Deadline:
    """An allowance of seconds for a call, counted from when it started."""

    clock: Clock
    seconds: float  # the whole allowance
    started: float = field(init=False)  # on the clock
    started_real: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "started", self.clock.now())
        object.__setattr__(self, "started_real", time.monotonic())

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        spent = max(self.clock.now() - self.started, time.monotonic() - self.started_real)
        return max(0.0, self.seconds - spent)


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
    mine = Deadline(clock, max(seconds, 0.0))
    outer = _CURRENT.get()
    chosen = outer if outer is not None and outer.remaining() <= mine.remaining() else mine
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
