"""How the worker pool stops a render worker and tells whether one lives, on POSIX and (simulated) on Windows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nemovideo.local.store.files import pid_alive
from nemovideo.local.workers.pool import _stop_group

# A worker that starts a child of its own (as a worker starts ffmpeg), prints the child's pid and waits.
WORKER = (
    "import subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "print(child.pid, flush=True)\n"
    "time.sleep(60)\n"
)


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie (Linux /proc)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def never(*args: object) -> None:
    raise AssertionError("a POSIX-only call was made")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_stopping_a_worker_also_stops_the_process_it_started() -> None:
    worker = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, start_new_session=True)
    assert worker.stdout is not None
    child = int(worker.stdout.readline())
    worker.stdout.close()
    try:
        _stop_group(worker)
    finally:
        worker.kill()
        worker.wait()
    deadline = time.monotonic() + 5
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(child)


def test_pid_alive_tells_a_live_process_from_an_ended_one() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert pid_alive(os.getpid()) and not pid_alive(ended.pid)


def test_on_windows_a_worker_is_ended_without_process_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "killpg", never)
    try:
        _stop_group(worker)
        assert worker.returncode is not None
    finally:
        worker.kill()
        worker.wait()


def test_on_windows_pid_alive_never_signals_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", never)  # os.kill(pid, 0) would end the process on Windows
    assert pid_alive(os.getpid())
