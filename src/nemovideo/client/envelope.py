"""Reading the backend's answers: JSON envelopes, render-proxy bodies, and which typed error a failure is.

`/api/*` answers `{"code": 0, "message": "ok", "data": ...}` (`msg` as a fallback for `message`), the render
proxy `{"success": true, "data": ...}` or its fields at the top level, and ADK routes FastAPI style
(`{"detail": "Session not found"}`). An error answer that is not JSON (a gateway's HTML page) is classified by
its HTTP status alone; a successful answer that is not JSON is a MalformedResponse. JSON is read strictly:
NaN, Infinity, numbers no API value needs (over 64 bits, or beyond 1e18) and nesting deeper than the parser
allows are a MalformedResponse, never a crash further on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any

import httpx2

from nemovideo import errors
from nemovideo.client.redact import shorten

DEFAULT_RETRY_AFTER = 30.0
MAX_INT_DIGITS = 20  # 2**64 has 20 digits: ids sent as numbers fit, a 400-digit number does not
MAX_MAGNITUDE = 1e18  # no time, size, volume or count of this API comes near it
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Answer:
    """A finished HTTP answer: status, content type, body and Retry-After."""

    status: int
    content_type: str
    body: bytes
    retry_after: str | None = None

    @classmethod
    def of(cls, response: httpx2.Response, body: bytes | None = None) -> Answer:
        """Take an answer from a response whose body has been read (or is given)."""
        content_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        data = response.content if body is None else body
        return cls(response.status_code, content_type, data, response.headers.get("retry-after"))


@dataclass(frozen=True)
class ErrorContext:
    """What the error map needs beyond the answer itself."""

    token_call: bool = False
    credits_hint: str = ""
    redact: Callable[[str], str] = field(default=lambda text: text)
    user_id: str | None = None  # the session's user, for the out-of-credits advice


def api_data(answer: Answer, ctx: ErrorContext) -> Any:
    """The `data` of an `/api/*` envelope, or the typed error it carries."""
    body = decode(answer, ctx)
    if _is_failure(answer.status, body):
        raise failure(answer, body, ctx)
    if isinstance(body, dict) and "data" in body:
        return body["data"]
    return body


def render_data(answer: Answer, ctx: ErrorContext) -> dict[str, Any]:
    """A render-proxy body as a mapping, or the typed error it carries."""
    body = decode(answer, ctx)
    if _is_failure(answer.status, body):
        raise failure(answer, body, ctx)
    if not isinstance(body, dict):
        raise errors.MalformedResponse("The render service answered with something other than a JSON object.")
    return body


def decode(answer: Answer, ctx: ErrorContext) -> Any:
    """The JSON body; an error answer that is not JSON is classified by its status, any other a MalformedResponse."""
    try:
        return loads(answer.body)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        what = ctx.redact(describe(answer))
        if answer.status >= HTTPStatus.BAD_REQUEST:
            raise failure(answer, None, ctx, sent=what) from None
        if isinstance(exc, _Unusable | RecursionError):
            reason = str(exc) if isinstance(exc, _Unusable) else "nesting too deep to read"
            raise errors.MalformedResponse(f"The service's answer held {reason}.") from None
        raise errors.MalformedResponse(
            f"Expected JSON from the service but got {what} (HTTP {answer.status})."
        ) from None


def loads(raw: bytes | str) -> Any:
    """Strict JSON: ValueError for NaN or Infinity and for numbers out of range, RecursionError for deep nesting."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)


class _Unusable(ValueError):
    """Valid JSON that no answer of this API can hold."""


def _constant(name: str) -> Any:
    raise _Unusable(f"the non-number {name}")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Unusable(f"a number out of range ({len(text.lstrip('-'))} digits)")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise _Unusable(f"a number out of range ({text[:12]})")
    return value


def describe(answer: Answer) -> str:
    """A short, safe description of a body that is not JSON."""
    if not answer.body.strip():
        return "an empty answer"
    title = _TITLE.search(answer.body[:65536])
    if title or answer.content_type == "text/html" or answer.body.lstrip()[:1] == b"<":
        name = shorten(title.group(1).decode("utf-8", "replace"), 80) if title else ""
        return f"an HTML page titled '{name}'" if name else "an HTML page"
    return f"{len(answer.body)} bytes of {answer.content_type or 'untyped data'}"


def failure(answer: Answer, body: Any, ctx: ErrorContext, sent: str | None = None) -> errors.NemoError:
    """The typed error for an answer that reports a failure (`sent` describes a body that is not JSON)."""
    mapping: Mapping[str, Any] = body if isinstance(body, dict) else {}
    said = None if sent else _message(mapping)  # a body that is not JSON has no words of the service to quote
    message = sent or ctx.redact(shorten(said or f"HTTP {answer.status}"))
    error = error_for(
        answer.status,
        _code(mapping),
        message,
        ctx,
        rejected=mapping.get("success") is False,
        retry_after=retry_after_seconds(answer.retry_after),
        sent=sent is not None,
    )
    error.said = message if said else None  # the service's own words, which a reply quotes
    return error


