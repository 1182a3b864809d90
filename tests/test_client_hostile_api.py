"""The MCP server against a misbehaving API on a loopback port: one misbehaviour per case, grouped by the eight
families of issue 20. Every case also checks (hostile_api_support.Hostile.verify): each call kept its deadline,
traced memory stayed bounded, no bare "Error executing tool" and no traceback at WARNING, no token in any reply,
log line or file, nothing but a verified MP4 under a final video name."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import logging
import sys
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from client_support import fixture_json
from hostile_api_support import (
    MIB,
    MP4,
    WAIT,
    WEB_URL,
    Conn,
    Hostile,
    HostileApi,
    Request,
    envelope,
    html,
    reply,
    silent,
    stream,
    traced_peak,
)
from nemovideo.conversation.caps import MAX_PART

TOKEN = "/api/auth/anonymous-token"
CREDITS = "/api/credits/balance/simple"
STATE = "/api/state/nemo_agent/me/{sid}/latest"
SUBMIT = "/api/render/proxy/lambda"
POLL = "/api/render/proxy/lambda/{rid}"
DOWNLOAD = "/api/render/proxy/{rid}/download"
UPLOAD = "/api/upload-video/nemo_agent/me/{sid}"
CHAT = "/run_sse"


@pytest.fixture
def api() -> Iterator[HostileApi]:
    with HostileApi() as server:
        yield server


@pytest.fixture
def hostile(tmp_path: Path, api: HostileApi, caplog: pytest.LogCaptureFixture) -> Iterator[Hostile]:
    caplog.set_level(logging.DEBUG)
    case = Hostile(tmp_path, api)
    tracemalloc.start()
    try:
        yield case
        peak = traced_peak()
    finally:
        tracemalloc.stop()
    case.verify(caplog.records, peak)


def failed(data: dict[str, object], kind: str) -> bool:
    error = data.get("error")
    return data["status"] == "failed" and isinstance(error, dict) and error["type"] == kind


def detail(data: dict[str, object]) -> str:
    """A failed reply's technical message, in English (its text words the error in the request's language)."""
    error = data.get("error")
    return str(error["detail"]) if isinstance(error, dict) else ""


def video_args(hostile: Hostile, wait: float = WAIT) -> dict[str, object]:
    return {"output_path": str(hostile.root / "videos" / "promo.mp4"), "wait_seconds": wait}


# -- 1. one deadline for every call ------------------------------------------------------------
async def test_1_credits_against_a_silent_server_ends_by_its_deadline_without_retrying(
    hostile: Hostile, api: HostileApi
) -> None:
    api.route("GET", CREDITS, silent)
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "DeadlineExceeded") and "did not answer within" in call.text
    assert api.count("GET", CREDITS) == 1


async def test_1_a_body_trickled_a_byte_at_a_time_ends_by_the_deadline(hostile: Hostile, api: HostileApi) -> None:
    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"code": 0, "data": {"available": 1'
        while True:
            await asyncio.sleep(0.05)
            yield b" "

    api.route("GET", CREDITS, stream(200, "application/json", trickle))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "DeadlineExceeded")


async def test_1_connecting_is_inside_the_chats_wait(hostile: Hostile, api: HostileApi) -> None:
    api.route("POST", TOKEN, silent)
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "add lo-fi music", "wait_seconds": WAIT})
    assert failed(call.data, "DeadlineExceeded") and api.count("POST", CHAT) == 0


@pytest.mark.parametrize(("method", "path"), [("GET", STATE), ("POST", SUBMIT)])
async def test_1_an_export_whose_state_read_or_submit_hangs_answers_running_by_its_deadline(
    hostile: Hostile, api: HostileApi, method: str, path: str
) -> None:
    api.route(method, path, silent)
    async with hostile.client() as client:
        # A wait well inside the 0.5 s read limit: the answer is "running" before the hung read fails the export
        # (with both at 0.5 s the two raced, and a busy machine let the failure win).
        running = await hostile.call(client, "nemo_export", video_args(hostile, wait=0.15))
        assert running.data["status"] == "running" and running.data["id"]
        later = await hostile.call(client, "nemo_status", {"id": running.data["id"], "wait_seconds": 1.2})
    assert later.data["status"] == "failed" and later.data["error"]["type"] in ("ApiTimeout", "DeadlineExceeded")


async def test_1_a_retry_after_beyond_the_deadline_is_reported_not_obeyed(hostile: Hostile, api: HostileApi) -> None:
    api.route("GET", CREDITS, reply(429, fixture_json("api/error_429.json"), headers={"Retry-After": "100"}))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "RateLimited") and "Wait 100 seconds, then try again." in call.text


async def test_1_a_retry_after_that_fits_is_honoured(hostile: Hostile, api: HostileApi) -> None:
    api.queue("GET", CREDITS, reply(429, fixture_json("api/error_429.json"), headers={"Retry-After": "0.1"}))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert call.data["status"] == "unchanged" and api.count("GET", CREDITS) == 2


async def test_1_read_only_tools_send_progress_while_they_wait(hostile: Hostile, api: HostileApi) -> None:
    async def slow(request: Request, conn: Conn) -> None:
        await asyncio.sleep(0.3)
        await conn.send(200, fixture_json("api/credits.json"))

    api.route("GET", CREDITS, slow)
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert call.data["status"] == "unchanged" and len(call.progress) >= 2


# -- 2. one body-size guard, decompressed bytes counted ------------------------------------------
async def test_2_an_endless_json_body_is_cut_at_the_size_limit(hostile: Hostile, api: HostileApi) -> None:
    async def endless() -> AsyncIterator[bytes]:
        yield b'{"code": 0, "message": "ok", "data": {"available": 1, "pad": "'
        chunk = b"x" * 65536
        for _ in range(1024):  # 64 MiB: endless as far as any limit goes, finite so that a client without one ends
            yield chunk

    api.route("GET", CREDITS, stream(200, "application/json", endless))
    hostile.memory_limit = 6 * MIB  # the limit is 1 MiB in these cases
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "ResponseTooLarge") and "larger than 1 MiB" in detail(call.data)


@functools.cache
def gzip_bomb() -> bytes:
    """A 64 MiB JSON answer, gzipped to about 64 KiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b'{"code": 0, "data": {"available": 1, "pad": "')]
    parts += [packer.compress(b" " * MIB) for _ in range(64)]
    return b"".join([*parts, packer.compress(b'"}}'), packer.flush()])


