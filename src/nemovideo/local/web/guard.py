"""The outermost middleware: the Host check against DNS rebinding, and a bounded wait for a request body."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nemovideo.errors import BadRequest
from nemovideo.local.web.validate import host_name, split_host
from nemovideo.local.web.wire import envelope_error

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
BODY_TIMEOUT_S = 30.0


class RequestGuard:
    """ASGI middleware: the Host check and the bounded wait for a request body."""

    def __init__(self, app: ASGIApp, served_host: str | None = None, body_timeout_s: float = BODY_TIMEOUT_S) -> None:
        self.app = app
        self.names = set(LOOPBACK_NAMES) | ({host_name(served_host)} if served_host else set())
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a foreign Host; otherwise pass the request on with a receive that cannot wait forever."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.host_allowed(scope):
            error = BadRequest("the Host header does not name this server (use 127.0.0.1 or localhost)")
            await envelope_error(error)(scope, receive, send)
            return
        await self.app(scope, self._bounded(receive), send)

    def host_allowed(self, scope: Scope) -> bool:
        """True when the Host header names this server: a loopback name (or the served host) with its port."""
        values = [value for key, value in scope["headers"] if key == b"host"]
        if len(values) != 1:
            return False
        parsed = split_host(values[0].decode("latin-1"))
        if parsed is None or parsed[0] not in self.names:
            return False
        server = scope.get("server")
        served_port = server[1] if server and server[1] is not None else 80
        # A browser leaves out port 80; a DNS-rebinding page must name its own port, which is never ours by chance.
        return (parsed[1] if parsed[1] is not None else 80) == served_port

    def _bounded(self, receive: Receive) -> Receive:
        done = False
        timeout = self.body_timeout_s

        async def bounded_receive() -> Message:
            nonlocal done
            if done:  # the body is in: later receives wait for a disconnect (a stream's whole life)
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                raise BadRequest(f"the request body did not arrive within {timeout:g} s") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        return bounded_receive
