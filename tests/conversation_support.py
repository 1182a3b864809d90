"""A scripted stand-in for the API client, recording which endpoints the conversation called."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import load_fixture
from nemovideo.client.events import KeepAlive, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.clock import FakeClock
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.draft import Draft
from nemovideo.errors import NemoError, StreamDropped
from nemovideo.store import Credentials, SessionRecord, Store

MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64

Step = Any  # an event, a float (seconds that pass on the clock), or an exception to raise


def seed_draft() -> dict[str, Any]:
    return copy.deepcopy(load_fixture("drafts/seed_three_tracks.json"))


def without_music() -> dict[str, Any]:
    """The seed before its background music was added."""
    draft = seed_draft()
    del draft["t"][1]
    return draft


@dataclass
class Balance:
    available: int = 85
    frozen: int = 5
    total: int = 90


@dataclass
class State:
    draft: Draft
    video_infos: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Render:
    id: str
    status: str
    progress: float | None = 0
    output_url: str | None = None
    error: str | None = None
    poster_url: str | None = None
    contact_sheet_url: str | None = None
    dropped_characters: str | None = None


@dataclass
class Uploaded:
    filename: str


@dataclass
class UploadResult:
    files: list[Uploaded]


@dataclass
class FakeApi:
    """Scripted answers; `calls` lists every endpoint used, in order."""

    store: Store
    clock: FakeClock
    api_url: str = "https://api.test"
    drafts: list[dict[str, Any]] = field(default_factory=lambda: [seed_draft()])
    balances: list[Balance] = field(default_factory=lambda: [Balance()])  # like drafts: one a read, the last stays
    script: list[Step] = field(default_factory=list)
    on_chat: Callable[[FakeApi], None] | None = None
    renders: list[Render] = field(default_factory=list)
    fail: dict[str, NemoError] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    session_id: str | None = None
    gate: Any = None  # an anyio.Event the chat waits on, to hold a turn open
    still: bytes = b"\x89PNG\r\n\x1a\n"  # what a downloaded poster or contact sheet holds

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail:
            raise self.fail[name]

    async def ensure_token(self) -> Credentials:
        self._call("token")
        creds = self.store.credentials(self.api_url) or Credentials(token="nmv_usr_fake", user_id="anon_42")
        self.store.save_credentials(self.api_url, creds)
        return creds

    async def ensure_session(self, language: str = "en") -> SessionRecord:
        record = self.store.session(self.api_url)
        if record is None:
            return await self.create_session(language)
        self.session_id = record.session_id
        return record

    async def create_session(self, language: str = "en") -> SessionRecord:
        self._call("session")
        record = SessionRecord(session_id=f"s{len(self.calls)}", task_id="task_1", language=language)
        self.store.save_session(self.api_url, record)
        self.session_id = record.session_id
        return record

    async def claim_url(self) -> str:
        self._call("claim")
        return "https://web.test/workspace/claim?ct=clm_1"

    async def chat(self, message: str) -> AsyncIterator[Any]:
        self._call("chat")
        self.messages.append(message)
        if self.gate is not None:
            await self.gate.wait()
        if self.on_chat:
            self.on_chat(self)
        for step in self.script:
            if isinstance(step, int | float):
                self.clock.advance(step)
            elif isinstance(step, BaseException):
                raise step
            else:
                yield step

    async def upload_files(self, paths: Sequence[Path]) -> UploadResult:
        self._call("upload_files")
        return UploadResult([Uploaded(p.name) for p in paths])

    async def upload_urls(self, urls: Sequence[str]) -> UploadResult:
        self._call("upload_urls")
        return UploadResult([Uploaded(u.rsplit("/", 1)[-1]) for u in urls])

    async def credits(self) -> Balance:
        self._call("credits")
        return self.balances[0] if len(self.balances) == 1 else self.balances.pop(0)

    async def state(self) -> State:
        self._call("state")
        raw = self.drafts[0] if len(self.drafts) == 1 else self.drafts.pop(0)
        return State(Draft.parse(raw))

    async def submit_render(self, draft: Draft, render_id: str | None = None, preview: bool = False) -> Render:
        self._call("render_submit_preview" if preview else "render_submit")
        return Render(id=render_id or "render_1", status="pending")

    async def render_status(self, render_id: str) -> Render:
        self._call("render_poll")
        step = self.renders.pop(0) if len(self.renders) > 1 else self.renders[0]
        return Render(**{**step.__dict__, "id": render_id})

    async def download(self, url: str, dest: Path, on_progress: Callable[[int, int | None], None] | None = None
                       ) -> Path:
        self._call("download")
        dest.write_bytes(MP4_BYTES if url.endswith(".mp4") else self.still)
        return dest


def text(value: str, partial: bool = False) -> TextEvent:
    return TextEvent(value, partial=partial, author="nemo_agent")


def tool_events(name: str = "edit_multitrack") -> list[Any]:
    return [ToolCallEvent("fc-1", name, {}), ToolResultEvent("fc-1", name, {"ok": True})]


KEEPALIVE = KeepAlive()
DROPPED = StreamDropped("The chat stream broke off.")


def conversation(api: FakeApi, clock: FakeClock, tmp_path: Path, **config: Any) -> Conversation:
    """A Conversation over the scripted API, saving videos under tmp_path/videos."""
    cfg = ConversationConfig(web_url="https://web.test", downloads=tmp_path / "videos", poll_interval=30, **config)
    return Conversation(api, api.store, cfg, clock=clock)