async def test_2_a_gzip_bomb_is_stopped_counting_decompressed_bytes(hostile: Hostile, api: HostileApi) -> None:
    bomb = gzip_bomb()
    tracemalloc.reset_peak()
    api.route("GET", CREDITS, reply(200, bomb, headers={"Content-Encoding": "gzip"}))
    hostile.memory_limit = 6 * MIB
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert len(bomb) < 256 * 1024 and failed(call.data, "ResponseTooLarge")


async def test_2_an_endless_download_is_cut_and_leaves_no_file(hostile: Hostile, api: HostileApi) -> None:
    async def endless_video() -> AsyncIterator[bytes]:
        yield MP4
        chunk = bytes(65536)
        for _ in range(1024):
            yield chunk

    api.route("GET", DOWNLOAD, stream(200, "video/mp4", endless_video))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_export", video_args(hostile, wait=1.2))
    assert failed(call.data, "ResponseTooLarge") and not list((hostile.root / "videos").glob("*"))


# -- 3. extreme but valid JSON ends as a typed error -----------------------------------------------
async def test_3_a_400_digit_balance_is_a_typed_error(hostile: Hostile, api: HostileApi) -> None:
    api.route("GET", CREDITS, envelope('{"available": 1' + "0" * 400 + ', "frozen": 0, "total": 1}'))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "MalformedResponse") and "401 digits" in detail(call.data)


async def test_3_a_state_nested_100k_deep_is_a_typed_error_for_tools_and_resources(
    hostile: Hostile, api: HostileApi
) -> None:
    api.route("GET", STATE, envelope("[" * 100_000 + "]" * 100_000))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_timeline")
        resource = json.loads(await hostile.resource(client, "nemovideo://timeline"))
    assert failed(call.data, "MalformedResponse") and "nesting too deep" in detail(call.data)
    assert resource["error"]["type"] == "MalformedResponse"


@pytest.mark.parametrize("volume", ["NaN", "1e308", "-Infinity"])
async def test_3_extreme_volumes_are_a_typed_error(hostile: Hostile, api: HostileApi, volume: str) -> None:
    state = json.dumps(fixture_json("api/state_seed.json")["data"]).replace('"vol": 0.35', f'"vol": {volume}')
    assert volume in state
    api.route("GET", STATE, envelope(state))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_timeline")
    assert failed(call.data, "MalformedResponse")


