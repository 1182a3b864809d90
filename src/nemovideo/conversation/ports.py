"""What the conversation layer needs from the API client, as structural types (NemoClient fits them)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from nemovideo.draft import Draft
from nemovideo.store import Credentials, SessionRecord

# progress, total, message: the shape of MCP's report_progress.
Progress = Callable[[float, float | None, str], Awaitable[None]]


class CreditsLike(Protocol):
    """A credit balance."""

    @property
    def available(self) -> float: ...

    @property
    def frozen(self) -> float: ...

    @property
    def total(self) -> float: ...


class StateLike(Protocol):
    """The session state: the draft and the uploads (`video_infos`)."""

    @property
    def draft(self) -> Draft: ...

    @property
    def video_infos(self) -> Sequence[Mapping[str, Any]]: ...


class RenderLike(Protocol):
    """A render as the API reports it."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def progress(self) -> float | None: ...

    @property
    def output_url(self) -> str | None: ...

    @property
    def error(self) -> str | None: ...


class UploadedLike(Protocol):
    """One uploaded file."""

    @property
    def filename(self) -> str: ...


class UploadResultLike(Protocol):
    """The result of an upload."""

    @property
    def files(self) -> Sequence[UploadedLike]: ...


class Api(Protocol):
    """The API client, as the conversation layer uses it."""

    @property
    def api_url(self) -> str: ...

    @property
    def session_id(self) -> str | None: ...

    async def ensure_token(self) -> Credentials: ...

    async def ensure_session(self, language: str = "en") -> SessionRecord: ...

    async def create_session(self, language: str = "en") -> SessionRecord: ...

    async def claim_url(self) -> str: ...

    def chat(self, message: str) -> AsyncIterator[Any]: ...

    async def upload_files(self, paths: Sequence[Path]) -> UploadResultLike: ...

    async def upload_urls(self, urls: Sequence[str]) -> UploadResultLike: ...

    async def credits(self) -> CreditsLike: ...

    async def state(self) -> StateLike: ...

    async def submit_render(self, draft: Draft, render_id: str | None = None,
                            preview: bool = False) -> RenderLike: ...

    async def render_status(self, render_id: str) -> RenderLike: ...

    async def download(
        self, url: str, dest: Path, on_progress: Callable[[int, int | None], None] | None = None
    ) -> Path: ...
