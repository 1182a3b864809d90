"""Chat events: one SSE `data:` payload (ADK camelCase or the flattened shape) -> typed events.

ADK: `{"content": {"parts": [{"text"} | {"functionCall"} | {"functionResponse"}]}, "author", "partial",
"actions": {"stateDelta"}}`. Flattened: `{"type": "text" | "tool_call" | "tool_result" | "heartbeat", ...}`.
Thought parts are skipped, errors in the stream raise ChatFailed, unreadable payloads are logged and skipped.
Text passes through `redact` like error messages do: an agent that repeats a token never puts it in a reply.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nemovideo.client.redact import shorten
from nemovideo.errors import ChatFailed

log = logging.getLogger("nemovideo.client")

Redact = Callable[[str], str]
# Keys that can mark an error or the flattened shape; an event with none of them is read as plain ADK.
_SPECIAL_KEYS = frozenset({"error", "errorCode", "error_code", "errorMessage", "error_message", "code", "type"})
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class TextEvent:
    """Text the agent says to the user (`partial` text is later repeated by a final event)."""

    text: str
    partial: bool = False
    author: str = ""


@dataclass(frozen=True)
class ToolCallEvent:
    """The agent called a tool (internal: never shown)."""

    id: str | None
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolResultEvent:
    """A tool answered; `state_delta` is the session state it changed (internal: never shown)."""

    id: str | None
    name: str
    response: Any = None
    state_delta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KeepAlive:
    """The stream is alive but has nothing to say yet."""


ChatEvent = TextEvent | ToolCallEvent | ToolResultEvent | KeepAlive


def parse_data(data: str, redact: Redact = str) -> list[ChatEvent]:
    """The events in one `data:` payload; raises ChatFailed when it reports an error."""
    if not data or data.isspace():
        return [KeepAlive()]
    try:
        raw = _load(data)
    except ValueError:
        log.warning("skipped a chat event that is not valid JSON (%d characters)", len(data))
        return []
    except RecursionError:  # valid JSON nested deeper than any parser goes: unreadable, not a crash
        log.warning("skipped a chat event nested too deeply to read (%d characters)", len(data))
        return []
    if not isinstance(raw, dict):
        log.warning("skipped a chat event that is not a JSON object (%s)", type(raw).__name__)
        return []
    if not _SPECIAL_KEYS.isdisjoint(raw):  # most events are plain ADK events: skip the checks they cannot need
        _raise_reported_error(raw, redact)
        kind = raw.get("type")
        if isinstance(kind, str) and not isinstance(raw.get("content"), dict):
            return _flattened(kind, raw, redact)
    events = _adk(raw, redact)
    author = raw.get("author")
    if events and isinstance(author, str) and author.lower() == "system":
        _raise_system_error(events, redact)
    return events


def _load(data: str) -> Any:
    """json.loads without its per-call overhead (it dominates a long stream); the same values and errors."""
    try:
        value, end = _DECODER.raw_decode(data)
    except ValueError:
        return json.loads(data)  # leading whitespace is fine; anything else raises the usual error
    return value if end == len(data) else json.loads(data)


def _adk(raw: Mapping[str, Any], redact: Redact) -> list[ChatEvent]:
    content = raw.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    if not isinstance(parts, list):
        return []
    events: list[ChatEvent] = []
    for part in parts:
        event = _part(part, raw, redact) if isinstance(part, dict) else None
        if event is not None:
            events.append(event)
    return events


def _part(part: Mapping[str, Any], raw: Mapping[str, Any], redact: Redact) -> ChatEvent | None:
    if part.get("thought") is True:
        return None
    call = _either_dict(part, "functionCall", "function_call")
    if call is not None:
        return ToolCallEvent(_opt_str(call.get("id")), str(call.get("name") or ""), _dict(call.get("args")))
    reply = _either_dict(part, "functionResponse", "function_response")
    if reply is not None:
        delta = _state_delta(raw.get("actions"))
        return ToolResultEvent(_opt_str(reply.get("id")), str(reply.get("name") or ""), reply.get("response"), delta)
    text = part.get("text")
    if isinstance(text, str) and text:
        return TextEvent(redact(text), raw.get("partial") is True, str(raw.get("author") or ""))
    return None


def _flattened(kind: str, raw: Mapping[str, Any], redact: Redact) -> list[ChatEvent]:
    if kind == "heartbeat":
        return [KeepAlive()]
    if kind == "text":
        text = raw.get("content", raw.get("text"))
        if isinstance(text, str) and text:
            return [TextEvent(redact(text), raw.get("partial") is True, str(raw.get("author") or ""))]
        return []
    if kind == "tool_call":
        return [ToolCallEvent(_opt_str(raw.get("id")), str(raw.get("name") or ""), _dict(raw.get("args")))]
    if kind == "tool_result":
        response = raw.get("result", raw.get("response"))
        delta = _dict(raw.get("state_delta", raw.get("stateDelta")))
        return [ToolResultEvent(_opt_str(raw.get("id")), str(raw.get("name") or ""), response, delta)]
    log.debug("skipped a chat event of unknown type %r", shorten(kind, 40))
    return []


def _raise_reported_error(raw: Mapping[str, Any], redact: Redact) -> None:
    error = raw.get("error")
    if error:
        detail = error.get("message", error) if isinstance(error, dict) else error
        raise _failed(str(detail), raw.get("code"), redact)
    code = raw.get("errorCode", raw.get("error_code"))
    message = raw.get("errorMessage", raw.get("error_message"))
    if code or message:
        raise _failed(str(message or code), code, redact, words=bool(message))
    envelope_code = raw.get("code")
    if isinstance(envelope_code, int) and envelope_code and "content" not in raw:
        words = raw.get("message") or raw.get("msg")
        raise _failed(str(words or f"error code {envelope_code}"), envelope_code, redact, words=bool(words))
    if raw.get("type") == "error":
        words = raw.get("content") or raw.get("message")
        raise _failed(str(words or "unknown error"), raw.get("code"), redact, words=bool(words))


def _raise_system_error(events: list[ChatEvent], redact: Redact) -> None:
    for event in events:
        if isinstance(event, TextEvent) and event.text.lstrip().lower().startswith("error:"):
            raise _failed(event.text.lstrip()[len("error:") :].strip(), None, redact)


def _failed(detail: str, code: object, redact: Redact, words: bool = True) -> ChatFailed:
    """`words`: the detail is what the agent said (a reply quotes it), not a code standing in for it."""
    tag = code if isinstance(code, int | str) and not isinstance(code, bool) else None
    shown = redact(shorten(detail))
    return ChatFailed(f"The editing agent reported an error: {shown}", code=tag, said=shown if words else None)


def _state_delta(actions: object) -> dict[str, Any]:
    if not isinstance(actions, dict):
        return {}
    return _dict(actions.get("stateDelta", actions.get("state_delta")))


def _either_dict(part: Mapping[str, Any], key: str, alias: str) -> dict[str, Any] | None:
    value = part.get(key)
    if isinstance(value, dict):
        return value
    value = part.get(alias)
    return value if isinstance(value, dict) else None


def _dict(value: object) -> dict[str, Any]:
    # The payload was just decoded and belongs to nobody else: no copy needed.
    return value if isinstance(value, dict) else {}


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
