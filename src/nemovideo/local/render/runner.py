"""Run ffmpeg steps in lanes from the calling thread: progress from `-progress`, cancel, error tails."""

from __future__ import annotations

import logging
import os
import re
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
class Step:
    """One ffmpeg run: arguments after the common ones, length in microseconds, share of the work, and lane.

    Steps in one lane run one after another, in order; lanes run side by side.
    """

    name: str
    args: Sequence[str]
    duration_us: int
    weight: float
    lane: str = "main"
    ready: Callable[[], bool] | None = None  # asked before starting; may raise to fail the run


@dataclass
class _Running:
    step: Step
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    stderr_path: Path
    buffer: bytes = b""
    done_us: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: bool = field(default=False)


# Lines ffmpeg prints as a failure spreads through its threads: they hide the cause, which comes first.
ECHOES = re.compile(r"Task finished with error|Terminating thread|Nothing was written|Could not open encoder before EOF"
                    r"|Error sending frames to consumers|Error while filtering|Conversion failed")
PREFIX = re.compile(r"^(\[[^\]]*@ 0x[0-9a-f]+\] ?)+")


def tail(text: str, limit: int = TAIL_CHARS) -> str:
    """The last lines of ffmpeg's complaint that say something, short enough for a message."""
    lines = [PREFIX.sub("", line.strip()) for line in text.strip().splitlines() if line.strip()]
    telling = [line for line in lines if not ECHOES.search(line)] or lines
    joined = " | ".join(telling[-4:])
    return joined[-limit:] if joined else "(ffmpeg printed nothing)"


class Runner:
    """Runs steps in `cwd`, one at a time per lane; reports overall progress in percent."""

    def __init__(self, cwd: Path, on_progress: Callable[[float], None] | None,
                 should_cancel: Callable[[], bool] | None, total_weight: float = 1.0) -> None:
        self.cwd = cwd
        self.on_progress = on_progress
        self.should_cancel = should_cancel
        self.total_weight = max(total_weight, 1e-9)
        self.done_weight = 0.0
        self.last_reported = -1.0
        self.finished: set[str] = set()

    def run(self, steps: Sequence[Step]) -> None:
        """Run every step to success; raise RenderCancelled or RenderError (others are stopped first)."""
        waiting = list(steps)
        running: list[_Running] = []
        selector = selectors.DefaultSelector()
        try:
            while waiting or running:
                busy = {r.step.lane for r in running}
                for step in [j for j in waiting if j.lane not in busy]:
                    if step.lane in busy or (step.ready is not None and not step.ready()):
                        continue
                    busy.add(step.lane)
                    waiting.remove(step)
                    item = self._start(step)
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
                    item.process.stdout.close()
                    running.remove(item)
                    self._finish(item)
                self._report(running)
        finally:
            for item in running:
                _stop(item.process)
                item.stderr.close()
                if item.process.stdout is not None:
                    item.process.stdout.close()
            selector.close()

    def _start(self, step: Step) -> _Running:
        stderr_path = self.cwd / f"{step.name}.log"
        stderr = stderr_path.open("wb")
        try:
            binary = ffmpeg_exe()
        except RuntimeError as exc:
            stderr.close()
            raise RenderError(f"ffmpeg is not available: {exc}. Reinstall imageio-ffmpeg.") from exc
        command = [binary, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
                   "-progress", "pipe:1", "-y", *step.args]
        log.debug("ffmpeg %s: %s", step.name, " ".join(command))
        try:
            process = subprocess.Popen(command, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=stderr, start_new_session=True)
        except OSError as exc:
            stderr.close()
            raise RenderError(f"ffmpeg could not be started for {step.name}: {exc.strerror or exc}.") from exc
        assert process.stdout is not None
        os.set_blocking(process.stdout.fileno(), False)
        return _Running(step, process, stderr, stderr_path)

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
            raise RenderError(f"ffmpeg failed while rendering {item.step.name} (exit {code}): {tail(text)}")
        item.finished = True
        self.finished.add(item.step.name)
        log.debug("ffmpeg %s took %.2f s", item.step.name, time.monotonic() - item.started)
        self.done_weight += item.step.weight

    def _check_cancel(self) -> None:
        if self.should_cancel is not None and self.should_cancel():
            raise RenderCancelled("The render was cancelled.")

    def _report(self, running: Sequence[_Running]) -> None:
        """Tell the caller the share of weighted work done, running steps counted by ffmpeg's out_time."""
        if self.on_progress is None:
            return
        partial = sum(r.step.weight * min(r.done_us / max(r.step.duration_us, 1), 1.0) for r in running)
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
