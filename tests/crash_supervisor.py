"""A supervisor for the crash suite: `python crash_supervisor.py DATA_DIR RENDERER`, driven by lines on stdin.

It starts the backend (`crash_backend.py`), kills it with SIGKILL and restarts it on command, as a process
supervisor would. It is a Linux child subreaper, so the render workers of a killed backend become its
children: it reaps them only when told, which is how the crash tests hold a worker as a zombie. When its
stdin closes it kills the backend and every process it adopted, reaps them and exits.

Commands, one answer line each: `start` -> `url <base url> pid <pid>`; `kill` -> `killed`;
`reap <pid>` -> `reaped`; `state <pid>` -> `state <R|S|Z|...|gone>`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
HERE = Path(__file__).resolve().parent


def state(pid: int) -> str:
    """The /proc state letter of a process, or 'gone'."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def children() -> list[int]:
    """Processes whose parent is this supervisor (the backend and adopted workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == os.getpid():
                found.append(int(entry.name))
    return found


def main() -> None:
    """Serve commands until stdin closes."""
    data_dir, renderer = sys.argv[1], sys.argv[2]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    backend: subprocess.Popen[str] | None = None
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "start":
            backend = subprocess.Popen([sys.executable, str(HERE / "crash_backend.py"), data_dir, renderer],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            assert backend.stdout is not None
            print(f"url {backend.stdout.readline().strip()} pid {backend.pid}", flush=True)
        elif command == "kill" and backend is not None:
            backend.send_signal(signal.SIGKILL)
            backend.wait()
            print("killed", flush=True)
        elif command == "reap":
            os.waitpid(int(arg), 0)
            print("reaped", flush=True)
        elif command == "state":
            print(f"state {state(int(arg))}", flush=True)
    for pid in children():
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            continue


if __name__ == "__main__":
    main()
