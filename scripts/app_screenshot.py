"""Regenerate docs/app.png, the MCP App in both themes (not a test).

    .venv/bin/python scripts/app_screenshot.py               # writes docs/app.png
    .venv/bin/python scripts/app_screenshot.py --out x.png   # somewhere else

A video is made the way a user makes it (one request to the embedded local backend, then a preview), and the
app is shown by the browser test's host page (tests/app_host.py) in Debian's Chromium: light and wide, dark and
narrow (a phone or a side panel), side by side.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from playwright.async_api import Browser, ElementHandle, Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from app_host import apps_client, host_app, serving  # noqa: E402
from nemovideo.conversation.service import Conversation  # noqa: E402
from nemovideo.mcp_server import NemoMcp  # noqa: E402
from nemovideo.runtime import open_runtime  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
REQUEST = "generate a 6-second promo video for Urban Brew, a coffee shop opening downtown"
SHOTS = (("light", 560), ("dark", 340))


async def shot(browser: Browser, url: str, theme: str, width: int) -> bytes:
    """The app alone, as the host shows it once its timeline and preview have loaded."""
    page = await browser.new_page(viewport={"width": width + 40, "height": 1400}, device_scale_factor=1)
    await page.goto(f"{url}/?theme={theme}&width={width}")
    handle = await page.wait_for_selector("#view")
    frame = await handle.content_frame()
    assert frame is not None
    await frame.wait_for_selector("#sheet[src^='data:']", state="attached", timeout=30_000)
    await frame.wait_for_function("() => document.querySelector('.app').getAttribute('aria-busy') === 'false'")
    await frame.wait_for_function("() => document.getElementById('player').readyState === 4")
    player = await frame.wait_for_selector("#player")
    assert player is not None
    await settled(page, player)
    picture = await handle.screenshot()
    await page.close()
    return picture


async def settled(page: Page, player: ElementHandle) -> None:
    """Wait until the player stops moving: Chromium's loading spinner ends its turn a second or so after the video
    is ready, and its arc must not sit on the poster. Two pictures in a row that are the same mean it is gone."""
    previous = b""
    for _ in range(100):  # at most about 10 s
        current = await player.screenshot()
        if current == previous:
            return
        previous = current
        await page.wait_for_timeout(100)
    raise RuntimeError("the player kept moving: its loading spinner never went away")


async def side_by_side(browser: Browser, pictures: list[bytes], out: Path) -> None:
    """The screenshots next to each other, each on its own host's background, as wide as its card needs."""
    halves = "".join(f'<div class="{theme}"><img src="data:image/png;base64,{base64.b64encode(p).decode()}"></div>'
                     for (theme, _), p in zip(SHOTS, pictures, strict=True))
    page = await browser.new_page(viewport={"width": sum(width for _, width in SHOTS) + 200, "height": 400})
    await page.set_content("<style>body{margin:0;display:inline-flex}div{padding:24px}img{display:block}"
                           f".light{{background:#eceef2}}.dark{{background:#0b0c0f}}</style>{halves}")
    await page.locator("body").screenshot(path=out)


@contextlib.asynccontextmanager
async def project(tmp: Path) -> AsyncIterator[Conversation]:
    """A conversation on the embedded local backend in a temporary folder."""
    env = {"HOME": str(tmp), "NEMO_DATA_DIR": str(tmp / "data")}
    async with open_runtime(env, local=True, downloads=tmp / "videos") as runtime:
        yield runtime.conversation


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = NemoMcp(lambda: project(Path(tmp))).build()
        async with apps_client(server) as client:
            await client.call_tool("nemo_chat", {"message": REQUEST})
            await client.call_tool("nemo_preview", {"wait_seconds": 120})
            async with serving(host_app(client)) as url, async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                pictures = [await shot(browser, url, theme, width) for theme, width in SHOTS]
                await side_by_side(browser, pictures, out)
                await browser.close()
    print(f"{out} ({out.stat().st_size // 1000} KB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "app.png")
    anyio.run(main, parser.parse_args().out)
