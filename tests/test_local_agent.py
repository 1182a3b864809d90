"""The editing agent as the server uses it: undo, unknown requests, refusals, prices, ids and language."""

from __future__ import annotations

import json

import pytest

from conftest import load_fixture
from nemovideo.draft import Draft
from nemovideo.draft_text import diff, summary
from nemovideo.local.agent import Prices, Upload, estimate, respond
from nemovideo.local.agent.extract import length_ms, normalise, span, text_span

PRICES = Prices(generate=7, edit=3)
PROMO = "generate a 30-second promo: Brewtopia is a cozy coffee shop. We roast beans daily. Visit us today!"


def seed() -> Draft:
    return Draft.parse(load_fixture("drafts/seed_three_tracks.json"))


def say(message: str, draft: Draft, previous: Draft | None = None, uploads: tuple[Upload, ...] = (),
        language: str = "en") -> tuple[Draft | None, str, int]:
    reply = respond(message, draft, uploads, previous=previous, language=language, prices=PRICES)
    return reply.draft, reply.text, reply.price


def test_undo_restores_the_previous_revision_exactly() -> None:
    first = seed()
    second, _, _ = say("make it vertical and add upbeat music at 50%", first)
    assert second is not None
    third, _, _ = say('add a title "Summer" for the first 2 seconds', second, previous=first)
    assert third is not None

    for word in ("undo", "撤销"):
        reply = respond(word, third, [], previous=second, language="en", prices=PRICES)
        assert reply.draft is not None and reply.draft.dump() == second.dump()
        assert reply.draft is not second, "a new object: the caller may keep both"
        assert reply.action == "undo" and reply.price == PRICES.edit


def test_undo_without_history_changes_nothing() -> None:
    draft, text, price = say("undo the last change", seed(), previous=None)
    assert draft is None and price == 0 and text == "There is nothing to undo."
    assert say("撤销", seed())[1] == "没有可以撤销的修改。"


@pytest.mark.parametrize("message", [
    "what's the weather today?", "make it better", "tell me a joke", "export the video",
    "今天天气怎么样", "帮我写一首诗", "你好", "让它更好看",
])
def test_unknown_requests_change_nothing_and_say_what_is_possible(message: str) -> None:
    reply = respond(message, seed(), [], previous=None, language="en", prices=PRICES)
    assert reply.draft is None and reply.price == 0 and reply.tool_name == "" and reply.action == "unknown"
    if any("\u4e00" <= ch <= "\u9fff" for ch in message):
        assert "我可以" in reply.text and "撤销" in reply.text
    else:
        assert "I can generate a video" in reply.text and "undo" in reply.text


@pytest.mark.parametrize(("message", "draft", "expected"), [
    ("remove the background music", Draft(), "There is no background music yet."),
    ("make the music louder", Draft(), "There is no background music yet."),
    ("remove scene 5", seed(), "There is no scene 5: the video has 1 scenes."),
    ("删除第一个场景", seed(), "这是唯一的场景"),
    ("make it 16:9", seed(), "The video is already 16:9."),
    ("add a title", seed(), "Tell me the words to show"),
    ("use this clip as scene 1", seed(), "I could not find an uploaded video clip."),
    ("add upbeat music", Draft(), "The timeline is empty."),
    ("make it 20 seconds long", Draft(), "The timeline is empty."),
    ('add text "Late" from 20s to 25s', seed(), "That time range does not fit the video (10s long)"),
    ("move scene 1 somewhere", seed(), "Tell me where to move it"),
])
def test_requests_that_cannot_apply_change_nothing_and_say_why(message: str, draft: Draft, expected: str) -> None:
    reply = respond(message, draft, [], previous=None, language="en", prices=PRICES)
    assert reply.draft is None and reply.price == 0
    assert reply.text.startswith(expected), reply.text


def test_two_changes_in_one_message_are_all_or_nothing() -> None:
    draft, text, price = say("make it vertical and remove scene 4", seed())
    assert draft is None and price == 0 and "no scene 4" in text


