"""Long work that a surface can start, observe and await separately (chat turns and exports)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from nemovideo.conversation.ports import Progress
from nemovideo.conversation.reply import Reply

log = logging.getLogger(__name__)


class Job:
    """A background task with progress observers and a final Reply."""

    def __init__(self, job_id: str, kind: str) -> None:
        self.id = job_id
        self.kind = kind
        self.progress = 0.0
        self.message = ""
        self._observers: list[Progress] = []
        self._task: asyncio.Task[Reply] | None = None
        self.submitted = asyncio.Event()  # set once the work is in the backend's hands (or has ended)

    def start(self, work: Callable[[], Coroutine[Any, Any, Reply]]) -> None:
        """Run the work in the background."""
        self._task = asyncio.get_running_loop().create_task(work())
        self._task.add_done_callback(lambda _: self.submitted.set())

    def observe(self, observer: Progress | None) -> None:
        """Add a progress observer (a surface that waits for this job)."""
        if observer is not None:
            self._observers.append(observer)

    def unobserve(self, observer: Progress | None) -> None:
        """Stop telling an observer (its request returned)."""
        with contextlib.suppress(ValueError):
            self._observers.remove(observer)  # type: ignore[arg-type]

    async def report(self, message: str, progress: float | None = None) -> None:
        """Tell every observer; progress never goes backwards."""
        self.progress = max(self.progress + 0.001, progress if progress is not None else self.progress + 1)
        self.message = message
        for observer in list(self._observers):
            try:
                await observer(self.progress, None, message)
            except Exception:  # an observer that went away must not stop the work
                log.debug("progress observer failed", exc_info=True)
                self.unobserve(observer)

    async def cancel(self) -> None:
        """Stop the work (the process is ending); what the backend already has goes on there."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    @property
    def done(self) -> bool:
        """True once the work has finished."""
        return self._task is not None and self._task.done()

    async def wait(self, budget: float | None = None, observer: Progress | None = None,
                   until_submitted: bool = False) -> Reply | None:
        """The final Reply, or None when the budget runs out first (the work goes on); with `until_submitted`,
        the budget starts once the backend has the work."""
        assert self._task is not None, "job not started"
        self.observe(observer)
        try:
            if until_submitted:
                await self.submitted.wait()
            return await asyncio.wait_for(asyncio.shield(self._task), budget)
        except TimeoutError:
            return None
        finally:
            self.unobserve(observer)
