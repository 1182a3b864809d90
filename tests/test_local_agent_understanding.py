"""General readings behind the request tables: traditional characters, new videos only when asked, weak titles.

Each test states one rule with sentences of its own (not the tables'), in English and Chinese.
"""

from __future__ import annotations

import pytest

from conftest import load_fixture
from nemovideo.draft import Draft, TrackType
from nemovideo.local.agent import AgentReply, Prices, Upload, respond

PRICES = Prices(generate=7, edit=3)
CLIP = Upload("m1", "video", "https://cdn.local/u/surf.mp4", "surf.mp4", 8000, 1920, 1080)
CLIP2 = Upload("m2", "video", "https://cdn.local/u/city.mov", "city.mov", 12000, 1920, 1080)


def seed() -> Draft:
    return Draft.parse(load_fixture("drafts/seed_three_tracks.json"))


def ask(message: str, draft: Draft | None = None, uploads: tuple[Upload, ...] = ()) -> AgentReply:
    return respond(message, draft if draft is not None else seed(), uploads, previous=None, language="en",
                   prices=PRICES)


def title_of(draft: Draft) -> str | None:
    return next((s.text for t in draft.tracks if t.type == TrackType.TEXT for s in t.segments if s.role == "title"),
                None)


@pytest.mark.parametrize("message", [
    "make my video vertical", "can you do something about my video", "turn my video into a reel",
    "put my clip at the start", "我要视频竖屏", "这个视频要发快手，改成竖屏",
])
def test_a_project_with_scenes_is_never_replaced_by_a_request_about_it(message: str) -> None:
    reply = ask(message, uploads=(CLIP, CLIP2))
    assert reply.action != "generate" and reply.price in (0, PRICES.edit), reply.text


def test_a_new_video_is_made_when_one_is_asked_for() -> None:
    assert ask("make a new video about dogs").action == "generate"
    assert ask("帮我做一个关于猫的视频").action == "generate"


@pytest.mark.parametrize(("message", "title"), [
    ("the title is too small", "Urban Dreams"),
    ("the title says the wrong thing", "Urban Dreams"),
    ("标题是不是太长了", "Urban Dreams"),
    ("can the title be Night Market instead", "Night Market"),
    ("let's go with Night Market as the title", "Night Market"),
    ("標題改成花開的城市", "花開的城市"),
])
def test_words_after_a_weak_title_form_are_a_title_only_when_they_look_like_one(message: str, title: str) -> None:
    reply = ask(message)
    assert title_of(reply.draft or seed()) == title, reply.text


@pytest.mark.parametrize(("message", "ratio"), [
    ("改成直式", "9:16"), ("做成IG限時動態的尺寸", "9:16"), ("turn it into a story for Facebook", "9:16"),
])
def test_traditional_and_platform_ratio_words_set_the_canvas(message: str, ratio: str) -> None:
    reply = ask(message)
    assert reply.draft is not None and reply.draft.meta.ratio == ratio, reply.text


@pytest.mark.parametrize("message", ["标题换成华康少女体", "標題用站酷快樂體", "标题用华文行楷"])
def test_a_chinese_font_name_is_refused_not_written_as_the_title(message: str) -> None:
    reply = ask(message)
    assert reply.draft is None and reply.price == 0 and "Noto Sans SC" in reply.text


def test_a_bare_it_is_what_the_message_is_about_not_an_upload() -> None:
    reply = ask("switch the music to calm and put it at 25%", uploads=(CLIP,))
    assert reply.draft is not None and reply.action == "edit_bgm", reply.text
    music = next(s for t in reply.draft.tracks if t.type == TrackType.AUDIO for s in t.segments)
    assert music.volume == 0.25 and music.source is not None and music.source.style == "calm"


@pytest.mark.parametrize("message", ["use the video for scene 1", "用视频替换第一个场景", "把我拍的视频放到最后"])
def test_a_video_put_into_a_scene_is_an_upload_and_two_make_a_question(message: str) -> None:
    reply = ask(message, uploads=(CLIP, CLIP2))
    assert reply.draft is None and reply.price == 0 and "surf.mp4" in reply.text and "city.mov" in reply.text


