"""The MCP App in a real browser: Debian's Chromium, driven by Playwright, loads the app into a minimal host page
(tests/app_host.py) whose tool calls reach the real MCP server over the embedded local backend."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.async_api import Frame, Page, async_playwright, expect

from app_host import apps_client, host_app, serving
from nemovideo.conversation.service import Conversation
from nemovideo.local.probe import probe_media
from nemovideo.mcp_server import NemoMcp
from nemovideo.runtime import open_runtime

CHROMIUM = Path("/usr/bin/chromium")
# A fresh profile, no sandbox (CI runs as root), and none of the background traffic a closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
RENDER_DEADLINE = 90_000  # ms: a 3-second preview or 1080p export takes a few seconds here


def chromium() -> Path:
    """The system's Chromium: the test fails, never skips, without it."""
    if not CHROMIUM.exists():
        pytest.fail("install Chromium: apt-get install -y chromium")
    return CHROMIUM


def seconds(value: float) -> str:
    """A time as the app writes it: 3, 1.5."""
    return f"{round(value, 2):g}"


async def app_frame(page: Page) -> Frame:
    """The app's frame inside the host page."""
    handle = await page.wait_for_selector("#view")
    frame = await handle.content_frame()
    assert frame is not None
    return frame


async def test_the_app_shows_the_timeline_plays_the_preview_and_exports_an_mp4(tmp_path: Path) -> None:
    browser = chromium()
    env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data")}

    @contextlib.asynccontextmanager
    async def local_conversation() -> AsyncIterator[Conversation]:
        async with open_runtime(env, local=True, downloads=tmp_path / "videos") as runtime:
            yield runtime.conversation

    server = NemoMcp(local_conversation).build()
    async with apps_client(server) as client:
        made = await client.call_tool("nemo_chat", {"message": "generate a 3-second video about a coffee shop"})
        assert made.structured_content["status"] == "completed", made.structured_content
        timeline = (await client.call_tool("nemo_timeline", {})).structured_content["timeline"]
        async with serving(host_app(client)) as url, async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=str(browser), args=FLAGS, headless=True,
                viewport={"width": 760, "height": 1100})
            try:
                page = await context.new_page()
                await page.goto(url)
                app = await app_frame(page)

                # The timeline: every segment's words and times, as the draft has them.
                segments = [segment for track in timeline["tracks"] for segment in track["segments"]]
                texts = [segment["text"] for segment in segments if segment["text"]]
                assert texts, timeline
                await expect(app.locator(".segment .when").first).to_be_visible(timeout=20_000)
                when = await app.locator(".segment .when").all_text_contents()
                assert [w.split(" · ")[0] for w in when] == [
                    f"{seconds(s['start'])}–{seconds(s['end'])} s" for s in segments]
                for text in texts:
                    await expect(app.locator("#tracks")).to_contain_text(f"“{text}”")

                # Preview: the player plays it.
                await app.locator("#preview").click()
                await app.wait_for_function("() => document.getElementById('player').currentTime > 0.3",
                                            timeout=RENDER_DEADLINE)
                await expect(app.locator("#sheet")).to_have_attribute("src", re.compile("^data:image/png;base64,"))

                # Export: an MP4 on disk, its path shown, and a copy offered through the host.
                await app.locator("#export").click()
                await expect(app.locator("#export-path")).to_contain_text(".mp4", timeout=RENDER_DEADLINE)
                exported = Path(await app.locator("#export-path").inner_text())
                info = probe_media(exported)
                assert info is not None and (info.width, info.height, info.duration_ms) == (1920, 1080, 3000)
                await app.locator("#download").click()
                await page.wait_for_function("() => window.downloads.length === 1")
                [download] = (await page.evaluate("window.downloads"))[0]["contents"]
                assert download["mimeType"] == "video/mp4" and exported.parent == tmp_path / "videos"
                assert download["type"] == "resource_link" and unquote(urlparse(download["uri"]).path) == str(exported)

                # The host's theme, and a narrow host: nothing runs off the side.
                light = await app.evaluate("getComputedStyle(document.body).backgroundColor")
                await page.evaluate("setTheme('dark')")
                await app.wait_for_function(f"() => getComputedStyle(document.body).backgroundColor !== '{light}'")
                await page.evaluate("document.getElementById('view').style.width = '320px'")
                await app.wait_for_function("() => document.documentElement.clientWidth === 320")
                assert await app.evaluate("document.documentElement.scrollWidth <= 320")
                await page.screenshot(path=tmp_path / "app.png", full_page=True)
                assert (tmp_path / "app.png").read_bytes().startswith(b"\x89PNG")
            finally:
                await context.close()
