"""The project's own API client against the local backend over real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import time
from pathlib import Path

import anyio
import pytest

from nemovideo.client import NemoClient, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.clock import SystemClock
from nemovideo.local.config import LocalConfig
from nemovideo.local.web.server import run_embedded
from nemovideo.settings import Settings
from nemovideo.skill import Skill
from nemovideo.store import Store
from test_local_fakes import Wall, make_deps, tiny_png

TESTS = Path(__file__).resolve().parent
SKILL = Skill(name="nemovideo-e2e", version="1.2.3", description="e2e", path=None, platform="unknown")


async def test_the_client_makes_and_exports_a_video_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))
    wall = Wall(time.time())
    config = LocalConfig(tmp_path / "server", renderer="test_local_fakes:fake_render", queue_poll_s=0.05)
    settings = Settings(api_url="local", data_dir=tmp_path / "client")
    with run_embedded(config=config, deps=make_deps(run_workers=True, clock=SystemClock(), wall=wall)) as backend:
        async with NemoClient(settings, Store(settings.data_dir), SKILL, base_url=backend.url) as client:
            first = await client.ensure_token()
            await client.create_session("en")
            events = [event async for event in client.chat("generate a video")]
            clip = tmp_path / "logo.png"
            clip.write_bytes(tiny_png(16, 10))
            uploaded = await client.upload_files([clip])
            state = await client.state()
            status = await client.submit_render(state.draft)
            with anyio.fail_after(60):
                while status.status not in ("completed", "failed"):
                    await anyio.sleep(0.05)
                    status = await client.render_status(status.id)
            assert status.output_url is not None
            video = await client.download(status.output_url, tmp_path / "out.mp4")
            wall.now += 8 * 24 * 3600  # the token expires on the server: the client renews it and retries once
            balance = await client.credits()
            renewed = await client.ensure_token()
    assert [type(event) for event in events if not isinstance(event, TextEvent)] == [ToolCallEvent, ToolResultEvent]
    assert [event.state_delta for event in events if isinstance(event, ToolResultEvent)] == [{"draft_rev": 1}]
    assert any(isinstance(event, TextEvent) and "Generated" in event.text for event in events)
    assert [file.file_type for file in uploaded.files] == ["image"]
    assert state.draft.is_exportable() and state.canvas is not None and state.canvas.width == 1920
    assert status.status == "completed" and status.output_url.startswith(backend.url)
    assert video.read_bytes().startswith(b"FAKEMP4")
    assert (balance.available, balance.total) == (90, 90)
    assert renewed.token != first.token and renewed.user_id == first.user_id
