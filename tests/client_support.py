"""A programmable fake of the NemoVideo API for client tests: contract routes, scripted answers, every request recorded.

The default routes behave like the contract (tokens per client id, bearer checks -> 1001, session ownership
-> 1002, render ids); `queue()` puts one-shot answers in front of a route so a test can script failures.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from nemovideo.client import NemoClient
from nemovideo.client.http import Limits
from nemovideo.clock import FakeClock
from nemovideo.settings import Settings
from nemovideo.skill import Skill
from nemovideo.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
API_URL = "https://api.nemo.test"
WEB_URL = "https://web.nemo.test"
SKILL = Skill(name="nemovideo-test", version="9.8.7", description="test skill", path=None, platform="cursor")

Answer = httpx2.Response
Handler = Callable[[httpx2.Request], Answer]
HEAD_BYTES = 64 * 1024
CONTENT_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".sse": "text/event-stream"}


def fixture_bytes(name: str) -> bytes:
    """A fixture's raw bytes, e.g. 'sse/text_reply.sse'."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    """A JSON fixture, parsed."""
    return json.loads(fixture_bytes(name))


def answer(
    body: bytes | str | Any, status: int = 200, headers: Mapping[str, str] | None = None, content_type: str = ""
) -> Handler:
    """A handler that answers with a fresh response each time (JSON-encoding non-bytes bodies)."""
    if isinstance(body, str):
        raw, kind = body.encode("utf-8"), content_type or "text/plain; charset=utf-8"
    elif isinstance(body, bytes):
        raw, kind = body, content_type or "application/octet-stream"
    else:
        raw, kind = json.dumps(body).encode("utf-8"), content_type or "application/json"

    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status, headers={"content-type": kind, **(headers or {})}, content=raw)

    return handle


def fixture(name: str, status: int = 200, headers: Mapping[str, str] | None = None) -> Handler:
    """A handler answering with a fixture file, typed by its extension."""
    return answer(fixture_bytes(name), status, headers, CONTENT_TYPES.get(Path(name).suffix, ""))


def envelope(data: Any, code: int = 0, message: str = "ok", status: int = 200) -> Handler:
    """A handler answering with the `/api/*` envelope."""
    return answer({"code": code, "message": message, "data": data}, status)


def chunked(
    chunks: list[bytes], *, then_raise: Exception | None = None, headers: Mapping[str, str] | None = None
) -> Handler:
    """A handler whose body arrives in chunks and may break off with a transport error."""

    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk
        if then_raise is not None:
            raise then_raise

    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, headers=dict(headers or {"content-type": "text/event-stream"}), content=body())

    return handle


