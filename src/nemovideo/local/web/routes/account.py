"""Routes for tokens, sessions, claim links and credits."""

from __future__ import annotations

from anyio.to_thread import run_sync
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from nemovideo.errors import MissingClientId, SessionNotFound
from nemovideo.local.web.deps import authenticate, backend_of
from nemovideo.local.web.wire import client_address, ok, read_json, string_field


async def anonymous_token(request: Request) -> JSONResponse:
    """Get the token of this client id's anonymous user (a new user on first sight); no bearer needed."""
    client_id = request.headers.get("x-client-id", "").strip()
    if not client_id:
        raise MissingClientId("X-Client-Id header is required")
    issued = await run_sync(backend_of(request).accounts.issue, client_id, client_address(request))
    return ok(issued.wire())


async def create_session(request: Request) -> JSONResponse:
    """Create a session (project) with an empty draft; body {"task_name", "language"}."""
    caller = await authenticate(request)
    body = await read_json(request, allow_empty=True)
    task_name = string_field(body, "task_name", "project", limit=200)
    language = string_field(body, "language", "en", limit=20)
    session = await run_sync(backend_of(request).sessions.create, caller.user_id, task_name, language)
    return ok({"task_id": session.task_id, "session_id": session.id, "user_id": caller.user_id})


async def claim_token(request: Request) -> JSONResponse:
    """A claim token to open one of the caller's sessions in a browser; body {"task_id", "session_id"}."""
    caller = await authenticate(request)
    body = await read_json(request)
    backend = backend_of(request)
    session = await run_sync(backend.sessions.get, string_field(body, "session_id", limit=64), caller.user_id)
    task_id = body.get("task_id")
    if task_id is not None and task_id != session.task_id:
        raise SessionNotFound("session not found")
    token, expires_in = await run_sync(backend.sessions.claim, session)
    return ok({"claim_token": token, "expires_in": expires_in})


async def credits(request: Request) -> JSONResponse:
    """The caller's credits: available, frozen (held by work in progress) and total."""
    caller = await authenticate(request)
    balance = await run_sync(backend_of(request).ledger.balance, caller.user_id)
    return ok(balance.wire())


ROUTES = [
    Route("/api/auth/anonymous-token", anonymous_token, methods=["POST"]),
    Route("/api/auth/claim-token", claim_token, methods=["POST"]),
    Route("/api/tasks/me/with-session/nemo_agent", create_session, methods=["POST"]),
    Route("/api/credits/balance/simple", credits, methods=["GET"]),
]
