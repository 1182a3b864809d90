"""/run_sse: ADK events, revisions, undo, credits frozen then settled or released, keep-alives, JSON errors."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest

from nemovideo.clock import FakeClock
from nemovideo.local.config import LocalConfig
from test_local_fakes import FakeAgent, Wall, api, chat_body, login, make_deps, new_session, sse_data, tiny_png

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


async def chat(client: httpx2.AsyncClient, headers: dict[str, str], session_id: str, text: str) -> httpx2.Response:
    """One turn."""
    return await client.post("/run_sse", headers=headers | {"Accept": "text/event-stream"},
                             json=chat_body(session_id, text))


def events(response: httpx2.Response) -> list[dict[str, Any]]:
    """The non-empty events of a stream."""
    return [json.loads(data) for data in sse_data(response.text) if data]


async def state(client: httpx2.AsyncClient, headers: dict[str, str], session_id: str) -> dict[str, Any]:
    """The session state."""
    response = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    data: dict[str, Any] = response.json()["data"]["state"]
    return data


async def credits(client: httpx2.AsyncClient, headers: dict[str, str]) -> dict[str, int]:
    """The balance."""
    data: dict[str, int] = (await client.get("/api/credits/balance/simple", headers=headers)).json()["data"]
    return data


async def test_a_change_streams_call_response_and_text_as_adk_events(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path), make_deps(wall=Wall(1795544048.5))) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await chat(client, headers, session_id, "title 天堂")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "已添加标题“天堂”".encode() in response.content  # raw UTF-8, not \u escapes
    call, result, text = events(response)
    assert call["content"]["role"] == "model"
    assert call["content"]["parts"][0]["functionCall"]["name"] == "edit_multitrack"
    assert call["content"]["parts"][0]["functionCall"]["args"] == {"op": "add_title", "text": "天堂"}
    assert result["content"]["role"] == "user"
    assert result["content"]["parts"][0]["functionResponse"]["id"] == call["content"]["parts"][0]["functionCall"]["id"]
    assert result["actions"]["stateDelta"] == {"draft_rev": 1}
    assert text["content"]["parts"] == [{"text": "Added the title \"天堂\". 已添加标题“天堂”。"}]
    for event in (call, result, text):
        assert UUID.match(event["id"]) and event["author"] == "nemo_agent" and event["timestamp"] == 1795544048.5
        assert event["invocationId"] == call["invocationId"] and UUID.match(call["invocationId"][2:])
        assert set(event["actions"]) >= {"stateDelta", "artifactDelta"}


async def test_each_change_is_a_revision_and_costs_its_price(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path, price_generate=10, price_edit=2)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        await chat(client, headers, session_id, "generate a video")
        after_generate = await state(client, headers, session_id)
        await chat(client, headers, session_id, "title Hello")
        after_title = await state(client, headers, session_id)
        balance = await credits(client, headers)
    assert after_generate["draft_rev"] == 1 and after_generate["draft"]["t"][0]["sg"][0]["d"] == 5000
    assert after_title["draft_rev"] == 2 and after_title["draft"]["t"][1]["sg"][0]["txt"] == "Hello"
    assert balance == {"available": 88, "frozen": 0, "total": 88}


async def test_undo_restores_the_previous_revision_exactly_and_walks_back(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        drafts = []
        for message in ("generate", "title A", "title B"):
            await chat(client, headers, session_id, message)
            drafts.append((await state(client, headers, session_id))["draft"])
        await chat(client, headers, session_id, "undo")
        first_undo = await state(client, headers, session_id)
        await chat(client, headers, session_id, "undo")
        second_undo = await state(client, headers, session_id)
    assert first_undo["draft"] == drafts[1] and first_undo["draft_rev"] == 4
    assert second_undo["draft"] == drafts[0] and second_undo["draft_rev"] == 5


async def test_an_unknown_request_changes_nothing_and_costs_nothing(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await chat(client, headers, session_id, "make me a sandwich")
        after = await state(client, headers, session_id)
        balance = await credits(client, headers)
    assert [event["content"]["parts"] for event in events(response)] == [
        [{"text": "I can generate videos and add titles."}]]
    assert after["draft_rev"] == 0 and balance["available"] == 100


async def test_too_few_credits_is_2001_as_json_before_any_stream(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path, starting_credits=5)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await chat(client, headers, session_id, "generate a promo")
        balance = await credits(client, headers)
    assert response.status_code == 403 and response.headers["content-type"] == "application/json"
    assert response.json()["code"] == 2001 and "needs 10" in response.json()["message"]
    assert balance == {"available": 5, "frozen": 0, "total": 5}


async def test_without_the_editing_agent_a_turn_is_5003_as_json_and_holds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(name: str) -> ModuleType:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr("nemovideo.local.usecases.chat.importlib.import_module", missing)
    async with api(LocalConfig(tmp_path), make_deps(agent=None)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await chat(client, headers, session_id, "title x")
        balance = await credits(client, headers)
    assert response.status_code == 503 and response.headers["content-type"] == "application/json"
    assert response.json()["code"] == 5003
    assert balance == {"available": 100, "frozen": 0, "total": 100}


async def test_a_missing_token_on_run_sse_is_1001_as_json(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await client.post("/run_sse", json=chat_body(session_id, "title x"))
    assert response.status_code == 401 and response.headers["content-type"] == "application/json"
    assert response.json()["code"] == 1001


async def test_a_failing_agent_ends_the_stream_with_an_error_and_releases_the_credits(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        crashed = await chat(client, headers, session_id, "boom")
        too_dear = await chat(client, headers, session_id, "pricey")
        after = await state(client, headers, session_id)
        balance = await credits(client, headers)
    assert [(e["errorCode"], e["errorMessage"]) for e in events(crashed)] == [
        ("AGENT_ERROR", "the editing agent failed; nothing was changed or charged")]
    assert "agent exploded" not in crashed.text
    assert [e["errorCode"] for e in events(too_dear)] == ["INSUFFICIENT_CREDITS"]
    assert after["draft_rev"] == 0 and balance == {"available": 100, "frozen": 0, "total": 100}


class GateClock(FakeClock):
    """A fake clock that lets the agent finish after a number of keep-alive waits."""

    def __init__(self, gate: threading.Event, after: int) -> None:
        super().__init__()
        self.gate = gate
        self.after = after

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        if len(self.sleeps) >= self.after:
            self.gate.set()


async def test_keep_alives_flow_while_the_agent_works(tmp_path: Path) -> None:
    gate = threading.Event()
    clock = GateClock(gate, after=3)
    deps = make_deps(agent=FakeAgent(gate=gate), clock=clock)
    async with api(LocalConfig(tmp_path, keepalive_s=4.0), deps) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await chat(client, headers, session_id, "title Slow")
    data = sse_data(response.text)
    first_event = next(i for i, item in enumerate(data) if item)
    assert first_event >= 3 and set(data[:first_event]) == {""}
    assert set(clock.sleeps) == {4.0}
    assert len(data) - first_event == 3


async def test_the_agent_sees_the_sessions_uploads(tmp_path: Path) -> None:
    agent = FakeAgent()
    async with api(LocalConfig(tmp_path), make_deps(agent=agent)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                          files=[("files", ("clip.mp4", tiny_png(), "video/mp4"))])
        await chat(client, headers, session_id, "generate from my clip")
    uploads = agent.calls[0][2]
    assert [(u.kind, u.filename, u.duration_ms, u.width) for u in uploads] == [("video", "clip.mp4", 2000, 640)]
    assert uploads[0].url.startswith("/media/med_")


async def test_a_body_without_text_is_4000(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        body = chat_body(session_id, "x") | {"new_message": {"role": "user", "parts": [{"image": "..."}]}}
        response = await client.post("/run_sse", headers=headers, json=body)
    assert response.status_code == 400 and response.json()["code"] == 4000
    assert "new_message" in response.json()["message"]