def error_for(
    status: int,
    code: int | str | None,
    message: str,
    ctx: ErrorContext,
    *,
    rejected: bool = False,
    retry_after: float = DEFAULT_RETRY_AFTER,
    sent: bool = False,
) -> errors.NemoError:
    """The typed error for (HTTP status, envelope code, message): its class from `error_kind`, its words here.
    With `sent`, the message describes a body that was not JSON, and the status alone decides."""
    words = "" if sent else message
    kind = error_kind(status, code, words, ctx, rejected=rejected)
    said = f" (the service sent {message})" if sent else f" (the service said: {message})"
    if kind is errors.TokenInvalid:
        return errors.TokenInvalid("The NemoVideo token was refused" + said)
    if kind is errors.SessionNotFound:
        return errors.SessionNotFound("The project session was not found" + said)
    if kind is errors.OutOfCredits:
        return errors.OutOfCredits(
            "Not enough credits for this" + said, hint=ctx.credits_hint or None, user_id=ctx.user_id
        )
    if kind is errors.UnsupportedFile:
        return errors.UnsupportedFile("This file type is not supported" + said)
    if kind is errors.FileTooLarge:
        return errors.FileTooLarge("The file is too large" + said)
    if kind is errors.RateLimited:
        wait = f"Wait {math.ceil(retry_after)} s, then try again."
        return errors.RateLimited("Too many requests right now" + said, retry_after=retry_after, hint=wait)
    if kind is errors.PlanLimit:
        return _plan_limit(said, words.lower())
    if kind is errors.MissingClientId:
        return errors.MissingClientId("The service asked for a client id" + said)
    if issubclass(kind, errors.ServerError):
        return kind(f"The service had a problem (HTTP {status}){said}", code=code or status)
    if issubclass(kind, errors.RenderRejected):
        return _rejected(kind, message)
    if issubclass(kind, errors.BadRequest):
        return kind(f"The service refused the request (HTTP {status}){said}", code=code or status)
    return errors.UnknownApiError(f"The service answered with error code {code}{said}", code=code)


def error_kind(
    status: int, code: int | str | None, message: str, ctx: ErrorContext, *, rejected: bool = False
) -> type[errors.ApiError]:
    """Which error an answer reports: its code through the one table (errors.WIRE_ERRORS), else what its HTTP
    status, FastAPI `detail` or words say (an ADK route, a gateway, the cloud's render proxy)."""
    kind = errors.error_class(code)
    if kind is errors.MissingClientId and not ctx.token_call:
        kind = None  # only the token endpoint asks for a client id; elsewhere that code is a plain bad request
    if kind is not None:
        return kind
    lowered = message.lower()
    if status == errors.SessionNotFound.http_status and "session not found" in lowered:
        return errors.SessionNotFound
    for by_status in (errors.TokenInvalid, errors.UnsupportedFile, errors.FileTooLarge, errors.RateLimited,
                      errors.PlanLimit):
        if status == by_status.http_status:
            return by_status
    if ctx.token_call and status == errors.MissingClientId.http_status:
        return errors.MissingClientId
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return errors.ServerError
    if rejected:
        taken = "already exists" in lowered or "duplicate" in lowered or "already taken" in lowered
        return errors.DuplicateRenderId if taken else errors.RenderRejected
    if status >= HTTPStatus.BAD_REQUEST:
        return errors.BadRequest
    return errors.UnknownApiError


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 30 when absent or unreadable."""
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _is_failure(status: int, body: Any) -> bool:
    if status >= HTTPStatus.BAD_REQUEST:
        return True
    if not isinstance(body, dict):
        return False
    return _code(body) not in (None, 0) or body.get("success") is False


def _code(body: Mapping[str, Any]) -> int | str | None:
    code = body.get("code")
    if isinstance(code, bool) or code is None:
        return None
    if isinstance(code, int):
        return code
    text = str(code).strip()
    return int(text) if text.lstrip("-").isdigit() else (text or None)


def _message(body: Mapping[str, Any]) -> str:
    for key in ("message", "msg", "detail", "error", "errorMessage"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message") or value.get("msg")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _plan_limit(said: str, lowered: str) -> errors.PlanLimit:
    if "attribution" in lowered or "x-skill" in lowered or "header" in lowered:
        hint = "The X-Skill-* attribution headers were missing or refused: check that SKILL.md is installed intact."
        return errors.PlanLimit(f"The service refused the export{said}", hint=hint)
    return errors.PlanLimit(f"The service refused this on your plan{said}")


def _rejected(kind: type[errors.RenderRejected], message: str) -> errors.RenderRejected:
    if kind is errors.DuplicateRenderId:
        return errors.DuplicateRenderId(f"The render id is already taken (the service said: {message})")
    return kind(f"The render service refused (the service said: {message})", hint="Try exporting again in a minute.")
