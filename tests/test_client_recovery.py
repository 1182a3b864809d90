"""Recovery: each error code is healed at most once, with the right new token, session or client id."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import httpx2
import pytest

from client_support import API_URL, FakeBackend, Handler, answer, fixture, fixture_json, make_client
from nemovideo.clock import FakeClock
from nemovideo.draft import Draft
from nemovideo.errors import (
    DuplicateRenderId,
    RateLimited,
    ServerError,
    SessionNotFound,
    StreamDropped,
    TokenInvalid,
    TransportError,
)
from nemovideo.store import Credentials, SessionRecord

CREDITS = "/api/credits/balance/simple"
TOKEN = "/api/auth/anonymous-token"
SESSION = "/api/tasks/me/with-session/nemo_agent"
STALE = "nmv_usr_stale0000000000000000"


def seed_draft() -> Draft:
    return Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])


def expire_token(backend: FakeBackend, status: int = 401) -> Handler:
    """A handler for the moment a token expires: the backend forgets it and answers 1001."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        backend.revoke(request.headers["authorization"].removeprefix("Bearer "))
        return fixture("api/error_1001.json", status)(request)

    return handle


def refuse(exc: Exception) -> Handler:
    def handle(request: httpx2.Request) -> httpx2.Response:
        raise exc

    return handle


async def test_1001_fetches_a_new_token_for_the_same_client_id_and_retries_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    client_id = store.client_id()
    store.save_credentials(API_URL, Credentials(token=STALE, user_id="anon_old"))
    async with client:
        balance = await client.credits()
    assert balance.available == fixture_json("api/credits.json")["data"]["available"]
    fresh = backend.client_tokens[client_id]
    assert [s.bearer for s in backend.seen("GET", CREDITS)] == [STALE, fresh]
    assert [s.headers["x-client-id"] for s in backend.seen("POST", TOKEN)] == [client_id]
    stored = store.credentials(API_URL)
    assert stored is not None and stored.token == fresh


