"""Fakes and helpers for the local backend's tests: a tiny agent, fake renderers, a PNG, an app and its client."""

from __future__ import annotations

import contextlib
import struct
import threading
import time
import zlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx2

from nemovideo.clock import FakeClock
from nemovideo.draft import Draft, Segment, Source, Track
from nemovideo.local.config import LocalConfig
from nemovideo.local.probe import MediaInfo
from nemovideo.local.usecases.backend import Backend, Dependencies
from nemovideo.local.usecases.chat import PriceTable, UploadRef
from nemovideo.local.web.app import create_app

ATTRIBUTION = {"X-Skill-Source": "video-generator-free-online-ai", "X-Skill-Version": "1.0.0",
               "X-Skill-Platform": "unknown"}


@dataclass(frozen=True)
class FakeAgentReply:
    """An AgentReply look-alike."""

    draft: Draft | None
    text: str
    tool_name: str = "edit_multitrack"
    tool_args: dict[str, object] = field(default_factory=dict)
    action: str = "unknown"
    price: int = 0


class FakeAgent:
    """Understands 'generate', 'title <text>', 'undo', 'boom' (crashes), 'pricey' and nothing else."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.calls: list[tuple[str, Draft | None, list[UploadRef]]] = []

    def estimate(self, message: str, prices: PriceTable) -> int:
        """Generation costs more than an edit."""
        return prices.generate if message.startswith("generate") else prices.edit

    def respond(self, message: str, draft: Draft, uploads: Sequence[UploadRef], *, previous: Draft | None,
                language: str, prices: PriceTable) -> FakeAgentReply:
        """A deterministic change per message."""
        self.calls.append((message, previous, list(uploads)))
        if self.gate is not None:
            assert self.gate.wait(10), "the test never opened the gate"
        if message == "boom":
            raise RuntimeError("agent exploded")
        if message.startswith("generate"):
            scene = Segment(id="s1", start_ms=0, duration_ms=5000, source=Source(kind="color", colors=["#112233"]))
            new = Draft(tracks=[Track(id="v", type=0, segments=[scene])], duration_ms=5000, meta=draft.meta)
            return FakeAgentReply(new, "Generated a 5-second video. Click the Export button to download.",
                             tool_args={"op": "generate"}, action="generate", price=prices.generate)
        if message.startswith("title "):
            text = message[len("title "):]
            title = Segment(id=f"x{len(draft.tracks)}", duration_ms=3000, role="title", text=text)
            new = draft.model_copy(deep=True)
            new.tracks.append(Track(id=f"x{len(draft.tracks)}", type=7, segments=[title]))
            return FakeAgentReply(new, f'Added the title "{text}". 已添加标题“{text}”。',
                             tool_args={"op": "add_title", "text": text}, action="add_title", price=prices.edit)
        if message == "pricey":
            return FakeAgentReply(draft.model_copy(deep=True), "Done.", action="edit", price=10_000)
        if message == "undo":
            if previous is None:
                return FakeAgentReply(None, "Nothing to undo.")
            return FakeAgentReply(previous, "Undone.", action="undo", price=prices.edit)
        return FakeAgentReply(None, "I can generate videos and add titles.")


class RenderCancelled(Exception):
    """Named like the render engine's, which the worker recognises by name."""


def fake_render(draft: Draft, output: Path, *, resolve_media: Any, preview: bool, on_progress: Any,
                should_cancel: Any) -> SimpleNamespace:
    """Writes small stand-in files; the MP4 lists the files its media resolved to."""
    resolved = [str(resolve_media(seg.source)) for track in draft.tracks for seg in track.segments if seg.source]
    on_progress(50.0)
    output.write_bytes(b"FAKEMP4 " + "\n".join(resolved).encode())
    poster = output.with_suffix(".poster.png")
    sheet = output.with_suffix(".sheet.png")
    poster.write_bytes(tiny_png())
    sheet.write_bytes(tiny_png())
    return SimpleNamespace(video=output, poster=poster, contact_sheet=sheet)


def slow_render(draft: Draft, output: Path, *, resolve_media: Any, preview: bool, on_progress: Any,
                should_cancel: Any) -> SimpleNamespace:
    """Runs until cancelled (at most 30 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        on_progress(10.0)
        if should_cancel():
            raise RenderCancelled("stopped")
        time.sleep(0.02)
    raise RuntimeError("never cancelled")


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid RGB PNG made by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def fake_probe(path: Path) -> MediaInfo | None:
    """Every file is a 2-second 640x360 video, except ones starting with 'junk'."""
    if path.read_bytes()[:4] == b"junk":
        return None
    return MediaInfo(duration_ms=2000, width=640, height=360, fps=30.0, video_codec="h264", audio_codec="aac")


class Wall:
    """A settable wall clock."""

    def __init__(self, now: float = 1_790_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_deps(**changes: Any) -> Dependencies:
    """Test dependencies: fake agent, fake clocks, no render workers, fake probe unless told otherwise."""
    values: dict[str, Any] = {"agent": FakeAgent(), "clock": FakeClock(), "wall": Wall(), "probe": fake_probe,
                              "run_workers": False}
    values.update(changes)
    return Dependencies(**values)


@contextlib.asynccontextmanager
async def api(config: LocalConfig, deps: Dependencies | None = None,
              address: str = "127.0.0.1") -> AsyncIterator[tuple[httpx2.AsyncClient, Backend]]:
    """An in-process client for a fresh app (no socket), and the backend behind it."""
    app = create_app(config, deps or make_deps())
    transport = httpx2.ASGITransport(app=app, client=(address, 5555))
    async with httpx2.AsyncClient(transport=transport, base_url="http://127.0.0.1:8765") as client:
        yield client, app.state.backend


async def token(client: httpx2.AsyncClient, client_id: str = "client-1") -> dict[str, Any]:
    """The anonymous-token answer's data."""
    response = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def login(client: httpx2.AsyncClient, client_id: str = "client-1") -> dict[str, str]:
    """Headers with a bearer token and attribution for a client id's user."""
    data = await token(client, client_id)
    return {"Authorization": f"Bearer {data['token']}", **ATTRIBUTION}


async def new_session(client: httpx2.AsyncClient, headers: dict[str, str], language: str = "en") -> str:
    """A new session id."""
    response = await client.post("/api/tasks/me/with-session/nemo_agent", headers=headers,
                                 json={"task_name": "project", "language": language})
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["session_id"])


def chat_body(session_id: str, text: str) -> dict[str, Any]:
    """A /run_sse body."""
    return {"app_name": "nemo_agent", "user_id": "me", "session_id": session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]}}


def sse_data(body: str) -> list[str]:
    """The data of each complete event in a stream body."""
    events = body.split("\n\n")
    complete = events[:-1]
    return [line[len("data:"):].strip() for event in complete for line in event.splitlines()
            if line.startswith("data:")]
