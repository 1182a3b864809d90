"""The hostile-request suite: generated bodies, headers, uploads, URLs and numbers sent over real HTTP.

One backend on 127.0.0.1 (a free port) takes every case: never a 5xx, never a hang (every request has a
timeout), always the envelope (or the render proxy's shape), no temp file left, users kept apart, and the
ledger exact with non-zero prices. Example counts are fixed; CI runs them derandomised (conftest.py).
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_support import assert_envelope, temp_files
from nemovideo.local.config import LocalConfig
from nemovideo.local.web.server import EmbeddedBackend, run_embedded
from test_local_fakes import ATTRIBUTION, make_deps, tiny_png

JSON_ROUTES = ["/api/tasks/me/with-session/nemo_agent", "/api/auth/claim-token", "/run_sse",
               "/api/render/proxy/lambda", "/api/upload-video/nemo_agent/me/{sid}"]
HEADER_NAMES = ["Authorization", "X-Client-Id", "Content-Type", "Accept", "X-Forwarded-For", "Forwarded",
                "X-Skill-Source", "Range", "Cookie", "Origin", "Host"]


class Stage:
    """The backend and two users (one session each) every case uses."""

    def __init__(self, backend: EmbeddedBackend, data: Path) -> None:
        self.backend = backend
        self.data = data
        self.client = httpx2.Client(base_url=backend.url, timeout=15)
        self.users = [self._user(name) for name in ("alice", "bob")]

    def _user(self, client_id: str) -> dict[str, Any]:
        issued = self.client.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id}).json()["data"]
        headers = {"Authorization": f"Bearer {issued['token']}", **ATTRIBUTION}
        session = self.client.post("/api/tasks/me/with-session/nemo_agent", headers=headers,
                                   json={"task_name": "p", "language": "en"}).json()["data"]["session_id"]
        return {"id": issued["user_id"], "headers": headers, "session": session}

    def send(self, method: str, path: str, *, render: bool = False, **kwargs: Any) -> httpx2.Response:
        """One request; the answer is checked: no 5xx, the envelope (or render shape), no temp file left."""
        answer = self.client.request(method, path, **kwargs)
        body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else None
        if answer.status_code >= 400 or body is not None:
            assert_envelope(answer.status_code, body, render=render or path.startswith("/api/render"))
        assert answer.status_code < 500, answer.text[:300]
        assert temp_files(self.data) == []
        return answer


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    """A backend with the fake agent, prices 10 and 2, no network for URL uploads, a 2 s body timeout."""
    async def no_dns(host: str, port: int) -> list[str]:
        raise OSError(f"no DNS in tests ({host})")

    data = tmp_path_factory.mktemp("hostile")
    deps = make_deps(resolver=no_dns, url_transport=httpx2.MockTransport(lambda request: httpx2.Response(404)),
                     body_timeout_s=2.0)
    with run_embedded(config=LocalConfig(data, new_users_per_address=0), deps=deps) as backend:
        staged = Stage(backend, data)
        yield staged
        staged.client.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
json_fields = st.fixed_dictionaries({}, optional={
    "task_name": json_values, "language": json_values, "session_id": json_values, "task_id": json_values,
    "app_name": json_values, "user_id": json_values, "new_message": json_values, "id": json_values,
    "sessionId": json_values, "draft": json_values, "output": json_values, "urls": json_values,
})
raw_numbers = st.builds(lambda sign, digits, tail: f"{sign}{digits}{tail}", st.sampled_from(["", "-"]),
                        st.text(string.digits, min_size=1, max_size=6000), st.sampled_from(["", ".5", "e999", "E-9"]))
surrogates = st.integers(0xD800, 0xDFFF).map(lambda code: f'"\\u{code:04x}"')
bodies = st.one_of(
    json_fields.map(lambda value: json.dumps(value).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=400),
    st.builds(lambda key, raw: f'{{"{key}": {raw}}}'.encode(), st.sampled_from(["task_name", "id", "n", "draft"]),
              st.one_of(raw_numbers, surrogates)),
    st.integers(1, 3000).map(lambda depth: b'{"draft": ' + b"[" * depth + b"]" * depth + b"}"),
    st.integers(1, 3000).map(lambda depth: b'{"draft": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"),
)


@settings(max_examples=120)
@given(body=bodies, route=st.sampled_from(JSON_ROUTES), user=st.integers(0, 1),
       content_type=st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain"]))
def test_generated_bodies_get_a_4xx_envelope_or_an_answer(stage: Stage, body: bytes, route: str, user: int,
                                                         content_type: str) -> None:
    who = stage.users[user]
    stage.send("POST", route.format(sid=who["session"]), content=body,
               headers={**who["headers"], "Content-Type": content_type})


# h11 will not send a value with white space at either end, so the client cannot make one: strip it.
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
                        max_size=200).map(lambda value: value.strip(" "))


@settings(max_examples=100)
@given(headers=st.dictionaries(st.sampled_from(HEADER_NAMES), header_values, max_size=4),
       route=st.sampled_from(["GET /api/credits/balance/simple", "POST /api/auth/anonymous-token",
                              "GET /api/state/nemo_agent/me/{sid}/latest", "GET /api/render/proxy/lambda/r1",
                              "GET /health", "GET /media/med_0.png"]))
def test_generated_headers_get_a_4xx_envelope_or_an_answer(stage: Stage, headers: dict[str, str], route: str) -> None:
    method, path = route.split(" ")
    sent = {**stage.users[0]["headers"], **{name: value.encode("latin-1") for name, value in headers.items()}}
    answer = stage.send(method, path.format(sid=stage.users[0]["session"]), headers=sent)
    if "Host" in headers and headers["Host"].strip().lower() not in {f"{name}:{stage.backend.url.rsplit(':', 1)[1]}"
                                                                      for name in ("localhost", "127.0.0.1", "[::1]")}:
        assert answer.status_code == 400  # a Host that does not name this server never reaches a route


file_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["../../etc/passwd.png", "a.mp4", "C:\\x\\y.jpg", "clip.MP4", ".png", "x.exe", "a" * 300 + ".png"])


@settings(max_examples=60)
@given(names=st.lists(file_names, min_size=1, max_size=3), cut=st.none() | st.integers(0, 2000),
       content=st.sampled_from([tiny_png(), b"junk" * 10, b""]), field=st.sampled_from(["files", "file", "files[]"]))
def test_generated_uploads_get_a_4xx_envelope_or_stored_files_and_leave_no_temp_file(
        stage: Stage, names: list[str], cut: int | None, content: bytes, field: str) -> None:
    boundary = "gen-boundary"
    body = b"".join(
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\r\n".encode(
            "utf-8", "surrogateescape") + content + b"\r\n" for name in names) + f"--{boundary}--\r\n".encode()
    if cut is not None:
        body = body[:cut]
    who = stage.users[0]
    answer = stage.send("POST", f"/api/upload-video/nemo_agent/me/{who['session']}", content=body,
                        headers={**who["headers"], "Content-Type": f"multipart/form-data; boundary={boundary}"})
    if cut is not None and cut < len(body):
        assert answer.status_code >= 400  # a cut body is never a success that dropped a file


hosts = st.one_of(
    st.ip_addresses().map(lambda ip: f"[{ip}]" if ip.version == 6 else str(ip)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=70),
    st.from_regex(r"[a-z0-9-]{0,70}(\.[a-z0-9-]{0,70}){0,4}", fullmatch=True),
    st.sampled_from(["localhost", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "[2002:7f00:1::]", "192.0.0.192",
                     "[64:ff9b::a9fe:a9fe]", "metadata.google.internal", "xn--", "a..b", "[fe80::1%25eth0]"]),
)
urls = st.builds(lambda scheme, user, host, port, path: f"{scheme}://{user}{host}{port}/{path}",
                 st.sampled_from(["http", "https", "ftp", "file", "HTTP", "javascript", ""]),
                 st.sampled_from(["", "user:pw@", "@"]), hosts,
                 st.sampled_from(["", ":80", ":0", ":99999", ":-1", ":abc"]),
                 st.text(max_size=40)) | st.text(max_size=200)


@settings(max_examples=80)
@given(url_list=st.lists(urls, min_size=1, max_size=3))
def test_generated_urls_are_refused_with_an_envelope_and_never_fetched(stage: Stage, url_list: list[str]) -> None:
    who = stage.users[0]
    answer = stage.send("POST", f"/api/upload-video/nemo_agent/me/{who['session']}",
                        json={"urls": url_list, "source_type": "url"}, headers=who["headers"])
    assert answer.status_code >= 400 and answer.json()["code"] in (4000, 4001, 4002, 4003, 4004), answer.text


@settings(max_examples=40)
@given(text=st.text(max_size=50), number=st.text(string.digits, min_size=1, max_size=800),
       tail=st.sampled_from(["", "%", " seconds", ".5", "e308", ",000,000"]))
def test_generated_numbers_in_messages_never_give_a_5xx(stage: Stage, text: str, number: str, tail: str) -> None:
    who = stage.users[1]
    body = {"app_name": "nemo_agent", "user_id": "me", "session_id": who["session"],
            "new_message": {"role": "user", "parts": [{"text": f"title {text} {number}{tail}"}]}}
    stage.send("POST", "/run_sse", json=body, headers=who["headers"])


MESSAGES = st.one_of(st.builds(lambda text: f"title {text}", st.text(min_size=1, max_size=20)),
                     st.sampled_from(["generate a video", "undo", "boom", "pricey", "hello"]))


@settings(max_examples=15)
@given(messages=st.lists(MESSAGES, min_size=1, max_size=5), probe=st.sampled_from(
    ["GET /api/state/nemo_agent/me/{sid}/latest", "POST /api/upload-video/nemo_agent/me/{sid}",
     "GET /api/render/proxy/lambda/{rid}", "DELETE /api/render/proxy/lambda/{rid}",
     "GET /api/render/proxy/{rid}/download"]))
def test_the_ledger_stays_exact_and_users_stay_apart(stage: Stage, messages: list[str], probe: str) -> None:
    alice, bob = stage.users
    before = stage.send("GET", "/api/credits/balance/simple", headers=alice["headers"]).json()["data"]
    charged = 0
    for message in messages:
        body = {"app_name": "nemo_agent", "user_id": "me", "session_id": alice["session"],
                "new_message": {"role": "user", "parts": [{"text": message}]}}
        answer = stage.send("POST", "/run_sse", json=body, headers=alice["headers"])
        for line in answer.text.split("\n\n"):
            if line.startswith("data: ") and '"functionResponse"' in line:
                charged += json.loads(line[len("data: "):])["content"]["parts"][0]["functionResponse"]["response"][
                    "price"]
    after = stage.send("GET", "/api/credits/balance/simple", headers=alice["headers"]).json()["data"]
    assert after["frozen"] == 0 and after["available"] == before["available"] - charged
    render_id = f"render_{len(messages)}"
    stage.send("POST", "/api/render/proxy/lambda", headers=alice["headers"], json={
        "id": render_id, "sessionId": alice["session"], "output": {"format": "mp4"},
        "draft": {"t": [{"id": "x", "tt": 7, "sg": [{"id": "x1", "d": 1000, "role": "title", "txt": "a"}]}]}})
    method, path = probe.split(" ")
    taken = stage.send(method, path.format(sid=alice["session"], rid=render_id), headers=bob["headers"])
    assert taken.status_code in (400, 404)  # bob never sees or touches alice's session or render
