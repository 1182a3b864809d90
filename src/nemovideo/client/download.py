"""Streaming a response body to disk: a temp file beside the destination, renamed once complete; the size guard
counts what is written (decompressed), so an endless or inflating body cannot fill the disk."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx2

from nemovideo.client.body import SizeGuard, chunks
from nemovideo.errors import DownloadIncomplete, NemoError, ResponseTooLarge

Progress = Callable[[int, int | None], None]


async def save(response: httpx2.Response, dest: Path, on_progress: Progress | None = None,
               max_bytes: int = 4096 * 1024 * 1024) -> Path:
    """Write the body to a new file `dest` (never replacing one: FileExistsError); a short body (vs Content-Length)
    or a broken connection raises DownloadIncomplete, one over `max_bytes` ResponseTooLarge."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    expected = _content_length(response)
    encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
    total = None if encoded else expected
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            done = await _copy(response, out, total, on_progress, SizeGuard(max_bytes, "download"))
        # Content-Length counts the bytes on the wire: compressed ones when the body is encoded.
        received = response.num_bytes_downloaded if encoded else done
        if expected is not None and 0 < expected and received < expected:
            raise DownloadIncomplete(f"The download stopped after {received} of {expected} bytes.")
        os.chmod(tmp, 0o666 & ~_umask())  # the user's video, not a secret: usual permissions, not mkstemp's 0600
        # A hard link never replaces an existing file, even one that appeared during the download
        # (another export choosing the same name): that raises FileExistsError instead.
        os.link(tmp, dest)
        os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return dest


async def _copy(response: httpx2.Response, out: IO[bytes], total: int | None, on_progress: Progress | None,
                guard: SizeGuard) -> int:
    done = 0
    try:
        async for chunk in chunks(response, guard):
            out.write(chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, total)
    except ResponseTooLarge:
        raise
    except NemoError as exc:
        raise DownloadIncomplete(f"The download broke off after {done} bytes ({exc.message})") from None
    return done


def _content_length(response: httpx2.Response) -> int | None:
    try:
        value = int(response.headers.get("content-length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
