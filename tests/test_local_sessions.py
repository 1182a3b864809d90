"""Sessions belong to their user: state, uploads, chat, claims and renders of another user's session are refused."""

from __future__ import annotations

from pathlib import Path

from nemovideo.local.config import LocalConfig
from test_local_fakes import api, chat_body, login, new_session, tiny_png


async def test_a_new_session_has_an_empty_16_9_draft_in_the_contract_shape(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        created = await client.post("/api/tasks/me/with-session/nemo_agent", headers=headers,
                                    json={"task_name": "Holiday", "language": "zh-CN"})
        session_id = created.json()["data"]["session_id"]
        state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    data = created.json()["data"]
    assert session_id.isdigit() and data["task_id"].startswith("task_") and data["user_id"].startswith("anon_")
    body = state.json()["data"]
    assert body["task_name"] == "Holiday" and body["task_id"] == data["task_id"]
    assert body["state"]["draft"] == {"t": [], "d": 0, "m": {"title": "Holiday", "width": 1920, "height": 1080,
                                                              "ratio": "16:9"}}
    assert body["state"]["canvas_config"] == {"width": 1920, "height": 1080, "ratio": "16:9"}
    assert body["state"]["video_infos"] == [] and body["state"]["generated_media"] == []


async def test_a_bad_language_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        answer = await client.post("/api/tasks/me/with-session/nemo_agent", headers=headers,
                                   json={"task_name": "p", "language": "<script>"})
    assert answer.status_code == 400 and answer.json()["code"] == 4000 and "ISO code" in answer.json()["message"]


async def test_another_users_session_is_not_found_and_nothing_of_it_leaks(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        owner = await login(client, "owner")
        session_id = await new_session(client, owner)
        chat = await client.post("/run_sse", headers=owner, json=chat_body(session_id, "title Secret Plans"))
        assert "Secret Plans" in chat.text
        stranger = await login(client, "stranger")
        answers = {
            "state": await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=stranger),
            "upload": await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=stranger,
                                        files=[("files", ("a.png", tiny_png(), "image/png"))]),
            "claim": await client.post("/api/auth/claim-token", headers=stranger, json={"session_id": session_id}),
            "chat": await client.post("/run_sse", headers=stranger, json=chat_body(session_id, "title Hijack")),
            "render": await client.post("/api/render/proxy/lambda", headers=stranger, json={
                "id": "render_1", "sessionId": session_id, "draft": {"t": [{"tt": 7, "sg": [{"txt": "x", "d": 1}]}]}}),
        }
        owner_state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=owner)
    for name in ("state", "upload", "claim"):
        assert (answers[name].status_code, answers[name].json()["code"]) == (404, 1002), name
    assert answers["chat"].status_code == 404
    assert answers["chat"].json() == {"code": 1002, "message": "session not found", "detail": "Session not found"}
    assert answers["render"].status_code == 404
    assert answers["render"].json() == {"success": False, "error": "session not found", "code": 1002}
    for name, answer in answers.items():
        assert "Secret Plans" not in answer.text and "anon_" not in answer.text, name
    assert "Hijack" not in owner_state.text
    assert owner_state.json()["data"]["state"]["video_infos"] == []


async def test_a_session_id_with_the_wrong_user_id_in_the_chat_body_is_not_found(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        body = chat_body(session_id, "title x") | {"user_id": "anon_someone_else"}
        answer = await client.post("/run_sse", headers=headers, json=body)
    assert answer.status_code == 404 and answer.json()["detail"] == "Session not found"
