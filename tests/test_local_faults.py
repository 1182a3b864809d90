"""Each fault switch seen from an httpx2 client: silent edits, 429s, expired tokens, dropped streams, keep-alives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2

from nemovideo.clock import FakeClock
from nemovideo.local.config import Faults, LocalConfig
from nemovideo.local.web.faults import FaultInjector
from nemovideo.local.web.server import run_embedded
from test_local_fakes import api, chat_body, login, make_deps, new_session, sse_data, token


def with_faults(tmp_path: Path, spec: str, **changes: Any) -> LocalConfig:
    """A config with faults switched on from a spec string."""
    return LocalConfig(tmp_path, faults=Faults.parse(spec, seed=7), **changes)


async def test_silent_edits_change_the_draft_but_send_no_text(tmp_path: Path) -> None:
    async with api(with_faults(tmp_path, "silent=1")) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await client.post("/run_sse", headers=headers, json=chat_body(session_id, "title Quiet"))
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    kinds = [next(iter(json.loads(d)["content"]["parts"][0])) for d in sse_data(response.text) if d]
    assert kinds == ["functionCall", "functionResponse"]
    assert state.json()["data"]["state"]["draft_rev"] == 1


async def test_rate_limit_answers_api_calls_with_429_and_retry_after(tmp_path: Path) -> None:
    async with api(with_faults(tmp_path, "rate_limit=1")) as (client, _):
        limited = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c"})
        chat = await client.post("/run_sse", json=chat_body("1", "hi"))
        health = await client.get("/health")
    for response in (limited, chat):
        assert response.status_code == 429 and response.headers["retry-after"] == "30"
        assert response.json()["code"] == 429
    assert health.status_code == 200


async def test_expire_token_ends_the_token_and_renewal_reaches_the_same_user(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        first = await token(client, "client-x")
        session_id = await new_session(client, {"Authorization": f"Bearer {first['token']}"})
    async with api(with_faults(tmp_path, "expire_token=1")) as (client, _):
        refused = await client.get("/api/credits/balance/simple", headers={"Authorization": f"Bearer {first['token']}"})
        renewed = await token(client, "client-x")
    async with api(LocalConfig(tmp_path)) as (client, _):
        old_again = await client.get("/api/credits/balance/simple",
                                     headers={"Authorization": f"Bearer {first['token']}"})
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest",
                                 headers={"Authorization": f"Bearer {renewed['token']}"})
    assert (refused.status_code, refused.json()["code"], refused.json()["message"]) == (401, 1001, "token expired")
    assert renewed["token"] != first["token"] and renewed["user_id"] == first["user_id"]
    assert old_again.json()["code"] == 1001
    assert state.status_code == 200


async def test_long_keepalive_sends_only_keep_alives_for_the_configured_time(tmp_path: Path) -> None:
    clock = FakeClock()
    config = with_faults(tmp_path, "long_keepalive=12", keepalive_s=4.0)
    async with api(config, make_deps(clock=clock)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        response = await client.post("/run_sse", headers=headers, json=chat_body(session_id, "title Later"))
    data = sse_data(response.text)
    first_event = next(i for i, item in enumerate(data) if item)
    assert first_event >= 3 and all(data[first_event:]) and len(data) - first_event == 3
    assert clock.sleeps[:3] == [4.0, 4.0, 4.0]


async def test_a_dropped_stream_ends_inside_an_event_over_real_http(tmp_path: Path) -> None:
    with run_embedded(config=with_faults(tmp_path, "drop_stream=1"), deps=make_deps()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            async with client.stream("POST", "/run_sse", headers=headers,
                                     json=chat_body(session_id, "title Cut")) as response:
                body = b"".join([chunk async for chunk in response.aiter_bytes()])
            state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    assert response.status_code == 200
    complete, _, tail = body.rpartition(b"\n\n")
    assert tail.startswith(b"data: {") and not tail.endswith(b"}")
    assert complete.count(b"data: ") == 2  # the call and the response arrived whole; the text was cut
    assert state.json()["data"]["state"]["draft_rev"] == 1  # the change was made: the client must not resend


def test_faults_are_reproducible_under_a_seed_and_independent_of_each_other() -> None:
    def draws(faults: Faults, name: str) -> list[bool]:
        injector = FaultInjector(faults)
        return [injector.fires(name) for _ in range(64)]

    same_a = draws(Faults(silent=0.5, seed=3), "silent")
    same_b = draws(Faults(silent=0.5, rate_limit=0.9, seed=3), "silent")
    other = draws(Faults(silent=0.5, seed=4), "silent")
    assert same_a == same_b and same_a != other
    assert 10 < sum(same_a) < 54
    assert draws(Faults(seed=3), "silent") == [False] * 64
