"""Run ffmpeg jobs a few at a time from the calling thread: progress from `-progress`, cancel, error tails."""

from __future__ import annotations

import logging
import os
import selectors
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from nemovideo.local.probe import ffmpeg_exe
from nemovideo.local.render.errors import RenderCancelled, RenderError

log = logging.getLogger(__name__)
POLL_SECONDS = 0.1
TAIL_CHARS = 600


@dataclass(frozen=True)
class Job:
    """One ffmpeg run: its arguments after the common ones, its length in microseconds and its share of the work."""

    name: str
    args: Sequence[str]
    duration_us: int
    weight: float


@dataclass
class _Running:
    job: Job
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    stderr_path: Path
    buffer: bytes = b""
    done_us: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: bool = field(default=False)


def tail(text: str, limit: int = TAIL_CHARS) -> str:
    """The last lines of ffmpeg's complaint, short enough for a message."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = " | ".join(lines[-6:])
    return joined[-limit:] if joined else "(ffmpeg printed nothing)"


class Runner:
    """Runs jobs with at most `workers` at once, in `cwd`; reports overall progress in percent."""

    def __init__(self, cwd: Path, workers: int, on_progress: Callable[[float], None] | None,
                 should_cancel: Callable[[], bool] | None, total_weight: float) -> None:
        self.cwd = cwd
        self.workers = max(1, workers)
        self.on_progress = on_progress
        self.should_cancel = should_cancel
        self.total_weight = max(total_weight, 1e-9)
        self.done_weight = 0.0
        self.last_reported = -1.0

    def run(self, jobs: Sequence[Job]) -> None:
        """Run every job to success; raise RenderCancelled or RenderError (others are stopped first)."""
        waiting = list(jobs)
        running: list[_Running] = []
        selector = selectors.DefaultSelector()
        try:
            while waiting or running:
                while waiting and len(running) < self.workers:
                    item = self._start(waiting.pop(0))
                    running.append(item)
                    assert item.process.stdout is not None
                    selector.register(item.process.stdout, selectors.EVENT_READ, item)
                self._check_cancel()
                for key, _ in selector.select(POLL_SECONDS):
                    self._read(key.data, key.fileobj)  # type: ignore[arg-type]
                for item in list(running):
                    if item.process.poll() is None:
                        continue
                    assert item.process.stdout is not None
                    self._read(item, item.process.stdout, final=True)
                    selector.unregister(item.process.stdout)
                    running.remove(item)
                    self._finish(item)
                self._report(running)
        finally:
            for item in running:
                _stop(item.process)
                item.stderr.close()
            selector.close()

    def _start(self, job: Job) -> _Running:
        stderr_path = self.cwd / f"{job.name}.log"
        stderr = stderr_path.open("wb")
        command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
                   "-progress", "pipe:1", "-y", *job.args]
        log.debug("ffmpeg %s: %s", job.name, " ".join(command))
        process = subprocess.Popen(command, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=stderr, start_new_session=True)
        assert process.stdout is not None
        os.set_blocking(process.stdout.fileno(), False)
        return _Running(job, process, stderr, stderr_path)

    def _read(self, item: _Running, stream: IO[bytes], final: bool = False) -> None:
        while True:
            try:
                chunk = stream.read(65536)
            except BlockingIOError:
                chunk = None
            if not chunk:
                break
            item.buffer += chunk
            if not final:
                break
        *lines, item.buffer = item.buffer.split(b"\n")
        for line in lines:
            key, _, value = line.decode("ascii", "replace").strip().partition("=")
            if key == "out_time_us" and value.lstrip("-").isdigit():
                item.done_us = max(item.done_us, int(value))

    def _finish(self, item: _Running) -> None:
        item.stderr.close()
        code = item.process.returncode
        if code != 0:
            text = item.stderr_path.read_text(encoding="utf-8", errors="replace")
            raise RenderError(f"ffmpeg failed while rendering {item.job.name} (exit {code}): {tail(text)}")
        item.finished = True
        log.debug("ffmpeg %s took %.2f s", item.job.name, time.monotonic() - item.started)
        self.done_weight += item.job.weight

    def _check_cancel(self) -> None:
        if self.should_cancel is not None and self.should_cancel():
            raise RenderCancelled("The render was cancelled.")

    def _report(self, running: Sequence[_Running]) -> None:
        """Tell the caller the share of weighted work done, running jobs counted by ffmpeg's out_time."""
        if self.on_progress is None:
            return
        partial = sum(r.job.weight * min(r.done_us / max(r.job.duration_us, 1), 1.0) for r in running)
        percent = round(min(99.0, 100.0 * (self.done_weight + partial) / self.total_weight), 1)
        if percent > self.last_reported:
            self.last_reported = percent
            self.on_progress(percent)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate ffmpeg, then kill it if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=3)
