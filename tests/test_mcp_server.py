"""The MCP surface in-process: tools, annotations, structured output, progress and the running/status hand-off."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import re
import struct
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from conversation_support import FakeApi, Render, seed_draft, text, tool_events, without_music
from nemovideo.clock import FakeClock
from nemovideo.conversation.router import ACTIONS
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.errors import ServerError
from nemovideo.local.probe import ffmpeg_exe
from nemovideo.mcp_server import NemoMcp
from nemovideo.store import Store

TOOLS = {"nemo_chat", "nemo_upload", "nemo_credits", "nemo_timeline", "nemo_export", "nemo_preview", "nemo_status",
         "nemo_new_project"}


class Harness:
    def __init__(self, tmp_path: Path) -> None:
        self.clock = FakeClock()
        self.api = FakeApi(Store(tmp_path / "data"), self.clock)
        self.tmp_path = tmp_path
        self.ticks = 0

    @contextlib.asynccontextmanager
    async def open(self) -> AsyncIterator[Conversation]:
        config = ConversationConfig(web_url="https://web.test", downloads=self.tmp_path / "videos", poll_interval=30)
        yield Conversation(self.api, self.api.store, config, clock=self.clock)

    async def sleep(self, seconds: float) -> None:
        # The heartbeat's wait: let other tasks run a little instead of really waiting.
        self.ticks += 1
        for _ in range(3):
            await anyio.sleep(0)

    def server(self, **kwargs: Any) -> Any:
        return NemoMcp(self.open, sleep=self.sleep, **kwargs).build()


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


async def test_tools_are_listed_with_annotations_and_output_schemas(harness: Harness) -> None:
    async with Client(harness.server()) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    assert tools["nemo_credits"].annotations.read_only_hint is True
    assert tools["nemo_timeline"].annotations.idempotent_hint is True
    assert tools["nemo_chat"].annotations.read_only_hint is False
    assert tools["nemo_export"].annotations.destructive_hint is False
    assert all(t.annotations.open_world_hint for t in tools.values())
    assert "SPEND CREDITS" in (tools["nemo_chat"].description or "")
    assert "Free" in (tools["nemo_export"].description or "")
    assert tools["nemo_chat"].output_schema is not None
    assert "status" in tools["nemo_chat"].output_schema["properties"]
    assert "route" in tools["nemo_chat"].output_schema["properties"]


async def test_router_skill_and_nemo_chat_name_the_same_actions(harness: Harness) -> None:
    async with Client(harness.server()) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    described = re.search(r"direct action \(free, no agent\): ([a-z, ]+); everything else is ([a-z]+)",
                          tools["nemo_chat"].description or "")
    assert described is not None
    in_description = {*described.group(1).split(", "), described.group(2)}
    skill = (Path(__file__).resolve().parent.parent / "SKILL.md").read_text(encoding="utf-8")
    section = skill.split("## How nemo_chat routes", 1)[1].split("\n## ", 1)[0]
    in_skill = set(re.findall(r"^\| `([a-z]+)` \|", section, re.MULTILINE))
    assert set(ACTIONS) == in_skill == in_description


async def test_credits_tool_returns_text_and_structured_data(harness: Harness) -> None:
    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_credits", {})
    assert not result.is_error
    assert result.structured_content["credits"] == {"available": 85.0, "frozen": 5.0, "total": 90.0}
    assert result.content[0].text.startswith("Credits: 85 available")


async def test_chat_routes_and_reports_increasing_progress(harness: Harness) -> None:
    harness.api.drafts = [without_music(), seed_draft()]
    harness.api.script = [*tool_events(), text("Added a lo-fi track at 35%. Click the Export button to download.")]
    seen: list[tuple[float, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, message))

    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_chat", {"message": "add lo-fi music at 35%"},
                                        progress_callback=on_progress)
    data = result.structured_content
    assert data["action"] == "chat" and data["status"] == "completed" and data["rule"] == "chat:default"
    assert data["route"]["action"] == "chat"
    assert {"feature": "against:edit:add", "weight": -4.0} in data["route"]["evidence"]
    assert "click" not in data["text"].lower() and "export" in data["text"]
    values = [p for p, _ in seen]
    assert values and values == sorted(values) and len(set(values)) == len(values)
    assert any(m and m.startswith("⏳") for _, m in seen)


async def test_chat_answers_a_balance_question_and_help_for_free_with_the_evidence(harness: Harness) -> None:
    async with Client(harness.server()) as client:
        credits = (await client.call_tool("nemo_chat", {"message": "余额还有多少？"})).structured_content
        helped = (await client.call_tool("nemo_chat", {"message": "what can you do?"})).structured_content
    assert credits["action"] == "credits" and credits["route"]["score"] >= 2
    assert {"feature": "credits:keyword:余额", "weight": 2.0} in credits["route"]["evidence"]
    assert helped["action"] == "help" and helped["route"]["action"] == "help" and '"export"' in helped["text"]
    assert "chat" not in harness.api.calls


async def test_chat_returns_running_then_status_gives_the_outcome(harness: Harness) -> None:
    harness.api.drafts = [{"t": []}, seed_draft()]
    harness.api.gate = anyio.Event()
    harness.api.script = [text("Generated a 15-second video.")]
    async with Client(harness.server()) as client:
        running = await client.call_tool("nemo_chat", {"message": "generate a video about tea", "wait_seconds": 0})
        assert running.structured_content["status"] == "running"
        job_id = running.structured_content["id"]
        harness.api.gate.set()
        done = await client.call_tool("nemo_status", {"id": job_id, "wait_seconds": 30})
    assert done.structured_content["status"] == "completed"
    assert done.structured_content["text"] == "Generated a 15-second video."
    assert harness.api.calls.count("chat") == 1


def full_hd_png(path: Path) -> bytes:
    """A 1920x1080 PNG as a poster is (about 200 KB: too much for a model's context)."""
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080", "-frames:v", "1",
                    str(path)], check=True)
    return path.read_bytes()


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame marker."""
    at = 2
    while at < len(data):
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    raise AssertionError("no frame in the JPEG")


async def test_export_links_the_video_poster_and_contact_sheet_and_shows_a_small_thumbnail(
        harness: Harness, tmp_path: Path) -> None:
    harness.api.still = full_hd_png(tmp_path / "poster.png")
    assert len(harness.api.still) > 100_000
    harness.api.renders = [Render("r", "completed", 100, "/r.mp4", poster_url="/r.png", contact_sheet_url="/s.png")]
    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_export", {"output_path": str(tmp_path / "promo.mp4")})
    data = result.structured_content
    assert data["video_path"] == str(tmp_path / "promo.mp4") and Path(data["video_path"]).is_absolute()
    assert [block.type for block in result.content] == ["text", "resource_link", "resource_link", "resource_link",
                                                       "image"]
    video, poster, sheet, thumb = result.content[1:]
    assert video.uri == (tmp_path / "promo.mp4").as_uri() and video.mime_type == "video/mp4"
    assert poster.uri == Path(data["poster_path"]).as_uri() and poster.mime_type == "image/png"
    assert sheet.uri == Path(data["contact_sheet_path"]).as_uri()
    picture = base64.b64decode(thumb.data)
    assert thumb.mime_type == "image/jpeg" and len(picture) <= 100_000 and jpeg_size(picture) == (480, 270)


async def test_a_poster_that_is_not_an_image_is_linked_but_not_shown(harness: Harness, tmp_path: Path) -> None:
    harness.api.renders = [Render("r", "completed", 100, "/r.mp4", poster_url="/r.png")]
    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_export", {"output_path": str(tmp_path / "promo.mp4")})
    assert [block.type for block in result.content] == ["text", "resource_link", "resource_link"]
    assert result.is_error is False


async def test_failures_are_error_results_with_a_typed_error(harness: Harness) -> None:
    harness.api.drafts = [{"t": []}]
    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_export", {})
    assert result.is_error
    assert "generate a video first" in result.content[0].text


async def test_timeline_resource_and_prompt(harness: Harness) -> None:
    async with Client(harness.server()) as client:
        resources = {str(r.uri) for r in (await client.list_resources()).resources}
        assert {"nemovideo://timeline", "nemovideo://timeline/summary", "nemovideo://credits"} <= resources
        summary = await client.read_resource("nemovideo://timeline/summary")
        assert summary.contents[0].text.startswith("Timeline (3 tracks)")
        timeline = await client.read_resource("nemovideo://timeline")
        data = json.loads(timeline.contents[0].text)
        assert data["draft"]["t"] and data["summary"].endswith("\nLength 10s, 16:9, 1920x1080.")
        assert (data["timeline"]["ratio"], data["timeline"]["size"], data["timeline"]["length"]) == (
            "16:9", {"width": 1920, "height": 1080}, 10)
        prompt = await client.get_prompt("promo_video", {"product_description": "a smart mug"})
    assert "a smart mug" in prompt.messages[0].content.text


async def test_upload_timeline_and_new_project_tools(harness: Harness, tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00")
    harness.api.drafts = [seed_draft()]
    async with Client(harness.server()) as client:
        uploaded = await client.call_tool("nemo_upload", {"items": [str(clip)]})
        timeline = await client.call_tool("nemo_timeline", {})
        new = await client.call_tool("nemo_new_project", {"language": "zh-CN"})
    assert uploaded.structured_content["uploads"] == ["clip.mp4"]
    assert timeline.structured_content["summary"].startswith("Timeline (3 tracks)")
    data = timeline.structured_content["timeline"]
    assert [track["type"] for track in data["tracks"]] == ["video", "audio", "text"]
    assert data["tracks"][1]["segments"] == [{"id": "a1", "kind": "bgm", "role": None, "start": 0, "end": 10,
                                              "text": None, "volume": 0.35, "source": "lofi"}]
    assert "已新建项目" in new.structured_content["text"]


async def test_the_timeline_resources_answer_an_api_error_in_words(harness: Harness) -> None:
    harness.api.fail["state"] = ServerError("The service had a problem (HTTP 502).", code=502)
    async with Client(harness.server()) as client:
        timeline = await client.read_resource("nemovideo://timeline")
        summary = await client.read_resource("nemovideo://timeline/summary")
    data = json.loads(timeline.contents[0].text)
    # In words, in the request's language, with what to do next; the code and the HTTP status only in the data.
    assert data["error"]["type"] == "ServerError" and "HTTP 502" in data["error"]["detail"]
    assert data["text"] == summary.contents[0].text == "The service had a problem. Try again in a minute."


async def test_a_crash_inside_a_tool_is_a_readable_typed_reply_without_a_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    harness.api.fail["credits"] = KeyError("available")  # type: ignore[assignment]
    async with Client(harness.server()) as client:
        result = await client.call_tool("nemo_credits", {})
    assert result.is_error and result.structured_content["error"]["type"] == "UnexpectedError"
    assert result.content[0].text.startswith("Something unexpected stopped the request.")
    assert result.structured_content["error"]["detail"].startswith("This request stopped on an unexpected KeyError.")
    assert "Error executing tool" not in result.content[0].text and "Traceback" not in caplog.text


async def test_a_huge_timeline_resource_keeps_the_tracks_that_fit_and_says_how_many_were_left_out(
    harness: Harness,
) -> None:
    draft = seed_draft()
    draft["t"] = [{**draft["t"][0], "id": f"v{i}"} for i in range(5_000)]
    harness.api.drafts = [draft]
    async with Client(harness.server()) as client:
        timeline = await client.read_resource("nemovideo://timeline")
    text = timeline.contents[0].text
    data = json.loads(text)
    assert len(text.encode()) < 1_000_000 and 0 < len(data["draft"]["t"]) < 5_000
    assert data["note"].startswith("The timeline has 5000 tracks; the first")
    assert data["timeline"]["note"].startswith("The timeline has 5000 tracks; the first")
    assert 0 < len(data["timeline"]["tracks"]) < 5_000 and data["timeline"]["ratio"] == "16:9"
    assert data["summary"].endswith("16:9, 1920x1080.")  # the line with length, ratio and size is never cut
