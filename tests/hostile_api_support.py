"""A misbehaving NemoVideo API on a loopback port, and the MCP server in-process in front of it.

`HostileApi` is a small HTTP/1.1 server on raw asyncio sockets, in a thread of its own (a separate "machine":
a client that blocks its own event loop cannot slow it down). Its routes speak the contract; a case replaces
one of them with a misbehaviour (`route`) or puts one-shot answers in front of it (`queue`).

`Hostile` opens the real client stack (NemoClient, Conversation, NemoMcp) against it with sub-second limits,
times every tool call against its deadline, and at the end checks what must hold in every case: no bare
"Error executing tool", no token in any reply, log line or file, no partial file under a video's final name.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import socket
import threading
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
from mcp import Client
from mcp_types import CallToolResult

from client_support import SKILL, fixture_bytes, fixture_json
from nemovideo.client import NemoClient
from nemovideo.client.http import Limits
from nemovideo.clock import SystemClock
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.conversation.turn import TurnLimits
from nemovideo.mcp_server import NemoMcp
from nemovideo.settings import Settings
from nemovideo.store import Store

MIB = 1024 * 1024
WEB_URL = "https://web.hostile.test"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 1024
SID = "1790001234001"
REASONS = {200: "OK", 401: "Unauthorized", 402: "Payment Required", 404: "Not Found", 413: "Payload Too Large",
           429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}

# Sub-second limits: every deadline in a case is a parameter, so nothing waits long.
CALL = 0.6  # a tool call without wait_seconds
MARGIN = 0.3  # what a call with wait_seconds may take beyond it
WAIT = 0.5  # the wait_seconds the cases pass
# On top of a deadline, as the host sees it: scheduling, and the MCP SDK's own work on the result after the
# deadline's grace (slow under tracemalloc on a busy shared machine; tens of milliseconds otherwise).
SLACK = 1.0
GUARD = 3.0  # how long past its deadline a call may hang before the case gives up on it
LIMITS = Limits(connect=0.5, read=0.5, exchange=1.0, upload=1.0, download=1.5, chat_read=3.0, max_body=MIB,
                max_error_body=64 * 1024, max_download=8 * MIB, max_event=256 * 1024)
TURN = TurnLimits(cap=1.2, keepalive_only=0.4, still_working_every=0.1, dropped_first_wait=0.05,
                  dropped_next_wait=0.05, dropped_reads=2)


@dataclass
class Request:
    """One request as the hostile server read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