def test_the_understood_parts_of_a_message_are_applied_once_and_the_rest_listed() -> None:
    draft, text, price = say("make it vertical, rename the title to Skyline, and make it look more expensive", seed())
    assert draft is not None and price == PRICES.edit
    assert draft.meta.ratio == "9:16" and draft.tracks[2].segments[0].text == "Skyline"
    assert 'Not done: "make it look more expensive" (not understood).' in text
    chinese, words, _ = say("标题改成黄色，字体换成黑体", seed())
    assert chinese is not None and "未处理：字体“黑体”（只有 Noto Sans SC 可用）" in words


@pytest.mark.parametrize(("message", "expected"), [
    ("change the font to Comic Sans", "That font is not available here: videos are rendered with Noto Sans SC only."),
    ("标题用楷体", "这里没有这个字体：视频只能用 Noto Sans SC 渲染。"),
    ("add a glitch effect and some lens flares", "I can't render effects such as glitch here."),
    ("给人物加个美颜滤镜", "这里无法渲染“美颜”这类特效。"),
    ("make the music lowder", 'Did you mean "louder" or "lower"?'),
])
def test_what_it_cannot_render_or_read_is_said_plainly_and_costs_nothing(message: str, expected: str) -> None:
    draft, text, price = say(message, seed())
    assert draft is None and price == 0 and text.startswith(expected), text


def test_two_uploads_that_fit_the_words_make_a_question_not_a_guess() -> None:
    photo = Upload("m1", "image", "https://cdn.local/u/beach.jpg", "beach.jpg", None, 1600, 1200)
    selfie = Upload("m2", "image", "https://cdn.local/u/me.jpg", "me.jpg", None, 1080, 1920)
    draft, text, price = say("replace scene 1 with the picture", seed(), uploads=(photo, selfie))
    assert draft is None and price == 0 and text.startswith('Which one do you mean: "beach.jpg" or "me.jpg"?')
    named, _, _ = say("replace scene 1 with the beach picture", seed(), uploads=(photo, selfie))
    assert named is not None and named.tracks[0].segments[0].name == "beach.jpg"


def test_a_change_that_changes_nothing_is_not_charged() -> None:
    draft, text, price = say("set the music volume to 35%", seed())
    assert draft is None and price == 0 and text == "That is already how it is; nothing changed."


def test_prices_come_from_the_configuration() -> None:
    assert estimate(PROMO, PRICES) == 7 and estimate("生成一个15秒的视频", PRICES) == 7
    assert estimate("make the music quieter", PRICES) == 3 and estimate("撤销", PRICES) == 3
    assert estimate("what's the weather", PRICES) == 0
    assert respond(PROMO, Draft(), [], previous=None, language="en", prices=PRICES).price == 7
    assert respond("改成竖屏", seed(), [], previous=None, language="en", prices=PRICES).price == 3


def test_ids_stay_for_unchanged_segments_and_are_new_for_new_ones() -> None:
    before = seed()
    after, _, _ = say('add text "Sale" from 2s to 4s and make the music quieter', before)
    assert after is not None
    old = {seg.id: seg for t in before.tracks for seg in t.segments}
    new = {seg.id: seg for t in after.tracks for seg in t.segments}
    assert set(old) < set(new)
    assert new["v1"].dump() == old["v1"].dump() and new["x1"].dump() == old["x1"].dump()
    assert new["a1"].volume == 0.2, "changed in place, same id"
    (added,) = set(new) - set(old)
    assert new[added].text == "Sale"
    assert [str(c.render()) for c in diff(before, after)] == [
        "✅ BGM changed: Lo-fi (0-10s, 20%) (volume 35% → 20%)", '✅ Text added: "Sale" (2-4s)']


def test_same_request_on_same_draft_gives_same_ids() -> None:
    one, _, _ = say('add text "A" at 1s', seed())
    two, _, _ = say('add text "A" at 1s', seed())
    three, _, _ = say('add text "A" at 2s', seed())
    assert one is not None and two is not None and three is not None
    assert one.dump() == two.dump()
    assert one.tracks[-1].segments[0].id != three.tracks[-1].segments[0].id


def test_tool_events_carry_json_arguments() -> None:
    for message in (PROMO, "add lo-fi music at 30% and make it vertical", 'add text "Hi" for the last 2 seconds'):
        reply = respond(message, seed(), [], previous=None, language="en", prices=PRICES)
        assert reply.tool_name in ("edit_multitrack", "generate_storyboard")
        assert json.loads(json.dumps(reply.tool_args)) == reply.tool_args


