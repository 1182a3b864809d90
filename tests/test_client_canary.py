"""A canary token never appears in an exception, a log record or a request URL, even when the backend echoes it."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx2
import pytest

from client_support import FakeBackend, Handler, answer, chunked, fixture_json, make_client
from nemovideo.client import NemoClient
from nemovideo.draft import Draft
from nemovideo.errors import NemoError

CANARY = "CANARY"
Scenario = Callable[[NemoClient], Awaitable[object]]


def echo(body: str, status: int = 200, content_type: str = "application/json") -> Handler:
    """A handler that puts the caller's bearer token into its answer wherever `{token}` appears."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        return answer(body.replace("{token}", token), status, content_type=content_type)(request)

    return handle


def echo_stream(line: str) -> Handler:
    """An SSE answer whose one event echoes the caller's token."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        return chunked([f"data: {line.replace('{token}', token)}\n\n".encode()])(request)

    return handle


async def chat(client: NemoClient) -> object:
    return [event async for event in client.chat("make it pop")]


def scenarios(backend: FakeBackend, tmp_path: Path) -> list[tuple[str, str, Handler, Scenario]]:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"data")
    draft = Draft.parse(fixture_json("api/state_seed.json")["data"]["state"]["draft"])
    credits = "/api/credits/balance/simple"
    return [
        ("GET", credits, echo('{"code": 402, "message": "plan blocks Bearer {token}"}', 402), lambda c: c.credits()),
        ("GET", credits, echo("<html><title>down {token}</title></html>", 502, "text/html"), lambda c: c.credits()),
        ("GET", credits, echo('{"code": 0, "data": {token}', 200), lambda c: c.credits()),
        ("GET", credits, echo('{"code": 9, "message": "odd {token}"}', 200), lambda c: c.credits()),
        ("GET", "/api/state/nemo_agent/me/{sid}/latest", echo('{"detail": "bad {token}"}', 400), lambda c: c.state()),
        ("POST", "/run_sse", echo_stream('{"error": "bad token {token}"}'), chat),
        (
            "POST",
            "/run_sse",
            echo_stream('{"author": "system", "content": {"parts": [{"text": "Error: {token}"}]}}'),
            chat,
        ),
        ("POST", "/run_sse", echo_stream('{"errorCode": "X", "errorMessage": "token={token}"}'), chat),
        ("POST", "/run_sse", echo_stream('{"content": {"parts": [{"text": "{token}'), chat),
        ("POST", "/run_sse", echo('{"code": 1001, "message": "expired {token}"}', 401), chat),
        (
            "POST",
            "/api/upload-video/nemo_agent/me/{sid}",
            echo('{"code": 4001, "message": "no {token}"}'),
            lambda c: c.upload_files([video]),
        ),
        (
            "POST",
            "/api/render/proxy/lambda",
            echo('{"success": false, "error": "dup {token}"}'),
            lambda c: c.submit_render(draft),
        ),
        (
            "GET",
            "/api/render/proxy/lambda/{rid}",
            echo('{"success": true, "data": {"status": "failed", "error": "{token}"}}'),
            lambda c: c.render_status("render_1"),
        ),
        (
            "GET",
            "/api/render/proxy/{rid}/download",
            echo('{"code": 500, "message": "{token}"}', 500),
            lambda c: c.download("/api/render/proxy/r/download", tmp_path / "r.mp4"),
        ),
        (
            "POST",
            "/api/auth/anonymous-token",
            echo('{"code": 0, "data": {"token": "nmv_usr_CANARYx9", "credits": "lots nmv_usr_CANARYx9"}}'),
            lambda c: c.anonymous_token(),
        ),
    ]


def texts_of(exc: BaseException) -> list[str]:
    extra = [exc.message, exc.hint] if isinstance(exc, NemoError) else []
    return [str(exc), repr(exc), "".join(traceback.format_exception(exc)), *extra]


async def test_the_canary_token_never_leaks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    backend = FakeBackend(token_prefix="nmv_usr_CANARY")
    client, _ = make_client(tmp_path / "data", backend)
    seen: list[str] = []
    async with client:
        await client.ensure_session()
        for method, path, handler, run in scenarios(backend, tmp_path):
            backend.queue(method, path, handler, handler, handler)
            try:
                seen.append(repr(await run(client)))
            except NemoError as exc:
                seen.extend(texts_of(exc))
            backend.clear(method, path)
    assert backend.issued and all(CANARY in token for token in backend.issued)
    assert len(seen) > 40
    seen += [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]
    seen += [r.exc_text or "" for r in caplog.records] + [s.url for s in backend.requests]
    leaks = [text for text in seen if CANARY in text]
    assert leaks == []


async def test_a_canary_nemo_token_never_leaks_either(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = "nmv_usr_CANARYenv0123456789"
    backend = FakeBackend()
    backend.queue("GET", "/api/credits/balance/simple", echo('{"code": 1001, "message": "{token} expired"}', 401))
    client, _ = make_client(tmp_path, backend, token=token)
    async with client:
        with pytest.raises(NemoError) as caught:
            await client.credits()
    texts = texts_of(caught.value) + [r.getMessage() for r in caplog.records] + [s.url for s in backend.requests]
    assert "expired" in caught.value.message
    assert [text for text in texts if CANARY in text] == []
