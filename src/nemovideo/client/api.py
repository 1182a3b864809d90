"""NemoClient: one async method per endpoint of the NemoVideo agent API.

Token and session recovery live in access.py, retries of idempotent GETs and the limits of every exchange in
http.py, the call's deadline in deadline.py. Nothing that costs credits is re-sent blindly: a chat message only
when the error came back instead of a stream, a render submit only on a duplicate id (with a new id).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

import anyio
import httpx2

from nemovideo import errors
from nemovideo.client import deadline, envelope, uploads
from nemovideo.client.access import APP, Access, Attempt
from nemovideo.client.body import read_body
from nemovideo.client.download import Progress, save
from nemovideo.client.envelope import Answer
from nemovideo.client.events import ChatEvent
from nemovideo.client.http import Http, Limits, too_late
from nemovideo.client.models import ClaimToken, CreditBalance, RenderStatus, SessionState, TokenInfo, UploadResult, read
from nemovideo.client.sse import is_event_stream, read_events
from nemovideo.clock import Clock, SystemClock
from nemovideo.draft import Draft
from nemovideo.settings import LOCAL, Settings
from nemovideo.skill import Skill
from nemovideo.store import Credentials, SessionRecord, Store

log = logging.getLogger("nemovideo.client")

OUTPUT = {"format": "mp4", "quality": "high"}
# A preview asks for a small, fast render with one more key: the local backend renders 480p at x264's fastest
# preset; the cloud's contract names no such key, and a backend that does not know it renders the full video.
PREVIEW_OUTPUT = {**OUTPUT, "preview": True}


class NemoClient:
    """The NemoVideo agent API over HTTP, for the cloud or the local backend."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        skill: Skill,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        base_url: str | None = None,
        rng: random.Random | None = None,
        limits: Limits | None = None,
    ) -> None:
        self._base_url = _checked_base_url(base_url or settings.api_url)
        # What is stored is keyed by the configured API: the embedded backend's port changes every run,
        # but its users, tokens and sessions stay.
        self._api_url = settings.api_url if settings.is_local else self._base_url
        self._web_url = settings.web_url
        clock = clock or SystemClock()
        self._http = Http(
            self._base_url, skill.headers(), clock=clock, rng=rng or random.Random(), transport=transport, limits=limits
        )
        self._access = Access(settings, store, self._http, clock, self._api_url)
        self._last_render_ms = 0

    async def __aenter__(self) -> NemoClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    @property
    def api_url(self) -> str:
        """The configured API ("local" for the embedded backend): the key of everything stored for it."""
        return self._api_url

    @property
    def base_url(self) -> str:
        """The URL requests go to."""
        return self._base_url

    @property
    def limits(self) -> Limits:
        """How long and how much this client waits for and reads."""
        return self._http.limits

    @property
    def user_id(self) -> str | None:
        """The current session's user as far as this client knows (decides the out-of-credits advice)."""
        return self._access.user_id()

    @property
    def session_id(self) -> str | None:
        """The current session on this backend, if any."""
        record = self._access.current_session()
        return record.session_id if record else None

    @property
    def language(self) -> str:
        """The current session's language ("en" when there is none)."""
        record = self._access.current_session()
        return record.language if record else "en"

    @property
    def client_id(self) -> str:
        """The client id sent to the token endpoint."""
        return self._access.client_id

    # -- token and session ------------------------------------------------------------------
    async def ensure_token(self) -> Credentials:
        """NEMO_TOKEN if set, else the stored token while valid, else a new anonymous token."""
        return await self._access.ensure_token()

    async def anonymous_token(self) -> TokenInfo:
        """Ask for an anonymous token for this client id, store it and use it from now on."""
        return await self._access.anonymous_token()

    async def create_session(self, language: str = "en") -> SessionRecord:
        """Start a new session (project) and make it the current one."""
        return await self._access.create_session(language)

    async def ensure_session(self, language: str = "en") -> SessionRecord:
        """The current session, or a new one in `language`."""
        return await self._access.ensure_session(language)

    async def claim_url(self) -> str:
        """A browser link that lets a NemoVideo account claim this session (the token is not in it)."""

        async def claim(at: Attempt) -> Any:
            task = at.session.task_id if at.session else None
            body = {"session_id": at.sid, **({"task_id": task} if task else {})}
            return await self._access.api("POST", "/api/auth/claim-token", at, json=body)

        token = read(ClaimToken, await self._access.call(claim, session=True), "claim token")
        return f"{self._web_url}/workspace/claim?ct={quote(token.claim_token, safe='')}"

    # -- chat -------------------------------------------------------------------------------
    async def chat(self, message: str) -> AsyncIterator[ChatEvent]:
        """Send one message to the agent and yield its events until the stream closes."""
        if not message.strip():
            raise errors.InputError("The message is empty.", hint="Say what you would like to make or change.")
        response = await self._access.call(lambda at: self._open_chat(at, message), session=True)
        try:
            async for event in read_events(response, self._access.redact, self.limits.max_event):
                yield event
        finally:
            with anyio.CancelScope(shield=True):  # also when the turn's watch cut the stream
                await response.aclose()

    # -- uploads ----------------------------------------------------------------------------
    async def upload_files(self, paths: Sequence[Path]) -> UploadResult:
        """Upload local files (streamed from disk) to the current session."""
        files = uploads.check_files(paths)

        async def send(at: Attempt) -> Any:
            with ExitStack() as stack:
                parts = uploads.open_parts(files, stack)
                return await self._access.api(
                    "POST", self._upload_path(at), at, files=parts, limit=self.limits.upload
                )

        return read(UploadResult, await self._access.call(send, session=True), "upload result")

    async def upload_urls(self, urls: Sequence[str]) -> UploadResult:
        """Have the backend fetch media from web addresses into the current session."""
        body = {"urls": uploads.check_urls(urls), "source_type": "url"}
        data = await self._access.call(
            lambda at: self._access.api("POST", self._upload_path(at), at, json=body), session=True
        )
        return read(UploadResult, data, "upload result")

    # -- reads ------------------------------------------------------------------------------
    async def credits(self) -> CreditBalance:
        """The credit balance: available, frozen and total."""
        data = await self._access.call(lambda at: self._access.api("GET", "/api/credits/balance/simple", at))
        return read(CreditBalance, data, "credit balance")

    async def state(self) -> SessionState:
        """The current session's latest state (draft, media, canvas)."""
        data = await self._access.call(
            lambda at: self._access.api("GET", f"/api/state/{APP}/me/{quote(at.sid, safe='')}/latest", at), session=True
        )
        if not isinstance(data, dict):
            raise errors.MalformedResponse("The service's session state was not a JSON object.")
        return SessionState.from_data(data)

    # -- render -----------------------------------------------------------------------------
    async def submit_render(self, draft: Draft, render_id: str | None = None, preview: bool = False) -> RenderStatus:
        """Start rendering a draft (`preview`: small and fast, where the backend can); a duplicate id is retried
        once with a new id, nothing else is re-sent."""
        if not draft.is_exportable():
            raise errors.InputError("The timeline is empty, so there is nothing to export.", hint="Make a video first.")
        rid = render_id or self._new_render_id()
        try:
            return await self._submit(draft, rid, preview)
        except errors.DuplicateRenderId:
            retry_id = self._new_render_id()
            log.warning("render id %s was already taken; submitting once more as %s", rid, retry_id)
            return await self._submit(draft, retry_id, preview)

    async def render_status(self, render_id: str) -> RenderStatus:
        """Where a render stands; relative result URLs come back absolute."""
        path = f"/api/render/proxy/lambda/{_checked_render_id(render_id)}"
        status = await self._access.call(lambda at: self._render("GET", path, at, render_id))
        return self._absolute(status)

    async def download(self, url: str, dest: Path, on_progress: Progress | None = None) -> Path:
        """Stream a file to `dest` (temp file + rename, within the download limits); the token goes only to the
        API's own origin."""
        target = self._http.url(url)
        if target.scheme not in ("http", "https"):
            raise errors.InputError("The download address is not an http(s) URL.")
        plain = {"Accept-Encoding": "identity"}  # so Content-Length can be checked against what arrived
        if not self._http.same_origin(target):
            return await self._download(target, dest, on_progress, plain)
        return await self._access.call(lambda at: self._download(target, dest, on_progress, {**plain, **at.auth}))

    # -- plumbing ---------------------------------------------------------------------------
    async def _render(self, method: str, path: str, at: Attempt, render_id: str, **kwargs: Any) -> RenderStatus:
        answer = await self._http.exchange(method, path, headers=at.auth, **kwargs)
        body = envelope.render_data(answer, self._access.context())
        return RenderStatus.from_body(body, render_id)

    async def _submit(self, draft: Draft, rid: str, preview: bool = False) -> RenderStatus:
        def body(at: Attempt) -> dict[str, Any]:
            output = PREVIEW_OUTPUT if preview else OUTPUT
            return {"id": rid, "sessionId": at.sid, "draft": draft.dump(), "output": output}

        path = "/api/render/proxy/lambda"
        status = await self._access.call(lambda at: self._render("POST", path, at, rid, json=body(at)), session=True)
        return self._absolute(status)

    async def _open_chat(self, at: Attempt, message: str) -> httpx2.Response:
        body = {
            "app_name": APP,
            "user_id": "me",
            "session_id": at.sid,
            "new_message": {"role": "user", "parts": [{"text": message}]},
        }
        headers = {**at.auth, "Accept": "text/event-stream", "Cache-Control": "no-store"}
        response = await self._http.open("POST", "/run_sse", headers=headers, json=body, read=self.limits.chat_read)
        if is_event_stream(response):
            return response
        answer = await self._error_answer(response)
        envelope.api_data(answer, self._access.context())
        raise errors.MalformedResponse(
            f"Expected a chat event stream but got {envelope.describe(answer)} ({answer.content_type or 'untyped'})."
        )

    async def _download(
        self, target: httpx2.URL, dest: Path, on_progress: Progress | None, headers: dict[str, str]
    ) -> Path:
        response = await self._http.open("GET", target, headers=headers, follow_redirects=True)
        if response.status_code >= 300:
            answer = await self._error_answer(response)
            envelope.api_data(answer, self._access.context())  # raises the typed error an error answer carries
            raise errors.MalformedResponse(f"The download answered HTTP {answer.status} instead of the file.")
        seconds, by_deadline = deadline.bound(self.limits.download)
        try:
            with anyio.move_on_after(seconds):
                return await save(response, dest, on_progress, self.limits.max_download)
        finally:
            with anyio.CancelScope(shield=True):
                await response.aclose()
        raise too_late(target, seconds, by_deadline)

    async def _error_answer(self, response: httpx2.Response) -> Answer:
        """The start of a streamed answer that turned out to be an error, read within the exchange limit."""
        seconds, by_deadline = deadline.bound(self.limits.exchange)
        with anyio.move_on_after(seconds):
            return Answer.of(response, await read_body(response, self.limits.max_error_body, truncate=True))
        raise too_late(response.request.url, seconds, by_deadline)

    def _upload_path(self, at: Attempt) -> str:
        return f"/api/upload-video/{APP}/me/{quote(at.sid, safe='')}"

    def _absolute(self, status: RenderStatus) -> RenderStatus:
        output = status.output_url
        if status.status == "completed" and not output:
            output = f"/api/render/proxy/{quote(status.id, safe='')}/download"
        urls = {"output_url": output, "poster_url": status.poster_url, "contact_sheet_url": status.contact_sheet_url}
        fixed: dict[str, str | None] = {key: str(self._http.url(value)) for key, value in urls.items() if value}
        fixed["error"] = self._access.redact(status.error) if status.error else None
        return status.model_copy(update=fixed)

    def _new_render_id(self) -> str:
        self._last_render_ms = max(int(time.time() * 1000), self._last_render_ms + 1)
        return f"render_{self._last_render_ms}"


def _checked_base_url(url: str) -> str:
    base = url.strip().rstrip("/")
    if base.lower() == LOCAL:
        raise errors.InputError(
            "NEMO_API_URL=local needs the embedded local backend, which gives the client its address.",
            hint="Start it with `nemovideo local`, or pass its URL as base_url.",
        )
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.InputError(f"{base[:80]!r} is not an http(s) address.", hint="Check NEMO_API_URL.")
    return base


def _checked_render_id(render_id: str) -> str:
    if not render_id or not all(c.isalnum() or c in "-_." for c in render_id):
        raise errors.InputError(f"{render_id[:40]!r} is not a render id.", hint="Render ids look like render_<digits>.")
    return render_id
