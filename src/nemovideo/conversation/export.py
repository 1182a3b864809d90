"""The export workflow: check, submit, remember, poll, download, verify, hand over.

Polling stops after `poll_limit` (30 minutes by default) with a `running` reply: the job stays recorded as
unfinished, so `status` with its id picks it up again. The MP4 is downloaded under a hidden temporary name
and takes its final name only once it is known to be an MP4, so a sign-in page or an empty body never sits
under `name.mp4` (and never pushes the next export to `name (2).mp4`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from nemovideo.clock import Clock
from nemovideo.conversation.jobs import Job, JobRegistry
from nemovideo.conversation.messages import say
from nemovideo.conversation.ports import Api, RenderLike
from nemovideo.conversation.reply import Reply
from nemovideo.conversation.timeline import current_title
from nemovideo.errors import DownloadIncomplete, InputError, NemoError, RenderFailed
from nemovideo.language import Language
from nemovideo.store import JobRecord

ReportFn = Callable[[str, float | None], Awaitable[None]]
FINISHED = {"completed", "failed", "cancelled"}
POLL_LIMIT = 30 * 60.0  # seconds of polling before the export answers `running` and leaves the id for status


def unique_path(path: Path) -> Path:
    """The path itself, or 'name (2).mp4', 'name (3).mp4', ... if it exists: never overwrite."""
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise NemoError(f"Too many files named like {path.name} in {path.parent}.")


def safe_stem(title: str | None) -> str:
    """A file name made from a draft title."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", (title or "").strip()).strip("-")[:60]
    return stem or "video"


def verify_mp4(path: Path, name: str | None = None) -> None:
    """Refuse an empty file or one that is not an MP4 (`name` is what the message calls it)."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return
    what = "empty" if not head else "an HTML page, not a video" if head.lstrip()[:1] == b"<" else "not an MP4"
    raise DownloadIncomplete(f"The downloaded file {name or path.name} is {what}.")


def output_path(dest: Path | None, downloads: Path, title: str | None) -> Path:
    """Where the MP4 goes: a folder gets a file named after the title, any name gets .mp4, and the folder
    must be writable (checked before anything is rendered)."""
    default = f"{safe_stem(title)}.mp4"
    target = (dest.expanduser() if dest else downloads / default)
    if not target.is_absolute():
        target = downloads / target
    if target.is_dir():
        target = target / default
    if target.suffix.lower() != ".mp4":
        target = target.with_name(target.name + ".mp4") if not target.suffix else target.with_suffix(".mp4")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target.parent):
            pass
    except OSError as exc:
        raise InputError(f"The video cannot be saved in {target.parent}: {exc.strerror or exc}.",
                         hint="Choose another output folder.", reason="cannot_save_in",
                         values={"folder": target.parent, "why": exc.strerror or exc}) from None
    return target


def preview_path(downloads: Path, title: str | None) -> Path:
    """Where a project's preview goes: `previews/<title>.preview.mp4` in the videos folder (replaced each time)."""
    return output_path(downloads / "previews" / f"{safe_stem(title)}.preview.mp4", downloads, title)


def is_preview(record: JobRecord) -> bool:
    """True for the record of a preview (its file name says so, which survives a restart)."""
    return (record.output_path or "").endswith(".preview.mp4")


def _with_notes(reply: Reply, status: RenderLike, lang: Language) -> Reply:
    """The reply with a note on characters no font could draw (they are left out, never drawn as boxes)."""
    dropped = getattr(status, "dropped_characters", None)
    if not isinstance(dropped, str) or not dropped:
        return reply
    note = say("dropped_characters", lang, chars=" ".join(dropped))
    return reply.model_copy(update={"text": reply.text + "\n" + note, "notes": [*reply.notes, note]})


