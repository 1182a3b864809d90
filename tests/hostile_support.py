"""Helpers of the hostile-request and crash suites: raw HTTP over a socket, the envelope check, temp files."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    """A raw HTTP answer: status, lower-case headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


def address(url: str) -> tuple[str, int]:
    """Host and port of a base URL."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def raw_request(url: str, head: bytes, body: bytes = b"", *, timeout: float = 10.0) -> Answer:
    """Send exactly these bytes (a request head and a body) and read the whole answer; the server closes."""
    with socket.create_connection(address(url), timeout=timeout) as sock:
        sock.sendall(head + body)
        return read_answer(sock)


def read_answer(sock: socket.socket) -> Answer:
    """Read an answer with a Content-Length (or up to the close) from a socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {key.strip().lower(): value.strip() for key, _, value in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return Answer(status, headers, body)


def head(method: str, path: str, url: str, headers: dict[str, str], length: int | None = None) -> bytes:
    """A request head for this server (Host names it) with Connection: close."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {address(url)[0]}:{address(url)[1]}", "Connection: close"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def assert_envelope(status: int, body: Any, render: bool = False) -> None:
    """A 4xx (or 2xx) answer in the envelope (or render proxy) shape, never a 5xx."""
    assert status < 500, (status, body)
    assert isinstance(body, dict), body
    if render and "success" in body:
        assert isinstance(body["success"], bool) and (body["success"] or isinstance(body["error"], str)), body
        return
    assert set(body) >= {"code", "message"}, body
    assert isinstance(body["code"], int) and isinstance(body["message"], str), body
    if status >= 400:
        assert body["code"] != 0, body


def temp_files(data_dir: Path) -> list[Path]:
    """Files in the data folder's temp area (uploads and downloads in flight)."""
    tmp = data_dir / "tmp"
    return sorted(path for path in tmp.rglob("*") if path.is_file()) if tmp.exists() else []
