"""Running the installed `nemovideo` command as a person would: in a clean environment, in a terminal (pty)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import socket
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "nemovideo"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|.", re.S)


def nemovideo(*args: str) -> list[str]:
    """The argv that runs the installed console script (or the module, when there is no script)."""
    return [str(SCRIPT), *args] if SCRIPT.exists() else [sys.executable, "-m", "nemovideo", *args]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The test's environment without the NEMO_* and SKILL_* settings of whoever runs it, in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "SKILL_"))}
    env.update(HOME=str(home), NEMO_DATA_DIR=str(home / "data"), PYTHONUNBUFFERED="1", **extra)
    return env


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Terminal:
    """A command running in a pseudo-terminal of a given width; collects everything it writes."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path, columns: int = 80) -> None:
        self.columns = columns
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self.master = master
        self.process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                        start_new_session=True)
        os.close(slave)
        self.raw = b""

    def read_until(self, done: Callable[[bytes], bool], timeout: float) -> bool:
        """Collect output until `done(raw)` or the timeout; True when done."""
        deadline = time.monotonic() + timeout
        while not done(self.raw):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the other side closed: the command ended
                    return done(self.raw)
                if not chunk:
                    return done(self.raw)
                self.raw += chunk
        return True

    def type(self, text: str) -> None:
        """Type a line (or keys) into the terminal."""
        os.write(self.master, text.encode())

    def wait(self, timeout: float) -> int:
        """The exit code, collecting the last output; the process is killed if it outlasts the timeout."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self.read_until(lambda raw: False, 0.3)
            os.close(self.master)
        return code

    def screen(self) -> list[str]:
        """The rows the terminal shows (see `render`)."""
        return render(self.raw.decode("utf-8", "replace"), self.columns)


def render(text: str, columns: int) -> list[str]:
    """What a terminal `columns` wide shows after `text`: carriage return, newline, erase-line and wrapping."""
    rows: list[list[str]] = [[]]
    row = col = 0
    for token in ESCAPE.findall(text):
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            rows.extend([] for _ in range(row + 1 - len(rows)))
        elif token in ("\x1b[K", "\x1b[0K"):
            del rows[row][col:]
        elif token == "\x1b[2K":
            rows[row] = [" "] * col
        elif not token.startswith("\x1b"):
            width = 2 if unicodedata.east_asian_width(token) in "WF" else 1
            if col + width > columns:  # the terminal wraps onto a new row
                row, col = row + 1, 0
                rows.extend([] for _ in range(row + 1 - len(rows)))
            cells = rows[row]
            cells.extend(" " for _ in range(col + width - len(cells)))
            cells[col:col + width] = [token] + [""] * (width - 1)
            col += width
    return ["".join(cells).rstrip() for cells in rows]