@dataclass
class Seen:
    """One request as the backend received it."""

    method: str
    url: str
    path: str
    headers: httpx2.Headers
    body: bytes
    streamed_bytes: int = 0
    head: bytes = b""
    timeout: dict[str, float | None] = field(default_factory=dict)

    def json(self) -> Any:
        """The request body as JSON."""
        return json.loads(self.body)

    @property
    def bearer(self) -> str | None:
        """The bearer token sent, if any."""
        value = self.headers.get("authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None


@dataclass
class Route:
    """A method and a path pattern with `{name}` placeholders."""

    method: str
    pattern: re.Pattern[str]
    handler: Callable[[httpx2.Request, dict[str, str]], Answer]
    stream: bool = False
    queued: deque[Handler] = field(default_factory=deque)


class FakeBackend(httpx2.MockTransport):
    """The contract's routes over MockTransport; upload bodies are consumed chunk by chunk, never buffered."""

    def __init__(self, token_prefix: str = "nmv_usr_fake") -> None:
        super().__init__(self._dispatch)
        self.requests: list[Seen] = []
        self.token_prefix = token_prefix
        self.tokens: dict[str, str] = {}  # token -> user id
        self.issued: list[str] = []
        self.client_tokens: dict[str, str] = {}  # client id -> token
        self.sessions: dict[str, str] = {}  # session id -> user id
        self.renders: dict[str, dict[str, Any]] = {}
        self.downloads: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._routes: list[Route] = []
        self._install_defaults()

    # -- scripting -------------------------------------------------------------------------
    def route(
        self, method: str, path: str, handler: Callable[[httpx2.Request, dict[str, str]], Answer], stream: bool = False
    ) -> None:
        """Add or replace the default handler of a route."""
        pattern = re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")
        self._routes = [r for r in self._routes if not (r.method == method and r.pattern.pattern == pattern.pattern)]
        self._routes.append(Route(method, pattern, handler, stream))

    def queue(self, method: str, path: str, *handlers: Handler) -> None:
        """Answer the next requests to an existing route with these handlers, in order, then as before."""
        self._find(method, path).queued.extend(handlers)

    def clear(self, method: str, path: str) -> None:
        """Drop the answers still queued for a route."""
        self._find(method, path).queued.clear()

    def seen(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        """Recorded requests, optionally filtered by method and exact path."""
        return [s for s in self.requests if (method is None or s.method == method) and (path is None or s.path == path)]

    def issue_token(self, client_id: str = "seeded-client-id") -> str:
        """Make a valid token as the token endpoint would."""
        token = f"{self.token_prefix}{next(self._ids):04d}{random.randrange(16**8):08x}"
        self.tokens[token] = f"anon_{client_id[:8]}"
        self.issued.append(token)
        self.client_tokens[client_id] = token
        return token

    def revoke(self, token: str) -> None:
        """Make a token invalid (as expiry would); its user and sessions stay."""
        self.tokens.pop(token, None)

    def open_session(self, token: str) -> str:
        """Make a session owned by the token's user."""
        sid = str(1790001234000 + next(self._ids))
        self.sessions[sid] = self.tokens[token]
        return sid

    # -- transport -------------------------------------------------------------------------
    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Dispatch; a streamed route reads the body itself, chunk by chunk."""
        route = self._match(request.method, request.url.path)[0]
        streamed = route is not None and route.stream
        if not streamed:
            await request.aread()
        seen = Seen(
            request.method,
            str(request.url),
            request.url.path,
            request.headers,
            b"" if streamed else request.content,
            timeout=dict(request.extensions.get("timeout", {})),
        )
        self.requests.append(seen)
        if streamed:
            async for chunk in request.stream:  # type: ignore[union-attr]
                if len(seen.head) < HEAD_BYTES:
                    seen.head += chunk[: HEAD_BYTES - len(seen.head)]
                seen.streamed_bytes += len(chunk)
        return self._dispatch(request)

    def _dispatch(self, request: httpx2.Request) -> Answer:
        route, params = self._match(request.method, request.url.path)
        if route is None:
            return httpx2.Response(404, json={"detail": "Not Found"})
        if route.queued:
            return route.queued.popleft()(request)
        return route.handler(request, params)

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        for route in self._routes:
            found = route.pattern.match(path)
            if route.method == method and found:
                return route, found.groupdict()
        return None, {}

    def _find(self, method: str, path: str) -> Route:
        route = self._match(method, path)[0] or next(
            (r for r in self._routes if r.method == method and r.pattern.pattern == path), None
        )
        if route is None:
            raise KeyError(f"no route {method} {path}")
        return route

    # -- the contract's default behaviour ----------------------------------------------------
    def _install_defaults(self) -> None:
        self.route("POST", "/api/auth/anonymous-token", self._token)
        self.route("POST", "/api/tasks/me/with-session/nemo_agent", self._session)
        self.route("POST", "/api/auth/claim-token", self._claim)
        self.route("POST", "/run_sse", self._chat)
        self.route("POST", "/api/upload-video/nemo_agent/me/{sid}", self._upload, stream=True)
        self.route("GET", "/api/credits/balance/simple", self._credits)
        self.route("GET", "/api/state/nemo_agent/me/{sid}/latest", self._state)
        self.route("POST", "/api/render/proxy/lambda", self._submit)
        self.route("GET", "/api/render/proxy/lambda/{rid}", self._poll)
        self.route("GET", "/api/render/proxy/{rid}/download", self._download)
        self.route("GET", "/cdn/{name}", self._cdn)

    def _user(self, request: httpx2.Request) -> str | None:
        value = request.headers.get("authorization", "")
        return self.tokens.get(value.removeprefix("Bearer ")) if value.startswith("Bearer ") else None

    def _token(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        client_id = request.headers.get("x-client-id", "").strip()
        if not client_id:
            return fixture("api/error_400_client_id.json", 400)(request)
        token = self.client_tokens.get(client_id)
        if token is None or token not in self.tokens:
            token = self.issue_token(client_id)
        data = {**fixture_json("api/anonymous_token.json")["data"], "token": token, "user_id": self.tokens[token]}
        return envelope(data)(request)

    def _session(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        user = self._user(request)
        if user is None:
            return fixture("api/error_1001.json", 401)(request)
        sid = str(1790001234000 + next(self._ids))
        self.sessions[sid] = user
        return envelope({"task_id": f"task_{sid[-4:]}", "session_id": sid, "user_id": user})(request)

    def _owned(self, request: httpx2.Request, sid: str) -> httpx2.Response | None:
        user = self._user(request)
        if user is None:
            return httpx2.Response(401, json=fixture_json("api/error_1001.json"))
        if self.sessions.get(sid) != user:
            return httpx2.Response(404, json=fixture_json("api/error_1002.json"))
        return None

    def _claim(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        refused = self._owned(request, str(json.loads(request.content).get("session_id")))
        return refused or fixture("api/claim_token.json")(request)

    def _chat(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        refused = self._owned(request, str(json.loads(request.content).get("session_id")))
        return refused or fixture("sse/text_reply.sse")(request)

    def _upload(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        return self._owned(request, params["sid"]) or fixture("api/upload_files.json")(request)

    def _credits(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        if self._user(request) is None:
            return fixture("api/error_1001.json", 401)(request)
        return fixture("api/credits.json")(request)

    def _state(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        refused = self._owned(request, params["sid"])
        if refused:
            return refused
        body = fixture_json("api/state_seed.json")
        body["data"]["session_id"] = params["sid"]
        return answer(body)(request)

    def _submit(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        body = json.loads(request.content)
        refused = self._owned(request, str(body.get("sessionId")))
        if refused:
            return refused
        if body["id"] in self.renders:
            return fixture("api/render_submit_duplicate.json")(request)
        self.renders[body["id"]] = body
        return answer({"success": True, "data": {"id": body["id"], "status": "pending", "progress": 0}})(request)

    def _poll(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        if self._user(request) is None:
            return fixture("api/error_1001.json", 401)(request)
        if params["rid"] not in self.renders:
            return fixture("api/render_poll_error.json", 404)(request)
        data = {"id": params["rid"], "status": "completed", "progress": 100}
        return answer({"success": True, "data": {**data, "outputUrl": f"/api/render/proxy/{params['rid']}/download"}})(
            request
        )

    def _download(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        if self._user(request) is None:
            return fixture("api/error_1001.json", 401)(request)
        return answer(self.downloads.get(params["rid"], b"\x00\x00\x00\x18ftypmp42"), content_type="video/mp4")(request)

    def _cdn(self, request: httpx2.Request, params: dict[str, str]) -> Answer:
        content = self.downloads.get(params["name"], b"\x00\x00\x00\x18ftypmp42cdn")
        return answer(content, content_type="video/mp4")(request)


def make_client(
    root: Path,
    backend: FakeBackend,
    *,
    token: str | None = None,
    client_id: str | None = None,
    clock: FakeClock | None = None,
    api_url: str = API_URL,
    language: str | None = None,
    limits: Limits | None = None,
) -> tuple[NemoClient, Store]:
    """A client over the fake backend with its own data dir, a fake clock and a seeded random source."""
    settings = Settings(
        api_url=api_url, web_url=WEB_URL, token=token, client_id=client_id, data_dir=root, language=language
    )
    store = Store(root)
    client = NemoClient(
        settings, store, SKILL, transport=backend, clock=clock or FakeClock(), rng=random.Random(7), limits=limits
    )
    return client, store
