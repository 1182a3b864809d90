"""Uploaded media: accepted types, generated names, probing, the records, and resolving draft sources to files."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from nemovideo.draft import Source
from nemovideo.errors import ACCEPTED_FORMATS, UnsupportedFile
from nemovideo.local.probe import MediaInfo, probe_media
from nemovideo.local.store.db import Database
from nemovideo.local.store.files import private_dir, private_file

MEDIA_PREFIX = "/media/"
KINDS: dict[str, str] = {
    **dict.fromkeys(("mp4", "mov", "avi", "webm", "mkv"), "video"),
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp"), "image"),
    **dict.fromkeys(("mp3", "wav", "m4a", "aac"), "audio"),
}
CONTENT_TYPES: dict[str, str] = {
    "video/mp4": "mp4", "video/quicktime": "mov", "video/x-msvideo": "avi", "video/webm": "webm",
    "video/x-matroska": "mkv", "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav", "audio/mp4": "m4a", "audio/aac": "aac",
}


@dataclass(frozen=True)
class Received:
    """A file written to the temp folder, not yet accepted."""

    path: Path
    filename: str
    ext: str
    size: int
    sha256: str
    source_url: str | None = None


@dataclass(frozen=True)
class MediaRecord:
    """A stored upload."""

    id: str
    session_id: str
    user_id: str
    kind: str
    filename: str
    stored_name: str
    size: int
    sha256: str
    duration_ms: int | None
    width: int | None
    height: int | None
    fps: float | None

    @property
    def url(self) -> str:
        """Where the server serves it (relative, so it survives a change of port)."""
        return MEDIA_PREFIX + self.stored_name

    def wire(self) -> dict[str, object]:
        """The contract's upload answer for one file."""
        return {
            "filename": self.filename, "file_type": self.kind, "cdn_url": self.url, "media_id": self.id,
            "duration": None if self.duration_ms is None else self.duration_ms / 1000, "width": self.width,
            "height": self.height, "fps": self.fps, "hash": self.sha256, "size": self.size,
        }

    def video_info(self) -> dict[str, object]:
        """The entry of the session state's video_infos."""
        return self.wire()


def extension(filename: str) -> str:
    """The lower-case extension of a name, without the dot."""
    return PurePosixPath(filename).suffix.lower().lstrip(".")


def check_type(filename: str) -> str:
    """The extension of an accepted file; UnsupportedFile otherwise."""
    ext = extension(filename)
    if ext not in KINDS:
        shown = f".{ext}" if ext else "no extension"
        raise UnsupportedFile(
            f"unsupported file type ({shown}): accepted formats are {', '.join(ACCEPTED_FORMATS)}"
        )
    return ext


def display_name(raw: str, fallback: str) -> str:
    """A client-given file name made safe to show: last path part, no control characters, capped."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-200:] or fallback


class MediaLibrary:
    """Upload records in the database and files in the media folder."""

    def __init__(
        self, db: Database, media_dir: Path, wall: Callable[[], float],
        probe: Callable[[Path], MediaInfo | None] = probe_media,
    ) -> None:
        self.db = db
        self.media_dir = media_dir
        self.wall = wall
        self.probe = probe

    def accept(self, received: Received) -> tuple[Received, MediaInfo]:
        """Probe a received file; UnsupportedFile when it is not readable media of its kind."""
        info = self.probe(received.path)
        kind = KINDS[received.ext]
        if info is None or not (info.has_audio if kind == "audio" else info.has_video):
            raise UnsupportedFile(f"{received.filename} is not a readable {kind} file")
        return received, info

    def store(self, received: Received, info: MediaInfo, session_id: str, user_id: str) -> MediaRecord:
        """Move an accepted file under a generated name and record it."""
        media_id = "med_" + secrets.token_hex(16)
        stored_name = f"{media_id}.{received.ext}"
        private_dir(self.media_dir)
        received.path.replace(self.media_dir / stored_name)
        private_file(self.media_dir / stored_name)
        kind = KINDS[received.ext]
        duration = info.duration_ms if kind != "image" else None
        record = MediaRecord(
            media_id, session_id, user_id, kind, received.filename, stored_name, received.size, received.sha256,
            duration, info.width, info.height, info.fps if kind == "video" else None,
        )
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO uploads (id, session_id, user_id, kind, filename, stored_name, size, sha256, duration_ms,"
                " width, height, fps, source_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.id, session_id, user_id, kind, record.filename, stored_name, record.size, record.sha256,
                 record.duration_ms, record.width, record.height, record.fps, received.source_url, self.wall()),
            )
        return record

    def for_session(self, session_id: str) -> list[MediaRecord]:
        """A session's uploads, oldest first."""
        with self.db.read() as conn:
            # rowid breaks ties in upload order (ids are random, and two uploads can share a timestamp)
            rows = conn.execute("SELECT * FROM uploads WHERE session_id = ? ORDER BY created_at, rowid", (session_id,))
            return [_record(row) for row in rows.fetchall()]

    def by_name(self, stored_name: str) -> tuple[MediaRecord, Path] | None:
        """A record and its file by the generated name in its URL."""
        with self.db.read() as conn:
            row = conn.execute("SELECT * FROM uploads WHERE stored_name = ?", (stored_name,)).fetchone()
        if row is None:
            return None
        path = self.media_dir / str(row["stored_name"])
        return (_record(row), path) if path.is_file() else None

    def resolve(self, source: Source, user_id: str) -> Path | None:
        """The local file behind a draft source, if it is one of this user's uploads."""
        with self.db.read() as conn:
            if source.media_id:
                row = conn.execute(
                    "SELECT stored_name FROM uploads WHERE id = ? AND user_id = ?", (source.media_id, user_id)
                ).fetchone()
            else:
                name = stored_name_from_url(source.url or "")
                row = conn.execute(
                    "SELECT stored_name FROM uploads WHERE stored_name = ? AND user_id = ?", (name, user_id)
                ).fetchone()
        if row is None:
            return None
        path = self.media_dir / str(row["stored_name"])
        return path if path.is_file() else None


def stored_name_from_url(url: str) -> str:
    """The generated name inside a media URL (relative or absolute); '' when it is not one."""
    path = urlsplit(url).path
    return path[len(MEDIA_PREFIX):] if path.startswith(MEDIA_PREFIX) and "/" not in path[len(MEDIA_PREFIX):] else ""


def _record(row: sqlite3.Row) -> MediaRecord:
    return MediaRecord(
        row["id"], row["session_id"], row["user_id"], row["kind"], row["filename"], row["stored_name"], row["size"],
        row["sha256"], row["duration_ms"], row["width"], row["height"], row["fps"],
    )
