"""The wire conventions: the envelope, the render proxy shape, an error's answer, request reading."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from nemovideo.errors import BadRequest, NemoError, NotFound, RateLimited, SessionNotFound
from nemovideo.local.web.validate import json_object

ATTRIBUTION = ("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform")
JSON_LIMIT = 64 * 1024


def headers_for(error: NemoError) -> dict[str, str]:
    """Extra headers an error carries (Retry-After for 429)."""
    if isinstance(error, RateLimited):
        return {"Retry-After": str(int(error.retry_after))}
    return {}


def ok(data: Any) -> JSONResponse:
    """The envelope of a success."""
    return JSONResponse({"code": 0, "message": "ok", "data": data})


def envelope_error(error: NemoError) -> JSONResponse:
    """The envelope of a failure; the code is the backend's, the message the error's own text."""
    code = error.code if error.code is not None else error.http_status
    body: dict[str, Any] = {"code": code, "message": error.message, "data": None}
    return JSONResponse(body, status_code=error.http_status, headers=headers_for(error))


def not_found(message: str) -> JSONResponse:
    """The envelope of an unknown path or object."""
    return envelope_error(NotFound(message))


def adk_not_found() -> JSONResponse:
    """Session not found on an ADK route: FastAPI's `detail` and SessionNotFound's envelope together."""
    body = {"code": SessionNotFound.wire_code, "message": "session not found", "detail": "Session not found"}
    return JSONResponse(body, status_code=SessionNotFound.http_status)


def render_ok(data: dict[str, Any]) -> JSONResponse:
    """The render proxy's success."""
    return JSONResponse({"success": True, "data": data})


def render_error(error: NemoError) -> JSONResponse:
    """The render proxy's failure; the envelope's code rides along when there is one."""
    body: dict[str, Any] = {"success": False, "error": error.message}
    if isinstance(error.code, int):
        body["code"] = error.code
    return JSONResponse(body, status_code=error.http_status, headers=headers_for(error))


def bearer(request: Request) -> str | None:
    """The token of an `Authorization: Bearer` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def client_address(request: Request) -> str:
    """The peer address, for per-address limits."""
    return request.client.host if request.client else "unknown"


def missing_attribution(request: Request) -> list[str]:
    """The attribution headers a request lacks."""
    return [name for name in ATTRIBUTION if not request.headers.get(name, "").strip()]


async def read_json(request: Request, limit: int = JSON_LIMIT, allow_empty: bool = False) -> dict[str, Any]:
    """A JSON object body, read up to a limit; BadRequest when it is empty, too large or not an object."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(f"request body is larger than {limit // 1024} KB")
    if allow_empty and not body.strip():
        return {}
    if not body.strip():
        raise BadRequest("request body must be a JSON object")
    return json_object(bytes(body))


def string_field(body: dict[str, Any], name: str, default: str | None = None, limit: int = 10_000) -> str:
    """A required (or defaulted) string field of a JSON body; BadRequest otherwise."""
    value = body.get(name, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise BadRequest(f"field '{name}' must be a non-empty string")
    if len(value) > limit:
        raise BadRequest(f"field '{name}' is longer than {limit} characters")
    return value
