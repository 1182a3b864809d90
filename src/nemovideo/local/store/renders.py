"""The render queue in the database: submit, poll, cancel, claim by a worker, progress, finish, recover."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nemovideo.draft import Draft
from nemovideo.errors import BadRequest, DuplicateRenderId, RenderNotFound
from nemovideo.local.store.db import Database
from nemovideo.local.store.sessions import draft_json

RENDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MAX_ATTEMPTS = 3
CANCELLED = "render cancelled"


@dataclass(frozen=True)
class Render:
    """One render as stored: `key` inside the backend, `id` the render id its user chose."""

    key: int
    id: str
    user_id: str
    session_id: str
    status: str
    progress: float
    error: str | None
    attempts: int
    cancel: bool
    worker_pid: int | None
    heartbeat: float | None
    video: str | None
    poster: str | None
    sheet: str | None
    draft: str
    output: str

    def wire(self) -> dict[str, Any]:
        """The canonical poll answer; file URLs are relative to the API and need the owner's token."""
        done = self.status == "completed"
        base = f"/api/render/proxy/{self.id}"
        return {
            "id": self.id, "status": self.status, "progress": round(self.progress),
            "outputUrl": f"{base}/download" if done and self.video else None,
            "posterUrl": f"{base}/poster" if done and self.poster else None,
            "contactSheetUrl": f"{base}/contact-sheet" if done and self.sheet else None,
            "error": self.error,
        }

    def parsed_draft(self) -> Draft:
        """The draft this render renders."""
        return Draft.parse(json.loads(self.draft))


def check_render_id(render_id: str) -> str:
    """A render id safe to use as a file name; BadRequest otherwise."""
    if not RENDER_ID.match(render_id):
        raise BadRequest("render id must be 1-100 letters, digits or _.- (e.g. render_1790001234567)")
    return render_id


