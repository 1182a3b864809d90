"""Hostile requests over real HTTP, one test per fault of issue 19: each answer is a 4xx envelope, never a 500."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import httpx2
import pytest

from hostile_support import assert_envelope, head, raw_request
from nemovideo.local.config import LocalConfig
from nemovideo.local.usecases.chat import PriceTable
from nemovideo.local.web.server import run_embedded
from test_local_fakes import FakeAgent, chat_body, login, make_deps, new_session


def serve(tmp_path: Path, **deps: Any) -> Any:
    """The backend on 127.0.0.1 and a free port, with the test fakes."""
    return run_embedded(config=LocalConfig(tmp_path, new_users_per_address=2), deps=make_deps(**deps))


async def test_x_forwarded_for_does_not_choose_the_address_that_limits_new_users(tmp_path: Path) -> None:
    with serve(tmp_path) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            answers = [await client.post("/api/auth/anonymous-token",
                                         headers={"X-Client-Id": f"client-{n}", "X-Forwarded-For": f"203.0.113.{n}"})
                       for n in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "localhost:1", "127.0.0.1", "[::1]:1",
                                  "127.0.0.1.nip.io:{port}", "localhost:{port}:{port}", "[::1:{port}", ""])
async def test_a_host_header_that_does_not_name_this_server_is_refused(tmp_path: Path, host: str) -> None:
    with serve(tmp_path) as backend:
        port = backend.url.rsplit(":", 1)[1]
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            refused = await client.get("/health", headers={"Host": host.format(port=port)})
    assert refused.status_code == 400
    assert_envelope(refused.status_code, refused.json())


async def test_the_loopback_names_with_the_served_port_are_accepted(tmp_path: Path) -> None:
    with serve(tmp_path) as backend:
        port = backend.url.rsplit(":", 1)[1]
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            answers = [await client.get("/health", headers={"Host": f"{name}:{port}"})
                       for name in ("localhost", "127.0.0.1", "[::1]", "LOCALHOST")]
    assert [answer.status_code for answer in answers] == [200] * 4


def test_the_served_host_given_with_allow_remote_is_accepted_too() -> None:
    from nemovideo.local.web.guard import RequestGuard

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("not called")

    guard = RequestGuard(app, served_host="192.0.2.7")
    scope = {"type": "http", "server": ("192.0.2.7", 8765), "headers": [(b"host", b"192.0.2.7:8765")]}
    assert guard.host_allowed(scope)
    assert not guard.host_allowed({**scope, "headers": [(b"host", b"192.0.2.8:8765")]})
    assert RequestGuard(app, served_host="::").host_allowed({**scope, "headers": [(b"host", b"[::]:8765")]})


async def test_a_body_announced_but_never_sent_ends_with_an_envelope(tmp_path: Path) -> None:
    with serve(tmp_path, body_timeout_s=0.3) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
        for path in ("/api/tasks/me/with-session/nemo_agent", "/api/render/proxy/lambda", "/run_sse"):
            answer = raw_request(backend.url, head("POST", path, backend.url, {
                **headers, "Content-Type": "application/json"}, length=100), b'{"task', timeout=10)
            assert answer.status == 400, (path, answer)
            assert_envelope(answer.status, answer.json(), render=True)
            assert "did not arrive" in json.dumps(answer.json())


BAD_BODIES = {
    "thousands of digits": b'{"task_name": "p", "language": "en", "n": ' + b"9" * 5000 + b"}",
    "a long decimal": b'{"task_name": "p", "n": 1.' + b"5" * 5000 + b"}",
    "an exponent past float": b'{"task_name": "p", "n": 1e999}',
    "NaN": b'{"task_name": "p", "n": NaN}',
    "deep nesting": b'{"task_name": "p", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "nesting under the recursion limit": b'{"n": ' + b"[" * 900 + b"]" * 900 + b"}",
    "a lone surrogate": b'{"task_name": "\\ud800 project", "language": "en"}',
    "a lone surrogate in a key": b'{"\\udfff": 1, "task_name": "p"}',
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
async def test_malformed_json_is_a_4000_envelope_on_every_json_route(tmp_path: Path, name: str) -> None:
    body = BAD_BODIES[name]
    with serve(tmp_path) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            paths = ["/api/tasks/me/with-session/nemo_agent", "/api/auth/claim-token", "/run_sse",
                     "/api/render/proxy/lambda", f"/api/upload-video/nemo_agent/me/{session_id}"]
            answers = [await client.post(path, content=body, headers={**headers, "Content-Type": "application/json"})
                       for path in paths]
    for path, answer in zip(paths, answers, strict=True):
        assert answer.status_code == 400, (path, answer.text[:300])
        assert_envelope(answer.status_code, answer.json(), render=True)
        assert answer.json().get("code") == 4000, (path, answer.text[:300])


@pytest.mark.parametrize("url", ["http://exa mple.com/a.mp4", "http://" + "a" * 64 + ".com/a.mp4",
                                 "http://a..b/a.mp4", "http://xn--/a.mp4", "http://\udcff.com/a.mp4",
                                 "http://.example/a.mp4", "http://%00/a.mp4", "http://[::1/a.mp4",
                                 "http://ex\u0000ample.com/a.mp4", "http://exa_mple.com:99999/a.mp4",
                                 "https://" + "a." * 130 + "com/a.mp4"])
async def test_a_malformed_host_in_a_url_upload_is_a_4003_envelope(tmp_path: Path, url: str) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        raise AssertionError(f"{host!r} reached the resolver")

    with serve(tmp_path, resolver=resolver) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            body = json.dumps({"urls": [url], "source_type": "url"}).encode()
            answer = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", content=body,
                                       headers={**headers, "Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] in (4000, 4003)




class GatedEstimate(FakeAgent):
    """Its estimate waits for the test (as a long message keeps the real agent busy)."""

    def __init__(self) -> None:
        super().__init__()
        self.estimating = threading.Event()
        self.release = threading.Event()

    def estimate(self, message: str, prices: PriceTable) -> int:
        """Block until released (at most 10 s)."""
        self.estimating.set()
        self.release.wait(10)
        return super().estimate(message, prices)


class BrokenEstimate(FakeAgent):
    """Its estimate overflows, as the real one did on a 400-digit number."""

    def estimate(self, message: str, prices: PriceTable) -> int:
        """Fail like float('9' * 400) * 1000 rounded."""
        raise OverflowError("cannot convert float infinity to integer")


@pytest.mark.parametrize("digits", [31, 400, 5000])
async def test_a_message_with_a_number_of_hundreds_of_digits_is_a_4000_envelope(tmp_path: Path, digits: int) -> None:
    with serve(tmp_path, agent=None) as backend:  # the real editing agent
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            text = f"make a {'9' * digits} second video with music at {'5' * digits}%"
            answer = await client.post("/run_sse", headers=headers, json=chat_body(session_id, text))
            balance = (await client.get("/api/credits/balance/simple", headers=headers)).json()["data"]
    assert answer.status_code == 400 and answer.json()["code"] == 4000
    assert balance["frozen"] == 0


async def test_an_estimate_that_fails_is_a_failed_turn_that_freezes_nothing(tmp_path: Path) -> None:
    with serve(tmp_path, agent=BrokenEstimate()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            answer = await client.post("/run_sse", headers=headers, json=chat_body(session_id, "title x"))
            balance = (await client.get("/api/credits/balance/simple", headers=headers)).json()["data"]
    assert answer.status_code == 200 and '"errorCode":"AGENT_ERROR"' in answer.text
    assert balance == {"available": 100, "frozen": 0, "total": 100}


async def test_other_requests_are_answered_while_a_message_is_being_read(tmp_path: Path) -> None:
    agent = GatedEstimate()
    with serve(tmp_path, agent=agent) as backend:
        async with httpx2.AsyncClient(base_url=backend.url, timeout=15) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            chat = asyncio.ensure_future(client.post("/run_sse", headers=headers, json=chat_body(session_id, "title")))
            try:
                assert await anyio.to_thread.run_sync(agent.estimating.wait, 10)
                with anyio.fail_after(3):  # before: the event loop itself waited inside the estimate
                    health = await client.get("/health")
            finally:
                agent.release.set()
            answer = await chat
    assert health.status_code == 200 and answer.status_code == 200


async def test_four_long_messages_do_not_stall_other_requests(tmp_path: Path) -> None:
    longest = ("add lo-fi music at 35% and a title that says hello world, then make it brighter " * 500)[:32_000]
    with serve(tmp_path, agent=None) as backend:
        async with httpx2.AsyncClient(base_url=backend.url, timeout=60) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            too_long = await client.post("/run_sse", headers=headers, json=chat_body(session_id, "a" * 240_000))
            started = time.monotonic()
            chats = [asyncio.ensure_future(client.post("/run_sse", headers=headers,
                                                       json=chat_body(session_id, longest))) for _ in range(4)]
            await anyio.sleep(0.05)  # bounded: lets the four bodies reach the server first
            asked = time.monotonic()
            health = await client.get("/health")
            waited = time.monotonic() - asked
            answers = await asyncio.gather(*chats)
            took = time.monotonic() - started
    assert too_long.status_code == 400 and too_long.json()["code"] == 4000
    assert health.status_code == 200 and all(answer.status_code == 200 for answer in answers)
    assert waited < max(0.3, took / 4), (waited, took)
