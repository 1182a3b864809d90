"""Every MCP tool in-process against the real local backend on a loopback port."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

from mcp import Client

from nemovideo.local.probe import ffmpeg_exe, probe_media
from nemovideo.mcp_server import NemoMcp
from nemovideo.runtime import open_conversation


async def test_every_tool_against_the_local_backend(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data"),
           "NEMO_LOCAL_PRICE_GENERATE": "10"}  # the embedded backend is free unless priced
    picture = tmp_path / "logo.png"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=320x240", "-frames:v", "1",
                    str(picture)], check=True)
    server = NemoMcp(lambda: open_conversation(env, local=True)).build()
    async with Client(server) as client:
        new = await client.call_tool("nemo_new_project", {"language": "en"})
        assert new.structured_content["status"] == "completed"
        uploaded = await client.call_tool("nemo_upload", {"items": [str(picture)]})
        assert uploaded.structured_content["uploads"] == ["logo.png"]
        made = await client.call_tool("nemo_chat", {"message": "generate a 3-second video about a coffee shop"})
        assert made.structured_content["status"] == "completed", made.structured_content
        timeline = await client.call_tool("nemo_timeline", {})
        assert timeline.structured_content["summary"].startswith("Timeline (")
        credits = await client.call_tool("nemo_credits", {})
        assert credits.structured_content["credits"]["available"] < 100
        running = await client.call_tool("nemo_export", {"output_path": str(tmp_path / "out.mp4"),
                                                         "wait_seconds": 0})
        assert running.structured_content["status"] == "running"
        done = await client.call_tool("nemo_status", {"id": running.structured_content["id"],
                                                      "wait_seconds": 120})
    data = done.structured_content
    assert data["status"] == "completed" and data["video_path"] == str(tmp_path / "out.mp4")
    [thumb] = [block for block in done.content if block.type == "image"]  # the poster, small enough for a context
    assert thumb.mime_type == "image/jpeg" and len(base64.b64decode(thumb.data)) <= 100_000
    links = {block.name for block in done.content if block.type == "resource_link"}
    assert links == {"out.mp4", Path(data["poster_path"]).name, Path(data["contact_sheet_path"]).name}
    info = probe_media(tmp_path / "out.mp4")
    assert info is not None and info.duration_ms == 3000 and (info.width, info.height) == (1920, 1080)


async def test_nemo_chat_tells_an_edit_from_a_refusal_with_what_changed_and_what_it_cost(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data"), "NEMO_LOCAL_PRICE_GENERATE": "10",
           "NEMO_LOCAL_PRICE_EDIT": "2"}
    server = NemoMcp(lambda: open_conversation(env, local=True)).build()
    async with Client(server) as client:
        made = await client.call_tool("nemo_chat", {"message": "generate a 6-second video about a tea shop"})
        refused = await client.call_tool("nemo_chat", {"message": "make it sparkle like a disco ball"})
        edited = await client.call_tool("nemo_chat", {"message": "lower the music to 20%"})
    assert made.structured_content["status"] == "completed" and made.structured_content["credits_spent"] == 10
    data = refused.structured_content
    assert refused.is_error is False and data["status"] == "unchanged"
    assert (data["changes"], data["edits"], data["credits_spent"]) == ([], [], 0)
    data = edited.structured_content
    assert edited.is_error is False and data["status"] == "completed" and data["credits_spent"] == 2
    [edit] = data["edits"]
    assert (edit["element"], edit["property"], edit["before"], edit["after"]) == ("bgm", "volume", 0.35, 0.2)
    assert data["changes"] == ["✅ BGM changed: Calm (0-6s, 20%) (volume 35% → 20%)"]
