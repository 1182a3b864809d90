"""Multipart uploads streamed straight to temp files, refused as soon as a part is of the wrong type or too big."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartState, parse_options_header

from nemovideo.errors import BadRequest, FileTooLarge
from nemovideo.local.store.files import TempFiles
from nemovideo.local.store.media import Received, check_type, display_name

FIELD = "files"
MAX_FIELD_BYTES = 64 * 1024  # non-file form fields are read and dropped, up to this size


@dataclass
class _Part:
    headers: dict[str, str] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    ext: str = ""
    handle: BinaryIO | None = None
    path: Path | None = None
    size: int = 0
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)


class MultipartReceiver:
    """Parser callbacks that write each `files` part to its own temp file while enforcing the limits."""

    def __init__(self, temps: TempFiles, max_bytes: int, max_files: int) -> None:
        self.temps = temps
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.received: list[Received] = []
        self._part = _Part()
        self._field = b""
        self._value = b""

    def parser(self, boundary: bytes) -> MultipartParser:
        """A streaming parser wired to this receiver."""
        return MultipartParser(boundary, {
            "on_part_begin": self._begin, "on_part_data": self._data, "on_part_end": self._end,
            "on_header_field": self._header_field, "on_header_value": self._header_value,
            "on_header_end": self._header_end, "on_headers_finished": self._headers_done,
        })

    def cleanup(self) -> None:
        """Close the file being written and delete every temp file this request wrote."""
        if self._part.handle is not None:
            self._part.handle.close()
            self._part.handle = None
        self.temps.close()

    def _begin(self) -> None:
        self._part = _Part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        # latin-1 keeps the raw bytes; the filename inside is decoded as UTF-8 once the header is parsed.
        self._part.headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field = self._value = b""

    def _headers_done(self) -> None:
        part = self._part
        _, options = parse_options_header(part.headers.get("content-disposition", ""))
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        raw_name = options.get(b"filename")
        if part.name != FIELD or raw_name is None:
            return
        if len(self.received) >= self.max_files:
            raise BadRequest(f"too many files in one upload: at most {self.max_files}")
        part.filename = display_name(raw_name.decode("utf-8", "replace"), "upload")
        part.ext = check_type(part.filename)
        part.path, part.handle = self.temps.create("up")

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        part.size += end - start
        if part.handle is None:
            if part.size > MAX_FIELD_BYTES:
                raise BadRequest(f"form field {part.name[:40]!r} is too large")
            return
        if part.size > self.max_bytes:
            raise FileTooLarge(f"file too large: {part.filename} is over the {_mb(self.max_bytes)} limit")
        chunk = data[start:end]
        part.handle.write(chunk)
        part.digest.update(chunk)

    def _end(self) -> None:
        part = self._part
        if part.handle is None or part.path is None or part.filename is None:
            return
        part.handle.close()
        part.handle = None
        self.received.append(Received(part.path, part.filename, part.ext, part.size, part.digest.hexdigest()))


def boundary_of(content_type: str) -> bytes:
    """The multipart boundary of a Content-Type header; BadRequest when it is not multipart."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadRequest("send files as multipart/form-data in the field 'files', or JSON {\"urls\": [...]}")
    return boundary


async def receive_multipart(
    chunks: AsyncIterator[bytes], content_type: str, content_length: int | None, receiver: MultipartReceiver
) -> list[Received]:
    """Stream a multipart body into the receiver; stops reading at the first refusal."""
    boundary = boundary_of(content_type)
    budget = receiver.max_files * (receiver.max_bytes + MAX_FIELD_BYTES)
    if content_length is not None and content_length > budget:
        raise FileTooLarge(f"file too large: the upload is over the {_mb(receiver.max_bytes)} limit")
    parser = receiver.parser(boundary)
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise BadRequest("the multipart body is malformed") from None
    if parser.state != MultipartState.END:
        # The parser accepts a body that stops inside a part; the part cut off would be dropped without a word.
        raise BadRequest("the multipart body ended before its closing boundary: send the upload again")
    if not receiver.received:
        raise BadRequest("no files in the upload: send them in the repeatable field 'files'")
    return receiver.received


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
