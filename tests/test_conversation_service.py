"""The conversation layer end to end over a scripted API: replies, progress and which endpoints were called."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest

from conversation_support import (
    DROPPED,
    KEEPALIVE,
    MP4_BYTES,
    Balance,
    FakeApi,
    Render,
    conversation,
    seed_draft,
    text,
    tool_events,
    without_music,
)
from nemovideo.clock import FakeClock
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.errors import ChatFailed, OutOfCredits, ServerError, SessionNotFound
from nemovideo.store import JobRecord, SessionRecord, Store


class Progress:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.values: list[float] = []

    async def __call__(self, progress: float, total: float | None, message: str) -> None:
        self.values.append(progress)
        self.messages.append(message)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(tmp_path: Path, clock: FakeClock) -> FakeApi:
    return FakeApi(Store(tmp_path / "data"), clock)


def with_title(title: str, start: int = 0, duration: int = 3000) -> dict[str, Any]:
    draft = seed_draft()
    draft["t"][2]["sg"].append({"id": "x9", "st": start, "d": duration, "role": "title", "txt": title})
    return draft


async def test_first_use_connects_and_greets_in_the_users_language(api: FakeApi, clock: FakeClock,
                                                                   tmp_path: Path) -> None:
    progress = Progress()
    reply = await conversation(api, clock, tmp_path).handle("", progress=progress)
    assert progress.messages[0] == "Connecting..."
    assert reply.action == "connect" and "Try:" in reply.text and reply.text.count('- "') >= 2
    assert "token" not in reply.text.lower() and "session" not in reply.text.lower()
    assert api.calls == ["token", "session"]
    zh = await conversation(FakeApi(Store(tmp_path / "zh"), clock), clock, tmp_path).handle("你好")
    assert zh.action == "chat" or "准备好了" in zh.text


async def test_credits_question_in_chinese_opens_no_chat_stream(api: FakeApi, clock: FakeClock,
                                                                tmp_path: Path) -> None:
    reply = await conversation(api, clock, tmp_path).handle("余额还有多少?")
    assert reply.action == "credits" and reply.rule == "credits:zh"
    assert reply.credits is not None and reply.credits.available == 85
    assert "chat" not in api.calls and api.calls[-1] == "credits"
    assert "可用 85" in reply.text


async def test_text_reply_is_translated_and_export_offered(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.drafts = [without_music(), seed_draft()]
    api.script = [*tool_events(), text("Added a lo-fi track at 35%. Click the Export button to download.")]
    reply = await conversation(api, clock, tmp_path).handle("add lo-fi music at 35%")
    assert reply.status == "completed"
    assert reply.text == 'Added a lo-fi track at 35%.\nSay "export" and I\'ll render and send the MP4.'
    assert "click" not in reply.text.lower()
    assert api.messages == ["add lo-fi music at 35%"] and "render_submit" not in api.calls


async def test_silent_edit_reads_the_state_twice_and_reports_the_diff(api: FakeApi, clock: FakeClock,
                                                                       tmp_path: Path) -> None:
    api.drafts = [seed_draft(), with_title("Paradise Found")]
    api.script = tool_events()
    reply = await conversation(api, clock, tmp_path).handle("add the title Paradise Found")
    assert reply.text == '✅ Title added: "Paradise Found" (0-3s)'
    assert reply.changes == [reply.text]
    chat_at = api.calls.index("chat")  # the state and the balance, before and after
    assert api.calls[chat_at - 2:chat_at] == ["state", "credits"] and api.calls[chat_at + 1:] == ["state", "credits"]


async def test_silent_edit_that_changed_nothing_says_so(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = tool_events()
    reply = await conversation(api, clock, tmp_path).handle("make it better")
    assert "did not change" in reply.text


async def test_an_edit_is_completed_with_its_changes_edits_and_cost(api: FakeApi, clock: FakeClock,
                                                                    tmp_path: Path) -> None:
    quieter = seed_draft()
    quieter["t"][1]["sg"][0]["vol"] = 0.2
    api.drafts = [seed_draft(), quieter]
    api.balances = [Balance(85, 0, 85), Balance(83, 0, 83)]
    api.script = [*tool_events(), text("Lowered the music to 20%.")]
    reply = await conversation(api, clock, tmp_path).handle("lower the music to 20%")
    assert (reply.status, reply.text, reply.credits_spent) == ("completed", "Lowered the music to 20%.", 2)
    assert reply.changes == ["✅ BGM changed: Lo-fi (0-10s, 20%) (volume 35% → 20%)"]
    assert [edit.model_dump() for edit in reply.edits] == [
        {"element": "bgm", "id": "a1", "property": "volume", "before": 0.35, "after": 0.2}]


async def test_a_refusal_is_unchanged_and_costs_nothing(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [text("Sorry, I can't do that here. I can change the music, titles and text.")]
    reply = await conversation(api, clock, tmp_path).handle("make it sparkle like a disco ball")
    assert (reply.status, reply.changes, reply.edits, reply.credits_spent) == ("unchanged", [], [], 0)
    assert reply.error is None and reply.text.startswith("Sorry")


@pytest.mark.parametrize(("balances", "fail"), [
    ([Balance(85, 0, 85), Balance(75, 10, 85)], False),  # still frozen: the price is not settled yet
    ([Balance(85, 0, 85), Balance(185, 0, 185)], False),  # the balance grew: something else changed it
    ([Balance()], True),  # the balance cannot be read
])
async def test_the_cost_of_a_turn_is_null_when_the_balance_does_not_tell(api: FakeApi, clock: FakeClock,
                                                                        tmp_path: Path, balances: list[Balance],
                                                                        fail: bool) -> None:
    api.drafts = [without_music(), seed_draft()]
    api.balances = balances
    if fail:
        api.fail["credits"] = ServerError("down")
    api.script = tool_events()
    reply = await conversation(api, clock, tmp_path).handle("add lo-fi music at 35%")
    assert reply.status == "completed" and reply.credits_spent is None
    assert [(e.element, e.property, e.after) for e in reply.edits] == [("bgm", "segment", "Lo-fi")]


async def test_a_generated_video_lists_each_new_segment_and_the_new_length(api: FakeApi, clock: FakeClock,
                                                                          tmp_path: Path) -> None:
    api.drafts = [{"t": []}, seed_draft()]
    api.script = [text("Generated a 10-second video.")]
    reply = await conversation(api, clock, tmp_path).handle("generate a video about a city")
    edits = [(e.element, e.id, e.property, e.before, e.after) for e in reply.edits]
    assert edits == [("canvas", None, "fps", None, 30), ("timeline", None, "length", 0, 10),
                     ("timeline", None, "title", None, "Urban Dreams"),
                     ("video", "v1", "segment", None, "city timelapse"), ("bgm", "a1", "segment", None, "Lo-fi"),
                     ("title", "x1", "segment", None, "Urban Dreams")]
    assert reply.status == "completed" and len(reply.changes) == 3


async def test_partial_and_final_text_are_not_shown_twice(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [text("Adding lo-fi ", True), text("music at 35%.", True), text("Adding lo-fi music at 35%.")]
    reply = await conversation(api, clock, tmp_path).handle("add music")
    assert reply.text == "Adding lo-fi music at 35%."


async def test_keepalives_say_still_working_every_two_minutes(api: FakeApi, clock: FakeClock,
                                                               tmp_path: Path) -> None:
    api.script = [*[x for _ in range(5) for x in (60.0, KEEPALIVE)], text("Done.")]
    progress = Progress()
    reply = await conversation(api, clock, tmp_path).handle("generate a video about tea", progress=progress)
    assert reply.text == "Done."
    assert progress.messages.count("⏳ Still working...") == 2
    assert progress.values == sorted(progress.values) and len(set(progress.values)) == len(progress.values)


async def test_ten_minutes_of_keepalives_only_is_a_timeout(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [x for _ in range(12) for x in (60.0, KEEPALIVE)]
    reply = await conversation(api, clock, tmp_path).handle("generate a video")
    assert reply.status == "failed" and reply.error is not None and reply.error.type == "ChatTimeout"
    assert "10 minutes" in reply.text


async def test_fifteen_minute_cap(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [x for _ in range(20) for x in (60.0, tool_events()[0])]
    reply = await conversation(api, clock, tmp_path).handle("generate a long video")
    assert reply.status == "failed" and "15-minute" in reply.text


async def test_error_event_becomes_a_typed_failure(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [tool_events()[0], ChatFailed("The agent reported: internal agent error", said="internal agent error")]
    reply = await conversation(api, clock, tmp_path).handle("add music")
    assert reply.status == "failed" and reply.error is not None and reply.error.type == "ChatFailed"
    assert "internal agent error" in reply.text


async def test_dropped_stream_is_never_resent_and_reports_a_late_edit(api: FakeApi, clock: FakeClock,
                                                                       tmp_path: Path) -> None:
    api.drafts = [seed_draft(), seed_draft(), with_title("Late")]
    api.script = [tool_events()[0], DROPPED]
    progress = Progress()
    reply = await conversation(api, clock, tmp_path).handle("add a title Late", progress=progress)
    assert api.calls.count("chat") == 1
    assert clock.sleeps == [30, 60]
    assert "went through" in reply.text and '✅ Title added: "Late" (0-3s)' in reply.text


async def test_dropped_stream_gives_up_after_five_unchanged_reads(api: FakeApi, clock: FakeClock,
                                                                   tmp_path: Path) -> None:
    api.script = [DROPPED]
    reply = await conversation(api, clock, tmp_path).handle("add a title")
    assert api.calls.count("chat") == 1 and api.calls.count("state") == 1 + 5
    assert clock.sleeps == [30, 60, 60, 60, 60]
    assert reply.status == "failed" and "not sent twice" in reply.text and "retry" in reply.text


async def test_gui_follow_ups_show_summary_and_credits(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.script = [text("Done! You can preview it in the timeline. Please check your account billing.")]
    reply = await conversation(api, clock, tmp_path).handle("add a title")
    assert reply.text.startswith("Done!\nTimeline (3 tracks): 1. Video: city timelapse")
    assert "Credits: 85 available" in reply.text and "check" not in reply.text.lower()


async def test_chinese_reply_export_instruction_becomes_an_offer(api: FakeApi, clock: FakeClock,
                                                                  tmp_path: Path) -> None:
    api.store.save_session(api.api_url, SessionRecord(session_id="1", language="zh-CN"))
    api.script = [text("已为视频添加标题“城市之梦”，点击导出按钮即可下载。")]
    reply = await conversation(api, clock, tmp_path).handle("把标题改成“城市之梦”")
    assert reply.text == "已为视频添加标题“城市之梦”。\n说“导出”，我就渲染并发送 MP4 文件。"


async def test_export_instruction_runs_the_export_when_the_user_asked_for_the_video(
    api: FakeApi, clock: FakeClock, tmp_path: Path
) -> None:
    api.script = [text("Your video is ready. Click Export to download it.")]
    api.renders = [Render("r", "completed", 100, "/api/render/r.mp4")]
    reply = await conversation(api, clock, tmp_path).handle("make a 10 second video about tea and send it to me")
    assert reply.video_path is not None and Path(reply.video_path).read_bytes() == MP4_BYTES
    assert "✅ Video ready!" in reply.text and "render_submit" in api.calls


async def test_a_follow_up_export_is_a_job_of_its_own_that_status_knows(api: FakeApi, clock: FakeClock,
                                                                        tmp_path: Path) -> None:
    api.script = [text("Added lo-fi music. Click Export to download it.")]
    api.renders = [Render("r", "processing", 40), Render("r", "completed", 100, "/r.mp4")]
    progress = Progress()
    conv = conversation(api, clock, tmp_path)
    reply = await conv.handle("add lo-fi music and export it", progress=progress)
    assert reply.action == "chat" and reply.status == "completed" and reply.video_path
    assert reply.export_id and reply.export_id.startswith("export_") and reply.export_id != reply.id
    assert "⏳ Rendering… 40%" in progress.messages  # the chat passes the export's progress on
    exported = await conv.status(reply.export_id)
    assert exported.action == "export" and exported.video_path == reply.video_path
    records = {record.id: record for record in api.store.jobs()}
    assert records[reply.export_id].kind == "render" and records[reply.export_id].render_id
    assert records[reply.export_id].status == "completed"
    [chat] = [record for record in records.values() if record.kind == "chat"]
    after_restart = conversation(api, clock, tmp_path)
    assert (await after_restart.status(reply.export_id)).video_path == reply.video_path
    assert (await after_restart.status(chat.id)).export_id == reply.export_id


async def test_export_polls_with_progress_and_never_overwrites(api: FakeApi, clock: FakeClock,
                                                                tmp_path: Path) -> None:
    existing = tmp_path / "out.mp4"
    existing.write_bytes(b"mine")
    api.renders = [Render("r", "processing", 50), Render("r", "completed", 100, "/r.mp4", poster_url="/r.png")]
    progress = Progress()
    reply = await conversation(api, clock, tmp_path).export(existing, progress)
    assert "⏳ Rendering… 50%" in progress.messages and progress.messages[-1].startswith("✅ Video ready!")
    assert clock.sleeps == [30]
    assert existing.read_bytes() == b"mine" and reply.video_path == str(tmp_path / "out (2).mp4")
    assert reply.poster_path and Path(reply.poster_path).is_file()
    assert reply.claim_url == "https://web.test/workspace/claim?ct=clm_1"
    record = api.store.jobs()[0]
    assert record.kind == "render" and record.status == "completed"


async def test_a_preview_asks_for_a_small_render_and_hands_over_its_contact_sheet(api: FakeApi, clock: FakeClock,
                                                                                  tmp_path: Path) -> None:
    api.renders = [Render("r", "completed", 100, "/r.mp4", poster_url="/r.png", contact_sheet_url="/s.png")]
    first = await conversation(api, clock, tmp_path).preview()
    assert "render_submit_preview" in api.calls and "claim" not in api.calls, "a preview is free and needs no link"
    assert first.action == "preview" and first.status == "completed" and first.text.startswith("👀 Preview ready")
    assert first.video_path == str(tmp_path / "videos" / "previews" / "Urban-Dreams.preview.mp4")
    assert first.contact_sheet_path and Path(first.contact_sheet_path).is_file()
    assert first.contact_sheet_path in first.text and "export" in first.text
    again = await conversation(api, clock, tmp_path).preview()
    assert again.video_path == first.video_path, "the project's next preview replaces the last one"
    assert sorted(p.name for p in (tmp_path / "videos" / "previews").iterdir()) == [
        "Urban-Dreams.preview.mp4", "Urban-Dreams.preview.poster.png", "Urban-Dreams.preview.sheet.png"]


async def test_characters_no_font_could_draw_are_noted_in_the_export_reply(api: FakeApi, clock: FakeClock,
                                                                           tmp_path: Path) -> None:
    api.renders = [Render("r", "completed", 100, "/r.mp4", dropped_characters="\ue000☃")]
    reply = await conversation(api, clock, tmp_path).export()
    assert reply.notes == ["Note: no font could draw \ue000 ☃, so they were left out of the video."]
    assert reply.text.endswith(reply.notes[0])


async def test_export_of_an_empty_timeline_asks_to_generate_first(api: FakeApi, clock: FakeClock,
                                                                  tmp_path: Path) -> None:
    api.drafts = [{"t": []}]
    reply = await conversation(api, clock, tmp_path).handle("导出")
    assert reply.status == "failed" and "请先生成视频" in reply.text  # the user spoke Chinese
    assert "render_submit" not in api.calls


async def test_failed_render_reports_and_keeps_the_timeline(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.renders = [Render("r", "failed", 30, error="encoder crashed")]
    reply = await conversation(api, clock, tmp_path).export()
    assert reply.status == "failed" and "encoder crashed" in reply.text and "unchanged" in reply.text


async def test_render_id_is_stored_before_polling_and_resumed_after_restart(
    api: FakeApi, clock: FakeClock, tmp_path: Path
) -> None:
    api.renders = [Render("r", "processing", 10)]
    first = conversation(api, clock, tmp_path)
    running = await first.export(tmp_path / "promo.mp4", wait=0)
    assert running.status == "running" and running.id
    [record] = api.store.jobs(unfinished_only=True)
    assert record.output_path == str(tmp_path / "promo.mp4")
    await first.aclose()  # the process ends
    api.renders = [Render("r", "completed", 100, "/r.mp4")]
    second = conversation(api, clock, tmp_path)
    reply = await second.status(record.id, wait=None)
    assert reply.status == "completed" and reply.video_path == str(tmp_path / "promo.mp4")
    assert (await second.status(record.id)).video_path == reply.video_path  # kept in the store


async def test_wait_budget_returns_running_and_status_picks_the_turn_up(api: FakeApi, clock: FakeClock,
                                                                         tmp_path: Path) -> None:
    api.drafts = [{"t": []}, seed_draft()]
    api.gate = anyio.Event()
    api.script = [text("Generated a 15-second video.")]
    conv = conversation(api, clock, tmp_path)
    running = await conv.handle("generate a video about tea", wait=0)
    assert running.status == "running" and running.id and running.id.startswith("chat_")
    api.gate.set()
    done = await conv.status(running.id, wait=None)
    assert done.status == "completed" and done.text == "Generated a 15-second video."
    assert api.calls.count("chat") == 1


async def test_out_of_credits_gives_anonymous_users_a_registration_link(api: FakeApi, clock: FakeClock,
                                                                         tmp_path: Path) -> None:
    api.fail["chat"] = OutOfCredits("Not enough credits.", code=2001, user_id="anon_42")
    reply = await conversation(api, clock, tmp_path).handle("generate a video")
    assert reply.status == "failed" and "https://web.test/register?bind=anon_42" in reply.text
    api.fail["chat"] = OutOfCredits("Not enough credits.", code=2001, user_id="usr_7")
    reply = await conversation(api, clock, tmp_path).handle("generate a video")
    assert "Top up at https://web.test" in reply.text and "register" not in reply.text


async def test_out_of_credits_for_a_user_not_known_says_top_up_never_an_empty_bind(
        api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    # A NEMO_TOKEN user whose session was made by an earlier process: the client does not know the user id.
    api.fail["chat"] = OutOfCredits("Not enough credits.", code=2001, user_id=None)
    reply = await conversation(api, clock, tmp_path).handle("generate a video")
    assert "Top up at https://web.test" in reply.text and "bind=" not in reply.text


async def test_attachments_upload_first_then_the_instruction_goes_to_chat(api: FakeApi, clock: FakeClock,
                                                                           tmp_path: Path) -> None:
    song = tmp_path / "song.mp3"
    song.write_bytes(b"ID3")
    api.script = [text("Using song.mp3 as the background music.")]
    reply = await conversation(api, clock, tmp_path).handle("use this as the background music", [str(song)])
    assert api.calls.index("upload_files") < api.calls.index("chat")
    assert reply.uploads == ["song.mp3"] and "Using song.mp3" in reply.text


async def test_upload_of_a_missing_file_is_refused_before_sending(api: FakeApi, clock: FakeClock,
                                                                   tmp_path: Path) -> None:
    reply = await conversation(api, clock, tmp_path).upload([str(tmp_path / "nope.mp4")])
    assert reply.status == "failed" and "no file" in reply.text and "upload_files" not in api.calls


async def test_batch_two_uploads_each_with_its_own_instruction_and_export(api: FakeApi, clock: FakeClock,
                                                                          tmp_path: Path) -> None:
    conv = conversation(api, clock, tmp_path)
    api.renders = [Render("r", "completed", 100, "/r.mp4")]
    outputs = []
    for name in ("a.png", "b.png"):
        (tmp_path / name).write_bytes(b"\x89PNG")
        api.script = [text(f"Made a video from {name}.")]
        reply = await conv.handle(f"make a 5 second video from {name}", [str(tmp_path / name)])
        assert f"Made a video from {name}" in reply.text
        outputs.append((await conv.export(tmp_path / f"{name}.mp4")).video_path)
    assert outputs == [str(tmp_path / "a.png.mp4"), str(tmp_path / "b.png.mp4")]


async def test_state_reply_is_the_summary(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    reply = await conversation(api, clock, tmp_path).handle("show tracks")
    assert reply.summary == reply.text and reply.text.startswith("Timeline (3 tracks)")
    assert "chat" not in api.calls


async def test_unknown_status_id(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    reply = await conversation(api, clock, tmp_path).status("render_nope")
    assert reply.status == "failed" and "render_nope" in reply.text
    api.store.save_job(JobRecord(id="chat_x", kind="chat", api_url=api.api_url, session_id="1", status="running"))
    interrupted = await conversation(api, clock, tmp_path).status("chat_x")
    assert interrupted.status == "failed" and "interrupted" in interrupted.text
    assert "Timeline (3 tracks)" in interrupted.text


async def test_an_export_is_named_after_the_title_on_the_timeline_not_the_one_it_was_made_with(
        api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    renamed = seed_draft()
    renamed["t"][2]["sg"][0]["txt"] = "City Nights"  # the draft's own title (m.title) stays "Urban Dreams"
    api.drafts = [renamed]
    api.renders = [Render("r", "completed", 100, "/r.mp4")]
    reply = await conversation(api, clock, tmp_path).export()
    assert reply.video_path == str(tmp_path / "videos" / "City-Nights.mp4")


def test_output_paths_are_made_sensible_before_rendering(tmp_path: Path) -> None:
    from nemovideo.conversation.export import output_path
    from nemovideo.errors import InputError

    downloads = tmp_path / "videos"
    assert output_path(None, downloads, "Urban Dreams!") == downloads / "Urban-Dreams.mp4"
    assert output_path(Path("clip"), downloads, None) == downloads / "clip.mp4"
    assert output_path(tmp_path / "promo.mov", downloads, None) == tmp_path / "promo.mp4"
    folder = tmp_path / "existing"
    folder.mkdir()
    assert output_path(folder, downloads, "城市之梦") == folder / "城市之梦.mp4"
    with pytest.raises(InputError, match="cannot be saved"):
        output_path(Path("/proc/nope/x.mp4"), downloads, None)


async def test_each_reply_follows_the_language_of_the_message(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    conv = conversation(api, clock, tmp_path)
    await conv.connect(language="en")
    api.script = [text("已添加背景音乐。你可以在时间线中预览效果。")]
    zh = await conv.handle("加一段背景音乐")
    assert zh.text.startswith("已添加背景音乐。\n时间线（3 条轨道）")
    api.script = [text("Added music. Click the Export button.")]
    en = await conv.handle("add some upbeat music please")
    assert en.text.endswith('Say "export" and I\'ll render and send the MP4.')
    api.store.save_session(api.api_url, SessionRecord(session_id="1", language="zh-CN"))
    chinese_session = conversation(api, clock, tmp_path)
    assert (await chinese_session.handle("credits")).text.startswith("积分：")  # one word: the session decides


async def test_a_failed_new_project_keeps_the_language(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    conv = conversation(api, clock, tmp_path)
    await conv.connect(language="zh-CN")
    api.fail["session"] = SessionNotFound("no", code=1002)
    assert (await conv.new_project("klingon")).status == "failed"
    assert conv.lang == "zh"


async def test_local_backend_out_of_credits_points_at_its_own_settings(api: FakeApi, clock: FakeClock,
                                                                       tmp_path: Path) -> None:
    api.fail["chat"] = OutOfCredits("Not enough credits.", code=2001)
    reply = await conversation(api, clock, tmp_path, claim_links=False).handle("generate a video")
    assert "nemovideo local --help" in reply.text and "register" not in reply.text


async def test_a_huge_message_is_refused_before_anything_is_sent(api: FakeApi, clock: FakeClock,
                                                                 tmp_path: Path) -> None:
    reply = await conversation(api, clock, tmp_path).handle("add text " + "A" * 5000)
    assert reply.status == "failed" and "over the limit of 4000" in reply.text and "chat" not in api.calls


async def test_failures_are_worded_in_the_users_language(api: FakeApi, clock: FakeClock, tmp_path: Path) -> None:
    api.store.save_session(api.api_url, SessionRecord(session_id="1", language="zh-CN"))
    reply = await conversation(api, clock, tmp_path).handle("上传这个文件", [str(tmp_path / "nope.mp4")])
    assert reply.status == "failed" and "找不到文件" in reply.text and "请检查路径" in reply.text
    api.fail["chat"] = OutOfCredits("Not enough credits.", code=2001, user_id="anon_42")
    reply = await conversation(api, clock, tmp_path).handle("生成一个关于茶的视频")
    assert reply.text.startswith("积分已用完") and "https://web.test/register?bind=anon_42" in reply.text


async def test_job_records_written_before_this_version_still_answer_status(api: FakeApi, clock: FakeClock,
                                                                           tmp_path: Path) -> None:
    # tests/data/jobs-d9244eb.json is the jobs.json the conversation of d9244eb wrote in /tmp/oldjobs: a chat that
    # exported under its own id, a finished export, an export still rendering and a chat cut off mid-turn.
    written = Path(__file__).resolve().parent / "data" / "jobs-d9244eb.json"
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "jobs.json").write_text(written.read_text(encoding="utf-8").replace(
        "/tmp/oldjobs", str(tmp_path)), encoding="utf-8")
    conv = conversation(api, clock, tmp_path)
    chat = await conv.status("chat_70c1f2dfc064")
    assert chat.status == "completed" and "✅ Video ready!" in chat.text and chat.export_id is None
    assert chat.video_path == str(tmp_path / "videos" / "Urban-Dreams.mp4")
    assert (await conv.status("export_3355b32056aa")).video_path == str(tmp_path / "videos" / "promo.mp4")
    interrupted = await conv.status("chat_61e4c60d8516")
    assert interrupted.status == "failed" and "interrupted" in interrupted.text
    api.renders = [Render("r", "completed", 100, "/later.mp4")]
    assert await conv.resume_unfinished() == ["export_8f9dcc0d6a02"]
    later = await conv.status("export_8f9dcc0d6a02", wait=None)
    assert later.status == "completed" and later.video_path == str(tmp_path / "videos" / "later.mp4")


class NoApi:
    """An API that fails on any call: help must be answered without one, on every backend."""

    api_url = "https://api.test"
    session_id = None

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"help called the API: {name}")


@pytest.mark.parametrize(("words", "lang_marker", "free_words"), [
    ("help", "Try:", '"export"'), ("what can you do?", "Try:", '"credits"'),
    ("你能做什么", "可以试试", "“导出”"), ("怎麼用", "可以试试", "“积分”"),
])
async def test_help_is_answered_by_the_tool_itself_for_free(tmp_path: Path, clock: FakeClock, words: str,
                                                           lang_marker: str, free_words: str) -> None:
    config = ConversationConfig(web_url="https://web.test", downloads=tmp_path / "videos")
    reply = await Conversation(NoApi(), Store(tmp_path / "data"), config, clock=clock).handle(words)
    assert reply.action == "help" and reply.status == "unchanged" and reply.rule.startswith("help:")
    assert lang_marker in reply.text and free_words in reply.text  # examples and the free commands, in their language