async def test_a_second_1001_is_raised_after_one_renewal(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.route("GET", CREDITS, lambda r, p: fixture("api/error_1001.json")(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(TokenInvalid) as caught:
            await client.credits()
    assert caught.value.code == 1001
    assert len(backend.seen("GET", CREDITS)) == 2
    assert len(backend.seen("POST", TOKEN)) == 2  # the first token, then exactly one renewal


async def test_a_refused_nemo_token_is_reported_not_replaced(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend, token=STALE)
    async with client:
        with pytest.raises(TokenInvalid, match="NEMO_TOKEN"):
            await client.credits()
    assert backend.seen("POST", TOKEN) == []
    assert len(backend.seen("GET", CREDITS)) == 1


async def test_concurrent_1001s_renew_the_token_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    store.save_credentials(API_URL, Credentials(token=STALE))
    async with client:
        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(client.credits)
    assert len(backend.seen("POST", TOKEN)) == 1
    fresh = backend.client_tokens[store.client_id()]
    assert sorted(s.bearer or "" for s in backend.seen("GET", CREDITS)) == sorted([STALE] * 3 + [fresh] * 3)


async def test_1002_creates_a_new_session_in_the_same_language_and_retries_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    store.save_session(API_URL, SessionRecord(session_id="999", language="zh-CN"))
    async with client:
        state = await client.state()
        sid = client.session_id
    assert sid is not None and sid != "999" and state.session_id == sid
    assert [s.json()["language"] for s in backend.seen("POST", SESSION)] == ["zh-CN"]
    paths = [s.path for s in backend.seen("GET")]
    assert paths == [f"/api/state/nemo_agent/me/{x}/latest" for x in ("999", sid)]
    assert store.session(API_URL) == SessionRecord(session_id=sid, task_id=f"task_{sid[-4:]}", language="zh-CN")


async def test_an_adk_style_404_is_a_missing_session_too(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("api/adk_session_not_found.json", 404))
    client, _ = make_client(tmp_path, backend)
    async with client:
        first = (await client.ensure_session()).session_id
        events = [e async for e in client.chat("add music")]
        second = client.session_id
    assert events and first != second
    assert [s.json()["session_id"] for s in backend.seen("POST", "/run_sse")] == [first, second]


async def test_a_second_1002_is_raised_after_one_new_session(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.route("POST", "/run_sse", lambda r, p: fixture("api/error_1002.json", 404)(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(SessionNotFound):
            [e async for e in client.chat("hello")]
    assert len(backend.seen("POST", "/run_sse")) == 2
    assert len(backend.seen("POST", SESSION)) == 2  # the first session, then exactly one replacement


async def test_1001_then_1002_are_each_healed_once_in_one_call(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    store.save_credentials(API_URL, Credentials(token=STALE))
    store.save_session(API_URL, SessionRecord(session_id="999"))
    async with client:
        await client.state()
    bearers = [s.bearer for s in backend.seen("GET")]
    fresh = backend.client_tokens[store.client_id()]
    assert bearers == [STALE, fresh, fresh]
    assert len(backend.seen("POST", SESSION)) == 1


async def test_http_400_from_the_token_endpoint_makes_a_new_client_id_and_retries_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", TOKEN, fixture("api/error_400_client_id.json", 400))
    client, store = make_client(tmp_path, backend)
    old = store.client_id()
    async with client:
        await client.ensure_token()
    ids = [s.headers["x-client-id"] for s in backend.seen("POST", TOKEN)]
    assert ids[0] == old and len(ids) == 2 and ids[1] != old
    assert store.client_id() == ids[1]
    assert client.client_id == ids[1]


async def test_http_400_on_another_endpoint_is_not_a_client_id_problem(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, answer({"code": 4000, "message": "bad body"}, 400))
    client, store = make_client(tmp_path, backend)
    old = store.client_id()
    async with client:
        with pytest.raises(Exception, match="bad body") as caught:
            await client.credits()
    assert type(caught.value).__name__ == "BadRequest"
    assert store.client_id() == old


async def test_429_waits_retry_after_on_the_clock_and_retries_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, fixture("api/error_429.json", 429, {"Retry-After": "7"}))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        await client.credits()
    assert clock.sleeps == [7.0]
    first, second = backend.seen("GET", CREDITS)
    assert first.bearer == second.bearer and first.url == second.url


async def test_429_without_retry_after_waits_30_seconds(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("api/error_429.json", 429))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        events = [e async for e in client.chat("add a title")]
    assert events and clock.sleeps == [30.0]
    assert len(backend.seen("POST", "/run_sse")) == 2


async def test_a_second_429_is_raised_with_its_retry_after(tmp_path: Path) -> None:
    backend = FakeBackend()
    limited = fixture("api/error_429.json", 429, {"Retry-After": "12"})
    backend.queue("GET", CREDITS, limited, limited)
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with pytest.raises(RateLimited) as caught:
            await client.credits()
    assert caught.value.retry_after == 12.0 and clock.sleeps == [12.0]


async def test_a_very_long_retry_after_is_reported_without_waiting(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, fixture("api/error_429.json", 429, {"Retry-After": "3600"}))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with pytest.raises(RateLimited) as caught:
            await client.credits()
    assert caught.value.retry_after == 3600.0 and clock.sleeps == []


async def test_a_get_is_retried_after_a_5xx_with_backoff_on_the_clock(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, fixture("api/html_error_502.html", 502))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 2
    assert len(clock.sleeps) == 1 and 0.375 <= clock.sleeps[0] <= 0.5


async def test_a_get_gives_up_after_three_attempts_with_growing_backoff(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.route("GET", CREDITS, lambda r, p: fixture("api/html_error_502.html", 502)(r))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with pytest.raises(ServerError, match="502 Bad Gateway"):
            await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 3
    assert len(clock.sleeps) == 2
    assert 0.375 <= clock.sleeps[0] <= 0.5 and 0.75 <= clock.sleeps[1] <= 1.0


async def test_a_get_is_retried_after_a_connection_error(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, refuse(httpx2.ConnectError("connection refused")))
    client, _ = make_client(tmp_path, backend)
    async with client:
        await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 2


async def test_persistent_connection_errors_become_a_transport_error(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.route("GET", CREDITS, lambda r, p: refuse(httpx2.ReadError("reset"))(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(TransportError, match="api.nemo.test"):
            await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 3


async def test_a_render_submit_is_never_repeated_after_a_5xx(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/api/render/proxy/lambda", fixture("api/html_error_502.html", 502))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with pytest.raises(ServerError):
            await client.submit_render(seed_draft())
    assert len(backend.seen("POST", "/api/render/proxy/lambda")) == 1 and clock.sleeps == []


async def test_a_chat_message_is_never_resent_after_a_connection_error(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", refuse(httpx2.ConnectError("refused")))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(TransportError):
            [e async for e in client.chat("generate a video")]
    assert len(backend.seen("POST", "/run_sse")) == 1


async def test_a_chat_message_is_never_resent_once_events_have_started(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("sse/dropped.sse"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(StreamDropped):
            [e async for e in client.chat("add music")]
    assert len(backend.seen("POST", "/run_sse")) == 1


async def test_a_1001_instead_of_a_stream_renews_the_token_and_sends_the_message_once_more(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    async with client:
        await client.ensure_session()
        backend.queue("POST", "/run_sse", expire_token(backend, 200))  # JSON, not a stream: the message was refused
        events = [e async for e in client.chat("add a title")]
    assert events
    sent = backend.seen("POST", "/run_sse")
    assert len(sent) == 2 and sent[0].json() == sent[1].json()
    assert sent[1].bearer == backend.client_tokens[store.client_id()] != sent[0].bearer


async def test_a_duplicate_render_id_is_retried_once_with_a_new_id(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/api/render/proxy/lambda", fixture("api/render_submit_duplicate.json"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        status = await client.submit_render(seed_draft(), "render_1790001234")
    ids = [s.json()["id"] for s in backend.seen("POST", "/api/render/proxy/lambda")]
    assert ids[0] == "render_1790001234" and len(ids) == 2
    assert re.fullmatch(r"render_\d{13}", ids[1]) and status.id == ids[1]


async def test_a_second_duplicate_render_id_is_raised(tmp_path: Path) -> None:
    backend = FakeBackend()
    duplicate = fixture("api/render_submit_duplicate.json")
    backend.queue("POST", "/api/render/proxy/lambda", duplicate, duplicate)
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(DuplicateRenderId):
            await client.submit_render(seed_draft())
    ids = [s.json()["id"] for s in backend.seen("POST", "/api/render/proxy/lambda")]
    assert len(ids) == 2 and ids[0] != ids[1]


async def test_a_render_submit_refused_with_1001_is_sent_again_with_the_new_token(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/api/render/proxy/lambda", expire_token(backend))
    client, store = make_client(tmp_path, backend)
    async with client:
        await client.submit_render(seed_draft())
    sent = backend.seen("POST", "/api/render/proxy/lambda")
    assert len(sent) == 2 and sent[0].json() == sent[1].json()
    assert sent[1].bearer == backend.client_tokens[store.client_id()] != sent[0].bearer


async def test_a_refused_login_token_is_reported_not_swapped_for_an_anonymous_one(tmp_path: Path) -> None:
    from client_support import API_URL, FakeBackend, make_client
    from nemovideo.errors import TokenInvalid
    from nemovideo.store import Credentials

    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    store.save_credentials(API_URL, Credentials(token="nmv_usr_mine_but_revoked", anonymous=False))
    async with client:
        with pytest.raises(TokenInvalid, match="nemovideo login"):
            await client.credits()
    assert backend.seen("POST", "/api/auth/anonymous-token") == []
    kept = store.credentials(API_URL)
    assert kept is not None and kept.token == "nmv_usr_mine_but_revoked" and not kept.anonymous
