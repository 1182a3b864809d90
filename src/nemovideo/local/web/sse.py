"""The chat stream: ADK events serialised camelCase as `data:` lines, with empty `data:` keep-alives."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from nemovideo.clock import Clock
from nemovideo.local.usecases.chat import TurnResult

AUTHOR = "nemo_agent"
KEEPALIVE = b"data:\n\n"


@dataclass(frozen=True)
class StreamPlan:
    """How one stream behaves: keep-alive pacing and the faults chosen for it."""

    keepalive_s: float
    long_keepalive_s: float = 0.0
    silent: bool = False
    drop: bool = False


def new_invocation_id() -> str:
    """An ADK invocation id."""
    return f"e-{uuid.uuid4()}"


def adk_event(content: dict[str, Any], invocation_id: str, timestamp: float,
              state_delta: dict[str, Any] | None = None) -> dict[str, Any]:
    """One ADK Event as api_server serialises it (camelCase, UUID id)."""
    return {
        "content": content, "invocationId": invocation_id, "author": AUTHOR,
        "actions": {"stateDelta": state_delta or {}, "artifactDelta": {}, "requestedAuthConfigs": {},
                    "requestedToolConfirmations": {}},
        "id": str(uuid.uuid4()), "timestamp": timestamp,
    }


def encode(event: dict[str, Any]) -> bytes:
    """One `data:` line with raw UTF-8, then the blank line that ends the event."""
    return b"data: " + json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n\n"


def turn_events(result: TurnResult, invocation_id: str, timestamp: float, silent: bool) -> list[dict[str, Any]]:
    """The events of a finished turn: call, response with the new revision, then text (unless silent)."""
    if result.error is not None:
        event = adk_event({"role": "model", "parts": []}, invocation_id, timestamp)
        event.update(errorCode=result.error_code or "ERROR", errorMessage=result.error)
        return [event]
    reply = result.reply
    if reply is None:
        return []
    events: list[dict[str, Any]] = []
    if reply.draft is not None and result.revision is not None:
        call_id = f"fc-{uuid.uuid4()}"
        call = {"functionCall": {"id": call_id, "name": reply.tool_name, "args": reply.tool_args}}
        response = {"ok": True, "action": reply.action, "draft_rev": result.revision, "price": reply.price}
        done = {"functionResponse": {"id": call_id, "name": reply.tool_name, "response": response}}
        events.append(adk_event({"parts": [call], "role": "model"}, invocation_id, timestamp))
        events.append(adk_event({"parts": [done], "role": "user"}, invocation_id, timestamp,
                                {"draft_rev": result.revision}))
    if reply.text and not (silent and events):
        events.append(adk_event({"parts": [{"text": reply.text}], "role": "model"}, invocation_id, timestamp))
    return events


async def _first(turn: asyncio.Future[TurnResult], clock: Clock, seconds: float) -> None:
    sleeper: asyncio.Future[object] = asyncio.ensure_future(clock.sleep(seconds))
    waiting: set[asyncio.Future[object]] = {sleeper, turn}  # type: ignore[arg-type]
    try:
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sleeper.cancel()


async def turn_stream(
    turn: asyncio.Future[TurnResult], plan: StreamPlan, clock: Clock, wall: Callable[[], float]
) -> AsyncIterator[bytes]:
    """Keep-alives while the turn runs (and through a long keep-alive phase), then its events."""
    waited = 0.0
    while waited < plan.long_keepalive_s:
        step = min(plan.keepalive_s, plan.long_keepalive_s - waited)
        await clock.sleep(step)
        waited += step
        yield KEEPALIVE
    while not turn.done():
        await _first(turn, clock, plan.keepalive_s)
        if not turn.done():
            yield KEEPALIVE
    invocation_id = new_invocation_id()
    events = [encode(event) for event in turn_events(turn.result(), invocation_id, wall(), plan.silent)]
    for index, data in enumerate(events):
        if plan.drop and index == len(events) - 1:
            yield data[: len(data) // 2]  # the connection ends inside this event
            return
        yield data
