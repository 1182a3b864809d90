"""Time as a dependency: every wait in the product goes through a Clock, so tests never sleep."""

from __future__ import annotations

import time
from typing import Protocol

import anyio


class Clock(Protocol):
    """Monotonic time and sleeping."""

    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait for a number of seconds."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        """Monotonic seconds."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Really wait."""
        await anyio.sleep(seconds)


class FakeClock:
    """A clock for tests: sleeping advances time at once and is recorded."""

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        """The current fake time."""
        return self.time

    def advance(self, seconds: float) -> None:
        """Let time pass without anyone sleeping (a slow server, in a test)."""
        self.time += seconds

    async def sleep(self, seconds: float) -> None:
        """Advance time without waiting (but let other tasks run)."""
        self.sleeps.append(seconds)
        self.time += max(seconds, 0.0)
        await anyio.sleep(0)
