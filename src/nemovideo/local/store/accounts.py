"""Anonymous users and their bearer tokens.

A token is `nmv_usr_` + HMAC(secret key, token id). The database keeps the token id and a SHA-256
of the token, never the token: the key lives in its own 0600 file, so a copy of the database alone
gives nobody a usable token, yet the server can hand a still-valid token back to its client id.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nemovideo.errors import BadRequest, RateLimited, TokenInvalid
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.credits import Ledger
from nemovideo.local.store.db import Database
from nemovideo.local.store.files import private_dir

TOKEN_PREFIX = "nmv_usr_"
CLIENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


@dataclass(frozen=True)
class IssuedToken:
    """The answer to an anonymous-token request."""

    token: str
    user_id: str
    credits: int
    expires_at: float

    def wire(self) -> dict[str, object]:
        """The contract's shape."""
        return {
            "token": self.token, "user_id": self.user_id, "credits": self.credits, "expires_at": iso(self.expires_at)
        }


@dataclass(frozen=True)
class Caller:
    """Who sent an authenticated request."""

    user_id: str
    token_id: str


def iso(timestamp: float) -> str:
    """An ISO 8601 UTC time such as 2026-12-06T00:00:00Z."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_token(token: str) -> str:
    """What the database stores for a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_secret(path: Path) -> bytes:
    """The server's token key, created on first use with mode 0600 (safe if two processes race)."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) < 32:
            raise RuntimeError(f"{path} is damaged (shorter than 32 bytes); delete it to issue new tokens") from None
        return key
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


class Accounts:
    """Users, tokens and the per-address limit on new anonymous users."""

    def __init__(self, db: Database, secret: bytes, config: LocalConfig, ledger: Ledger, wall: Callable[[], float]):
        self.db = db
        self.secret = secret
        self.config = config
        self.ledger = ledger
        self.wall = wall

    def issue(self, client_id: str, address: str) -> IssuedToken:
        """The client id's user (created on first sight) and a valid token for it."""
        if not CLIENT_ID.match(client_id):
            raise BadRequest("X-Client-Id must be 1-128 letters, digits or ._:- (a UUID is best)")
        now = self.wall()
        with self.db.write() as conn:
            row = conn.execute("SELECT id FROM users WHERE client_id = ?", (client_id,)).fetchone()
            user_id = str(row["id"]) if row else self._create_user(conn, client_id, address, now)
            token_id, expires_at = self._valid_token(conn, user_id, now) or self._mint(conn, user_id, now)
        credits = self.ledger.balance(user_id).available
        return IssuedToken(self._token(token_id), user_id, credits, expires_at)

    def authenticate(self, token: str | None) -> Caller:
        """The caller behind a bearer token; TokenInvalid when missing, unknown or expired."""
        if not token:
            raise TokenInvalid("token missing: send Authorization: Bearer <token>")
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT id, user_id, expires_at FROM tokens WHERE token_hash = ?", (hash_token(token),)
            ).fetchone()
        if row is None:
            raise TokenInvalid("token invalid")
        if row["expires_at"] <= self.wall():
            raise TokenInvalid("token expired")
        return Caller(str(row["user_id"]), str(row["id"]))

    def expire(self, token_id: str) -> None:
        """End a token now (the user and their sessions stay)."""
        with self.db.write() as conn:
            conn.execute("UPDATE tokens SET expires_at = ? WHERE id = ?", (self.wall(), token_id))

    def _create_user(self, conn: sqlite3.Connection, client_id: str, address: str, now: float) -> str:
        limit = self.config.new_users_per_address
        if limit:
            since = now - self.config.rate_window_s
            count = conn.execute(
                "SELECT COUNT(*) FROM users WHERE created_addr = ? AND created_at > ?", (address, since)
            ).fetchone()[0]
            if count >= limit:
                raise RateLimited(
                    "Too many requests: this address created too many anonymous users; reuse your client id",
                    retry_after=float(self.config.retry_after_s),
                )
        user_id = "anon_" + secrets.token_hex(8)
        conn.execute(
            "INSERT INTO users (id, client_id, anonymous, created_at, created_addr) VALUES (?, ?, 1, ?, ?)",
            (user_id, client_id, now, address),
        )
        self.ledger.open_account_in(conn, user_id, self.config.starting_credits)
        return user_id

    def _valid_token(self, conn: sqlite3.Connection, user_id: str, now: float) -> tuple[str, float] | None:
        row = conn.execute(
            "SELECT id, expires_at FROM tokens WHERE user_id = ? AND expires_at > ? ORDER BY expires_at DESC LIMIT 1",
            (user_id, now),
        ).fetchone()
        return (str(row["id"]), float(row["expires_at"])) if row else None

    def _mint(self, conn: sqlite3.Connection, user_id: str, now: float) -> tuple[str, float]:
        token_id = "tok_" + secrets.token_hex(12)
        expires_at = now + self.config.token_ttl_s
        conn.execute(
            "INSERT INTO tokens (id, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (token_id, user_id, hash_token(self._token(token_id)), now, expires_at),
        )
        return token_id, expires_at

    def _token(self, token_id: str) -> str:
        digest = hmac.new(self.secret, token_id.encode("ascii"), hashlib.sha256).hexdigest()
        return TOKEN_PREFIX + digest[:48]
