"""Bad answers become typed errors with the backend's message and a hint a person can act on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from client_support import (
    API_URL,
    WEB_URL,
    FakeBackend,
    answer,
    envelope,
    fixture,
    fixture_bytes,
    fixture_json,
    make_client,
)
from nemovideo import errors
from nemovideo.client.envelope import Answer, ErrorContext, api_data, render_data, retry_after_seconds
from nemovideo.draft import Draft
from nemovideo.store import Credentials, SessionRecord

CREDITS = "/api/credits/balance/simple"


def api_answer(name: str, status: int) -> Answer:
    return Answer(status, "application/json", fixture_bytes(f"api/{name}"))


@pytest.mark.parametrize(
    ("name", "status", "kind", "code", "said"),
    [
        ("error_1001.json", 401, errors.TokenInvalid, 1001, "token expired"),
        ("error_msg_fallback.json", 200, errors.TokenInvalid, 1001, "invalid token"),
        ("error_1002.json", 404, errors.SessionNotFound, 1002, "session not found"),
        ("adk_session_not_found.json", 404, errors.SessionNotFound, 1002, "Session not found"),
        ("error_2001.json", 200, errors.OutOfCredits, 2001, "insufficient credits"),
        ("error_4001.json", 200, errors.UnsupportedFile, 4001, "unsupported file type"),
        ("error_4002.json", 200, errors.FileTooLarge, 4002, "file too large"),
        ("error_402.json", 402, errors.PlanLimit, 402, "not available on the free plan"),
        ("error_429.json", 429, errors.RateLimited, 429, "Too many requests"),
    ],
)
def test_each_error_code_maps_to_its_class_with_message_and_hint(
    name: str, status: int, kind: type[errors.NemoError], code: int, said: str
) -> None:
    with pytest.raises(kind) as caught:
        api_data(api_answer(name, status), ErrorContext(credits_hint="Top up."))
    assert caught.value.code == code
    assert said in caught.value.message
    assert caught.value.hint and caught.value.hint in str(caught.value)


def test_http_400_means_a_missing_client_id_only_on_the_token_call() -> None:
    with pytest.raises(errors.MissingClientId):
        api_data(api_answer("error_400_client_id.json", 400), ErrorContext(token_call=True))
    with pytest.raises(errors.BadRequest, match="X-Client-Id header is required"):
        api_data(api_answer("error_400_client_id.json", 400), ErrorContext())


def test_an_unknown_code_is_an_unknown_api_error_naming_it() -> None:
    with pytest.raises(errors.UnknownApiError, match="7777") as caught:
        api_data(Answer(200, "application/json", b'{"code": 7777, "message": "new thing"}'), ErrorContext())
    assert caught.value.code == 7777


def test_a_string_code_is_read_as_a_number() -> None:
    with pytest.raises(errors.SessionNotFound):
        api_data(Answer(200, "application/json", b'{"code": "1002", "msg": "gone"}'), ErrorContext())


@pytest.mark.parametrize(
    ("body", "status", "kind", "words"),
    [
        (b"<html><title>Oops</title></html>", 200, errors.MalformedResponse, "HTML page titled 'Oops'"),
        (b"", 200, errors.MalformedResponse, "an empty answer"),
        (b'{"code": 0, "data": ', 200, errors.MalformedResponse, "bytes of application/json"),
        (b"<h1>Bad gateway</h1>", 503, errors.ServerError, "HTTP 503. .the service sent an HTML page"),
        (b'{"detail": "Not Found"}', 404, errors.BadRequest, "Not Found"),
        (b'{"error": "boom"}', 500, errors.ServerError, "boom"),
    ],
)
def test_bodies_that_are_not_a_usable_envelope(body: bytes, status: int, kind: type[Exception], words: str) -> None:
    with pytest.raises(kind, match=words):
        api_data(Answer(status, "application/json" if body.startswith(b"{") else "text/html", body), ErrorContext())


def test_render_rejections_and_duplicates() -> None:
    with pytest.raises(errors.DuplicateRenderId):
        render_data(api_answer("render_submit_duplicate.json", 200), ErrorContext())
    with pytest.raises(errors.RenderRejected, match="render not found") as caught:
        render_data(api_answer("render_poll_error.json", 404), ErrorContext())
    assert not isinstance(caught.value, errors.DuplicateRenderId)


def test_a_402_about_attribution_says_so() -> None:
    body = b'{"code": 402, "message": "Missing attribution headers (X-Skill-Source)"}'
    with pytest.raises(errors.PlanLimit, match="Missing attribution") as caught:
        api_data(Answer(402, "application/json", body), ErrorContext())
    assert "attribution headers" in caught.value.hint and "plan" not in caught.value.hint


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 30.0), ("", 30.0), ("12", 12.0), ("1.5", 1.5), ("soon", 30.0), ("-4", 0.0)]
)
def test_retry_after_values(value: str | None, seconds: float) -> None:
    assert retry_after_seconds(value) == seconds


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:45 GMT", now) == 45.0


async def test_out_of_credits_for_an_anonymous_user_links_registration_with_their_id(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("api/error_2001.json"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        creds = await client.ensure_token()
        with pytest.raises(errors.OutOfCredits) as caught:
            [e async for e in client.chat("generate a 30-second video")]
    assert creds.user_id and caught.value.hint.endswith(f"{WEB_URL}/register?bind={creds.user_id}")
    assert len(backend.seen("POST", "/run_sse")) == 1


async def test_out_of_credits_for_a_registered_user_says_top_up(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("api/error_2001.json"))
    token = backend.issue_token()
    backend.tokens[token] = "usr_registered"
    client, _ = make_client(tmp_path, backend, token=token)
    async with client:
        with pytest.raises(errors.OutOfCredits) as caught:
            [e async for e in client.chat("generate")]
    assert caught.value.hint == f"Top up your credits at {WEB_URL}." and caught.value.user_id == "usr_registered"


async def test_out_of_credits_for_a_nemo_token_of_unknown_user_says_top_up_never_an_empty_bind(
    tmp_path: Path,
) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("api/error_2001.json"))
    token = backend.issue_token()
    client, store = make_client(tmp_path, backend, token=token)
    # A session made by an earlier process (its user is not known now) and an old anonymous token on disk.
    store.save_session(API_URL, SessionRecord(session_id=backend.open_session(token)))
    store.save_credentials(API_URL, Credentials(token="nmv_usr_old0000000000", user_id="anon_old", anonymous=True))
    async with client:
        with pytest.raises(errors.OutOfCredits) as caught:
            [e async for e in client.chat("generate")]
    assert caught.value.hint == f"Top up your credits at {WEB_URL}." and caught.value.user_id is None
    assert "bind=" not in str(caught.value)


async def test_missing_fields_are_named_in_a_malformed_response(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, envelope({"frozen": 3}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="credit balance.*available"):
            await client.credits()


async def test_a_token_answer_without_a_token_is_malformed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/api/auth/anonymous-token", envelope({"user_id": "anon_1"}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="token"):
            await client.ensure_token()


async def test_a_render_answer_without_a_status_is_malformed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/api/render/proxy/lambda/{rid}", answer({"success": True, "data": {"id": "r"}}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="without a status"):
            await client.render_status("render_1")


async def test_a_wrong_content_type_on_an_api_route_is_malformed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, answer("available: 85", content_type="text/plain"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="text/plain"):
            await client.credits()


async def test_state_that_is_not_an_object_is_malformed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", "/api/state/nemo_agent/me/{sid}/latest", envelope(["not", "a", "state"]))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="session state"):
            await client.state()


async def test_a_402_on_export_shows_the_backends_message(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/api/render/proxy/lambda", fixture("api/error_402.json", 402))
    client, _ = make_client(tmp_path, backend)
    draft = Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])
    async with client:
        with pytest.raises(errors.PlanLimit, match="Export is not available on the free plan") as caught:
            await client.submit_render(draft)
    assert "not a lack of credits" in caught.value.hint
