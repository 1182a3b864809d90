"""Upload input, checked before anything is sent; files are streamed from disk as multipart field `files`."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from nemovideo.errors import ACCEPTED_FORMATS, MAX_UPLOAD_BYTES, FileTooLarge, InputError, UnsupportedFile

FIELD = "files"
MultipartFile = tuple[str, tuple[str, IO[bytes], str]]


@dataclass(frozen=True)
class LocalFile:
    """A file that passed the checks."""

    path: Path
    name: str
    size: int
    mime: str


def check_files(paths: Sequence[Path]) -> list[LocalFile]:
    """Every path exists, is a file, has an accepted extension and is within the size limit."""
    if not paths:
        raise InputError("No files were given to upload.", reason="upload_ask")
    return [_check_file(Path(path)) for path in paths]


def check_urls(urls: Sequence[str]) -> list[str]:
    """Every URL is an absolute http(s) address."""
    if not urls:
        raise InputError("No URLs were given to upload.", reason="upload_ask")
    return [_check_url(url) for url in urls]


def open_parts(files: Sequence[LocalFile], stack: ExitStack) -> list[MultipartFile]:
    """Multipart parts whose file objects are read chunk by chunk while sending (closed by `stack`)."""
    return [(FIELD, (item.name, stack.enter_context(item.path.open("rb")), item.mime)) for item in files]


def _check_file(path: Path) -> LocalFile:
    if not path.is_file():
        raise InputError(f"Cannot upload {path.name!r}: the file does not exist.", hint="Check the path.",
                         reason="no_file", values={"path": path})
    extension = path.suffix.lower().lstrip(".")
    if extension not in ACCEPTED_FORMATS:
        shown = f".{extension}" if extension else "no extension"
        raise InputError(
            f"Cannot upload {path.name!r}: {shown} is not an accepted format.",
            code=UnsupportedFile.wire_code,
            hint=UnsupportedFile.default_hint,
            reason="not_accepted",
            values={"name": path.name},
        )
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"Cannot upload {path.name!r}: the file is empty.", reason="empty_file",
                         values={"name": path.name})
    if size > MAX_UPLOAD_BYTES:
        raise InputError(
            f"Cannot upload {path.name!r}: it is {size / 1024 / 1024:.0f} MB, over the 200 MB limit.",
            code=FileTooLarge.wire_code,
            hint=FileTooLarge.default_hint,
            reason="too_large",
            values={"name": path.name},
        )
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    # A name that is not valid UTF-8 on disk (surrogate escapes) is sent with replacement characters.
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return LocalFile(path, name, size, mime)


def _check_url(url: str) -> str:
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"Cannot upload {text[:80]!r}: only http:// and https:// addresses can be uploaded.",
            hint="Give a full web address, or upload the file itself.",
            reason="bad_url",
            values={"url": text[:80]},
        )
    if parts.username or parts.password:
        raise InputError("Cannot upload an address that contains a user name or password.", reason="url_login")
    return text