class ExportWork:
    """Runs or resumes one export for a session."""

    def __init__(self, api: Api, jobs: JobRegistry, clock: Clock, lang: Language, poll_interval: float,
                 claim_links: bool = True, poll_limit: float = POLL_LIMIT, preview: bool = False) -> None:
        self.claim_links = claim_links
        self.poll_limit = poll_limit
        self.preview = preview  # a small, quick render: the local backend honours it, the cloud renders in full
        self.api = api
        self.jobs = jobs
        self.clock = clock
        self.lang = lang
        self.poll_interval = poll_interval

    async def run(self, job: Job, dest: Path | None, downloads: Path) -> Reply:
        """Submit the draft under `job`, then see the render through to the MP4."""
        record, early = await self.start(job.id, dest, downloads)
        if early is not None or record is None:
            return early or Reply(action="export", status="failed", text=say("nothing_to_export", self.lang))
        job.submitted.set()
        if record.render_id:
            self.jobs.alias(record.render_id, job)  # the render id works with the status tool too
        return await self.finish(record, lambda text, pct: job.report(text, pct))

    async def start(self, job_id: str, dest: Path | None, downloads: Path) -> tuple[JobRecord | None, Reply | None]:
        """Submit a render and record it under `job_id`; a Reply instead when there is nothing to export."""
        state = await self.api.state()
        draft = state.draft
        if not draft.is_exportable():
            return None, Reply(action="export", status="failed", text=say("nothing_to_export", self.lang))
        title = current_title(draft)  # the title now, not the one it was made with
        target = preview_path(downloads, title) if self.preview else output_path(dest, downloads, title)
        status = await self.api.submit_render(draft, f"render_{int(time.time() * 1000)}", preview=self.preview)
        job = JobRecord(id=job_id, render_id=status.id, kind="render", api_url=self.api.api_url,
                        session_id=self.api.session_id or "", status=status.status, output_path=str(target))
        self.jobs.persist(job)  # before polling: a restart resumes it instead of orphaning it
        return job, None

    async def finish(self, job: JobRecord, report: ReportFn) -> Reply:
        """Poll until the render ends, then download and verify the MP4; `running` once polling has taken
        longer than the limit."""
        await report(say("render_submitted", self.lang), 1.0)
        status = await self._poll(job, report)
        if status.status != "completed":
            text = say("render_running", self.lang, id=job.id, percent=int(min(status.progress or 0, 99)))
            return Reply(action="export", status="running", id=job.id, text=text)
        await report(say("downloading", self.lang), 96.0)
        assert status.output_url is not None
        wanted = Path(job.output_path or f"{job.id}.mp4")
        if self.preview:  # the preview of a project replaces the one before it
            for old in (wanted, wanted.with_suffix(".poster.png"), wanted.with_suffix(".sheet.png")):
                old.unlink(missing_ok=True)
        target = await self._download_new(status.output_url, wanted)
        reply = Reply(action="preview" if self.preview else "export", text=say("video_ready", self.lang, path=target),
                      video_path=str(target))
        reply = await self._extras(status, target, reply)
        reply = _with_notes(reply, status, self.lang)
        self.jobs.persist(job.model_copy(update={"status": "completed", "result": reply.model_dump(mode="json")}))
        await report(reply.text, 100.0)
        return reply

    async def _download_new(self, url: str, wanted: Path) -> Path:
        # Downloaded under a hidden name, checked, then linked to a free final name: only a verified MP4 ever
        # takes it (the client resolves relative URLs).
        wanted.parent.mkdir(parents=True, exist_ok=True)
        staging = wanted.with_name(f".{wanted.stem}.{uuid.uuid4().hex[:8]}.download")
        try:
            await self.api.download(url, staging)
            verify_mp4(staging, wanted.name)
            return _link_free_name(staging, wanted)
        finally:
            with contextlib.suppress(FileNotFoundError):
                staging.unlink()

    async def _poll(self, job: JobRecord, report: ReportFn) -> RenderLike:
        """The finished render, or its latest status once polling has taken longer than the limit."""
        started = self.clock.now()
        while True:
            status = await self.api.render_status(job.render_id or job.id)
            percent = int(status.progress or 0)
            if status.status == "completed" and status.output_url:
                return status
            if status.status in FINISHED:
                error = status.error or status.status
                self.jobs.persist(job.model_copy(update={"status": "failed"}))
                raise RenderFailed(f"The render failed: {error}.", said=status.error)
            if self.clock.now() - started >= self.poll_limit:
                # Still unfinished in the store (never "completed" without a file): status resumes it.
                self.jobs.persist(job.model_copy(update={"status": "processing"}))
                return status
            await report(say("rendering", self.lang, percent=percent), max(1.0, min(95.0, float(percent))))
            await self.clock.sleep(self.poll_interval)

    async def _extras(self, status: RenderLike, target: Path, reply: Reply) -> Reply:
        # The local backend also serves a poster frame and a contact sheet; the cloud may not.
        updates: dict[str, str] = {}
        for attr, field, suffix in (("poster_url", "poster_path", ".poster.png"),
                                    ("contact_sheet_url", "contact_sheet_path", ".sheet.png")):
            url = getattr(status, attr, None)
            if isinstance(url, str) and url:
                try:
                    path = await self.api.download(url, unique_path(target.with_suffix(suffix)))
                    updates[field] = str(path)
                except NemoError:
                    pass
        if self.preview and "contact_sheet_path" in updates:
            updates["text"] = say("preview_ready", self.lang, path=target, sheet=updates["contact_sheet_path"])
        if not self.claim_links or self.preview:
            return reply.model_copy(update=updates)
        try:
            link = await self.api.claim_url()
            updates["claim_url"] = link
            updates["text"] = reply.text + "\n" + say("claim", self.lang, link=link)
        except NemoError:
            pass
        return reply.model_copy(update=updates)


def _link_free_name(staging: Path, wanted: Path) -> Path:
    """Give the verified file `wanted`'s name, or the next free one; a hard link never replaces a file that
    appeared meanwhile (another export choosing the same name): the next free name is tried instead."""
    for _ in range(20):
        target = unique_path(wanted)
        try:
            os.link(staging, target)
        except FileExistsError:
            continue
        return target
    raise NemoError(f"Could not find a free file name next to {wanted}.")
