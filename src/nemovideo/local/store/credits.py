"""The credit ledger: grant, freeze while work runs, then settle the real price or release.

Every change is one BEGIN IMMEDIATE transaction that updates the balance row and appends a ledger
line with the deltas, so the balance always equals the sum of its ledger, across processes. The
CHECK constraints on the balance make a negative balance impossible even for a buggy caller.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from nemovideo.errors import OutOfCredits
from nemovideo.local.store.db import Database
from nemovideo.local.store.files import process_token, token_alive


@dataclass(frozen=True)
class Balance:
    """What a user has: available to spend and frozen by work in progress."""

    available: int
    frozen: int

    @property
    def total(self) -> int:
        """available + frozen."""
        return self.available + self.frozen

    def wire(self) -> dict[str, int]:
        """The contract's shape."""
        return {"available": self.available, "frozen": self.frozen, "total": self.total}


class HoldClosed(Exception):
    """The hold was already settled or released."""


class Ledger:
    """Credits of every user, kept in the database."""

    def __init__(self, db: Database, wall: Callable[[], float]) -> None:
        self.db = db
        self.wall = wall

    def open_account_in(self, conn: sqlite3.Connection, user_id: str, amount: int) -> None:
        """Create a user's balance with a starting grant, inside the caller's transaction."""
        conn.execute("INSERT INTO balances (user_id, available, frozen) VALUES (?, 0, 0)", (user_id,))
        self._move(conn, user_id, "grant", None, amount, 0, "starting credits")

    def balance(self, user_id: str) -> Balance:
        """The user's balance now (zero if they have none)."""
        with self.db.read() as conn:
            row = conn.execute("SELECT available, frozen FROM balances WHERE user_id = ?", (user_id,)).fetchone()
        return Balance(row["available"], row["frozen"]) if row else Balance(0, 0)

    def freeze(self, user_id: str, amount: int, reason: str) -> str:
        """Reserve credits for work in progress, owned by this process; OutOfCredits when too few are available."""
        hold_id = "hold_" + secrets.token_hex(12)
        with self.db.write() as conn:
            row = conn.execute("SELECT available FROM balances WHERE user_id = ?", (user_id,)).fetchone()
            available = row["available"] if row else 0
            if available < amount:
                raise OutOfCredits(
                    f"insufficient credits: this needs {amount} and {available} are available"
                )
            conn.execute(
                "INSERT INTO holds (id, user_id, amount, status, reason, created_at, owner)"
                " VALUES (?, ?, ?, 'frozen', ?, ?, ?)",
                (hold_id, user_id, amount, reason, self.wall(), process_token()),
            )
            self._move(conn, user_id, "freeze", hold_id, -amount, amount, reason)
        return hold_id

    def settle_in(self, conn: sqlite3.Connection, hold_id: str, price: int) -> None:
        """Charge the real price inside the caller's transaction; a price above the hold takes the rest."""
        user_id, held = self._close(conn, hold_id, "settled")
        extra = price - held
        row = conn.execute("SELECT available FROM balances WHERE user_id = ?", (user_id,)).fetchone()
        if extra > row["available"]:
            raise OutOfCredits(
                f"insufficient credits: this change costs {price} and only {held + row['available']} were left"
            )
        self._move(conn, user_id, "settle", hold_id, -extra, -held, f"charged {price}")

    def release(self, hold_id: str) -> None:
        """Give a hold back in full (the work failed or changed nothing)."""
        with self.db.write() as conn:
            self.release_in(conn, hold_id)

    def release_in(self, conn: sqlite3.Connection, hold_id: str) -> None:
        """Give a hold back inside the caller's transaction."""
        user_id, held = self._close(conn, hold_id, "released")
        self._move(conn, user_id, "release", hold_id, held, -held, "released")

    def release_stale(self, older_than_s: float, alive: Callable[[str], bool] = token_alive) -> int:
        """Release holds left open by a process that died mid-turn; returns how many."""
        # At once when the owner process is gone; holds of older versions (no owner) or of a process that
        # lives on only once older than a turn may run.
        cutoff = self.wall() - older_than_s
        with self.db.read() as conn:
            rows = conn.execute("SELECT id, owner, created_at FROM holds WHERE status = 'frozen'").fetchall()
        released = 0
        for row in rows:
            if row["created_at"] >= cutoff and (row["owner"] is None or alive(row["owner"])):
                continue
            try:
                self.release(row["id"])
                released += 1
            except HoldClosed:
                continue
        return released

    def _close(self, conn: sqlite3.Connection, hold_id: str, status: str) -> tuple[str, int]:
        row = conn.execute("SELECT user_id, amount, status FROM holds WHERE id = ?", (hold_id,)).fetchone()
        if row is None or row["status"] != "frozen":
            raise HoldClosed(f"hold {hold_id} is not open")
        conn.execute("UPDATE holds SET status = ?, closed_at = ? WHERE id = ?", (status, self.wall(), hold_id))
        return str(row["user_id"]), int(row["amount"])

    def _move(
        self, conn: sqlite3.Connection, user_id: str, kind: str, hold_id: str | None, d_avail: int, d_frozen: int,
        note: str,
    ) -> None:
        conn.execute(
            "UPDATE balances SET available = available + ?, frozen = frozen + ? WHERE user_id = ?",
            (d_avail, d_frozen, user_id),
        )
        conn.execute(
            "INSERT INTO ledger (user_id, kind, hold_id, d_available, d_frozen, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, kind, hold_id, d_avail, d_frozen, note, self.wall()),
        )
