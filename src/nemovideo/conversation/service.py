"""The Conversation: one object that turns utterances into actions and replies; MCP and CLI wrap it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from nemovideo.client.failures import transient, typed
from nemovideo.clock import Clock, SystemClock
from nemovideo.conversation.caps import MAX_PART, capped_overview, fit, timeline_of
from nemovideo.conversation.export import POLL_LIMIT, ExportWork, is_preview
from nemovideo.conversation.failures import failure
from nemovideo.conversation.jobs import Job, JobRegistry
from nemovideo.conversation.messages import say, turn_language
from nemovideo.conversation.ports import Api, Progress
from nemovideo.conversation.reply import CreditsInfo, Reply, RouteInfo, Status
from nemovideo.conversation.router import Route, route
from nemovideo.conversation.turn import ChatTurn, TurnLimits, TurnOutcome
from nemovideo.errors import InputError, NemoError
from nemovideo.language import Language, from_code, majority
from nemovideo.store import JobRecord, Store

log = logging.getLogger(__name__)

# The language of one request's replies: the words the user just wrote, else the session's. Background
# work started during the request (chat turns, exports) copies it with its task's context.
MAX_MESSAGE = 4000
_TURN_LANG: ContextVar[Language | None] = ContextVar("turn_lang", default=None)


@dataclass(frozen=True)
class ConversationConfig:
    """Knobs a surface may set."""

    web_url: str = "https://nemovideo.com"
    downloads: Path = Path("~/Videos/NemoVideo").expanduser()
    poll_interval: float = 30.0
    poll_limit: float = POLL_LIMIT  # seconds of polling before an export answers "running" (status resumes it)
    default_wait: float | None = None  # seconds a request waits before answering "running"
    claim_links: bool = True  # the local backend has no web editor to claim a session in
    limits: TurnLimits = TurnLimits()


class Conversation:
    """The skill's behaviour over one API client."""

    def __init__(self, api: Api, store: Store, config: ConversationConfig | None = None,
                 clock: Clock | None = None, language: str | None = None) -> None:
        self.api = api
        self.store = store
        self.config = config or ConversationConfig()
        self.clock = clock or SystemClock()
        self.jobs = JobRegistry(store, api, self.config.default_wait)
        self._language = language
        self._connected = False

    # -- language and connection -----------------------------------------------------------
    @property
    def lang(self) -> Language:
        """The language of the layer's own messages."""
        turn = _TURN_LANG.get()
        if turn is not None:
            return turn
        if self._language:
            return from_code(self._language)
        record = self.store.session(self.api.api_url)
        return from_code(record.language if record else None)

    async def connect(self, progress: Progress | None = None, language: str | None = None) -> Reply:
        """Get or reuse a token and a session; answer with a short ready message."""
        if language:
            self._language = language
        if progress is not None:
            await progress(0, None, say("connecting", self.lang))
        try:
            await self.api.ensure_token()
            await self.api.ensure_session(self._language or "en")
        except NemoError as exc:
            return self.failed("connect", exc)
        self._connected = True
        return Reply(action="connect", status="unchanged", text=say("ready", self.lang))

    async def new_project(self, language: str | None = None) -> Reply:
        """Start a new session with an empty timeline."""
        wanted = language or self._language or "en"
        try:
            await self.api.ensure_token()
            await self.api.create_session(wanted)
        except NemoError as exc:
            return self.failed("new_project", exc)
        self._language = wanted
        self._connected = True
        return Reply(action="new_project", text=say("new_project", self.lang) + "\n" + say("ready", self.lang))

    # -- the router's entry point ----------------------------------------------------------
    async def handle(self, utterance: str, attachments: Sequence[str] = (), progress: Progress | None = None,
                     wait: float | None = None) -> Reply:
        """Route one utterance (and attachments) to the right action, answering in its language."""
        if self._language is None and self.store.session(self.api.api_url) is None:
            self._language = "zh-CN" if majority(utterance) == "zh" else "en"
        token = _TURN_LANG.set(turn_language(utterance, self.lang))
        try:
            return await self._handle(utterance, attachments, progress, wait)
        finally:
            _TURN_LANG.reset(token)

    async def _handle(self, utterance: str, attachments: Sequence[str], progress: Progress | None,
                      wait: float | None) -> Reply:
        if len(utterance) > MAX_MESSAGE:
            # Nothing useful is that long, and a huge text would only cost credits and render time.
            too_long = InputError(f"The message is {len(utterance)} characters, over the limit of {MAX_MESSAGE}.",
                                  reason="too_long", values={"size": len(utterance), "limit": MAX_MESSAGE})
            return self.failed("chat", too_long)
        decision = route(utterance, len(attachments))
        if decision.action != "help" and not self._connected:  # help is answered here, without a connection
            ready = await self.connect(progress)
            if ready.status == "failed":
                return ready
            if not utterance.strip() and not attachments:
                return ready
        reply = await self._dispatch(decision, utterance, attachments, progress, wait)
        return reply.model_copy(update={"rule": decision.rule, "route": RouteInfo.of(decision)})

    async def _dispatch(self, decision: Route, utterance: str, attachments: Sequence[str],
                        progress: Progress | None, wait: float | None) -> Reply:
        if decision.action == "help":
            return self.help()
        if decision.action == "export":
            return await self.export(None, progress, wait)
        if decision.action == "credits":
            return await self.credits()
        if decision.action == "state":
            return await self.state()
        if decision.action == "upload":
            uploaded = await self.upload([*attachments, *decision.urls])
            if uploaded.status == "failed" or not decision.then_chat:
                return uploaded
            chatted = await self.chat(utterance, progress, wait, wants_video=decision.wants_video)
            return chatted.model_copy(update={"text": uploaded.text + "\n" + chatted.text,
                                              "uploads": uploaded.uploads})
        return await self.chat(utterance, progress, wait, wants_video=decision.wants_video)

    # -- direct actions --------------------------------------------------------------------
    def help(self) -> Reply:
        """What the tool does, with example requests and the free commands; no API call at all."""
        return Reply(action="help", status="unchanged", text=say("ready", self.lang) + "\n" + say("help", self.lang))

    async def credits(self) -> Reply:
        """The balance: available, frozen, total."""
        try:
            balance = await self.api.credits()
        except NemoError as exc:
            return self.failed("credits", exc)
        info = CreditsInfo(available=balance.available, frozen=balance.frozen, total=balance.total)
        text = say("credits", self.lang, available=_num(info.available), frozen=_num(info.frozen),
                   total=_num(info.total))
        return Reply(action="credits", status="unchanged", text=text, credits=info)

    async def state(self) -> Reply:
        """What is in the video: the track summary with length, ratio and size, and the timeline as data."""
        try:
            state = await self.api.state()
        except NemoError as exc:
            return self.failed("state", exc)
        summary = capped_overview(state.draft, self.lang)
        return fit(Reply(action="state", status="unchanged", text=summary, summary=summary,
                         timeline=timeline_of(state.draft, state.video_infos, self.lang)), self.lang)

    async def upload(self, items: Sequence[str]) -> Reply:
        """Upload local paths and URLs to the session."""
        if not items:
            return Reply(action="upload", status="unchanged", text=say("upload_ask", self.lang))
        urls = [i for i in items if i.lower().startswith(("http://", "https://"))]
        paths = [Path(i).expanduser() for i in items if i not in urls]
        names: list[str] = []
        try:
            for path in paths:
                if not path.is_file():
                    raise InputError(f"There is no file at {path}.", reason="no_file", values={"path": path})
            if paths:
                names += [f.filename for f in (await self.api.upload_files(paths)).files]
            if urls:
                names += [f.filename for f in (await self.api.upload_urls(urls)).files]
        except NemoError as exc:
            return self.failed("upload", exc, [*(path.name for path in paths), *urls])
        text = say("upload_done", self.lang, count=len(names), names=", ".join(names))
        return Reply(action="upload", text=text, uploads=names)

    # -- long work: chat and export, as jobs --------------------------------------------------
    async def chat(self, message: str, progress: Progress | None = None, wait: float | None = None,
                   wants_video: bool = False) -> Reply:
        """Send a message through chat; 'running' with an id if the wait budget runs out."""
        job = self.jobs.start("chat", lambda job: self._chat_turn(job, message, wants_video))
        self.jobs.save(job, "running")
        return await self.jobs.wait(job, wait, progress, self.lang)

    async def export(self, output: Path | None = None, progress: Progress | None = None,
                     wait: float | None = None) -> Reply:
        """Render, download and hand over the MP4; 'running' with an id if the budget runs out."""
        job = self.jobs.start("render", lambda job: self._export(job, output))
        # The id handed out must lead somewhere after this process ends: the budget starts once it is submitted.
        return await self.jobs.wait(job, wait, progress, self.lang, until_submitted=True)

    async def preview(self, progress: Progress | None = None, wait: float | None = None) -> Reply:
        """Render a small, quick preview of the timeline (its contact sheet and a low-resolution MP4), free;
        'running' with an id if the budget runs out."""
        job = self.jobs.start("render", lambda job: self._export(job, None, preview=True))
        return await self.jobs.wait(job, wait, progress, self.lang, until_submitted=True)

    async def status(self, job_id: str, progress: Progress | None = None, wait: float | None = 0) -> Reply:
        """The outcome of a chat turn or an export, resuming an export left by an earlier process (or one whose
        polling reached its limit)."""
        job = self.jobs.get(job_id)
        if job is not None:
            if not await self.jobs.polled_out(job):
                return await self.jobs.wait(job, wait, progress, self.lang)
            job_id = job.id  # asked by its render id: the stored job is under the export's id
        record = self.jobs.stored(job_id)
        if record is None:
            return Reply(action="status", status="failed", text=say("unknown_job", self.lang, id=job_id))
        if record.result is not None:
            return Reply.model_validate(record.result)
        if record.kind == "render":
            return await self.jobs.wait(self._resume(record), wait, progress, self.lang)
        # A chat turn whose process ended: its stream is gone, but the timeline tells what happened.
        now = await self.state()
        text = say("chat_interrupted", self.lang, id=job_id) + "\n" + now.text
        return now.model_copy(update={"action": "status", "status": "failed", "text": text})

    def latest_video(self) -> Reply | None:
        """The reply of this project's latest finished preview or export whose MP4 is still on disk."""
        return self.jobs.latest_video()

    async def aclose(self) -> None:
        """Stop background work as the process ends (renders go on in the backend and can be resumed)."""
        await self.jobs.cancel_all()

    async def resume_unfinished(self) -> list[str]:
        """Resume every export this backend left unfinished; their ids."""
        records = self.jobs.unfinished_renders()
        for record in records:
            self._resume(record)
        return [record.id for record in records]

    # -- the work of the jobs ------------------------------------------------------------------
    async def _chat_turn(self, job: Job, message: str, wants_video: bool) -> Reply:
        turn = ChatTurn(self.api, self.clock, self.lang, self.config.limits)
        try:
            outcome = await turn.run(message, lambda text: job.report(text))
            reply = fit(await self._follow_up(outcome, wants_video, job), self.lang)
        except Exception as exc:  # whatever stops it, the job ends failed with a readable reply, never a crash
            reply = self.failed("chat", typed(exc, "The chat"))
        self.jobs.save(job, reply.status, reply)
        return reply

    async def _follow_up(self, outcome: TurnOutcome, wants_video: bool, job: Job) -> Reply:
        parts = [outcome.text] if outcome.text else []
        extra: dict[str, str] = {}
        for follow_up in outcome.follow_ups:
            if follow_up == "export" and wants_video:
                # The export is a job of its own (its id works with status, its record stays a render); the
                # chat job waits for it and passes its progress on.
                export = self.jobs.start("render", lambda child: self._export(child, None))
                exported = await export.wait(None, lambda progress, _, text: job.report(text, progress))
                assert exported is not None  # no budget: waits for the end
                parts.append(exported.text)
                extra["export_id"] = export.id
                extra.update({k: v for k, v in exported.model_dump().items()
                              if k in ("video_path", "poster_path", "contact_sheet_path", "claim_url") and v})
            elif follow_up == "export":
                parts.append(say("export_offer", self.lang))
            elif follow_up in ("state", "summary"):
                draft = outcome.draft or (await self.api.state()).draft  # the turn has read it already
                summary = capped_overview(draft, self.lang, MAX_PART)
                parts.append(summary)
                extra["summary"] = summary
            elif follow_up == "credits":
                parts.append((await self.credits()).text)
            elif follow_up == "edit":
                parts.append(say("edit_offer", self.lang))
        if not parts:
            parts.append(say("no_change", self.lang))
        reply = Reply(action="chat", status=_turn_status(outcome, "video_path" in extra), text="\n".join(parts),
                      changes=outcome.changes, edits=outcome.edits, credits_spent=outcome.credits_spent)
        return reply.model_copy(update=extra)

    async def _export(self, job: Job, output: Path | None, record: JobRecord | None = None,
                      preview: bool = False) -> Reply:
        """Submit and see through a render, or (with `record`) one an earlier process submitted."""
        work = ExportWork(self.api, self.jobs, self.clock, self.lang, self.config.poll_interval,
                          claim_links=self.config.claim_links, poll_limit=self.config.poll_limit,
                          preview=preview or (record is not None and is_preview(record)))
        try:
            if record is not None:
                return await work.finish(record, lambda text, pct: job.report(text, pct))
            return await work.run(job, output, self.config.downloads)
        except Exception as exc:  # whatever stops it, the job ends with a readable reply, never a crash
            error = _export_error(exc)
            reply = self.failed("export", error)
            if not transient(error):
                self.jobs.conclude(job, reply)  # a permanent failure: no restart polls (and fails on) it again
            return reply

    def _resume(self, record: JobRecord) -> Job:
        return self.jobs.resume(record, lambda job: self._export(job, None, record))

    def failed(self, action: str, exc: NemoError, names: Sequence[str] = ()) -> Reply:
        """The failed reply for `exc`, in the request's language (`names`: the files or links it was given)."""
        return failure(action, exc, self.lang, web_url=self.config.web_url, claim_links=self.config.claim_links,
                       names=names)


def _turn_status(outcome: TurnOutcome, exported: bool) -> Status:
    """completed when the draft changed (or the turn's export made a video), unchanged when not, or failed."""
    # Unchanged: a refusal, a question back, help, or nothing to do; whatever the agent's words claimed.
    if outcome.failed:
        return "failed"
    return "completed" if outcome.edits or exported else "unchanged"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _export_error(exc: BaseException) -> NemoError:
    if isinstance(exc, OSError):  # the output folder went away or filled up while rendering
        why = exc.strerror or str(exc)
        return InputError(f"The video could not be saved: {why}.", reason="not_saved", values={"why": why})
    return typed(exc, "The export")
