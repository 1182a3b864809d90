"""The conversation's limits over a scripted API: deadlines, polling that stops, verified downloads, caps on text
and timelines, and failures nobody foresaw ending as typed, stored outcomes."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from conversation_support import FakeApi, Render, conversation, seed_draft, text
from nemovideo.client import deadline
from nemovideo.clock import FakeClock
from nemovideo.conversation.caps import MAX_CHANGES, MAX_PART, MAX_TEXT, MAX_TRACKS, fit
from nemovideo.conversation.reply import Reply
from nemovideo.conversation.timeline import Edit
from nemovideo.conversation.turn import TurnLimits
from nemovideo.store import Store


def scripted(tmp_path: Path, kind: type[FakeApi] = FakeApi, **fields: Any) -> tuple[FakeApi, FakeClock]:
    """A scripted API of `kind` with its own store and fake clock."""
    clock = FakeClock()
    return kind(Store(tmp_path / "data"), clock, **fields), clock


class HTMLDownloads(FakeApi):
    """Serves a sign-in page where the video should be."""

    async def download(self, url: str, dest: Path, on_progress: Any = None) -> Path:
        self._call("download")
        dest.write_bytes(b"<!doctype html><title>Sign in</title>")
        return dest


async def test_a_download_that_is_not_an_mp4_never_takes_the_final_name(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path, HTMLDownloads, renders=[Render("r", "completed", 100, "/r.mp4")])
    target = tmp_path / "out" / "promo.mp4"
    reply = await conversation(api, clock, tmp_path).export(target)
    assert reply.status == "failed" and reply.error and reply.error.type == "DownloadIncomplete"
    assert "promo.mp4 is an HTML page" in (reply.error.detail or "")  # the text words it in the request's language
    assert reply.text == 'The video could not be downloaded completely. Say "export" to try again.'
    assert sorted(p.name for p in target.parent.iterdir()) == []  # no final name, no temporary leftovers
    good = FakeApi(api.store, clock, renders=[Render("r", "completed", 100, "/r.mp4")])
    again = await conversation(good, clock, tmp_path).export(target)
    assert again.video_path == str(target)  # not "promo (2).mp4"


async def test_polling_stops_at_its_limit_and_status_picks_it_up_again(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    api.renders = [Render("r", "processing", 40)]
    conv = conversation(api, clock, tmp_path, poll_limit=90)
    reply = await conv.export(tmp_path / "v.mp4")
    assert reply.status == "running" and reply.id and "40%" in reply.text
    assert api.calls.count("render_poll") == 4 and clock.sleeps == [30, 30, 30]
    [record] = api.store.jobs(unfinished_only=True)
    assert record.id == reply.id and record.status == "processing"
    api.renders = [Render("r", "completed", 100, "/r.mp4")]
    assert record.render_id
    done = await conv.status(record.render_id, wait=None)  # asked by the render's id, as replies also give it
    assert done.status == "completed" and done.video_path == str(tmp_path / "v.mp4")


class Crashing(FakeApi):
    """A render status that makes code further on crash (what an extreme answer used to do)."""

    async def render_status(self, render_id: str) -> Render:
        self._call("render_poll")
        raise OverflowError("int too large to convert to float")


async def test_an_export_that_crashes_is_stored_failed_and_not_resumed_on_restart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    api, clock = scripted(tmp_path, Crashing)
    reply = await conversation(api, clock, tmp_path).export(tmp_path / "v.mp4")
    assert reply.status == "failed" and reply.error and reply.error.type == "MalformedResponse"
    assert "number out of range" in (reply.error.detail or "") and "could not read" in reply.text
    assert "Traceback" not in caplog.text and "OverflowError" in caplog.text  # one line, no traceback
    [record] = api.store.jobs()
    assert record.status == "failed" and record.result and record.result["status"] == "failed"
    restarted = conversation(api, clock, tmp_path)
    assert await restarted.resume_unfinished() == []
    assert (await restarted.status(record.id)).error == reply.error
    assert api.calls.count("render_poll") == 1


async def test_a_follow_up_export_that_crashes_is_stored_failed_under_its_own_export_id(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path, Crashing)
    api.script = [text("Added lo-fi music. Click Export to download it.")]
    reply = await conversation(api, clock, tmp_path).handle("add lo-fi music and export it")
    assert reply.action == "chat" and reply.export_id and "could not read" in reply.text
    record = api.store.job(reply.export_id)
    assert record is not None and record.kind == "render" and record.status == "failed" and record.result
    assert "number out of range" in record.result["error"]["detail"]
    restarted = conversation(api, clock, tmp_path)
    assert await restarted.resume_unfinished() == []
    exported = await restarted.status(reply.export_id)
    assert exported.status == "failed" and exported.error and exported.error.type == "MalformedResponse"
    assert api.calls.count("render_poll") == 1


async def test_a_follow_up_export_past_the_polling_limit_is_picked_up_by_its_export_id(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    api.script = [text("Added lo-fi music. Click Export to download it.")]
    api.renders = [Render("r", "processing", 40)]
    conv = conversation(api, clock, tmp_path, poll_limit=60)
    reply = await conv.handle("add lo-fi music and export it")
    assert reply.export_id and reply.export_id in reply.text and "40%" in reply.text and reply.video_path is None
    api.renders = [Render("r", "completed", 100, "/r.mp4")]
    done = await conv.status(reply.export_id, wait=None)
    assert done.status == "completed" and done.video_path


async def test_an_export_resumed_after_the_polling_limit_is_one_job_by_either_id(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    api.renders = [Render("r", "processing", 40)]
    conv = conversation(api, clock, tmp_path, poll_limit=60)
    reply = await conv.export(tmp_path / "v.mp4")
    record = api.store.job(reply.id or "")
    assert reply.status == "running" and record is not None and record.render_id
    assert (await conv.status(record.render_id, wait=0)).status == "running"  # resumed, polling again
    resumed = conv.jobs.get(record.id)
    assert resumed is not None and conv.jobs.get(record.render_id) is resumed  # asked again: no second poller
    await conv.aclose()


async def test_a_transient_failure_leaves_the_export_resumable(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    from nemovideo.errors import ServerError

    api.renders = [Render("r", "processing", 10)]
    api.fail["render_poll"] = ServerError("The service had a problem (HTTP 502).", code=502)
    reply = await conversation(api, clock, tmp_path).export(tmp_path / "v.mp4")
    assert reply.status == "failed"
    [record] = api.store.jobs(unfinished_only=True)
    assert record.result is None


class Exploding(FakeApi):
    async def chat(self, message: str) -> AsyncIterator[Any]:
        self._call("chat")
        yield text("Working")
        raise ValueError("cannot convert float NaN to integer")


async def test_a_chat_that_crashes_ends_failed_with_a_readable_typed_error(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path, Exploding)
    reply = await conversation(api, clock, tmp_path).handle("add lo-fi music")
    assert reply.status == "failed" and reply.error and reply.error.type == "UnexpectedError"
    assert reply.text.startswith("Something unexpected stopped the request.") and "NaN" not in reply.text
    assert (reply.error.detail or "").startswith("The chat stopped on an unexpected ValueError.")
    assert "NaN" not in reply.error.detail
    [record] = api.store.jobs()
    assert record.status == "failed"


async def test_agent_text_is_capped_with_a_note_and_the_jobs_file_stays_small(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    chunk = "All good. " * 100_000  # 1 MB a message
    api.script = [text(chunk) for _ in range(40)]
    reply = await conversation(api, clock, tmp_path).handle("make it longer")
    assert len(reply.text) < MAX_PART + 400
    assert "more characters of the reply were left out" in reply.text
    assert f"{40 * len(chunk) - MAX_PART:,}" in reply.text
    assert (tmp_path / "data" / "jobs.json").stat().st_size < 3 * MAX_TEXT


async def test_partial_text_repeated_by_the_final_text_is_not_counted_as_cut(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    api.script = [text("Adding lo-fi ", partial=True), text("Adding lo-fi music.")]
    reply = await conversation(api, clock, tmp_path).handle("add lo-fi music")
    assert reply.text.startswith("Adding lo-fi music.") and "left out" not in reply.text


async def test_a_huge_timeline_summary_is_capped_with_a_note(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path)
    draft = seed_draft()
    draft["t"] = [{**draft["t"][0], "id": f"v{i}"} for i in range(20_000)]
    api.drafts = [draft]
    reply = await conversation(api, clock, tmp_path).state()
    assert reply.summary == reply.text and len(reply.text) < MAX_TEXT + 200
    assert reply.text.startswith("Timeline (20000 tracks)") and "the track list was cut here" in reply.text
    assert reply.text.endswith("16:9, 1920x1080.")  # the line with length, ratio and size is never cut
    assert reply.timeline is not None and len(reply.timeline.tracks) == MAX_TRACKS
    assert reply.timeline.note == (f"The timeline has 20000 tracks; the first {MAX_TRACKS} are shown and "
                                   f"{20_000 - MAX_TRACKS} were left out, to stay under the 1 MB a host accepts.")
    assert len(reply.model_dump_json()) < 1_000_000


def test_a_reply_with_thousands_of_edits_keeps_200_and_its_changes_say_how_many_were_left_out() -> None:
    many = [Edit(element="text", id=f"t{i}", property="text", before="a", after="b") for i in range(500)]
    reply = fit(Reply(action="chat", text="Done.", changes=[f"✅ Text {i} changed." for i in range(500)],
                      edits=many), "en")
    assert reply.edits == many[:MAX_CHANGES]
    assert reply.changes[MAX_CHANGES:] == ["[… and 300 more changes.]", "[… the list of edits leaves out 300 more.]"]
    chinese = fit(Reply(action="chat", text="好的。", edits=many), "zh")
    assert len(chinese.edits) == MAX_CHANGES and chinese.changes == ["[……改动数据另有 300 项未列出。]"]


class Silent(FakeApi):
    """A chat stream that says one thing and then nothing at all, ever."""

    async def chat(self, message: str) -> AsyncIterator[Any]:
        self._call("chat")
        yield text("Starting.")
        await anyio.sleep(3600)


async def test_a_stream_that_goes_silent_ends_at_the_keepalive_limit_without_any_event(
    tmp_path: Path
) -> None:
    api, clock = scripted(tmp_path, Silent)
    limits = TurnLimits(cap=5.0, keepalive_only=0.2)
    started = time.monotonic()
    reply = await conversation(api, clock, tmp_path, limits=limits).handle("generate a video")
    assert time.monotonic() - started < 2
    assert reply.status == "failed" and reply.error and reply.error.type == "ChatTimeout"


class SlowState(FakeApi):
    async def state(self) -> Any:
        self._call("state")
        await anyio.sleep(3600)


async def test_an_export_whose_state_read_hangs_answers_running_by_the_deadline(tmp_path: Path) -> None:
    api, clock = scripted(tmp_path, SlowState)
    conv = conversation(api, clock, tmp_path)
    started = time.monotonic()
    with anyio.fail_after(5), deadline.within(0.3, clock):
        reply = await conv.export(tmp_path / "v.mp4", wait=30)
    assert time.monotonic() - started < 1.5
    assert reply.status == "running" and reply.id is not None and conv.jobs.get(reply.id) is not None
    await conv.aclose()