@pytest.mark.parametrize(("message", "start", "end"), [
    ("show the title from 1 second and hide it at 4", 1000, 4000),
    ("标题从第1秒出现，到第4秒消失", 1000, 4000),
])
def test_a_text_time_said_in_two_halves_is_one_span(message: str, start: int, end: int) -> None:
    reply = ask(message)
    assert reply.draft is not None, reply.text
    title = next(s for t in reply.draft.tracks for s in t.segments if s.role == "title")
    assert (title.start_ms, title.end_ms) == (start, end)


@pytest.mark.parametrize(("message", "seconds"), [
    ("10 seconds is too long, bring it down to 8", 8), ("make it a minute and a half", 90), ("时长改成一分半", 90),
    ("时长减半", 5),
])
def test_lengths_in_ordinary_forms(message: str, seconds: float) -> None:
    reply = ask(message)
    assert reply.draft is not None and reply.draft.duration_ms == seconds * 1000, reply.text


@pytest.mark.parametrize("message", ["字幕颜色换成#FFEB3B", "make the subtitles #FFEB3B", "captions in #FFEB3B"])
def test_subtitles_mean_the_captions_and_leave_the_headlines_alone(message: str) -> None:
    promo = ask("生成一个30秒的宣传视频：云朵咖啡是一家位于上海的精品咖啡店。我们每天清晨烘焙新鲜咖啡豆，口感醇厚顺滑。"
                "咖啡师手工制作每一杯拿铁，搭配燕麦奶和本地蜂蜜。店里有免费无线网络和温暖的灯光。欢迎到店品尝！").draft
    assert promo is not None and any(s.role == "caption" for t in promo.tracks for s in t.segments)
    reply = ask(message, promo)
    assert reply.draft is not None
    colours = {(s.role, s.style.color if s.style else None)
               for t in reply.draft.tracks if t.type == TrackType.TEXT for s in t.segments}
    assert ("caption", "#FFEB3B") in colours
    assert not [c for role, c in colours if role != "caption" and c == "#FFEB3B"]


def test_subtitles_name_the_headlines_of_a_video_that_has_no_captions() -> None:
    promo = ask("生成一个15秒的宣传视频：云朵咖啡是一家精品咖啡店。欢迎到店品尝！").draft
    assert promo is not None and not any(s.role == "caption" for t in promo.tracks for s in t.segments)
    reply = ask("字幕颜色换成#FFEB3B", promo)
    assert reply.draft is not None and {s.style.color for t in reply.draft.tracks for s in t.segments
                                        if s.role == "subtitle" and s.style} == {"#FFEB3B"}


@pytest.mark.parametrize(("first", "again", "word"), [
    ("", "make the title last 3 seconds", "already"),
    ("", "标题显示3秒", "已经"),
    ("make the title yellow", "make the title yellow", "already"),
    ("把标题改成黄色", "标题换成黄色", "已经"),
    ("move the title to the top", "put the title at the top", "already"),
])
def test_an_edit_that_is_already_so_says_so_and_costs_nothing(first: str, again: str, word: str) -> None:
    draft = ask(first).draft if first else seed()
    assert draft is not None
    reply = ask(again, draft)
    assert reply.draft is None and reply.price == 0 and word in reply.text and "Tell me" not in reply.text, reply.text


def scenes_of(draft: Draft) -> list[str]:
    return [s.id for t in draft.tracks if t.type == TrackType.VIDEO for s in t.segments]


