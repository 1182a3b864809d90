"""The server's log records to the host: `logging/setLevel`, then `notifications/message` at or above that level.

Each connection (each streamable-HTTP session) keeps its own level; until it sets one it gets nothing. Records of
the `nemovideo` logger made while serving a connection's request (or work that request started) go to that
connection only: on the request's own stream while the request is open, on the connection's channel afterwards.
Records made outside any request (start-up, the embedded backend's thread) go to every connection that asked.
The data is the record's message with tokens masked; nothing is written to stdout.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from mcp.server.connection import Connection
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.session import ServerSession
from mcp_types import (
    EmptyResult,
    LoggingLevel,
    LoggingMessageNotification,
    LoggingMessageNotificationParams,
    RequestId,
    SetLevelRequestParams,
)

from nemovideo.client.redact import scrub, shorten

# The syslog levels of MCP against Python's numbers (notice, alert and emergency fall between or above them).
LEVELS: dict[LoggingLevel, int] = {
    "debug": logging.DEBUG, "info": logging.INFO, "notice": 25, "warning": logging.WARNING, "error": logging.ERROR,
    "critical": logging.CRITICAL, "alert": 60, "emergency": 70,
}
LONGEST = 2_000  # characters of one message
BUFFER = 256  # records waiting for delivery; more are dropped rather than slow the server
DRAIN = 2.0  # seconds a request's answer waits for its records to be delivered
SILENT = 100  # the threshold of a connection that asked for nothing: above every level


def mcp_level(levelno: int) -> LoggingLevel:
    """The MCP level of a Python record level: the highest one it reaches."""
    reached = [name for name, number in LEVELS.items() if number <= levelno]
    return reached[-1] if reached else "debug"


class Entry(NamedTuple):
    """One record, ready to send."""

    levelno: int
    logger: str
    data: str

    def notification(self) -> LoggingMessageNotification:
        """The record as `notifications/message`."""
        return LoggingMessageNotification(params=LoggingMessageNotificationParams(
            level=mcp_level(self.levelno), logger=self.logger, data=self.data))


@dataclass
class Origin:
    """The request a record was made for: its connection and, while the request is open, its stream."""

    connection: Connection
    send: MemoryObjectSendStream[Entry] | None = None


Queued = tuple[Entry, Connection | None]  # a record made outside a request, or for a connection's finished request

ORIGIN: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("nemovideo_mcp_log_origin", default=None)


def connection_of(session: ServerSession) -> Connection:
    """The connection a request came on (mcp 2.3 keeps it on the session without a public name)."""
    return session._connection


class Listener(NamedTuple):
    """A connection that asked for records: its threshold and a session to reach it by."""

    level: int
    session: ServerSession


class HostLogs:
    """Levels per connection, the `logging/setLevel` handler, and the delivery of records to the host."""

    def __init__(self, logger: str = "nemovideo") -> None:
        self.logger = logging.getLogger(logger)
        self.listeners: dict[Connection, Listener] = {}  # replaced, never changed in place: threads read it
        self.handler = _Forwarder(self)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._send: MemoryObjectSendStream[Queued] | None = None
        self._own_level = logging.NOTSET

    def register(self, server: MCPServer) -> None:
        """Serve `logging/setLevel` (which declares the logging capability) and know which request a record is for."""
        # MCPServer has no decorator for it; the low-level server's handler table is what declares the capability.
        server._lowlevel_server.add_request_handler("logging/setLevel", SetLevelRequestParams, self.set_level)
        server.middleware.append(self.around_request)

    async def set_level(self, ctx: ServerRequestContext[Any, Any], params: SetLevelRequestParams) -> EmptyResult:
        """Send this connection the records at or above `params.level` from now on."""
        connection = connection_of(ctx.session)
        if connection not in self.listeners:
            connection.exit_stack.callback(self.forget, connection)
        self.listeners = {**self.listeners, connection: Listener(LEVELS[params.level], ctx.session)}
        self._follow_listeners()
        return EmptyResult()

    def forget(self, connection: Connection) -> None:
        """The connection closed: send it nothing more."""
        self.listeners = {key: value for key, value in self.listeners.items() if key is not connection}
        self._follow_listeners()

    def threshold(self, connection: Connection | None = None) -> int:
        """The lowest level a connection (or, without one, any connection) asked for."""
        levels = [listener.level for key, listener in self.listeners.items() if connection in (None, key)]
        return min(levels, default=SILENT)

    def _follow_listeners(self) -> None:
        # The logger must make the records a host asked for; stderr keeps its threshold on its own handler (cli.py).
        self.logger.setLevel(self._own_level)
        if self.threshold() < self.logger.getEffectiveLevel():
            self.logger.setLevel(self.threshold())

    @contextlib.asynccontextmanager
    async def forwarding(self) -> AsyncIterator[None]:
        """Forward records while the server runs (a nested entry, such as a second in-process client, does nothing)."""
        if self._loop is not None:
            yield
            return
        send, receive = anyio.create_memory_object_stream[Queued](BUFFER)
        self._loop, self._send, self._own_level = asyncio.get_running_loop(), send, self.logger.level
        self.logger.addHandler(self.handler)
        try:
            async with send, receive, anyio.create_task_group() as group:
                group.start_soon(self._deliver_outside_requests, receive)
                try:
                    yield
                finally:
                    group.cancel_scope.cancel()
        finally:
            self.logger.removeHandler(self.handler)
            self._loop = self._send = None
            self.listeners = {}
            self.logger.setLevel(self._own_level)

    async def around_request(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        """Middleware: run a request with its records going to its own connection (on its stream, if it asked)."""
        loop = self._loop
        if ctx.request_id is None or loop is None:
            return await call_next(ctx)
        origin = Origin(connection_of(ctx.session))
        token = ORIGIN.set(origin)
        try:
            if origin.connection not in self.listeners:
                return await call_next(ctx)
            send, receive = anyio.create_memory_object_stream[Entry](BUFFER)
            origin.send = send
            async with receive, anyio.create_task_group() as group:
                group.start_soon(self._deliver_on_request, receive, ctx.session, ctx.request_id, origin.connection)
                try:
                    result = await call_next(ctx)
                finally:
                    # Closed after the records already on their way (callbacks run in order); the rest is delivered
                    # before the answer, within DRAIN seconds.
                    loop.call_soon_threadsafe(send.close)
                    group.cancel_scope.deadline = anyio.current_time() + DRAIN
            return result
        finally:
            ORIGIN.reset(token)

    def submit(self, entry: Entry, origin: Origin | None) -> None:
        """Hand a record to the event loop, from any thread, without waiting (the loop runs them in order)."""
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._enqueue, entry, origin)

    def _enqueue(self, entry: Entry, origin: Origin | None) -> None:
        try:
            if origin is not None and origin.send is not None:
                try:
                    origin.send.send_nowait(entry)
                    return
                except anyio.ClosedResourceError:
                    pass  # the request has answered; work it started goes on, and its records to its connection
            if self._send is not None:
                self._send.send_nowait((entry, origin.connection if origin else None))
        except (anyio.WouldBlock, anyio.ClosedResourceError, anyio.BrokenResourceError):
            pass  # too many records waiting, or the server is stopping: this one is dropped

    async def _deliver_on_request(self, receive: MemoryObjectReceiveStream[Entry], session: ServerSession,
                                  request_id: RequestId, connection: Connection) -> None:
        async for entry in receive:
            if entry.levelno >= self.threshold(connection):
                await _send(session, entry, request_id)

    async def _deliver_outside_requests(self, receive: MemoryObjectReceiveStream[Queued]) -> None:
        async for entry, target in receive:
            for connection, listener in self.listeners.items():
                if entry.levelno >= listener.level and target in (None, connection):
                    await _send(listener.session, entry)


async def _send(session: ServerSession, entry: Entry, request_id: RequestId | None = None) -> None:
    """Send one record; a log line that cannot be delivered is dropped, never an error for the work that made it."""
    with contextlib.suppress(Exception):
        await session.send_notification(entry.notification(), related_request_id=request_id)


class _Forwarder(logging.Handler):
    """The logging handler: masks the message and hands it over if some connection wants its level."""

    def __init__(self, logs: HostLogs) -> None:
        super().__init__()
        self.logs = logs

    def emit(self, record: logging.LogRecord) -> None:
        """Hand the record over (it must never block nor raise into the code that logged)."""
        listeners = self.logs.listeners
        if record.levelno < self.logs.threshold():
            return
        origin = ORIGIN.get()
        if origin is not None and origin.connection not in listeners:
            return  # made for a connection that did not ask: never another connection's business
        try:
            data = shorten(scrub(record.getMessage()), LONGEST)
        except Exception:
            self.handleError(record)
            return
        self.logs.submit(Entry(record.levelno, record.name, data), origin)
