"""Anonymous tokens, renewal, bearer checks and the per-address limit of the local backend."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from nemovideo.local.config import Faults, LocalConfig
from test_local_fakes import Wall, api, login, make_deps, new_session, token

WEEK = 7 * 24 * 3600


async def test_a_new_client_gets_a_week_long_token_with_100_credits(tmp_path: Path) -> None:
    wall = Wall(1_790_000_000.0)
    async with api(LocalConfig(tmp_path), make_deps(wall=wall)) as (client, _):
        data = await token(client)
    assert data["token"].startswith("nmv_usr_")
    assert data["user_id"].startswith("anon_")
    assert data["credits"] == 100
    assert data["expires_at"] == "2026-09-28T14:13:20Z"  # 1_790_000_000 is 2026-09-21T14:13:20Z


async def test_asking_again_while_the_token_is_valid_returns_the_same_token(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        first = await token(client, "same-client")
        second = await token(client, "same-client")
        other = await token(client, "other-client")
    assert second == first
    assert other["token"] != first["token"] and other["user_id"] != first["user_id"]


async def test_a_renewed_token_reaches_the_same_user_and_sessions(tmp_path: Path) -> None:
    wall = Wall()
    async with api(LocalConfig(tmp_path), make_deps(wall=wall)) as (client, _):
        old = await token(client, "renewing-client")
        old_headers = {"Authorization": f"Bearer {old['token']}"}
        session_id = await new_session(client, old_headers)
        wall.now += WEEK + 1
        expired = await client.get("/api/credits/balance/simple", headers=old_headers)
        new = await token(client, "renewing-client")
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest",
                                 headers={"Authorization": f"Bearer {new['token']}"})
    assert expired.status_code == 401 and expired.json()["code"] == 1001
    assert "expired" in expired.json()["message"]
    assert new["token"] != old["token"]
    assert new["user_id"] == old["user_id"]
    assert state.status_code == 200 and state.json()["data"]["session_id"] == session_id


async def test_missing_client_id_is_http_400_and_distinct_from_a_malformed_body(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        missing = await client.post("/api/auth/anonymous-token")
        bad_id = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": "no spaces allowed"})
        headers = await login(client)
        malformed = await client.post("/api/tasks/me/with-session/nemo_agent", headers=headers, content=b"{not json")
    assert missing.status_code == 400
    assert missing.json() == {"code": 400, "message": "X-Client-Id header is required", "data": None}
    assert bad_id.status_code == 400 and bad_id.json()["code"] == 4000
    assert malformed.status_code == 400
    assert malformed.json()["code"] == 4000 and "JSON" in malformed.json()["message"]


async def test_missing_unknown_or_expired_bearer_is_1001(tmp_path: Path) -> None:
    wall = Wall()
    async with api(LocalConfig(tmp_path, token_ttl_s=60), make_deps(wall=wall)) as (client, _):
        headers = await login(client)
        answers = [
            await client.get("/api/credits/balance/simple"),
            await client.get("/api/credits/balance/simple", headers={"Authorization": "Bearer nmv_usr_unknown"}),
            await client.get("/api/credits/balance/simple", headers={"Authorization": "Basic abc"}),
        ]
        wall.now += 61
        answers.append(await client.get("/api/credits/balance/simple", headers=headers))
    assert [(r.status_code, r.json()["code"]) for r in answers] == [(401, 1001)] * 4
    assert [r.json()["message"] for r in answers] == [
        "token missing: send Authorization: Bearer <token>", "token invalid", "token missing: send Authorization: "
        "Bearer <token>", "token expired",
    ]


async def test_one_address_creating_too_many_users_gets_429(tmp_path: Path) -> None:
    config = LocalConfig(tmp_path, new_users_per_address=2, retry_after_s=30)
    async with api(config) as (client, _):
        await token(client, "c1")
        await token(client, "c2")
        refused = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c3"})
        known_again = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c1"})
    async with api(config, address="127.0.0.9") as (other_address, _):
        elsewhere = await other_address.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c3"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "30"
    assert refused.json()["code"] == 429
    assert known_again.status_code == 200
    assert elsewhere.status_code == 200


async def test_the_database_never_holds_a_token(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        issued = await token(client)
        session_headers = {"Authorization": f"Bearer {issued['token']}"}
        await new_session(client, session_headers)
        claim = await client.post("/api/auth/claim-token", headers=session_headers,
                                  json={"session_id": await new_session(client, session_headers)})
    secret_parts = [issued["token"], issued["token"][len("nmv_usr_"):], claim.json()["data"]["claim_token"]]
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("nemovideo.sqlite3*"))
    assert stored, "the database files were not found"
    assert not [part for part in secret_parts if part.encode() in stored]


async def test_claim_token_for_own_session(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        claimed = await client.post("/api/auth/claim-token", headers=headers, json={"session_id": session_id})
    data = claimed.json()["data"]
    assert data["claim_token"].startswith("clm_") and data["expires_in"] == WEEK


async def test_a_token_never_appears_in_answers_or_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    config = LocalConfig(tmp_path, faults=Faults(expire_token=0.5, seed=1))
    async with api(config) as (client, _):
        issued = await token(client, "canary")
        headers = {"Authorization": f"Bearer {issued['token']}"}
        answers = [await client.get("/api/credits/balance/simple", headers=headers) for _ in range(4)]
        answers.append(await client.post("/run_sse", headers=headers, json={"session_id": "1"}))
        answers.append(await client.get("/api/render/proxy/lambda/x", headers=headers))
        answers.append(await client.post("/api/tasks/me/with-session/nemo_agent", headers=headers, content=b"[1]"))
    secret = issued["token"][len("nmv_usr_"):]
    assert {answer.json().get("code") for answer in answers} >= {1001}
    assert not [answer.text for answer in answers if secret in answer.text or secret in str(answer.url)]
    assert secret not in caplog.text
