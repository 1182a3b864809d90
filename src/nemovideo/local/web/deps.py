"""What route handlers ask of a request: the backend and faults behind the app, the caller, the caller's session."""

from __future__ import annotations

from anyio.to_thread import run_sync
from starlette.requests import Request

from nemovideo.local.store.accounts import Caller
from nemovideo.local.store.sessions import Session
from nemovideo.local.usecases.backend import Backend
from nemovideo.local.web.faults import FaultInjector
from nemovideo.local.web.wire import bearer


def backend_of(request: Request) -> Backend:
    """The backend serving this app."""
    backend: Backend = request.app.state.backend
    return backend


def faults_of(request: Request) -> FaultInjector:
    """The faults this app injects."""
    faults: FaultInjector = request.app.state.faults
    return faults


def caller(backend: Backend, faults: FaultInjector, token: str | None) -> Caller:
    """Authenticate a token, first letting the expire_token fault end it."""
    found = backend.accounts.authenticate(token)
    if faults.fires("expire_token"):
        backend.accounts.expire(found.token_id)
        return backend.accounts.authenticate(token)
    return found


async def authenticate(request: Request) -> Caller:
    """The caller of a request that needs a bearer token (TokenInvalid otherwise)."""
    return await run_sync(caller, backend_of(request), faults_of(request), bearer(request))


async def owned_session(request: Request) -> tuple[Backend, Session]:
    """The backend and the caller's session named in the path (TokenInvalid or SessionNotFound otherwise)."""
    who = await authenticate(request)
    backend = backend_of(request)
    session = await run_sync(backend.sessions.get, request.path_params["sid"], who.user_id)
    return backend, session
