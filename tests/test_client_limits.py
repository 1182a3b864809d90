"""The client's limits: one deadline per call, one body-size guard, error bodies classified by status, strict JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import anyio
import httpx2
import pytest

from client_support import API_URL, FakeBackend, answer, envelope, fixture, make_client
from nemovideo import errors
from nemovideo.client import deadline
from nemovideo.client.envelope import Answer, ErrorContext, api_data, loads
from nemovideo.client.http import Limits
from nemovideo.clock import FakeClock
from nemovideo.store import Credentials

CREDITS = "/api/credits/balance/simple"
STATE = "/api/state/nemo_agent/me/{sid}/latest"


async def test_a_retry_after_that_fits_the_deadline_is_waited_out(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, fixture("api/error_429.json", 429, {"Retry-After": "5"}))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with deadline.within(30, clock):
            await client.credits()
    assert clock.sleeps == [5.0]


async def test_a_retry_after_beyond_the_deadline_is_an_error_saying_how_long_to_wait(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, fixture("api/error_429.json", 429, {"Retry-After": "100"}))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        with deadline.within(30, clock), pytest.raises(errors.RateLimited) as caught:
            await client.credits()
    assert clock.sleeps == [] and caught.value.retry_after == 100.0
    assert "Wait 100 s, then try again." in str(caught.value)


async def test_a_backoff_that_would_leave_no_time_is_not_taken(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.route("GET", CREDITS, lambda r, p: fixture("api/html_error_502.html", 502)(r))
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        await client.ensure_token()
        with deadline.within(0.5, clock), pytest.raises(errors.ServerError):
            await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 1 and clock.sleeps == []


async def test_a_timeout_is_not_retried(tmp_path: Path) -> None:
    backend = FakeBackend()

    def hang(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("quiet")

    backend.route("GET", CREDITS, lambda r, p: hang(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.ApiTimeout):
            await client.credits()
    assert len(backend.seen("GET", CREDITS)) == 1


async def test_the_deadline_cuts_an_answer_that_never_comes(tmp_path: Path) -> None:
    async def silent() -> httpx2.Response:
        await anyio.sleep(60)
        raise AssertionError("not reached")

    class Silent(FakeBackend):
        async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
            if request.url.path == CREDITS:
                return await silent()
            return await super().handle_async_request(request)

    backend = Silent()
    clock = FakeClock()
    client, _ = make_client(tmp_path, backend, clock=clock)
    async with client:
        await client.ensure_token()
        with anyio.fail_after(5), deadline.within(0.2, clock), pytest.raises(errors.DeadlineExceeded) as caught:
            await client.credits()
    assert "within the 0.2 s this call may take" in caught.value.message


async def test_a_detached_task_keeps_its_own_limits_not_the_callers_deadline() -> None:
    clock = FakeClock()
    with deadline.within(1, clock):
        assert deadline.remaining() == pytest.approx(1, abs=0.05)
        assert await deadline.detached(_remaining()) is None
        clock.advance(0.5)  # time passes on the clock (a fake sleep) as well as for real
        assert deadline.remaining() == pytest.approx(0.5, abs=0.05)
    assert deadline.remaining() is None


async def _remaining() -> float | None:
    return deadline.remaining()


def test_an_earlier_deadline_already_in_force_wins() -> None:
    clock = FakeClock()
    with deadline.within(5, clock), deadline.within(60, clock) as inner:
        seconds, by_deadline = deadline.bound(30)
        assert inner.seconds == 5 and seconds == pytest.approx(5, abs=0.05) and by_deadline
    assert deadline.bound(30) == (30, False)


async def test_a_json_body_over_the_limit_is_refused_counting_decompressed_bytes(tmp_path: Path) -> None:
    backend = FakeBackend()
    inflated = json.dumps({"code": 0, "data": {"available": 1, "pad": " " * (2 * 1024 * 1024)}}).encode()
    bomb = gzip.compress(inflated)
    backend.queue("GET", CREDITS, answer(bomb, headers={"content-encoding": "gzip"}, content_type="application/json"))
    client, _ = make_client(tmp_path, backend, limits=Limits(max_body=1024 * 1024))
    async with client:
        with pytest.raises(errors.ResponseTooLarge, match="larger than 1 MiB"):
            await client.credits()
    assert len(bomb) < 10_000


async def test_an_error_answer_is_read_only_up_to_its_limit(tmp_path: Path) -> None:
    backend = FakeBackend()
    huge = b"<html><title>Busy</title>" + b"x" * (3 * 1024 * 1024)
    backend.queue("GET", CREDITS, answer(huge, 503, content_type="text/html"))
    backend.queue("GET", CREDITS, answer(huge, 503, content_type="text/html"))
    backend.queue("GET", CREDITS, answer(huge, 503, content_type="text/html"))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.ServerError, match="HTML page titled 'Busy'"):
            await client.credits()


@pytest.mark.parametrize(
    ("status", "headers", "kind", "hint"),
    [
        (429, {"Retry-After": "45"}, errors.RateLimited, "Wait 45 s"),
        (401, {}, errors.TokenInvalid, "NEMO_TOKEN"),
        (413, {}, errors.FileTooLarge, "200 MB"),
        (402, {}, errors.PlanLimit, "plan limit"),
        (502, {}, errors.ServerError, "try again in a minute"),
        (504, {}, errors.ServerError, "try again in a minute"),
    ],
)
def test_an_error_body_that_is_not_json_is_classified_by_its_status(
    status: int, headers: dict[str, str], kind: type[errors.NemoError], hint: str
) -> None:
    page = b"<html><head><title>Gateway</title></head><body>nope</body></html>"
    response = httpx2.Response(status, headers={"content-type": "text/html", **headers}, content=page)
    with pytest.raises(kind) as caught:
        api_data(Answer.of(response), ErrorContext())
    assert hint in str(caught.value) and "HTML page titled 'Gateway'" in caught.value.message
    assert "Expected JSON" not in str(caught.value)


async def test_an_html_401_renews_an_anonymous_token(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, store = make_client(tmp_path, backend)
    store.save_credentials(API_URL, Credentials(token="nmv_usr_stale000000000000", user_id="anon_old"))
    backend.queue("GET", CREDITS, answer("<html><title>Sign in</title></html>", 401, content_type="text/html"))
    async with client:
        balance = await client.credits()
    assert balance.available >= 0 and len(backend.seen("POST", "/api/auth/anonymous-token")) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"data": {"available": ' + "9" * 400 + "}}", "400 digits"),
        ('{"data": {"vol": NaN}}', "NaN"),
        ('{"data": {"vol": -Infinity}}', "Infinity"),
        ('{"data": {"vol": 1e308}}', "out of range"),
        ('{"data": ' + "[" * 100_000 + "]" * 100_000 + "}", "nesting too deep"),
    ],
)
def test_extreme_json_is_a_malformed_response_naming_the_reason(body: str, reason: str) -> None:
    with pytest.raises(errors.MalformedResponse, match=reason):
        api_data(Answer(200, "application/json", body.encode()), ErrorContext())


def test_ordinary_numbers_pass_the_strict_reader() -> None:
    assert loads(b'{"id": 18446744073709551615, "t": 1763990000.12, "v": -0.35, "d": 1e3}') == {
        "id": 18446744073709551615, "t": 1763990000.12, "v": -0.35, "d": 1000.0,
    }


async def test_a_state_with_extreme_values_is_a_typed_error(tmp_path: Path) -> None:
    backend = FakeBackend()
    body = {"code": 0, "data": {"state": {"draft": {"t": [{"tt": 1, "sg": [{"id": "a", "st": 0, "d": 1000}]}]}}}}
    raw = json.dumps(body).replace('"d": 1000', '"d": 1000, "vol": NaN').encode()
    backend.route("GET", STATE, lambda r, p: answer(raw, content_type="application/json")(r))
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(errors.MalformedResponse, match="NaN"):
            await client.state()


async def test_a_download_over_its_size_limit_leaves_nothing_behind(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.downloads["render_1"] = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096
    client, _ = make_client(tmp_path / "data", backend, limits=Limits(max_download=1024))
    async with client:
        with pytest.raises(errors.ResponseTooLarge):
            await client.download("/api/render/proxy/render_1/download", tmp_path / "out" / "v.mp4")
    assert list((tmp_path / "out").iterdir()) == []


async def test_an_answer_envelope_still_reads(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("GET", CREDITS, envelope({"available": 3, "frozen": 0, "total": 3}))
    client, _ = make_client(tmp_path, backend)
    async with client:
        assert (await client.credits()).available == 3
