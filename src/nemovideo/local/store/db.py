"""SQLite access: WAL mode, a fresh connection per call, and BEGIN IMMEDIATE for every write.

Connections are never shared between threads or processes, so the web server, its worker threads
and the render worker processes can all use one file at once; SQLite's own locks keep it exact.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from nemovideo.local.store.files import create_private, private_dir, private_file
from nemovideo.local.store.schema import MIGRATIONS


class Database:
    """One SQLite file; every method opens, uses and closes its own connection."""

    def __init__(self, path: Path, busy_timeout_s: float = 30.0) -> None:
        self.path = path
        self.busy_timeout_ms = int(busy_timeout_s * 1000)

    def connect(self) -> sqlite3.Connection:
        """A new connection in autocommit mode (transactions are explicit)."""
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads; each statement sees a consistent snapshot."""
        with closing(self.connect()) as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction that holds the write lock from its first statement (BEGIN IMMEDIATE)."""
        with closing(self.connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def migrate(self) -> int:
        """Create or upgrade the schema; safe when several processes start at once. Returns the version."""
        private_dir(self.path.parent)
        # Created 0600 before SQLite opens it: SQLite would use 0644, and gives the -wal and -shm files the
        # database's own mode.
        with contextlib.suppress(FileExistsError):
            create_private(self.path).close()
        with closing(self.connect()) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
        for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            private_file(path)  # a database made by an earlier version was 0644
        with self.write() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > len(MIGRATIONS):
                raise RuntimeError(f"{self.path} was made by a newer nemovideo (schema {version}); upgrade nemovideo")
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            return len(MIGRATIONS)
