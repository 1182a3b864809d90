"""The Starlette app of the local backend: routes, error answers, the rate-limit fault and the render workers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from nemovideo import __version__
from nemovideo.errors import NemoError, RateLimited, ServerError
from nemovideo.local.config import LocalConfig
from nemovideo.local.usecases.backend import Backend, Dependencies
from nemovideo.local.web.faults import FaultInjector
from nemovideo.local.web.guard import RequestGuard
from nemovideo.local.web.openapi import build_openapi
from nemovideo.local.web.routes import ROUTES
from nemovideo.local.web.wire import envelope_error

log = logging.getLogger(__name__)
FAULTY_PREFIXES = ("/api/", "/run_sse")


async def openapi(request: Request) -> JSONResponse:
    """This API's OpenAPI description, listing every route."""
    return JSONResponse(build_openapi(request.app.routes, __version__))


async def health(request: Request) -> JSONResponse:
    """Liveness: answers once the server is ready."""
    return JSONResponse({"code": 0, "message": "ok", "data": {"status": "ok", "version": __version__}})


async def nemo_error(request: Request, exc: Exception) -> Response:
    """A typed error as the envelope."""
    assert isinstance(exc, NemoError)
    return envelope_error(exc)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's 404/405 as the envelope."""
    assert isinstance(exc, HTTPException)
    body = {"code": exc.status_code, "message": str(exc.detail).lower(), "data": None}
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: logged with its traceback, answered without details."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return envelope_error(ServerError("internal error in the local backend"))


class RateLimitFault:
    """Answers a share of API requests with 429 when the rate_limit fault is on."""

    def __init__(self, app: ASGIApp, faults: FaultInjector, retry_after_s: int) -> None:
        self.app = app
        self.faults = faults
        self.retry_after_s = retry_after_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, unless the fault fires."""
        if scope["type"] == "http" and scope["path"].startswith(FAULTY_PREFIXES) and self.faults.fires("rate_limit"):
            error = RateLimited("Too many requests (injected fault)", retry_after=float(self.retry_after_s))
            await envelope_error(error)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(config: LocalConfig, deps: Dependencies | None = None, *, served_host: str | None = None) -> Starlette:
    """The app over one data dir; creates or migrates the database now, starts render workers on startup."""
    # served_host is the --host it listens on: Host headers may name it besides the loopback names.
    backend = Backend(replace(config, data_dir=config.data_dir.expanduser().resolve()), deps or Dependencies())
    if config.faults.enabled:
        log.warning("fault injection is on: %s (seed %s)", config.faults.describe(), config.faults.seed)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(backend.workers.run()) if backend.deps.run_workers else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                backend.workers.shutdown()

    routes = [*ROUTES, Route("/openapi.json", openapi, methods=["GET"]), Route("/health", health, methods=["GET"])]
    app = Starlette(
        routes=routes, lifespan=lifespan,
        exception_handlers={NemoError: nemo_error, HTTPException: http_error, Exception: server_error},
    )
    faults = FaultInjector(config.faults)
    app.state.backend = backend
    app.state.faults = faults
    app.add_middleware(RateLimitFault, faults=faults, retry_after_s=config.retry_after_s)
    # Added last, so it runs first: a foreign Host never reaches a route, and no body is awaited without end.
    app.add_middleware(RequestGuard, served_host=served_host, body_timeout_s=backend.deps.body_timeout_s)
    return app
