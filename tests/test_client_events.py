"""The chat stream: every SSE fixture, both event shapes, keep-alives, errors in the stream, drops and bad bodies."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx2
import pytest

from client_support import FakeBackend, Handler, answer, chunked, fixture, fixture_bytes, make_client
from nemovideo.client import ChatEvent, KeepAlive, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.client.events import parse_data
from nemovideo.client.redact import scrub
from nemovideo.client.sse import MAX_EVENT_BYTES, EventDecoder, Tail
from nemovideo.errors import ChatFailed, ChatTimeout, MalformedResponse, StreamDropped, TokenInvalid

CALL = ToolCallEvent("fc-1", "edit_multitrack", {"op": "add_title", "text": "Paradise Found"})
RESULT = ToolResultEvent("fc-1", "edit_multitrack", {"ok": True}, {})


async def chat_over(tmp_path: Path, handler: Handler, *, token: str | None = None) -> list[ChatEvent]:
    """All events of one chat turn whose stream the backend answers with `handler`."""
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", handler)
    client, _ = make_client(tmp_path, backend, token=token or backend.issue_token())
    async with client:
        return [event async for event in client.chat("do it")]


def texts(events: list[ChatEvent]) -> list[str]:
    return [e.text for e in events if isinstance(e, TextEvent)]


async def test_text_reply_gives_the_tool_events_then_the_text(tmp_path: Path) -> None:
    events = await chat_over(tmp_path, fixture("sse/text_reply.sse"))
    assert events == [
        CALL,
        RESULT,
        TextEvent('Added the title "Paradise Found" for the first 3 seconds.', False, "nemo_agent"),
    ]


async def test_a_real_adk_capture_is_read_by_the_keys_that_matter(tmp_path: Path) -> None:
    events = await chat_over(tmp_path, fixture("sse/adk_capture.sse"))
    call, result, text = events
    assert call == ToolCallEvent("fc-1", "edit_multitrack", {"op": "add_bgm", "volume": 0.35})
    assert isinstance(result, ToolResultEvent) and result.state_delta == {"draft_rev": 2}
    assert isinstance(text, TextEvent) and text.text.endswith("已添加背景音乐。")


async def test_a_chinese_reply_arrives_intact(tmp_path: Path) -> None:
    raw = fixture_bytes("sse/chinese_reply.sse").decode("utf-8").split("\n\n")[2].removeprefix("data: ")
    events = await chat_over(tmp_path, fixture("sse/chinese_reply.sse"))
    assert texts(events) == [json.loads(raw)["content"]["parts"][0]["text"]]
    assert "点击导出按钮" in texts(events)[0]


async def test_events_split_at_any_byte_give_the_same_result(tmp_path: Path) -> None:
    raw = fixture_bytes("sse/adk_capture.sse")
    whole = await chat_over(tmp_path / "a", fixture("sse/adk_capture.sse"))
    pieces = [raw[i : i + 7] for i in range(0, len(raw), 7)]
    assert await chat_over(tmp_path / "b", chunked(pieces)) == whole


async def test_the_flattened_shape_is_read(tmp_path: Path) -> None:
    events = await chat_over(tmp_path, fixture("sse/flattened.sse"))
    assert events == [
        ToolCallEvent(None, "edit_multitrack", {"op": "add_bgm"}),
        ToolResultEvent(None, "edit_multitrack", {"ok": True}, {}),
        TextEvent("Added lo-fi music at 35%. Click the Export button to download.", False, ""),
    ]


async def test_keepalives_are_comments_empty_data_and_heartbeats(tmp_path: Path) -> None:
    # `: ping`, `data:` and {"type": "heartbeat"} are all keep-alives: the turn counts them against its limits.
    assert await chat_over(tmp_path, fixture("sse/keepalive_only.sse")) == [KeepAlive()] * 4


def test_a_comment_inside_an_event_is_not_a_keepalive_of_its_own() -> None:
    decoder = EventDecoder()
    assert decoder.feed(b": note\ndata: {}\n\n\n\n") == ["{}"]


def test_an_event_nested_too_deeply_to_read_is_skipped_not_a_crash() -> None:
    assert parse_data("[" * 100_000 + "]" * 100_000) == []


async def test_partial_text_is_marked_and_the_final_text_is_not(tmp_path: Path) -> None:
    events = await chat_over(tmp_path, fixture("sse/partial_then_final.sse"))
    assert [(e.text, e.partial) for e in events if isinstance(e, TextEvent)] == [
        ("Adding lo-fi ", True),
        ("music at 35%.", True),
        ("Adding lo-fi music at 35%.", False),
    ]


async def test_thought_parts_are_skipped(tmp_path: Path) -> None:
    assert texts(await chat_over(tmp_path, fixture("sse/thought_then_text.sse"))) == ["Done: the video is now 9:16."]


async def test_a_tool_only_turn_has_no_text(tmp_path: Path) -> None:
    assert await chat_over(tmp_path, fixture("sse/tool_only_no_text.sse")) == [CALL, RESULT]


async def test_a_malformed_line_is_logged_without_its_content_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    events = await chat_over(tmp_path, fixture("sse/malformed_line.sse"))
    assert texts(events) == ["Still here after a bad line."]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("not valid JSON" in w for w in warnings)
    assert all("broken" not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("name", "detail", "code"),
    [
        ("error_code_event.sse", "model quota exceeded", "RESOURCE_EXHAUSTED"),
        ("error_mid_stream.sse", "internal agent error", None),
        ("error_system_author.sse", "session expired", None),
    ],
)
async def test_errors_in_the_stream_raise_chat_failed(tmp_path: Path, name: str, detail: str, code: str | None) -> None:
    with pytest.raises(ChatFailed, match=detail) as caught:
        await chat_over(tmp_path, fixture(f"sse/{name}"))
    assert caught.value.code == code and caught.value.hint


async def test_events_before_an_error_reach_the_caller(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("sse/error_mid_stream.sse"))
    client, _ = make_client(tmp_path, backend)
    seen: list[ChatEvent] = []
    async with client:
        with pytest.raises(ChatFailed):
            async for event in client.chat("add a title"):
                seen.append(event)
    assert seen == [CALL]


async def test_a_stream_ending_inside_an_event_is_a_drop(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.queue("POST", "/run_sse", fixture("sse/dropped.sse"))
    client, _ = make_client(tmp_path, backend)
    seen: list[ChatEvent] = []
    async with client:
        with pytest.raises(StreamDropped, match="middle of an event"):
            async for event in client.chat("add music"):
                seen.append(event)
    assert seen == [CALL]


async def test_a_connection_breaking_mid_stream_is_a_drop(tmp_path: Path) -> None:
    first = fixture_bytes("sse/text_reply.sse").split(b"\n\n")[0] + b"\n\n"
    with pytest.raises(StreamDropped, match="ReadError"):
        await chat_over(tmp_path, chunked([first], then_raise=httpx2.ReadError("connection reset")))


async def test_an_oversized_event_is_malformed(tmp_path: Path) -> None:
    huge = b'data: {"type":"text","content":"' + b"x" * (MAX_EVENT_BYTES + 10) + b'"}\n\n'
    with pytest.raises(MalformedResponse, match="larger than"):
        await chat_over(tmp_path, chunked([huge[i : i + 65536] for i in range(0, len(huge), 65536)]))


async def test_a_json_1001_instead_of_a_stream_is_token_invalid(tmp_path: Path) -> None:
    with pytest.raises(TokenInvalid):
        await chat_over(tmp_path, fixture("api/error_1001.json"), token="nmv_usr_userprovided0000")


@pytest.mark.parametrize(
    ("handler", "words"),
    [
        (fixture("api/html_error_502.html", 200), "HTML page titled '502 Bad Gateway'"),
        (answer("OK, working on it", content_type="text/plain"), "bytes of text/plain"),
        (answer({"code": 0, "message": "ok", "data": {}}), "Expected a chat event stream"),
        (answer(b"", content_type="text/event-stream; charset=utf-8", status=202), None),
    ],
)
async def test_a_body_that_is_not_an_event_stream_is_malformed(
    tmp_path: Path, handler: Handler, words: str | None
) -> None:
    if words is None:  # an empty event stream is simply a turn with nothing to say
        assert await chat_over(tmp_path, handler) == []
        return
    with pytest.raises(MalformedResponse, match=words):
        await chat_over(tmp_path, handler)


async def test_an_empty_message_is_refused_before_sending(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend)
    async with client:
        with pytest.raises(Exception, match="empty"):
            [e async for e in client.chat("   ")]
    assert backend.requests == []


async def test_the_chat_request_follows_the_adk_contract(tmp_path: Path) -> None:
    backend = FakeBackend()
    client, _ = make_client(tmp_path, backend)
    async with client:
        [e async for e in client.chat("给视频加个标题")]
        sid = client.session_id
    sent = backend.seen("POST", "/run_sse")[0]
    assert sent.headers["accept"] == "text/event-stream"
    assert sent.json() == {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": sid,
        "new_message": {"role": "user", "parts": [{"text": "给视频加个标题"}]},
    }


def test_snake_case_adk_keys_are_read_too() -> None:
    data = {
        "content": {"parts": [{"function_response": {"id": "x", "name": "t", "response": {"ok": 1}}}]},
        "actions": {"state_delta": {"rev": 3}},
    }
    assert parse_data(json.dumps(data)) == [ToolResultEvent("x", "t", {"ok": 1}, {"rev": 3})]


def test_an_error_object_in_the_stream_is_chat_failed() -> None:
    with pytest.raises(ChatFailed, match="overloaded"):
        parse_data(json.dumps({"error": {"message": "overloaded", "code": 503}}))


def test_a_json_value_that_is_not_an_object_is_skipped() -> None:
    assert parse_data("[1, 2]") == [] and parse_data('"text"') == []


def test_unknown_flattened_types_and_empty_parts_are_skipped() -> None:
    assert parse_data('{"type": "progress", "value": 3}') == []
    assert parse_data('{"content": {"parts": [{"text": ""}, {}]}}') == []


@pytest.mark.parametrize(
    ("chunks", "unterminated"),
    [
        ([b"data: {}\n\n"], False),
        ([b"data: {}\n"], True),
        ([b"data: {}"], True),
        ([b"data: {}\r", b"\n\r\n"], False),
        ([b"data: {}\r\n", b"\r\n"], False),
        ([b"data: {}\n\n: ping"], False),
        ([b"data: {}\n\n: ping\n"], False),
        ([b"data: {}\r\r"], False),
    ],
)
def test_the_tail_knows_when_a_stream_stops_inside_an_event(chunks: list[bytes], unterminated: bool) -> None:
    tail = Tail()
    for chunk in chunks:
        tail.feed(chunk)
    assert tail.unterminated is unterminated


async def test_a_stream_that_goes_quiet_past_the_read_timeout_is_a_chat_timeout(tmp_path: Path) -> None:
    first = fixture_bytes("sse/text_reply.sse").split(b"\n\n")[0] + b"\n\n"
    with pytest.raises(ChatTimeout):
        await chat_over(tmp_path, chunked([first], then_raise=httpx2.ReadTimeout("quiet")))


def test_an_envelope_error_inside_the_stream_is_chat_failed() -> None:
    with pytest.raises(ChatFailed, match="insufficient credits") as caught:
        parse_data('{"code": 2001, "message": "insufficient credits"}')
    assert caught.value.code == 2001


def test_agent_text_that_repeats_a_token_is_masked_like_an_error_message() -> None:
    [event] = parse_data('{"content": {"parts": [{"text": "Your token is nmv_usr_abcdef0123456789."}]}}', scrub)
    assert isinstance(event, TextEvent) and "abcdef0123456789" not in event.text and "nmv_usr_" in event.text
