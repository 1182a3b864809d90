"""Every SSE fixture replayed through the real client and the conversation layer: what the user reads."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from client_support import FakeBackend, answer, fixture, fixture_json, make_client
from nemovideo.clock import FakeClock
from nemovideo.conversation.service import Conversation, ConversationConfig

CHAT = ("POST", "/run_sse")
STATE = ("GET", "/api/state/nemo_agent/me/{sid}/latest")
OFFER = 'Say "export" and I\'ll render and send the MP4.'

# The backend's state never changes here, so every turn that did not fail is `unchanged`, whatever its words claim.
REPLIES = {
    "adk_capture.sse": ("unchanged", "Added a lo-fi track at 35%. 已添加背景音乐。\n" + OFFER),
    "text_reply.sse": ("unchanged", 'Added the title "Paradise Found" for the first 3 seconds.'),
    "partial_then_final.sse": ("unchanged", "Adding lo-fi music at 35%."),
    "thought_then_text.sse": ("unchanged", "Done: the video is now 9:16."),
    "chinese_reply.sse": ("unchanged", "已为视频添加标题“城市之梦”。\n" + OFFER),
    "flattened.sse": ("unchanged", "Added lo-fi music at 35%.\n" + OFFER),
    "malformed_line.sse": ("unchanged", "Still here after a bad line."),
    "tool_only_no_text.sse": ("unchanged", "The request finished, but the timeline did not change."),
    "error_mid_stream.sse": ("failed", "internal agent error"),
    "error_code_event.sse": ("failed", "model quota exceeded"),
    "error_system_author.sse": ("failed", "session expired"),
}


def state_with_title(title: str) -> dict[str, object]:
    body = copy.deepcopy(fixture_json("api/state_seed.json"))
    body["data"]["state"]["draft"]["t"][2]["sg"].append({"id": "x2", "st": 0, "d": 3000, "role": "title",
                                                          "txt": title})
    return body


def conversation(tmp_path: Path, backend: FakeBackend, clock: FakeClock) -> Conversation:
    client, store = make_client(tmp_path, backend, clock=clock)
    config = ConversationConfig(web_url="https://web.nemo.test", downloads=tmp_path / "videos")
    return Conversation(client, store, config, clock=clock, language="en")


@pytest.mark.parametrize("name", sorted(REPLIES))
async def test_each_fixture_reads_as_the_user_should_see_it(name: str, tmp_path: Path) -> None:
    backend, clock = FakeBackend(), FakeClock()
    backend.queue(*CHAT, fixture(f"sse/{name}"))
    reply = await conversation(tmp_path, backend, clock).handle("add something")
    status, text = REPLIES[name]
    assert reply.status == status
    assert text in reply.text
    assert "click" not in reply.text.lower() and "点击" not in reply.text
    assert len(backend.seen("POST", "/run_sse")) == 1


async def test_silent_edit_over_http_reports_the_new_title(tmp_path: Path) -> None:
    backend, clock = FakeBackend(), FakeClock()
    backend.queue(*CHAT, fixture("sse/tool_only_no_text.sse"))
    backend.queue(*STATE, fixture("api/state_seed.json"), answer(state_with_title("Paradise Found")))
    reply = await conversation(tmp_path, backend, clock).handle("add the title Paradise Found")
    assert reply.text == '✅ Title added: "Paradise Found" (0-3s)' and reply.status == "completed"
    edits = [(e.element, e.id, e.property, e.after) for e in reply.edits]
    assert edits == [("title", "x2", "segment", "Paradise Found")]
    assert len(backend.seen("GET")) >= 2


async def test_dropped_stream_over_http_is_never_resent(tmp_path: Path) -> None:
    backend, clock = FakeBackend(), FakeClock()
    backend.queue(*CHAT, fixture("sse/dropped.sse"))
    backend.queue(*STATE, fixture("api/state_seed.json"), fixture("api/state_seed.json"),
                  answer(state_with_title("Late")))
    reply = await conversation(tmp_path, backend, clock).handle("add the title Late")
    assert len(backend.seen("POST", "/run_sse")) == 1
    assert clock.sleeps[:2] == [30, 60]
    assert '✅ Title added: "Late" (0-3s)' in reply.text


async def test_keepalives_only_fixture_says_nothing_changed_without_resending(tmp_path: Path) -> None:
    backend, clock = FakeBackend(), FakeClock()
    backend.queue(*CHAT, fixture("sse/keepalive_only.sse"))
    reply = await conversation(tmp_path, backend, clock).handle("add music")
    assert reply.status == "unchanged" and "did not change" in reply.text
    assert len(backend.seen("POST", "/run_sse")) == 1


async def test_credits_in_chinese_opens_no_stream(tmp_path: Path) -> None:
    backend, clock = FakeBackend(), FakeClock()
    reply = await conversation(tmp_path, backend, clock).handle("余额还有多少?")
    assert reply.credits is not None and reply.credits.available == 85
    assert backend.seen("POST", "/run_sse") == []