@pytest.mark.parametrize(("message", "language", "expected"), [
    ("make it vertical", "zh-CN", "Changed the aspect ratio"),
    ("改成竖屏", "en", "已将画面比例改为9:16"),
    ("9:16", "zh-CN", "已将画面比例改为9:16"),
    ("9:16", "en", "Changed the aspect ratio to 9:16"),
    ("把 music 音量调到 20%", "en", "已更新背景音乐"),
])
def test_reply_language_follows_the_request(message: str, language: str, expected: str) -> None:
    assert say(message, seed(), language=language)[1].startswith(expected)


def test_a_request_on_an_empty_draft_can_start_from_an_upload() -> None:
    clip = Upload("m1", "video", "https://cdn.local/u/tall.mp4", "tall.mp4", 4000, 1080, 1920)
    draft, text, _ = say("add this clip as a new scene", Draft(), uploads=(clip,))
    assert draft is not None and summary(draft) == "Timeline (1 track): 1. Video: tall.mp4 (0-4s)"
    assert draft.meta.ratio == "9:16" and 'Added "tall.mp4" as scene 1 (4s)' in text


@pytest.mark.parametrize(("said", "digits"), [("第三个场景", "第3个场景"), ("十秒", "10秒"), ("十五秒", "15秒"),
                                             ("音量百分之三十五", "音量35%"), ("两个", "2个"), ("一百二十秒", "120秒"),
                                             ("fifteen seconds", "15 seconds"), ("forty-five percent", "45 percent")])
def test_number_words_become_digits(said: str, digits: str) -> None:
    assert normalise(said).text == digits


def test_normalising_keeps_quoted_words_as_written() -> None:
    msg = normalise("添加标题“一路向前”，前三秒，音量百分之三十五")
    assert msg.quotes == ("一路向前",) and "前3秒" in msg.text and "35%" in msg.text


@pytest.mark.parametrize(("text", "seconds"), [("a 30-second promo", 30), ("1 minute", 60), ("15秒", 15),
                                               ("半分钟", 30), ("2.5s", 2.5), ("fifteen seconds", None)])
def test_lengths(text: str, seconds: float | None) -> None:
    found = length_ms(normalise(text).text)
    assert found == (round(seconds * 1000) if seconds is not None else 15000)


@pytest.mark.parametrize(("text", "resolved"), [
    ("for the first 3 seconds", (0, 3000)), ("前3秒", (0, 3000)), ("from 5s to 8s", (5000, 8000)),
    ("5秒到8秒", (5000, 8000)), ("between 2 and 4 seconds", (2000, 4000)), ("the last 5 seconds", (5000, 10000)),
    ("最后5秒", (5000, 10000)), ("at 4s for 2 seconds", (4000, 6000)), ("throughout", (0, 10000)),
    ("在第6秒", (6000, 9000)),
])
def test_time_spans(text: str, resolved: tuple[int, int]) -> None:
    found = span(normalise(text).text)
    assert found is not None and found.resolve(10000, 3000) == resolved


ODD = [
    "", " ", "。", "🎬", "a" * 3000, "1" * 3000, "一" * 3000, "生成" * 300, "remove scene 99999999999999999999",
    "make it 0 seconds", "set the volume to 500%", 'add text "unclosed', "add a title «0»", "«3» «9»",
    "生成一个0秒的视频", "move scene 2 to position 0", "swap scene 2 and scene 2", "add text 'x' from 8s to 2s",
    "make a video:", "fade out the music over 999 seconds", "make the title size 9999", "标题改成",
    "use the song as scene 1",
]


@pytest.mark.parametrize("message", ODD)
@pytest.mark.parametrize("draft", [Draft(), seed()], ids=["empty", "seed"])
def test_odd_input_never_crashes_and_keeps_the_draft_valid(message: str, draft: Draft) -> None:
    clip = Upload("m1", "video", "https://cdn.local/u/a.mp4", "a.mp4", 3000, 640, 360)
    reply = respond(message, draft, [clip], previous=None, language="en", prices=PRICES)
    assert reply.text and (reply.price > 0) == (reply.draft is not None)
    if reply.draft is not None:
        assert Draft.parse(reply.draft.dump()).dump() == reply.draft.dump() and summary(reply.draft)
        segments = [seg for t in reply.draft.tracks for seg in t.segments]
        assert all(seg.duration_ms > 0 and seg.start_ms >= 0 for seg in segments)
        assert all(0 <= (seg.volume or 0) <= 1 for seg in segments)