class Conn:
    """How a handler answers: a whole response, or a head and then whatever bytes it likes."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.closing = False

    async def send(self, status: int, body: bytes | str | Any = b"", content_type: str = "application/json",
                   headers: dict[str, str] | None = None) -> None:
        """A complete response with a Content-Length (the connection stays open)."""
        raw = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else json.dumps(body).encode()
        lines = [f"Content-Type: {content_type}", f"Content-Length: {len(raw)}",
                 *(f"{k}: {v}" for k, v in (headers or {}).items())]
        await self.write(self._head(status, lines) + raw)

    async def start(self, status: int, content_type: str, headers: dict[str, str] | None = None) -> None:
        """The head of a body that ends when the connection closes."""
        self.closing = True
        lines = [f"Content-Type: {content_type}", "Connection: close",
                 *(f"{k}: {v}" for k, v in (headers or {}).items())]
        await self.write(self._head(status, lines))

    async def write(self, data: bytes) -> None:
        """Bytes on the wire, now."""
        self.writer.write(data)
        await self.writer.drain()

    @staticmethod
    def _head(status: int, lines: list[str]) -> bytes:
        return (f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n" + "".join(f"{line}\r\n" for line in lines)
                + "\r\n").encode()


Handler = Callable[[Request, Conn], Awaitable[None]]


@dataclass
class Route:
    """A method, a path pattern and what answers it."""

    method: str
    path: str
    pattern: re.Pattern[str]
    handler: Handler
    queued: list[Handler] = field(default_factory=list)


class HostileApi:
    """The contract on a loopback port, one misbehaviour at a time."""

    def __init__(self, user_id: str = "anon_hostile1") -> None:
        self.token = "nmv_usr_hostile" + secrets.token_hex(12)
        self.user_id = user_id  # who the session endpoint says owns the session
        self.seen: list[Request] = []
        self.renders: dict[str, int] = {}  # render id -> polls
        self._routes: list[Route] = []
        self._install_defaults()
        self._defaults = {(r.method, r.path): r.handler for r in self._routes}
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    # -- scripting -------------------------------------------------------------------------
    def route(self, method: str, path: str, handler: Handler) -> None:
        """Replace what answers `method path` (`{x}` matches one path segment)."""
        self._routes = [r for r in self._routes if not (r.method == method and r.path == path)]
        self._routes.insert(0, Route(method, path, _pattern(path), handler))

    def restore(self, method: str, path: str) -> None:
        """Answer `method path` as the contract says again."""
        self.route(method, path, self._defaults[(method, path)])

    def queue(self, method: str, path: str, *handlers: Handler) -> None:
        """Answer the next requests to a route with these handlers, in order, then as before."""
        next(r for r in self._routes if r.method == method and r.path == path).queued.extend(handlers)

    def count(self, method: str, prefix: str) -> int:
        """How many requests came for paths starting with `prefix`."""
        return sum(1 for r in list(self.seen) if r.method == method and r.path.startswith(prefix))

    # -- running ---------------------------------------------------------------------------
    def __enter__(self) -> HostileApi:
        self._thread.start()
        self._ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(5)
        self._thread.join(5)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        server = await asyncio.start_server(self._serve, sock=self._sock)
        self._ready.set()
        async with server:
            await self._stopped.wait()

    async def _stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._stopped.set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                self.seen.append(request)
                conn = Conn(writer)
                await self._handler(request)(request, conn)
                if conn.closing:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    def _handler(self, request: Request) -> Handler:
        for route in self._routes:
            if route.method == request.method and route.pattern.match(request.path):
                return route.queued.pop(0) if route.queued else route.handler
        return not_found

    # -- the contract ----------------------------------------------------------------------
    def _install_defaults(self) -> None:
        expires = (datetime.now(UTC) + timedelta(days=7)).isoformat()
        state = fixture_json("api/state_seed.json")
        state["data"]["session_id"] = SID

        async def token(request: Request, conn: Conn) -> None:
            data = {"token": self.token, "user_id": "anon_hostile1", "credits": 100, "expires_at": expires}
            await conn.send(200, {"code": 0, "message": "ok", "data": data})

        async def session(request: Request, conn: Conn) -> None:
            data = {"task_id": "task_1", "session_id": SID, "user_id": self.user_id}
            await conn.send(200, {"code": 0, "message": "ok", "data": data})

        async def submit(request: Request, conn: Conn) -> None:
            rid = request.json()["id"]
            self.renders[rid] = 0
            await conn.send(200, {"success": True, "data": {"id": rid, "status": "pending", "progress": 0}})

        async def poll(request: Request, conn: Conn) -> None:
            rid = request.path.rsplit("/", 1)[-1]
            self.renders[rid] = self.renders.get(rid, 0) + 1
            data = {"id": rid, "status": "completed", "progress": 100,
                    "outputUrl": f"/api/render/proxy/{rid}/download"}
            await conn.send(200, {"success": True, "data": data})

        self.route("POST", "/api/auth/anonymous-token", token)
        self.route("POST", "/api/tasks/me/with-session/nemo_agent", session)
        self.route("POST", "/api/auth/claim-token", reply(200, fixture_json("api/claim_token.json")))
        self.route("POST", "/run_sse", reply(200, fixture_bytes("sse/text_reply.sse"), "text/event-stream"))
        self.route("POST", "/api/upload-video/nemo_agent/me/{sid}", reply(200, fixture_json("api/upload_files.json")))
        self.route("GET", "/api/credits/balance/simple", reply(200, fixture_json("api/credits.json")))
        self.route("GET", "/api/state/nemo_agent/me/{sid}/latest", reply(200, state))
        self.route("POST", "/api/render/proxy/lambda", submit)
        self.route("GET", "/api/render/proxy/lambda/{rid}", poll)
        self.route("GET", "/api/render/proxy/{rid}/download", reply(200, MP4, "video/mp4"))


# -- handlers a case can use ------------------------------------------------------------------
def reply(status: int, body: bytes | str | Any, content_type: str = "application/json",
          headers: dict[str, str] | None = None) -> Handler:
    """Always the same complete answer."""

    async def handle(request: Request, conn: Conn) -> None:
        await conn.send(status, body, content_type, headers)

    return handle


def envelope(data: Any) -> Handler:
    """A successful `/api/*` answer, as JSON text (so a case can put anything in it)."""
    raw = data if isinstance(data, str) else json.dumps(data)
    return reply(200, '{"code": 0, "message": "ok", "data": ' + raw + "}")


async def silent(request: Request, conn: Conn) -> None:
    """Read the request, then never answer."""
    await asyncio.sleep(3600)


def stream(status: int, content_type: str, pieces: Callable[[], AsyncIterator[bytes]],
           headers: dict[str, str] | None = None) -> Handler:
    """A head, then the pieces as they come; the body ends when they do (or never)."""

    async def handle(request: Request, conn: Conn) -> None:
        await conn.start(status, content_type, headers)
        async for piece in pieces():
            await conn.write(piece)

    return handle


async def not_found(request: Request, conn: Conn) -> None:
    """A route the contract does not have."""
    await conn.send(404, {"detail": "Not Found"})


def html(title: str) -> str:
    """A gateway's or a sign-in page's HTML."""
    return f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    first, *lines = head.decode("latin-1").split("\r\n")
    method, target, _ = first.split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while size := int((await reader.readuntil(b"\r\n")).strip() or b"0", 16):
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        return Request(method, target.split("?")[0], headers, bytes(body))
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Request(method, target.split("?")[0], headers, body)


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$")


# -- the product in front of it -----------------------------------------------------------------
@dataclass
class Call:
    """One tool call as the host saw it."""

    tool: str
    seconds: float
    limit: float
    result: CallToolResult
    progress: list[str]

    @property
    def data(self) -> dict[str, Any]:
        """The structured reply."""
        assert self.result.structured_content is not None
        return self.result.structured_content

    @property
    def text(self) -> str:
        """The readable text."""
        first = self.result.content[0]
        return first.text if first.type == "text" else ""


class Hostile:
    """The MCP server in-process over the real client stack, pointed at a HostileApi."""

    def __init__(self, root: Path, api: HostileApi, *, nemo_token: str | None = None, limits: Limits = LIMITS,
                 turn: TurnLimits = TURN, poll_limit: float = 0.6, call: float = CALL, margin: float = MARGIN) -> None:
        self.root = root
        self.margin = margin
        self.api = api
        self.nemo_token = nemo_token
        self.limits = limits
        self.turn = turn
        self.poll_limit = poll_limit
        self.call_deadline = call
        self.calls: list[Call] = []
        self.texts: list[str] = []  # everything a host was shown (tool results and resources)
        self.memory_limit = 40 * MIB  # tracemalloc's peak; a case about size sets a tighter one

    @contextlib.asynccontextmanager
    async def _open(self) -> AsyncIterator[Conversation]:
        settings = Settings(api_url=self.api.url, web_url=WEB_URL, token=self.nemo_token, data_dir=self.root / "data")
        store = Store(settings.data_dir)
        async with NemoClient(settings, store, SKILL, limits=self.limits) as client:
            config = ConversationConfig(web_url=WEB_URL, downloads=self.root / "videos", poll_interval=0.02,
                                        poll_limit=self.poll_limit, limits=self.turn)
            conversation = Conversation(client, store, config, clock=SystemClock())
            try:
                yield conversation
            finally:
                await conversation.aclose()

    @contextlib.asynccontextmanager
    async def client(self) -> AsyncIterator[Client]:
        """An MCP client session (a server start: unfinished renders are resumed)."""
        server = NemoMcp(self._open, call_deadline=self.call_deadline, wait_margin=self.margin, heartbeat=0.05).build()
        async with Client(server) as client:
            yield client

    async def call(self, client: Client, tool: str, args: dict[str, Any] | None = None) -> Call:
        """Call a tool, timing it against its deadline (which it must keep)."""
        args = args or {}
        wait = args.get("wait_seconds")
        limit = self.call_deadline if wait is None else wait + self.margin
        progress: list[str] = []

        async def on_progress(value: float, total: float | None, message: str | None) -> None:
            progress.append(message or "")

        started = time.monotonic()
        with anyio.fail_after(limit + GUARD):  # a client without deadlines fails the case instead of hanging it
            result = await client.call_tool(tool, args, progress_callback=on_progress)
        call = Call(tool, time.monotonic() - started, limit, result, progress)
        self.calls.append(call)
        self.texts += [block.text for block in result.content if block.type == "text"]
        self.texts.append(json.dumps(result.structured_content))
        assert call.seconds <= limit + SLACK, f"{tool} took {call.seconds:.2f} s, over its {limit} s deadline"
        return call

    async def resource(self, client: Client, uri: str) -> str:
        """Read a resource (within the call deadline)."""
        started = time.monotonic()
        with anyio.fail_after(self.call_deadline + GUARD):
            result = await client.read_resource(uri)
        assert time.monotonic() - started <= self.call_deadline + SLACK
        content = result.contents[0]
        text = content.text if hasattr(content, "text") else ""
        self.texts.append(text)
        return text

    def verify(self, records: list[logging.LogRecord], peak: int) -> None:
        """What holds in every case, whatever the server did."""
        token = self.api.token
        for text in self.texts:
            assert "Error executing tool" not in text and "Traceback" not in text, text[:300]
            assert token not in text
        for record in records:
            assert token not in _formatted(record), record.getMessage()[:300]
            # Without -v the log level is WARNING: what shows there is one line, never a traceback.
            assert record.levelno < logging.WARNING or not record.exc_info, record.getMessage()[:300]
        for path in self.root.rglob("*"):
            if path.is_file() and path.name != "credentials.json":  # the token's own 0600 store
                assert token.encode() not in path.read_bytes(), path
            assert not path.name.endswith((".download", ".part")), f"{path} was left behind"
            if path.suffix == ".mp4":
                assert path.read_bytes()[4:8] == b"ftyp", f"{path} sits under a final name but is not an MP4"
        assert peak <= self.memory_limit, f"peak traced memory {peak / MIB:.1f} MiB"


def _formatted(record: logging.LogRecord) -> str:
    return logging.Formatter().format(record)


def traced_peak() -> int:
    """tracemalloc's peak since it started or was reset."""
    return tracemalloc.get_traced_memory()[1]
