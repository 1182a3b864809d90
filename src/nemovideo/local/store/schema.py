"""The database schema as numbered migrations; `PRAGMA user_version` records how far a file has come."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            client_id TEXT UNIQUE,
            anonymous INTEGER NOT NULL DEFAULT 1,
            created_at REAL NOT NULL,
            created_addr TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX users_by_addr ON users (created_addr, created_at)",
        """CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        )""",
        "CREATE INDEX tokens_by_user ON tokens (user_id, expires_at)",
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users (id),
            task_name TEXT NOT NULL,
            language TEXT NOT NULL,
            created_at REAL NOT NULL
        )""",
        """CREATE TABLE claims (
            token_hash TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            user_id TEXT NOT NULL REFERENCES users (id),
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        )""",
        """CREATE TABLE revisions (
            session_id TEXT NOT NULL REFERENCES sessions (id),
            rev INTEGER NOT NULL,
            base INTEGER,
            action TEXT NOT NULL,
            draft TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, rev)
        )""",
        """CREATE TABLE uploads (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            user_id TEXT NOT NULL REFERENCES users (id),
            kind TEXT NOT NULL,
            filename TEXT NOT NULL,
            stored_name TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            duration_ms INTEGER,
            width INTEGER,
            height INTEGER,
            fps REAL,
            source_url TEXT,
            created_at REAL NOT NULL
        )""",
        "CREATE INDEX uploads_by_session ON uploads (session_id, created_at)",
        """CREATE TABLE balances (
            user_id TEXT PRIMARY KEY REFERENCES users (id),
            available INTEGER NOT NULL CHECK (available >= 0),
            frozen INTEGER NOT NULL CHECK (frozen >= 0)
        )""",
        """CREATE TABLE holds (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at REAL NOT NULL,
            closed_at REAL
        )""",
        "CREATE INDEX holds_open ON holds (status, created_at)",
        """CREATE TABLE ledger (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL REFERENCES users (id),
            kind TEXT NOT NULL,
            hold_id TEXT,
            d_available INTEGER NOT NULL,
            d_frozen INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL
        )""",
        "CREATE INDEX ledger_by_user ON ledger (user_id, seq)",
        """CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            session_id TEXT NOT NULL REFERENCES sessions (id),
            draft TEXT NOT NULL,
            output TEXT NOT NULL,
            status TEXT NOT NULL,
            progress REAL NOT NULL DEFAULT 0,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            cancel INTEGER NOT NULL DEFAULT 0,
            worker_pid INTEGER,
            heartbeat REAL,
            video TEXT,
            poster TEXT,
            sheet TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )""",
        "CREATE INDEX jobs_by_status ON jobs (status, created_at)",
    ),
    # 2: a hold records the process that froze it ("pid:start"), so the next start releases the holds of a
    # backend killed mid-turn at once instead of after 20 minutes.
    ("ALTER TABLE holds ADD COLUMN owner TEXT",),
    # 3: render ids belong to their user: (user_id, id) is unique, and `key` names a job inside the backend.
    (
        """CREATE TABLE jobs_by_user (
            key INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users (id),
            session_id TEXT NOT NULL REFERENCES sessions (id),
            draft TEXT NOT NULL,
            output TEXT NOT NULL,
            status TEXT NOT NULL,
            progress REAL NOT NULL DEFAULT 0,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            cancel INTEGER NOT NULL DEFAULT 0,
            worker_pid INTEGER,
            heartbeat REAL,
            video TEXT,
            poster TEXT,
            sheet TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (user_id, id)
        )""",
        """INSERT INTO jobs_by_user (id, user_id, session_id, draft, output, status, progress, error, attempts, cancel,
            worker_pid, heartbeat, video, poster, sheet, created_at, updated_at)
            SELECT id, user_id, session_id, draft, output, status, progress, error, attempts, cancel, worker_pid,
            heartbeat, video, poster, sheet, created_at, updated_at FROM jobs ORDER BY created_at, id""",
        "DROP TABLE jobs",
        "ALTER TABLE jobs_by_user RENAME TO jobs",
        "CREATE INDEX jobs_by_status ON jobs (status, created_at)",
    ),
)