async def test_3_an_export_that_crashed_is_stored_failed_and_not_polled_again_after_a_restart(
    hostile: Hostile, api: HostileApi
) -> None:
    progress = "1" + "0" * 400
    api.route("GET", POLL, reply(200, '{"success": true, "data": {"status": "processing", "progress": '
                                      + progress + "}}"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_export", video_args(hostile))
    assert failed(call.data, "MalformedResponse")
    [record] = json.loads((hostile.root / "data" / "jobs.json").read_text()).values()
    assert record["status"] == "failed"
    polls = api.count("GET", "/api/render/proxy/lambda/")
    async with hostile.client() as client:  # the server starts again
        await asyncio.sleep(0.1)
        again = await hostile.call(client, "nemo_status", {"id": record["id"], "wait_seconds": WAIT})
    assert failed(again.data, "MalformedResponse") and api.count("GET", "/api/render/proxy/lambda/") == polls


async def test_3_nemovideo_mcp_over_stdio_answers_extreme_json_in_words_with_nothing_on_stderr(
    tmp_path: Path, api: HostileApi
) -> None:
    api.route("GET", CREDITS, envelope('{"available": 1' + "0" * 400 + ', "frozen": 0, "total": 1}'))
    api.route("GET", STATE, envelope("[" * 100_000 + "]" * 100_000))
    env = {"HOME": str(tmp_path), "NEMO_API_URL": api.url, "NEMO_DATA_DIR": str(tmp_path / "data")}
    params = StdioServerParameters(command=sys.executable, args=["-m", "nemovideo", "mcp"], env=env)
    with (tmp_path / "stderr.txt").open("w+") as stderr:
        async with Client(stdio_client(params, errlog=stderr), read_timeout_seconds=60) as client:
            credits = await client.call_tool("nemo_credits", {})
            timeline = await client.call_tool("nemo_timeline", {})
        stderr.seek(0)
        logged = stderr.read()
    for result in (credits, timeline):
        assert result.is_error and result.structured_content is not None
        assert result.structured_content["error"]["type"] == "MalformedResponse"
        assert "Error executing tool" not in result.content[0].text
    assert "Traceback" not in logged and api.token not in logged


async def test_3_timeline_resources_answer_an_ordinary_api_error_in_words(hostile: Hostile, api: HostileApi) -> None:
    api.route("GET", STATE, reply(500, {"code": 500, "message": "database unavailable"}))
    async with hostile.client() as client:
        timeline = json.loads(await hostile.resource(client, "nemovideo://timeline"))
        summary = await hostile.resource(client, "nemovideo://timeline/summary")
    assert timeline["error"]["type"] == "ServerError" and "database unavailable" in timeline["text"]
    assert "database unavailable" in summary


async def test_3_a_chat_event_nested_100k_deep_is_skipped(hostile: Hostile, api: HostileApi) -> None:
    deep = b"data: " + b"[" * 100_000 + b"]" * 100_000 + b"\n\n"
    text = b'data: {"content": {"parts": [{"text": "Added lo-fi music at 35%."}]}, "author": "nemo_agent"}\n\n'
    api.route("POST", CHAT, reply(200, deep + text, "text/event-stream"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "add lo-fi music", "wait_seconds": WAIT})
    # The agent's words arrive; the draft did not change (this API's state stays as it was): unchanged.
    assert call.data["status"] == "unchanged" and call.text.startswith("Added lo-fi music at 35%.")


# -- 4. only a verified MP4 takes the final name ----------------------------------------------------
@pytest.mark.parametrize("body", [html("Sign in"), ""], ids=["sign-in-page", "empty"])
async def test_4_a_download_that_is_not_an_mp4_takes_no_name_and_the_next_export_gets_it(
    hostile: Hostile, api: HostileApi, body: str
) -> None:
    api.route("GET", DOWNLOAD, reply(200, body, "text/html" if body else "video/mp4"))
    async with hostile.client() as client:
        bad = await hostile.call(client, "nemo_export", video_args(hostile))
        assert failed(bad.data, "DownloadIncomplete")
        assert not (hostile.root / "videos" / "promo.mp4").exists()
        api.route("GET", DOWNLOAD, reply(200, MP4, "video/mp4"))
        good = await hostile.call(client, "nemo_export", video_args(hostile))
    assert good.data["video_path"] == str(hostile.root / "videos" / "promo.mp4")


# -- 5. an error page that is not JSON is classified by its status ----------------------------------
async def test_5_an_html_429_is_waited_out(hostile: Hostile, api: HostileApi) -> None:
    api.queue("GET", CREDITS, reply(429, html("Slow down"), "text/html", {"Retry-After": "0.1"}))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert call.data["status"] == "unchanged" and api.count("GET", CREDITS) == 2


async def test_5_an_html_401_renews_the_anonymous_token(hostile: Hostile, api: HostileApi) -> None:
    api.queue("GET", CREDITS, reply(401, html("Sign in"), "text/html"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert call.data["status"] == "unchanged" and api.count("POST", TOKEN) == 2


async def test_5_an_html_413_on_upload_gives_the_size_advice(hostile: Hostile, api: HostileApi) -> None:
    clip = hostile.root / "clip.mp4"
    clip.write_bytes(MP4)
    api.route("POST", UPLOAD, reply(413, html("413 Request Entity Too Large"), "text/html"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_upload", {"items": [str(clip)]})
    assert failed(call.data, "FileTooLarge") and "200 MB" in call.text


async def test_5_an_html_402_on_submit_gives_the_plan_advice(hostile: Hostile, api: HostileApi) -> None:
    api.route("POST", SUBMIT, reply(402, html("Payment Required"), "text/html"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_export", video_args(hostile))
    assert failed(call.data, "PlanLimit") and "plan" in call.text


async def test_5_an_html_503_says_try_later(hostile: Hostile, api: HostileApi) -> None:
    api.route("GET", CREDITS, reply(503, html("Service Unavailable"), "text/html"))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_credits")
    assert failed(call.data, "ServerError") and "try again in a minute" in call.text.lower()


# -- 6. out-of-credits advice from the session's user id --------------------------------------------
OUT_OF_CREDITS = reply(200, fixture_json("api/error_2001.json"))


async def test_6_a_nemo_token_user_out_of_credits_is_sent_to_top_up(tmp_path: Path, hostile: Hostile,
                                                                     api: HostileApi) -> None:
    api.user_id = "usr_hostile1"
    hostile.nemo_token = api.token
    api.route("POST", CHAT, OUT_OF_CREDITS)
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "make a video about tea", "wait_seconds": WAIT})
    assert failed(call.data, "OutOfCredits") and f"Top up at {WEB_URL}" in call.text and "bind=" not in call.text


async def test_6_an_anonymous_user_out_of_credits_gets_the_registration_link_with_their_id(
    hostile: Hostile, api: HostileApi
) -> None:
    api.route("POST", CHAT, OUT_OF_CREDITS)
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "make a video about tea", "wait_seconds": WAIT})
    assert failed(call.data, "OutOfCredits") and f"{WEB_URL}/register?bind=anon_hostile1" in call.text


# -- 7. keep-alives and renders have limits even when nothing arrives ---------------------------------
async def test_7_comment_keepalives_forever_end_at_the_keepalive_limit(hostile: Hostile, api: HostileApi) -> None:
    async def pings() -> AsyncIterator[bytes]:
        while True:
            yield b": ping\n\n"
            await asyncio.sleep(0.05)

    api.route("POST", CHAT, stream(200, "text/event-stream", pings))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "add lo-fi music", "wait_seconds": 1.0})
    assert failed(call.data, "ChatTimeout") and "keep-alives" in call.text


async def test_7_a_stream_that_goes_silent_ends_at_the_keepalive_limit(hostile: Hostile, api: HostileApi) -> None:
    async def one_then_silence() -> AsyncIterator[bytes]:
        yield b'data: {"content": {"parts": [{"text": "Working on it"}]}, "partial": true}\n\n'
        await asyncio.sleep(3600)

    api.route("POST", CHAT, stream(200, "text/event-stream", one_then_silence))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_chat", {"message": "add lo-fi music", "wait_seconds": 1.0})
    assert failed(call.data, "ChatTimeout")


async def test_7_a_render_stuck_processing_stops_being_polled_and_status_picks_it_up(
    hostile: Hostile, api: HostileApi
) -> None:
    api.route("GET", POLL, reply(200, {"success": True, "data": {"status": "processing", "progress": 40}}))
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_export", video_args(hostile, wait=1.2))
        assert call.data["status"] == "running" and "40%" in call.text
        polls = api.count("GET", "/api/render/proxy/lambda/")
        await asyncio.sleep(0.3)
        assert api.count("GET", "/api/render/proxy/lambda/") == polls  # polling has stopped
        again = await hostile.call(client, "nemo_status", {"id": call.data["id"], "wait_seconds": 0.2})
    assert again.data["status"] == "running" and api.count("GET", "/api/render/proxy/lambda/") > polls


# -- 8. text and timelines capped at what hosts accept ------------------------------------------------
async def test_8_megabytes_of_agent_text_give_a_capped_reply_and_a_small_jobs_file(
    hostile: Hostile, api: HostileApi
) -> None:
    words = "All good here. " * 8_000  # 120 KB a text event
    event = b"data: " + json.dumps({"content": {"parts": [{"text": words}]}, "author": "nemo_agent"}).encode()
    api.route("POST", CHAT, reply(200, (event + b"\n\n") * 64, "text/event-stream"))  # 7.7 MB of text
    gaps: list[float] = []

    async def ticker() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - before)

    tick = asyncio.get_running_loop().create_task(ticker())
    async with hostile.client() as client:
        # up to 6 s: it answers as soon as it is done, and reading 7.7 MB takes longer on a busy machine
        call = await hostile.call(client, "nemo_chat", {"message": "describe every scene", "wait_seconds": 6.0})
    tick.cancel()
    assert call.data["status"] == "unchanged" and len(call.text) < MAX_PART + 500  # the draft stayed as it was
    assert "characters of the reply were left out" in call.text
    assert len(json.dumps(call.data)) + len(call.text) < 1_000_000
    assert (hostile.root / "data" / "jobs.json").stat().st_size < 200_000
    assert max(gaps) < 0.5  # the event loop was never blocked for long


async def test_8_a_12000_track_timeline_gives_a_reply_under_1_mb(tmp_path: Path, api: HostileApi,
                                                                 hostile: Hostile) -> None:
    state = fixture_json("api/state_seed.json")["data"]
    track = state["state"]["draft"]["t"][0]
    state["state"]["draft"]["t"] = [{**track, "id": f"v{i}"} for i in range(12_000)]
    api.route("GET", STATE, envelope(state))
    hostile.call_deadline = 5.0  # reading 12,000 tracks is CPU work that no deadline can cut short
    hostile.limits = dataclasses.replace(hostile.limits, max_body=16 * MIB)  # the default: 1.6 MB fit
    hostile.memory_limit = 100 * MIB  # 12,000 tracks as Python objects, as a model and as a dump
    async with hostile.client() as client:
        call = await hostile.call(client, "nemo_timeline")
    assert call.data["status"] == "unchanged" and call.text.startswith("Timeline (12000 tracks)")
    assert "the track list was cut here" in call.text and call.text.endswith("16:9, 1920x1080.")
    timeline = call.data["timeline"]
    assert timeline["note"].startswith("The timeline has 12000 tracks") and 0 < len(timeline["tracks"]) < 12_000
    assert len(json.dumps(call.data).encode()) + len(call.text.encode()) < 1_000_000


# -- the token never leaves ---------------------------------------------------------------------------
async def test_a_server_that_echoes_the_token_everywhere_never_gets_it_into_replies_logs_or_files(
    hostile: Hostile, api: HostileApi
) -> None:
    echo = f"Bearer {api.token} (token {api.token})"
    api.route("GET", CREDITS, reply(400, {"code": 9999, "message": f"bad request for {echo}"}))
    api.route("GET", STATE, reply(500, html(f"Crash for {echo}"), "text/html"))
    said = {"content": {"parts": [{"text": f"Your token is {api.token}."}]}, "author": "nemo_agent"}
    api.route("POST", CHAT, reply(200, b"data: " + json.dumps(said).encode() + b"\n\n", "text/event-stream"))
    api.route("GET", POLL, reply(200, {"success": True, "data": {"status": "failed", "error": f"render {echo}"}}))
    async with hostile.client() as client:
        await hostile.call(client, "nemo_credits")
        await hostile.call(client, "nemo_timeline")
        api.restore("GET", STATE)
        await hostile.call(client, "nemo_chat", {"message": "hello there", "wait_seconds": WAIT})
        await hostile.call(client, "nemo_export", video_args(hostile, wait=1.0))
        await hostile.resource(client, "nemovideo://timeline")
    assert [call.data["status"] for call in hostile.calls] == ["failed", "failed", "unchanged", "failed"]
    assert "Your token is nmv_usr_…" in hostile.calls[2].text