@pytest.mark.parametrize("message", [
    "swap the two scenes", "switch the scenes around", "把这两个场景对调", "场景换一下顺序",
])
def test_the_scenes_of_a_two_scene_video_are_both_and_three_make_a_question(message: str) -> None:
    two = ask("add this clip at the end", uploads=(CLIP,)).draft
    assert two is not None and len(scenes_of(two)) == 2
    reply = ask(message, two)
    assert reply.draft is not None and scenes_of(reply.draft) == scenes_of(two)[::-1], reply.text
    three = ask("add this clip at the end", two, uploads=(CLIP2,)).draft
    assert three is not None
    asked = ask(message, three)
    assert asked.draft is None and asked.price == 0 and "3" in asked.text, asked.text
    alone = ask(message)
    assert alone.draft is None and alone.price == 0 and ("one scene" in alone.text or "一个场景" in alone.text)


@pytest.mark.parametrize("message", ["get rid of 'Urban Dreams'", 'take "Urban Dreams" out', "drop “Urban Dreams”",
                                     "把“Urban Dreams”去掉", "「Urban Dreams」拿掉吧"])
def test_quoted_words_with_a_removing_verb_remove_that_text(message: str) -> None:
    reply = ask(message)
    assert reply.draft is not None and title_of(reply.draft) is None and reply.action == "remove_text", reply.text
    others = [s.model_dump() for t in seed().tracks for s in t.segments if s.role != "title" and s.text is None]
    assert [s.model_dump() for t in reply.draft.tracks for s in t.segments if s.text is None] == others


@pytest.mark.parametrize(("message", "absent"), [("make it 8 seconds", "music"), ("时长改成8秒", "音乐")])
def test_a_length_change_names_only_what_the_video_has(message: str, absent: str) -> None:
    without_music = ask("remove the music").draft
    assert without_music is not None
    reply = ask(message, without_music)
    assert reply.draft is not None and absent not in reply.text and "were" not in reply.text, reply.text
    assert "music" in ask("make it 8 seconds").text and "音乐" in ask("时长改成8秒").text


LOGO = Upload("m3", "image", "https://cdn.local/u/logo.png", "logo.png", None, 512, 512)


@pytest.mark.parametrize(("message", "word"), [
    ("put my logo in the top right corner", "scene"), ("add the logo as a watermark", "scene"),
    ("把我的logo放在左下角", "场景"), ("logo放在画面右上角", "场景"),
])
def test_an_upload_placed_on_the_picture_is_an_overlay_and_is_refused(message: str, word: str) -> None:
    reply = ask(message, uploads=(LOGO,))
    assert reply.draft is None and reply.price == 0 and word in reply.text, reply.text
    assert ask("add my logo at the end", uploads=(LOGO,)).draft is not None


@pytest.mark.parametrize(("message", "style"), [
    ("switch to jazz", "jazz"), ("change the music to rock music", "rock"), ("把音乐换成古风的", "古风"),
    ("来点爵士乐", "爵士"),
])
def test_a_music_style_that_is_not_made_here_is_refused_with_the_ones_that_are(message: str, style: str) -> None:
    reply = ask(message)
    assert reply.draft is None and reply.price == 0 and style in reply.text, reply.text
    assert "lo-fi" in reply.text and ("calm" in reply.text or "舒缓" in reply.text)


@pytest.mark.parametrize(("message", "effect"), [
    ("加个下雪特效", "下雪"), ("给视频加个烟花的效果", "烟花"), ("add a fire effect", "fire"),
    ("add a glitch effect", "glitch"),
])
def test_an_effect_is_named_by_the_words_that_ask_for_it(message: str, effect: str) -> None:
    reply = ask(message)
    assert reply.draft is None and reply.price == 0 and effect in reply.text, reply.text


@pytest.mark.parametrize(("message", "span"), [
    ("让标题显示5秒", (0, 5000)), ("标题持续5秒", (0, 5000)), ("把标题的时长改成5秒", (0, 5000)),
    ("标题显示到第5秒", (0, 5000)),
])
def test_a_chinese_title_length_keeps_its_start_and_adds_no_title(message: str, span: tuple[int, int]) -> None:
    reply = ask(message)
    assert reply.draft is not None and reply.action == "edit_text", reply.text
    titles = [(s.start_ms, s.end_ms) for t in reply.draft.tracks for s in t.segments if s.text is not None]
    assert titles == [span]
