"""Runs queued renders in worker processes, a bounded number at a time, and recovers renders after a restart."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from functools import partial

from nemovideo.clock import Clock
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.files import pid_alive
from nemovideo.local.store.renders import Renders

log = logging.getLogger(__name__)
Spawner = Callable[[int], subprocess.Popen[bytes]]
STALE_S = 120.0  # a running render whose worker gave no sign of life for this long is taken back


class WorkerPool:
    """Claims pending renders and starts one worker process for each, up to the configured number."""

    def __init__(self, store: Renders, config: LocalConfig, clock: Clock, spawn: Spawner | None = None) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.spawn = spawn or self._spawn
        self.workers: dict[int, subprocess.Popen[bytes]] = {}
        self._wake = asyncio.Event()

    def notify(self) -> None:
        """A render was submitted or cancelled: look at the queue now."""
        self._wake.set()

    def recover(self) -> None:
        """Requeue running renders whose worker is gone (the server stopped or crashed while they ran)."""
        # Called on every pass, not once at start: a backend restarted at once after a kill -9 still finds
        # the dead backend's worker alive (or a zombie, which pid_alive counts as gone), and must take the
        # render back when that worker ends without recording anything.
        now = self.store.wall()
        for render in self.store.processing():
            if render.key in self.workers:
                continue
            gone = render.worker_pid is None or not pid_alive(render.worker_pid)
            stale = render.heartbeat is None or now - render.heartbeat > STALE_S
            if gone or stale:
                self.store.requeue(render.key, "render worker stopped")

    def tick(self) -> None:
        """Reap finished workers, then start workers for pending renders while there is room."""
        for key, process in list(self.workers.items()):
            code = process.poll()
            if code is not None:
                del self.workers[key]
                self._ended(key, code)
        while len(self.workers) < self.config.render_workers:
            render = self.store.claim_next()
            if render is None:
                return
            process = self.spawn(render.key)
            self.workers[render.key] = process
            self.store.set_worker(render.key, process.pid)

    async def run(self) -> None:
        """The loop, until cancelled."""
        while True:
            try:
                self.recover()
                self.tick()
            except Exception:
                log.exception("render queue check failed; retrying")
            await self._wait()

    def shutdown(self) -> None:
        """Stop every worker and put its render back in the queue for the next start."""
        for key, process in list(self.workers.items()):
            _stop_group(process)
            self.store.requeue(key, "render worker stopped", count_attempt=False)
        self.workers.clear()

    async def _wait(self) -> None:
        sleeper = asyncio.ensure_future(self.clock.sleep(self.config.queue_poll_s))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
        self._wake.clear()

    def _ended(self, key: int, code: int) -> None:
        render = self.store.load(key)
        if render is not None and render.status == "processing":
            self.store.finish(key, error=f"render worker stopped unexpectedly (exit code {code})")

    def _spawn(self, key: int) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "nemovideo.local.workers.worker", "--data-dir", str(self.config.data_dir),
                   "--render", str(key), "--renderer", self.config.renderer]
        # Its own process group, so stopping it also stops the ffmpeg it started (and Ctrl-C in the server's
        # terminal does not reach it); Windows has process groups only for Ctrl-C.
        if sys.platform == "win32":
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":  # no group to signal: the worker alone is ended
        stop, kill = process.terminate, process.kill
    else:
        stop, kill = partial(os.killpg, process.pid, signal.SIGTERM), partial(os.killpg, process.pid, signal.SIGKILL)
    try:
        stop()
        process.wait(timeout=5)
    except (ProcessLookupError, PermissionError):
        return
    except subprocess.TimeoutExpired:
        kill()
        process.wait()
