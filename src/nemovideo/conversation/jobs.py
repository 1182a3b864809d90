"""Jobs: long work a surface can start, observe and await separately (chat turns and exports), and the registry
that owns them, in this process by id and in the store by their records (so a restart can resume them)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from nemovideo.client import deadline
from nemovideo.conversation.messages import say
from nemovideo.conversation.ports import Api, Progress
from nemovideo.conversation.reply import Reply
from nemovideo.language import Language
from nemovideo.store import JobRecord, Store

log = logging.getLogger(__name__)
PREFIX = {"chat": "chat", "render": "export"}  # a job id tells what it is: chat_…, export_…
Work = Callable[["Job"], Coroutine[Any, Any, Reply]]


class Job:
    """A background task with progress observers and a final Reply."""

    def __init__(self, job_id: str, kind: str) -> None:
        self.id = job_id
        self.kind = kind
        self.progress = 0.0
        self.message = ""
        self._observers: list[Progress] = []
        self._task: asyncio.Task[Reply] | None = None
        self.submitted = asyncio.Event()  # set once the work is in the backend's hands (or has ended)

    def start(self, work: Callable[[], Coroutine[Any, Any, Reply]]) -> None:
        """Run the work in the background."""
        self._task = asyncio.get_running_loop().create_task(work())
        self._task.add_done_callback(lambda _: self.submitted.set())

    def observe(self, observer: Progress | None) -> None:
        """Add a progress observer (a surface that waits for this job)."""
        if observer is not None:
            self._observers.append(observer)

    def unobserve(self, observer: Progress | None) -> None:
        """Stop telling an observer (its request returned)."""
        with contextlib.suppress(ValueError):
            self._observers.remove(observer)  # type: ignore[arg-type]

    async def report(self, message: str, progress: float | None = None) -> None:
        """Tell every observer; progress never goes backwards."""
        self.progress = max(self.progress + 0.001, progress if progress is not None else self.progress + 1)
        self.message = message
        for observer in list(self._observers):
            try:
                await observer(self.progress, None, message)
            except Exception:  # an observer that went away must not stop the work
                log.debug("progress observer failed", exc_info=True)
                self.unobserve(observer)

    async def cancel(self) -> None:
        """Stop the work (the process is ending); what the backend already has goes on there."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    @property
    def done(self) -> bool:
        """True once the work has finished."""
        return self._task is not None and self._task.done()

    async def wait(self, budget: float | None = None, observer: Progress | None = None,
                   until_submitted: bool = False) -> Reply | None:
        """The final Reply, or None when the budget runs out first (the work goes on); with `until_submitted`,
        the budget starts once the backend has the work. The wait also ends by the call's deadline (a host cuts
        calls at about 60 s), even before an export reached the render service."""
        assert self._task is not None, "job not started"
        self.observe(observer)
        try:
            if until_submitted:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.submitted.wait(), deadline.remaining())
            left = deadline.remaining()
            if left is not None:
                budget = left if budget is None else min(budget, left)
            return await asyncio.wait_for(asyncio.shield(self._task), budget)
        except TimeoutError:
            return None
        finally:
            self.unobserve(observer)


class JobRegistry:
    """The product's jobs: those of this process by job id (and by the render id an export waits for), and their
    records in the store, which `status` reads after a restart."""

    def __init__(self, store: Store, api: Api, default_wait: float | None = None) -> None:
        self.store = store
        self.api = api
        self.default_wait = default_wait
        self._jobs: dict[str, Job] = {}

    def start(self, kind: str, work: Work) -> Job:
        """A new job of `kind` ("chat" or "render") under a fresh id, running `work` in the background, free of
        the caller's deadline (it keeps its own limits: the chat caps, the render polling limit)."""
        job = Job(f"{PREFIX[kind]}_{uuid.uuid4().hex[:12]}", kind)
        job.start(lambda: deadline.detached(work(job)))
        self._jobs[job.id] = job
        return job

    def resume(self, record: JobRecord, work: Work) -> Job:
        """Run a stored job again in this process (an export whose process ended, or whose polling reached its
        limit), under its own id and its render id."""
        job = Job(record.id, record.kind)
        job.start(lambda: deadline.detached(work(job)))
        self._jobs[record.id] = job
        if record.render_id:
            self.alias(record.render_id, job)
        return job

    def alias(self, render_id: str, job: Job) -> None:
        """Let the render id an export waits for find its job too."""
        self._jobs[render_id] = job

    def get(self, job_id: str) -> Job | None:
        """A job of this process (running or done), by job id or render id."""
        return self._jobs.get(job_id)

    async def polled_out(self, job: Job) -> bool:
        """True when `job` is an export whose polling reached its limit: its record is resumed from the store."""
        if job.kind != "render" or not job.done:
            return False
        reply = await job.wait(0)
        return reply is not None and reply.status == "running"

    def stored(self, job_id: str) -> JobRecord | None:
        """A job's record in the store, by job id."""
        return self.store.job(job_id)

    def persist(self, record: JobRecord) -> None:
        """Write a job's record, so that `status` finds it after a restart."""
        self.store.save_job(record)

    def conclude(self, job: Job, reply: Reply) -> None:
        """Store `reply` as the outcome of a job the store holds (an export's permanent failure), so that no
        restart runs it again (and fails on the same answer) and `status` tells it."""
        record = self.stored(job.id)
        if record is not None:
            self.persist(record.model_copy(update={"status": reply.status, "result": reply.model_dump(mode="json")}))

    def save(self, job: Job, status: str, reply: Reply | None = None) -> None:
        """Write a job's status (and its final reply) under this backend and session."""
        result = reply.model_dump(mode="json") if reply is not None else None
        if status == "unchanged":  # the reply's word for a finished turn that changed nothing; the job completed
            status = "completed"
        self.persist(JobRecord(id=job.id, kind=job.kind, api_url=self.api.api_url,
                               session_id=self.api.session_id or "", status=status, result=result))

    def unfinished_renders(self) -> list[JobRecord]:
        """Exports of this backend that a process left unfinished and that do not run here."""
        return [record for record in self.store.jobs(unfinished_only=True)
                if record.kind == "render" and record.api_url == self.api.api_url and record.id not in self._jobs
                and record.render_id not in self._jobs]

    def latest_video(self) -> Reply | None:
        """The reply of this project's latest finished preview or export whose MP4 is still on disk."""
        session = self.api.session_id  # None before the first call of a process: any of this backend's projects
        for record in reversed(self.store.jobs()):
            if record.kind != "render" or record.api_url != self.api.api_url or not record.result:
                continue
            if session is not None and record.session_id != session:
                continue
            reply = Reply.model_validate(record.result)
            if reply.status == "completed" and reply.video_path and Path(reply.video_path).is_file():
                return reply
        return None

    async def wait(self, job: Job, wait: float | None, progress: Progress | None, lang: Language,
                   until_submitted: bool = False) -> Reply:
        """The job's reply, or 'running' with its id once `wait` seconds (the default when None) have passed."""
        budget = wait if wait is not None else self.default_wait
        reply = await job.wait(budget, progress, until_submitted)
        if reply is not None:
            return reply
        key = "render_running" if job.kind == "render" else "chat_running"
        text = say(key, lang, id=job.id, percent=int(min(job.progress, 99)))
        return Reply(action=job.kind if job.kind == "chat" else "export", status="running", id=job.id, text=text)

    async def cancel_all(self) -> None:
        """Stop the work of this process as it ends (renders go on in the backend and can be resumed)."""
        for job in list(self._jobs.values()):
            await job.cancel()