class Renders:
    """Renders in the database; safe to use from the server and from worker processes at once."""

    # A render id is the user's own name for a job (two users may both have `render_1`); inside the backend a job
    # is its `key`.

    def __init__(self, db: Database, wall: Callable[[], float]) -> None:
        self.db = db
        self.wall = wall

    def submit(self, render_id: str, user_id: str, session_id: str, draft: Draft, output: dict[str, Any]) -> Render:
        """A new pending job; DuplicateRenderId when this user already has the id."""
        now = self.wall()
        try:
            with self.db.write() as conn:
                cursor = conn.execute(
                    "INSERT INTO jobs (id, user_id, session_id, draft, output, status, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                    (check_render_id(render_id), user_id, session_id, draft_json(draft), json.dumps(output), now, now),
                )
        except sqlite3.IntegrityError:
            raise DuplicateRenderId("render id already exists") from None
        return self._must(int(cursor.lastrowid or 0))

    def load(self, key: int) -> Render | None:
        """A job by its key, whoever owns it."""
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE key = ?", (key,)).fetchone()
        return _render(row) if row else None

    def get(self, render_id: str, user_id: str) -> Render:
        """The user's job by its render id; RenderNotFound when this user has none of that id."""
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE id = ? AND user_id = ?", (render_id, user_id)).fetchone()
        if row is None:
            raise RenderNotFound("render not found")
        return _render(row)

    def cancel(self, render_id: str, user_id: str) -> Render:
        """Stop a job: a pending one ends at once, a running one when its worker notices."""
        key = self.get(render_id, user_id).key
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE key = ? AND status = 'pending'",
                (CANCELLED, self.wall(), key),
            )
            conn.execute("UPDATE jobs SET cancel = 1 WHERE key = ? AND status = 'processing'", (key,))
        return self._must(key)

    def claim_next(self, owner_pid: int | None = None) -> Render | None:
        """Take the oldest pending render for a worker (processing, one more attempt); until the worker's pid is
        known the render is marked with the claiming process, so another backend's recovery leaves it alone."""
        with self.db.write() as conn:
            row = conn.execute(
                "SELECT key FROM jobs WHERE status = 'pending' ORDER BY created_at, key LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE jobs SET status = 'processing', progress = 0, attempts = attempts + 1, worker_pid = ?,"
                " heartbeat = ?, updated_at = ? WHERE key = ?",
                (owner_pid if owner_pid is not None else os.getpid(), self.wall(), self.wall(), row["key"]),
            )
        return self._must(int(row["key"]))

    def set_worker(self, key: int, pid: int) -> None:
        """Record the process that renders a job."""
        with self.db.write() as conn:
            conn.execute("UPDATE jobs SET worker_pid = ? WHERE key = ?", (pid, key))

    def beat(self, key: int, progress: float | None = None) -> bool:
        """A worker's sign of life (and progress); returns True when the job should be cancelled."""
        with self.db.write() as conn:
            if progress is not None:
                conn.execute(
                    "UPDATE jobs SET progress = MAX(progress, ?), heartbeat = ?, updated_at = ?"
                    " WHERE key = ? AND status = 'processing'",
                    (max(0.0, min(progress, 99.0)), self.wall(), self.wall(), key),
                )
            else:
                conn.execute("UPDATE jobs SET heartbeat = ? WHERE key = ?", (self.wall(), key))
            row = conn.execute("SELECT cancel, status FROM jobs WHERE key = ?", (key,)).fetchone()
        return row is None or bool(row["cancel"]) or row["status"] != "processing"

    def finish(self, key: int, *, error: str | None = None, video: str | None = None,
               poster: str | None = None, sheet: str | None = None) -> None:
        """End a processing render: completed with its files, or failed with an error."""
        status, progress = ("failed", None) if error is not None else ("completed", 100.0)
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET status = ?, progress = COALESCE(?, progress), error = ?, video = ?, poster = ?,"
                " sheet = ?, updated_at = ? WHERE key = ? AND status = 'processing'",
                (status, progress, error, video, poster, sheet, self.wall(), key),
            )

    def requeue(self, key: int, reason: str, count_attempt: bool = True, worker_pid: int | None = None) -> None:
        """Put a job whose worker went away back in the queue, or fail it after too many attempts."""
        # A job stopped on purpose (its backend shutting down) gets its attempt back. With `worker_pid`, only
        # while that process is still the job's worker (a worker giving its own job back).
        with self.db.write() as conn:
            row = conn.execute(
                "SELECT attempts, cancel, worker_pid FROM jobs WHERE key = ? AND status = 'processing'", (key,)
            ).fetchone()
            if row is None or (worker_pid is not None and row["worker_pid"] != worker_pid):
                return
            if row["cancel"] or (count_attempt and row["attempts"] >= MAX_ATTEMPTS):
                error = CANCELLED if row["cancel"] else f"{reason} ({row['attempts']} attempts)"
                conn.execute("UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE key = ?",
                             (error, self.wall(), key))
            else:
                given_back = 0 if count_attempt else 1
                conn.execute("UPDATE jobs SET status = 'pending', progress = 0, worker_pid = NULL, updated_at = ?,"
                             " attempts = attempts - ? WHERE key = ?", (self.wall(), given_back, key))

    def processing(self) -> list[Render]:
        """Renders that claim to be running."""
        with self.db.read() as conn:
            rows = conn.execute("SELECT * FROM jobs WHERE status = 'processing'").fetchall()
        return [_render(row) for row in rows]

    def completed_for_session(self, session_id: str) -> list[Render]:
        """A session's finished renders, oldest first (the state's generated_media)."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM jobs WHERE session_id = ? AND status = 'completed' ORDER BY created_at", (session_id,)
            ).fetchall()
        return [_render(row) for row in rows]

    def _must(self, key: int) -> Render:
        render = self.load(key)
        if render is None:
            raise RenderNotFound("render not found")
        return render


def _render(row: sqlite3.Row) -> Render:
    return Render(
        int(row["key"]), row["id"], row["user_id"], row["session_id"], row["status"], float(row["progress"]),
        row["error"], int(row["attempts"]), bool(row["cancel"]), row["worker_pid"], row["heartbeat"], row["video"],
        row["poster"], row["sheet"], row["draft"], row["output"],
    )
