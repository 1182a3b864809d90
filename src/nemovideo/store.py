"""What the client remembers on disk: client id, tokens, sessions and jobs in flight.

Each concern is one JSON file in the data dir, keyed by API base URL so the cloud and the
local backend never share a token. Writes are atomic (temp file + rename) with mode 0600;
a corrupt file is moved aside with a warning and treated as empty.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

log = logging.getLogger(__name__)

if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)

    def _unlock(handle: IO[str]) -> None:
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)

PRIVATE = 0o600
M = TypeVar("M", bound=BaseModel)


class Credentials(BaseModel):
    """A bearer token and what is known about its owner."""

    token: str = Field(repr=False)
    user_id: str | None = None
    anonymous: bool = True
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        """True once the token's expiry has passed."""
        return self.expires_at is not None and now >= self.expires_at


class SessionRecord(BaseModel):
    """A chat session (project) on a backend."""

    session_id: str
    task_id: str | None = None
    language: str = "en"


class JobRecord(BaseModel):
    """Work that may outlive the process: a render or a chat turn."""

    id: str
    kind: str  # "render" | "chat"
    api_url: str
    session_id: str
    status: str = "pending"
    render_id: str | None = None  # for an export job: the render it waits for, when the ids differ
    output_path: str | None = None
    result: dict[str, Any] | None = None
    created_at: float = 0.0


class Store:
    """The data dir; every method reads or writes one small JSON file atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- client id: a plain file, compatible with the public skill ---------------------------
    def client_id(self, override: str | None = None) -> str:
        """The persistent client id (a UUID, not a secret), created on first use."""
        if override:
            return override
        path = self.root / "client_id"
        try:
            value = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            value = ""
        if _looks_like_client_id(value):
            return value
        if value:
            self._move_aside(path, "client_id is not a valid id")
        return self.new_client_id()

    def new_client_id(self) -> str:
        """Mint and persist a fresh client id."""
        value = str(uuid.uuid4())
        self._write_text(self.root / "client_id", value + "\n")
        return value

    # -- credentials ----------------------------------------------------------------------
    def credentials(self, api_url: str) -> Credentials | None:
        """The stored token for a backend, if any."""
        raw = self._read("credentials.json").get(api_url)
        return _parse(Credentials, raw)

    def save_credentials(self, api_url: str, creds: Credentials) -> None:
        """Remember a token for a backend (file mode 0600)."""
        self._update("credentials.json", lambda d: d.__setitem__(api_url, creds.model_dump(mode="json")))

    def forget_credentials(self, api_url: str) -> bool:
        """Drop the stored token for a backend; True if there was one."""
        found = api_url in self._read("credentials.json")
        self._update("credentials.json", lambda d: d.pop(api_url, None))
        return found

    # -- sessions -------------------------------------------------------------------------
    def session(self, api_url: str) -> SessionRecord | None:
        """The current session on a backend."""
        return _parse(SessionRecord, self._read("sessions.json").get(api_url))

    def save_session(self, api_url: str, record: SessionRecord) -> None:
        """Make a session the current one for a backend."""
        self._update("sessions.json", lambda d: d.__setitem__(api_url, record.model_dump(mode="json")))

    # -- jobs -----------------------------------------------------------------------------
    def save_job(self, job: JobRecord) -> None:
        """Record or update a job so it can be resumed after a restart."""
        if not job.created_at:
            job = job.model_copy(update={"created_at": time.time()})
        self._update("jobs.json", lambda d: d.__setitem__(job.id, job.model_dump(mode="json")))

    def job(self, job_id: str) -> JobRecord | None:
        """One job by id."""
        return _parse(JobRecord, self._read("jobs.json").get(job_id))

    def jobs(self, unfinished_only: bool = False) -> list[JobRecord]:
        """All known jobs, oldest first."""
        found = [_parse(JobRecord, raw) for raw in self._read("jobs.json").values()]
        jobs = sorted((j for j in found if j is not None), key=lambda j: j.created_at)
        if unfinished_only:
            jobs = [j for j in jobs if j.status not in ("completed", "failed", "cancelled", "done")]
        return jobs

    # -- plumbing -------------------------------------------------------------------------
    def _read(self, name: str) -> dict[str, Any]:
        path = self.root / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            self._move_aside(path, "it is not valid JSON")
            return {}
        return data

    def _update(self, name: str, change: Callable[[dict[str, Any]], object]) -> None:
        with self._locked():
            data = self._read(name)
            change(data)
            self._write_text(self.root / name, json.dumps(data, indent=2, sort_keys=True))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Read-modify-write across processes (the MCP server and the CLI may run at once).
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a") as handle:
            _lock(handle)
            try:
                yield
            finally:
                _unlock(handle)

    def _write_text(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(path.parent, 0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.chmod(tmp, PRIVATE)  # os.fchmod is POSIX-only before Python 3.13
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def _move_aside(self, path: Path, why: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        with contextlib.suppress(OSError):
            os.replace(path, target)
        log.warning("%s was unreadable (%s); moved it aside to %s and started afresh", path, why, target)


def _looks_like_client_id(value: str) -> bool:
    return 8 <= len(value) <= 128 and all(c.isalnum() or c in "-_" for c in value)


def _parse(model: type[M], raw: object) -> M | None:
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError:
        log.warning("ignored an unreadable %s record in the store", model.__name__)
        return None
