"""The files beside the database: private modes whatever the umask, and temp files tied to their request.

Folders are 0700 and files 0600, so another account on the machine can read neither the database (its
client ids are as good as tokens while the server runs) nor the uploads. Temp files live in a folder
of the process that writes them; a request removes its own when it ends, however it ends, and a start
of the backend removes the folders of processes that are gone (a kill -9 leaves them behind).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PROCESS_FOLDER = re.compile(r"^(\d+)_[0-9a-f]+$")


def private_dir(path: Path) -> Path:
    """Create a folder (and its parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path.chmod(PRIVATE_DIR)  # mkdir's mode is cut by the umask, and an existing folder keeps its old mode
    return path


def private_file(path: Path) -> None:
    """Make an existing file 0600 (nothing when it is not there)."""
    with contextlib.suppress(FileNotFoundError):
        path.chmod(PRIVATE_FILE)


def create_private(path: Path) -> BinaryIO:
    """A new file open for writing, 0600 from its first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, PRIVATE_FILE)  # a umask such as 0277 would leave it read-only for its owner
    return os.fdopen(fd, "wb")


def pid_alive(pid: int) -> bool:
    """True while a process with this id runs; a zombie (exited, not yet reaped) counts as gone."""
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there: the heartbeat decides
        return True
    with contextlib.suppress(ChildProcessError, OSError):
        # Our own child that has exited is reaped here, so it cannot linger as a zombie.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return _proc_state(pid) not in ("Z", "X")


def process_token(pid: int | None = None) -> str:
    """A process as `pid:start` (its start time where /proc tells it), so a reused pid is another process."""
    pid = os.getpid() if pid is None else pid
    fields = _proc_fields(pid)
    return f"{pid}:{fields[19] if len(fields) > 19 else ''}"


def token_alive(token: str) -> bool:
    """True while the process a `process_token` names still runs."""
    pid, _, _ = token.partition(":")
    if not pid.isdigit():
        return False
    return pid_alive(int(pid)) and process_token(int(pid)) == token


def _proc_state(pid: int) -> str:
    """The one-letter state of /proc/<pid>/stat ('' where there is no /proc)."""
    fields = _proc_fields(pid)
    return fields[0] if fields else ""


def _proc_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name, from the state on ([] where there is no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return stat.rsplit(")", 1)[-1].split()


class TempFiles:
    """The temp files of one request, in a folder of their own that `close` removes (accepted files moved out)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def create(self, prefix: str) -> tuple[Path, BinaryIO]:
        """A new 0600 temp file, open for writing, removed with the others at the end of the request."""
        private_dir(self.folder)
        path = self.folder / f"{prefix}_{secrets.token_hex(12)}.part"
        return path, create_private(path)

    def close(self) -> None:
        """Remove the request's folder and every temp file still in it."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> TempFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TempArea:
    """The data folder's tmp/: one folder per backend process, `<pid>_<random>`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / f"{os.getpid()}_{secrets.token_hex(4)}"

    def request(self) -> TempFiles:
        """The temp files of one request, in a folder of its own inside this process's folder."""
        return TempFiles(self.folder / secrets.token_hex(8))

    def sweep(self) -> int:
        """Remove what processes that are gone left behind (and loose files of older versions); returns how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for entry in self.root.iterdir():
            owner = PROCESS_FOLDER.match(entry.name)
            if entry.is_dir() and owner and not pid_alive(int(owner.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
            elif entry.is_file() and entry.suffix == ".part":
                # Written straight into tmp/ by a version before per-process folders; that process is long gone.
                entry.unlink(missing_ok=True)
                removed += 1
        return removed
