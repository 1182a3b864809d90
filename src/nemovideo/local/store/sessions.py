"""Sessions (projects) owned by one user, every draft revision of each, and claim tokens.

Revisions are never overwritten: each change adds one. A revision's `base` is the revision whose
draft an undo of it returns to, so undoing twice walks back two changes instead of redoing one.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from nemovideo.draft import CANVASES, Draft, Meta
from nemovideo.errors import BadRequest, SessionNotFound
from nemovideo.local.store.db import Database

CLAIM_TTL_S = 7 * 24 * 3600
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$")


@dataclass(frozen=True)
class Session:
    """A project and its owner."""

    id: str
    task_id: str
    user_id: str
    task_name: str
    language: str


@dataclass(frozen=True)
class Revision:
    """One saved state of a session's draft."""

    rev: int
    base: int | None
    action: str
    draft: Draft


class RevisionConflict(Exception):
    """Another change was saved to the session while this one was being made."""


def empty_draft(title: str) -> Draft:
    """The draft of a new project: no tracks, a 16:9 canvas."""
    width, height = CANVASES["16:9"]
    return Draft(tracks=[], duration_ms=0, meta=Meta(title=title, width=width, height=height, ratio="16:9"))


def draft_json(draft: Draft) -> str:
    """A draft as stored: its wire form."""
    return json.dumps(draft.dump(), ensure_ascii=False, separators=(",", ":"))


class Sessions:
    """Sessions, revisions and claims in the database."""

    def __init__(self, db: Database, wall: Callable[[], float]) -> None:
        self.db = db
        self.wall = wall

    def create(self, user_id: str, task_name: str, language: str) -> Session:
        """A new session with an empty draft as revision 0."""
        task_name = task_name.strip()[:200] or "project"
        if not LANGUAGE.match(language):
            raise BadRequest(f"language must be an ISO code such as en or zh-CN, got {language[:20]!r}")
        session = Session(self._new_id(), "task_" + secrets.token_hex(6), user_id, task_name, language)
        now = self.wall()
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, task_id, user_id, task_name, language, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session.id, session.task_id, user_id, task_name, language, now),
            )
            self.add_revision_in(conn, session.id, empty_draft(task_name), "create", None)
        return session

    def get(self, session_id: str, user_id: str) -> Session:
        """The user's session; SessionNotFound when it is missing or someone else's."""
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM sessions WHERE id = ? AND user_id = ?", (session_id, user_id)).fetchone()
        if row is None:
            raise SessionNotFound("session not found")
        return Session(row["id"], row["task_id"], row["user_id"], row["task_name"], row["language"])

    def latest(self, session_id: str) -> Revision:
        """The current revision."""
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT * FROM revisions WHERE session_id = ? ORDER BY rev DESC LIMIT 1", (session_id,)
            ).fetchone()
        if row is None:
            raise SessionNotFound("session not found")
        return _revision(row)

    def revision(self, session_id: str, rev: int) -> Revision | None:
        """One revision by number."""
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM revisions WHERE session_id = ? AND rev = ?", (session_id, rev)).fetchone()
        return _revision(row) if row else None

    def add_revision_in(
        self, conn: sqlite3.Connection, session_id: str, draft: Draft, action: str, base: int | None,
        expect_latest: int | None = None,
    ) -> int:
        """Save a new revision inside the caller's transaction; RevisionConflict if the latest moved on."""
        latest = conn.execute("SELECT MAX(rev) FROM revisions WHERE session_id = ?", (session_id,)).fetchone()[0]
        if expect_latest is not None and latest != expect_latest:
            raise RevisionConflict(f"session {session_id} moved from revision {expect_latest} to {latest}")
        rev = 0 if latest is None else int(latest) + 1
        conn.execute(
            "INSERT INTO revisions (session_id, rev, base, action, draft, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, rev, base, action, draft_json(draft), self.wall()),
        )
        return rev

    def claim(self, session: Session) -> tuple[str, int]:
        """A claim token for opening the session in a browser, and its lifetime in seconds."""
        token = "clm_" + secrets.token_urlsafe(24)
        now = self.wall()
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO claims (token_hash, session_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                (hashlib.sha256(token.encode()).hexdigest(), session.id, session.user_id, now, now + CLAIM_TTL_S),
            )
        return token, CLAIM_TTL_S

    def _new_id(self) -> str:
        # Digits like the cloud's ids: milliseconds then randomness, so ids sort by creation.
        return f"{int(self.wall() * 1000)}{secrets.randbelow(10**6):06d}"


def _revision(row: sqlite3.Row) -> Revision:
    return Revision(int(row["rev"]), row["base"], str(row["action"]), Draft.parse(json.loads(row["draft"])))
