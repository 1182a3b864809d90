"""Encoded pieces kept between renders: a piece whose inputs did not change is not composed or encoded again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

MAX_BYTES = 1 << 30  # oldest pieces go first past 1 GB


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the renderer's own source and ffmpeg's binary: a change to either invalidates every piece."""
    from nemovideo.local.probe import ffmpeg_exe

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    try:
        binary = Path(ffmpeg_exe())
        digest.update(f"{binary}:{binary.stat().st_size}".encode())
    except (OSError, RuntimeError):
        digest.update(b"no-ffmpeg")
    return digest.hexdigest()


def file_identity(path: Path | None) -> list[object]:
    """What says a source file is unchanged: its path, size and modification time."""
    if path is None:
        return []
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def key(*parts: object) -> str:
    """A stable hash of plain data and dataclasses."""
    def plain(value: object) -> object:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        return str(value)

    text = json.dumps([code_version(), *parts], sort_keys=True, default=plain, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PieceCache:
    """Files by key in one folder; reads refresh a file's age, writes are atomic, the folder stays under a size."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    def fetch(self, name: str, target: Path) -> bool:
        """Copy a kept file to `target`; False when there is none (or it cannot be read)."""
        kept = self.folder / name
        try:
            shutil.copyfile(kept, target)
            os.utime(kept)
        except OSError:
            return False
        log.debug("render cache hit: %s", name)
        return True

    def keep(self, name: str, source: Path) -> None:
        """Keep a copy of a finished file; a full or read-only cache is not an error."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".part")
            os.close(handle)
            shutil.copyfile(source, temp)
            os.replace(temp, self.folder / name)
        except OSError as exc:
            log.warning("render cache not updated (%s)", exc.strerror or exc)
            return
        self.trim()

    def trim(self) -> None:
        """Drop the least recently used files until the folder fits."""
        try:
            files = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.iterdir() if p.is_file()]
        except OSError:
            return
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
                total -= size
            except OSError:
                continue
