"""Routes for uploads (multipart or URLs), serving uploaded media, and a session's state."""

from __future__ import annotations

from typing import Any

from anyio.to_thread import run_sync
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from nemovideo.errors import BadRequest
from nemovideo.local.store.files import TempFiles
from nemovideo.local.store.media import Received
from nemovideo.local.usecases.backend import Backend
from nemovideo.local.web.deps import backend_of, owned_session
from nemovideo.local.web.multipart import MultipartReceiver, receive_multipart
from nemovideo.local.web.wire import not_found, ok, read_json

MEDIA_TYPES = {
    "mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo", "webm": "video/webm",
    "mkv": "video/x-matroska", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "webp": "image/webp", "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "aac": "audio/aac",
}


async def upload(request: Request) -> JSONResponse:
    """Upload files (multipart, repeatable field `files`) or URLs (JSON {"urls": [...]}) into a session."""
    backend, session = await owned_session(request)
    # Every temp file of this request goes when it ends, whatever happens; accepted files were moved out by then.
    with backend.temp.request() as temps:
        if request.headers.get("content-type", "").lower().startswith("application/json"):
            received = await _fetch_urls(request, backend, temps)
        else:
            received = await _receive_files(request, backend, temps)
        accepted = [await run_sync(backend.media.accept, item) for item in received]
        records = [await run_sync(backend.media.store, item, info, session.id, session.user_id)
                   for item, info in accepted]
    return ok({"files": [record.wire() for record in records], "session_state_applied": True})


async def _receive_files(request: Request, backend: Backend, temps: TempFiles) -> list[Received]:
    config = backend.config
    receiver = MultipartReceiver(temps, config.max_upload_bytes, config.max_files_per_request)
    length = request.headers.get("content-length", "")
    try:
        return await receive_multipart(request.stream(), request.headers.get("content-type", ""),
                                       int(length) if length.isdigit() else None, receiver)
    except BaseException:
        receiver.cleanup()
        raise


async def _fetch_urls(request: Request, backend: Backend, temps: TempFiles) -> list[Received]:
    body = await read_json(request)
    urls = body.get("urls")
    limit = backend.config.max_files_per_request
    if not isinstance(urls, list) or not urls or not all(isinstance(url, str) for url in urls):
        raise BadRequest('body must be {"urls": ["https://..."], "source_type": "url"}')
    if len(urls) > limit:
        raise BadRequest(f"too many URLs in one upload: at most {limit}")
    return [await backend.fetcher.fetch(url, temps) for url in urls]


async def media_file(request: Request) -> Response:
    """An uploaded file by its generated name (the name is the capability, like a CDN link)."""
    backend = backend_of(request)
    found = await run_sync(backend.media.by_name, request.path_params["name"])
    if found is None:
        return not_found("media not found")
    record, path = found
    ext = record.stored_name.rsplit(".", 1)[-1]
    return FileResponse(path, media_type=MEDIA_TYPES.get(ext, "application/octet-stream"))


async def state(request: Request) -> JSONResponse:
    """The session's latest state: draft (and its revision), video_infos, canvas, generated media."""
    backend, session = await owned_session(request)
    latest = await run_sync(backend.sessions.latest, session.id)
    uploads = await run_sync(backend.media.for_session, session.id)
    renders = await run_sync(backend.renders.completed_for_session, session.id)
    width, height = latest.draft.canvas()
    generated: list[dict[str, Any]] = [
        {"id": render.id, "type": "video", "url": render.wire()["outputUrl"], "poster_url": render.wire()["posterUrl"]}
        for render in renders
    ]
    return ok({
        "session_id": session.id, "task_id": session.task_id, "task_name": session.task_name,
        "state": {
            "draft": latest.draft.dump(), "draft_rev": latest.rev,
            "video_infos": [record.video_info() for record in uploads],
            "canvas_config": {"width": width, "height": height, "ratio": latest.draft.ratio()},
            "generated_media": generated, "video_analyses": {},
        },
    })


ROUTES = [
    Route("/api/upload-video/nemo_agent/me/{sid}", upload, methods=["POST"]),
    Route("/api/state/nemo_agent/me/{sid}/latest", state, methods=["GET"]),
    Route("/media/{name}", media_file, methods=["GET"]),
]