@pytest.mark.parametrize(("message", "said"), [
    ("add end credits that say Thanks for watching", 'Added end credits "Thanks for watching" at the end of the '
                                                     "video (7-10s, center)."),
    ("closing credits: Thanks for watching", 'Added end credits "Thanks for watching" at the end'),
    ("加上片尾字幕“感谢观看”", "已在片尾添加字幕“感谢观看”（7-10秒，中间）。"),
    ("添加演职员表：导演 张三", "已在片尾添加字幕“导演 张三”（7-10秒，中间）。"),
])
def test_end_credits_are_a_closing_card_over_the_last_seconds_and_the_reply_says_so(message: str, said: str) -> None:
    before = seed()
    after, text, price = say(message, before)
    assert after is not None and price == PRICES.edit and said in text
    added = [s for t in after.tracks for s in t.segments if s.role == "overlay"]
    assert [(s.start_ms, s.end_ms, s.style.position if s.style else None) for s in added] == [(7000, 10000, "center")]
    assert diff(before, after) and len(diff(before, after)) == 1  # the title and the music are as they were


@pytest.mark.parametrize(("message", "span_s"), [
    ("add the text 'Thanks for watching' at the end", (7, 10)),
    ("add the text Thanks for watching at the end", (7, 10)),
    ("add the text 'Hello' at the very beginning", (0, 3)),
    ("add the text 'See you' at the end for 5 seconds", (5, 10)),
    ("在结尾加上文字“感谢观看”", (7, 10)),
    ("片尾加一句“感谢观看”", (7, 10)),
    ("视频结束时显示“下期见”", (7, 10)),
    ("开头加一行字“欢迎光临”", (0, 3)),
])
def test_a_new_text_at_the_start_or_the_end_of_the_video_takes_a_few_seconds_there(
        message: str, span_s: tuple[int, int]) -> None:
    after, text, _ = say(message, seed())
    assert after is not None, text
    added = [s for t in after.tracks for s in t.segments if s.role == "overlay"]
    assert [(s.start_ms / 1000, s.end_ms / 1000) for s in added] == [span_s]
    assert f"{span_s[0]}-{span_s[1]}" in text
    title = [s for t in after.tracks for s in t.segments if s.role == "title"]
    assert [(s.text, s.start_ms, s.end_ms) for s in title] == [("Urban Dreams", 0, 3000)]  # never moved instead


def test_words_that_name_a_text_or_an_end_point_are_not_a_place_at_the_end() -> None:
    promo_zh, _, _ = say("生成一个30秒的宣传视频：云朵咖啡是一家咖啡店。欢迎到店品尝！", Draft())
    assert promo_zh is not None
    after, text, _ = say("把结尾那句话改成“期待你的光临”", promo_zh)
    assert after is not None and "期待你的光临" in text
    cta = [s for t in after.tracks for s in t.segments if s.role == "cta"]
    assert [(s.text, s.end_ms) for s in cta] == [("期待你的光临", 30000)]
    assert text_span(normalise("标题显示到结尾").text) is None and text_span(normalise("结尾的号召语").text) is None


def test_end_credits_said_as_new_words_are_added_then_changed_and_removed_like_any_text() -> None:
    draft, text, _ = say("I want the end credits to read 'Shot by Leo'", seed())
    assert draft is not None and 'Added end credits "Shot by Leo"' in text
    draft, text, _ = say("change the end credits to 'Bye now'", draft)
    assert draft is not None and 'Changed the end credits "Shot by Leo": words "Bye now"' in text
    draft, text, _ = say("remove the end credits", draft)
    assert draft is not None and text.startswith('Removed the end credits "Bye now"')
    assert [s.text for t in draft.tracks for s in t.segments if s.text] == ["Urban Dreams"]
