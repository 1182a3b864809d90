"""Every endpoint's success path against the fake backend: requests, headers, stored state and typed answers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from client_support import API_URL, SKILL, WEB_URL, FakeBackend, answer, envelope, fixture, fixture_json, make_client
from nemovideo.client import NemoClient
from nemovideo.clock import FakeClock
from nemovideo.draft import Draft
from nemovideo.draft_text import summary
from nemovideo.errors import InputError, RenderRejected
from nemovideo.settings import Settings
from nemovideo.store import Credentials, SessionRecord, Store


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


async def test_every_request_carries_attribution_and_only_the_token_call_lacks_the_bearer(
    tmp_path: Path, backend: FakeBackend
) -> None:
    client, store = make_client(tmp_path, backend)
    async with client:
        await client.credits()
        await client.state()
        [event async for event in client.chat("add a title")]
    token_call, *others = backend.requests
    assert token_call.path == "/api/auth/anonymous-token"
    assert token_call.headers["x-client-id"] == store.client_id()
    assert "authorization" not in token_call.headers
    issued = backend.client_tokens[store.client_id()]
    assert [seen.bearer for seen in others] == [issued] * len(others)
    for seen in backend.requests:
        assert {k: seen.headers[k] for k in SKILL.headers()} == SKILL.headers()


async def test_a_fetched_token_is_stored_and_reused_by_the_next_client(tmp_path: Path, backend: FakeBackend) -> None:
    first, store = make_client(tmp_path, backend)
    async with first:
        creds = await first.ensure_token()
    second, _ = make_client(tmp_path, backend)
    async with second:
        assert (await second.ensure_token()).token == creds.token
        await second.credits()
    assert len(backend.seen("POST", "/api/auth/anonymous-token")) == 1
    stored = store.credentials(API_URL)
    assert stored is not None and stored.token == creds.token and stored.anonymous
    assert stored.user_id == backend.tokens[creds.token]


async def test_an_expired_stored_token_is_renewed_with_the_same_client_id(tmp_path: Path, backend: FakeBackend) -> None:
    client, store = make_client(tmp_path, backend)
    client_id = store.client_id()
    store.save_credentials(
        API_URL, Credentials(token="nmv_usr_old000000000", expires_at=datetime(2001, 1, 1, tzinfo=UTC))
    )
    async with client:
        creds = await client.ensure_token()
    assert creds.token == backend.client_tokens[client_id]
    assert [s.headers["x-client-id"] for s in backend.seen("POST", "/api/auth/anonymous-token")] == [client_id]


async def test_nemo_token_is_used_as_is_and_never_stored(tmp_path: Path, backend: FakeBackend) -> None:
    token = backend.issue_token()
    client, store = make_client(tmp_path, backend, token=token)
    async with client:
        await client.credits()
    assert backend.seen("POST", "/api/auth/anonymous-token") == []
    assert backend.seen("GET")[0].bearer == token
    assert store.credentials(API_URL) is None


async def test_nemo_client_id_is_sent_to_the_token_endpoint(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend, client_id="my-own-client-id-123")
    async with client:
        await client.anonymous_token()
    assert backend.seen("POST", "/api/auth/anonymous-token")[0].headers["x-client-id"] == "my-own-client-id-123"


async def test_create_session_sends_the_language_and_becomes_current(tmp_path: Path, backend: FakeBackend) -> None:
    client, store = make_client(tmp_path, backend)
    async with client:
        record = await client.create_session("zh-CN")
        assert client.session_id == record.session_id
        assert client.language == "zh-CN"
    sent = backend.seen("POST", "/api/tasks/me/with-session/nemo_agent")
    assert [s.json() for s in sent] == [{"task_name": "project", "language": "zh-CN"}]
    assert record.session_id in backend.sessions
    assert store.session(API_URL) == record


async def test_ensure_session_reuses_the_stored_session(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        first = await client.ensure_session("en")
        again = await client.ensure_session("ja")
    assert again == first
    assert len(backend.seen("POST", "/api/tasks/me/with-session/nemo_agent")) == 1


async def test_numeric_session_ids_are_kept_as_text(tmp_path: Path, backend: FakeBackend) -> None:
    backend.queue("POST", "/api/tasks/me/with-session/nemo_agent", envelope({"session_id": 1790001, "task_id": "t"}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        assert (await client.create_session()).session_id == "1790001"


async def test_claim_url_is_a_web_link_with_the_claim_token_and_no_bearer(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        record = await client.ensure_session()
        link = await client.claim_url()
        token = (await client.ensure_token()).token
    claim = fixture_json("api/claim_token.json")["data"]["claim_token"]
    assert link == f"{WEB_URL}/workspace/claim?ct={claim}"
    assert token not in link
    assert backend.seen("POST", "/api/auth/claim-token")[0].json() == {
        "session_id": record.session_id,
        "task_id": record.task_id,
    }


async def test_credits_are_read_and_total_is_derived_when_missing(tmp_path: Path, backend: FakeBackend) -> None:
    backend.queue("GET", "/api/credits/balance/simple", envelope({"available": 40, "frozen": 2}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        derived = await client.credits()
        listed = await client.credits()
    assert (derived.available, derived.frozen, derived.total) == (40, 2, 42)
    data = fixture_json("api/credits.json")["data"]
    assert (listed.available, listed.frozen, listed.total) == (data["available"], data["frozen"], data["total"])


async def test_state_gives_the_draft_media_and_canvas(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        state = await client.state()
        sid = client.session_id
    assert backend.seen("GET")[-1].path == f"/api/state/nemo_agent/me/{sid}/latest"
    assert isinstance(state.draft, Draft) and state.draft.is_exportable()
    assert summary(state.draft).startswith("Timeline (3 tracks): 1. Video: city timelapse (0-10s)")
    assert state.session_id == sid
    assert state.canvas is not None and (state.canvas.width, state.canvas.height, state.canvas.ratio) == (
        1920,
        1080,
        "16:9",
    )
    assert state.video_infos[0]["filename"] == "city.mp4"


async def test_an_empty_state_has_an_unexportable_draft(tmp_path: Path, backend: FakeBackend) -> None:
    backend.route("GET", "/api/state/nemo_agent/me/{sid}/latest", lambda r, p: fixture("api/state_empty.json")(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        state = await client.state()
    assert not state.draft.is_exportable()
    assert state.draft.meta.title == "project"


async def test_state_given_flat_or_with_a_json_string_draft_is_read(tmp_path: Path, backend: FakeBackend) -> None:
    draft = fixture_json("api/state_seed.json")["data"]["state"]["draft"]
    backend.queue(
        "GET", "/api/state/nemo_agent/me/{sid}/latest", envelope({"session_id": "1", "draft": json.dumps(draft)})
    )
    client, _ = make_client(tmp_path, backend)
    async with client:
        state = await client.state()
    assert len(state.draft.tracks) == 3
    assert state.video_infos == [] and state.canvas is None


async def test_submit_render_sends_the_contract_body(tmp_path: Path, backend: FakeBackend) -> None:
    draft = Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])
    client, _ = make_client(tmp_path, backend)
    async with client:
        status = await client.submit_render(draft)
        sid = client.session_id
    body = backend.seen("POST", "/api/render/proxy/lambda")[0].json()
    assert re.fullmatch(r"render_\d{13}", body["id"])
    assert body == {
        "id": body["id"],
        "sessionId": sid,
        "draft": draft.dump(),
        "output": {"format": "mp4", "quality": "high"},
    }
    assert (status.id, status.status, status.progress) == (body["id"], "pending", 0)


async def test_submit_render_keeps_a_given_id(tmp_path: Path, backend: FakeBackend) -> None:
    draft = Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])
    client, _ = make_client(tmp_path, backend)
    async with client:
        status = await client.submit_render(draft, "render_1234567890123")
    assert status.id == "render_1234567890123"


async def test_an_empty_draft_is_refused_before_anything_is_sent(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(InputError, match="nothing to export"):
            await client.submit_render(Draft())
    assert backend.requests == []


@pytest.mark.parametrize(
    ("name", "status", "progress", "output", "error"),
    [
        ("render_poll_processing.json", "processing", 50, None, None),
        ("render_poll_completed_data.json", "completed", 100, "https://cdn.example/r/render_1790001234.mp4", None),
        ("render_poll_completed_top.json", "completed", 100, "https://cdn.example/r/render_1790001234.mp4", None),
        ("render_poll_failed.json", "failed", 30, None, "encoder crashed"),
    ],
)
async def test_every_render_poll_variant_is_read(
    tmp_path: Path, backend: FakeBackend, name: str, status: str, progress: int, output: str | None, error: str | None
) -> None:
    backend.queue("GET", "/api/render/proxy/lambda/{rid}", fixture(f"api/{name}"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        result = await client.render_status("render_1790001234")
    assert (result.id, result.status, result.progress) == ("render_1790001234", status, progress)
    assert (result.output_url, result.error) == (output, error)
    assert result.finished == (status != "processing")
    assert backend.seen("GET")[-1].path == "/api/render/proxy/lambda/render_1790001234"


async def test_a_poll_for_an_unknown_render_is_rejected(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(RenderRejected, match="render not found"):
            await client.render_status("render_404")


async def test_relative_output_urls_resolve_against_the_base_url(tmp_path: Path, backend: FakeBackend) -> None:
    draft = Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])
    client, _ = make_client(tmp_path, backend)
    async with client:
        rid = (await client.submit_render(draft)).id
        status = await client.render_status(rid)
    assert status.output_url == f"{API_URL}/api/render/proxy/{rid}/download"


async def test_a_completed_render_without_a_url_falls_back_to_the_download_route(
    tmp_path: Path, backend: FakeBackend
) -> None:
    backend.queue("GET", "/api/render/proxy/lambda/{rid}", answer({"success": True, "data": {"status": "completed"}}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        status = await client.render_status("render_77")
    assert status.output_url == f"{API_URL}/api/render/proxy/render_77/download"


async def test_a_render_id_with_a_slash_is_refused(tmp_path: Path, backend: FakeBackend) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(InputError):
            await client.render_status("../credits")
    assert backend.requests == []


def test_local_without_a_base_url_is_refused_with_a_clear_message(tmp_path: Path, backend: FakeBackend) -> None:
    with pytest.raises(InputError, match="local backend"):
        make_client(tmp_path, backend, api_url="local")


async def test_the_embedded_backend_keeps_its_sessions_when_its_port_changes(
    tmp_path: Path, backend: FakeBackend
) -> None:
    settings = Settings(api_url="local", data_dir=tmp_path)
    store = Store(tmp_path)
    async with NemoClient(
        settings, store, SKILL, transport=backend, clock=FakeClock(), base_url="http://127.0.0.1:8765/"
    ) as client:
        assert client.api_url == "local" and client.base_url == "http://127.0.0.1:8765"
        first = await client.ensure_session()
    assert backend.requests[0].url.startswith("http://127.0.0.1:8765/api/")
    async with NemoClient(
        settings, store, SKILL, transport=backend, clock=FakeClock(), base_url="http://127.0.0.1:9999"
    ) as client:
        assert (await client.ensure_session()).session_id == first.session_id
    assert store.session(API_URL) is None


def test_a_malformed_api_url_is_refused(tmp_path: Path, backend: FakeBackend) -> None:
    with pytest.raises(InputError, match="not an http"):
        make_client(tmp_path, backend, api_url="mega-api-prod.nemovideo.ai")


async def test_a_stored_session_is_current_on_start(tmp_path: Path, backend: FakeBackend) -> None:
    client, store = make_client(tmp_path, backend)
    store.save_session(API_URL, SessionRecord(session_id="42", language="ja"))
    async with client:
        assert (client.session_id, client.language) == ("42", "ja")


async def test_timeouts_are_10_s_to_connect_30_s_for_an_exchange_and_15_min_of_chat_silence(
    tmp_path: Path, backend: FakeBackend
) -> None:
    client, _ = make_client(tmp_path, backend)
    async with client:
        await client.credits()
        [event async for event in client.chat("hello")]
    credits = backend.seen("GET", "/api/credits/balance/simple")[0].timeout
    chat = backend.seen("POST", "/run_sse")[0].timeout
    assert (credits["connect"], credits["read"]) == (10.0, 30.0)
    assert (chat["connect"], chat["read"]) == (10.0, 900.0)
