"""POST /run_sse: one chat turn streamed as ADK events."""

from __future__ import annotations

from typing import Any

from anyio.to_thread import run_sync
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from nemovideo.errors import BadRequest, SessionNotFound
from nemovideo.local.web.deps import authenticate, backend_of, faults_of
from nemovideo.local.web.sse import StreamPlan, turn_stream
from nemovideo.local.web.wire import adk_not_found, read_json, string_field

APP_NAME = "nemo_agent"
CHAT_BODY_LIMIT = 256 * 1024
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def message_text(body: dict[str, Any]) -> str:
    """The user's text from `new_message.parts[*].text`; BadRequest when there is none."""
    message = body.get("new_message")
    parts = message.get("parts") if isinstance(message, dict) else None
    texts = [part["text"] for part in parts or [] if isinstance(part, dict) and isinstance(part.get("text"), str)]
    text = "\n".join(texts).strip()
    if not text:
        raise BadRequest('new_message must be {"role": "user", "parts": [{"text": "..."}]} with some text')
    return text


async def run_sse(request: Request) -> Response:
    """Send a message to the editing agent; the answer streams as ADK events (text/event-stream)."""
    backend = backend_of(request)
    body = await read_json(request, CHAT_BODY_LIMIT)
    if body.get("app_name", APP_NAME) != APP_NAME:
        raise BadRequest(f"app_name must be {APP_NAME!r}")
    session_id = string_field(body, "session_id", limit=64)
    message = message_text(body)
    caller = await authenticate(request)
    if body.get("user_id", "me") not in ("me", caller.user_id):
        return adk_not_found()
    try:
        session = await run_sync(backend.sessions.get, session_id, caller.user_id)
    except SessionNotFound:
        return adk_not_found()
    turn = await backend.turns.start(session, caller.user_id, message)
    faults = faults_of(request)
    plan = StreamPlan(
        keepalive_s=backend.config.keepalive_s, long_keepalive_s=faults.long_keepalive_s,
        silent=faults.fires("silent"), drop=faults.fires("drop_stream"),
    )
    stream = turn_stream(turn, plan, backend.clock, backend.wall)
    return StreamingResponse(stream, media_type="text/event-stream", headers=SSE_HEADERS)


ROUTES = [Route("/run_sse", run_sse, methods=["POST"])]
