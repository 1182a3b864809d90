"""The render proxy: submit, poll, cancel, and the files of a finished render (`success`/`data`/`error` shape)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

from anyio.to_thread import run_sync
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from nemovideo.draft import Draft
from nemovideo.errors import BadRequest, NemoError, PlanLimit, RenderNotFound
from nemovideo.local.store.renders import Render
from nemovideo.local.web.deps import authenticate, backend_of
from nemovideo.local.web.wire import missing_attribution, read_json, render_error, render_ok, string_field

SUBMIT_LIMIT = 8 * 1024 * 1024
Handler = Callable[[Request], Awaitable[Response]]
FILES = {"download": ("video", "video/mp4", ".mp4"), "poster": ("poster", "image/png", ".png"),
         "contact-sheet": ("sheet", "image/png", ".png")}


def render_shape(handler: Handler) -> Handler:
    """Answer this route's errors in the render proxy's shape instead of the envelope."""
    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except NemoError as error:
            return render_error(error)
    return wrapped


def parse_submission(body: dict[str, Any]) -> tuple[str, str, Draft, dict[str, Any]]:
    """Render id, session id, draft and output options of a submit body; BadRequest when malformed."""
    render_id = string_field(body, "id", limit=100)
    session_id = body.get("sessionId", body.get("session_id"))
    if not isinstance(session_id, str) or not session_id:
        raise BadRequest("field 'sessionId' must be the session id")
    if not isinstance(body.get("draft"), dict):
        raise BadRequest("field 'draft' must be the draft object")
    try:
        draft = Draft.parse(body["draft"])
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])
        raise BadRequest(f"the draft is not valid at {where}: {exc.errors()[0]['msg']}") from None
    if not draft.is_exportable():
        raise BadRequest("the draft has no segments: there is nothing to render yet")
    output = body.get("output") or {"format": "mp4", "quality": "high"}
    if not isinstance(output, dict) or output.get("format", "mp4") != "mp4":
        raise BadRequest("output.format must be mp4")
    return render_id, session_id, draft, output


@render_shape
async def submit(request: Request) -> Response:
    """Queue a render of a draft: {"id", "sessionId", "draft", "output"}; needs the attribution headers."""
    caller = await authenticate(request)
    missing = missing_attribution(request)
    if missing:
        raise PlanLimit(
            f"export needs the attribution headers {', '.join(missing)}: send X-Skill-Source, X-Skill-Version and "
            "X-Skill-Platform (from SKILL.md)"
        )
    render_id, session_id, draft, output = parse_submission(await read_json(request, SUBMIT_LIMIT))
    backend = backend_of(request)
    await run_sync(backend.sessions.get, session_id, caller.user_id)
    render = await run_sync(backend.renders.submit, render_id, caller.user_id, session_id, draft, output)
    backend.workers.notify()
    return render_ok(render.wire())


@render_shape
async def poll(request: Request) -> Response:
    """A render's status and progress; outputUrl once completed."""
    caller = await authenticate(request)
    render = await run_sync(backend_of(request).renders.get, request.path_params["rid"], caller.user_id)
    return render_ok(render.wire())


@render_shape
async def cancel(request: Request) -> Response:
    """Cancel a render: a pending one ends at once, a running one within about a second (status failed)."""
    caller = await authenticate(request)
    backend = backend_of(request)
    render = await run_sync(backend.renders.cancel, request.path_params["rid"], caller.user_id)
    backend.workers.notify()
    return render_ok(render.wire())


@render_shape
async def render_file(request: Request) -> Response:
    """A finished render's MP4 (download), poster PNG or contact sheet PNG; the owner's token is needed."""
    caller = await authenticate(request)
    backend = backend_of(request)
    render = await run_sync(backend.renders.get, request.path_params["rid"], caller.user_id)
    column, media_type, suffix = FILES[request.url.path.rsplit("/", 1)[-1]]
    path = _file_of(render, column, backend.config.data_dir)
    if render.status != "completed" or path is None:
        what = request.url.path.rsplit("/", 1)[-1]
        raise RenderNotFound(f"render {render.id} has no {what} (status {render.status})")
    return FileResponse(path, media_type=media_type, filename=f"{render.id}{suffix}")


def _file_of(render: Render, column: str, data_dir: Path) -> Path | None:
    stored = getattr(render, column)
    if not stored:
        return None
    path = data_dir / stored
    return path if path.is_file() else None


ROUTES = [
    Route("/api/render/proxy/lambda", submit, methods=["POST"]),
    Route("/api/render/proxy/lambda/{rid}", poll, methods=["GET"]),
    Route("/api/render/proxy/lambda/{rid}", cancel, methods=["DELETE"]),
    Route("/api/render/proxy/{rid}/download", render_file, methods=["GET"]),
    Route("/api/render/proxy/{rid}/poster", render_file, methods=["GET"]),
    Route("/api/render/proxy/{rid}/contact-sheet", render_file, methods=["GET"]),
]
