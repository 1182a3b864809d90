"""Generated videos: scenes as the length calls for, words from the description, theme, music, uploads."""

from __future__ import annotations

import pytest

from nemovideo.draft import Draft, Segment, TrackType
from nemovideo.draft_text import summary
from nemovideo.language import segment
from nemovideo.local.agent import Prices, Upload, respond
from nemovideo.local.agent.lines import LIBRARY
from nemovideo.local.agent.phrases import halves
from nemovideo.local.agent.storyboard import scene_count

PRICES = Prices(generate=10, edit=2)
PRODUCT = (
    "Brewtopia is a cozy coffee shop in the heart of Portland. We roast small-batch beans every morning. "
    "Every latte is crafted by hand with oat milk and local honey. Our pastries come fresh from the oven at seven. "
    "Free Wi-Fi and warm light make it the perfect place to work. Friendly baristas remember your name. "
    "Weekend jazz nights bring the neighbourhood together. Beans are sourced directly from farmers in Colombia. "
    "Every cup is brewed to order in under three minutes. Visit brewtopia.com and order your first cup today!"
)
CHINESE = (
    "云朵咖啡是一家位于上海的精品咖啡店。我们每天清晨烘焙新鲜咖啡豆，口感醇厚顺滑。"
    "咖啡师手工制作每一杯拿铁，搭配燕麦奶和本地蜂蜜。店里有免费无线网络和温暖的灯光。欢迎到店品尝！"
)


def generate(message: str, uploads: tuple[Upload, ...] = (), draft: Draft | None = None) -> Draft:
    reply = respond(message, draft or Draft(), uploads, previous=None, language="en", prices=PRICES)
    assert reply.draft is not None and reply.action == "generate" and reply.price == PRICES.generate, reply.text
    return reply.draft


def track(draft: Draft, kind: TrackType) -> list[Segment]:
    return [seg for t in draft.tracks if t.type == kind for seg in t.segments]


def role(draft: Draft, name: str) -> list[Segment]:
    return [seg for seg in track(draft, TrackType.TEXT) if seg.role == name]


def words_of(text: str) -> str:
    """A text as the description would contain it (any case)."""
    return text.lower()


def library(lang: str = "en") -> set[str]:
    """Every benefit and detail line of the phrase library."""
    found = [kinds["zh" if lang == "zh" else "en"] for kinds in LIBRARY.values()]
    return {line for lines in found for line in (*lines.benefits, *lines.details)}


@pytest.mark.parametrize(("seconds", "scenes"), [(15, 2), (30, 4), (45, 6), (60, 8)])
def test_scene_count_follows_the_length_and_words_come_from_the_description(seconds: int, scenes: int) -> None:
    draft = generate(f"generate a {seconds}-second promotional video from my product description: {PRODUCT}")

    video = track(draft, TrackType.VIDEO)
    headlines = role(draft, "subtitle")
    assert len(video) == scenes == len(headlines)
    from_description = [h for h in headlines if words_of(h.text or "") in PRODUCT.lower()]
    assert all(h in from_description or h.text in library() for h in headlines), [h.text for h in headlines]
    assert len(from_description) >= min(scenes, 5), "the description's sentences lead while they last"
    assert all(any(words_of(part) in PRODUCT.lower() for part in (c.text or "").split(". "))
               for c in role(draft, "caption"))
    assert len({h.text for h in headlines}) == scenes, "each scene says something of its own"
    assert draft.end_ms() == seconds * 1000 == draft.duration_ms


def test_product_promo_has_title_theme_music_and_call_to_action() -> None:
    draft = generate(f"generate a 30-second promotional video from my product description: {PRODUCT}")

    assert draft.meta.title == "Brewtopia" and role(draft, "title")[0].text == "Brewtopia"
    assert role(draft, "cta")[0].text == "Visit brewtopia.com and order your first cup today!"
    assert role(draft, "cta")[0].end_ms == 30000
    scenes = track(draft, TrackType.VIDEO)
    assert all(s.source is not None and s.source.kind == "gradient" for s in scenes)
    assert all(s.source.colors and s.source.colors[0] in ("#3B2416", "#8B5A2B", "#C89F6D") for s in scenes if s.source)
    music = track(draft, TrackType.AUDIO)
    assert len(music) == 1 and music[0].source is not None and music[0].source.kind == "music"
    assert music[0].source.style == "lofi" and (music[0].start_ms, music[0].end_ms) == (0, 30000)
    assert [s.transition is not None for s in scenes] == [False, True, True, True]


def test_scenes_are_end_to_end_and_their_texts_stay_inside_them() -> None:
    draft = generate(f"make a 45 second video about {PRODUCT}")
    scenes = track(draft, TrackType.VIDEO)
    assert [s.start_ms for s in scenes] == [0, *[s.end_ms for s in scenes[:-1]]]
    title, cta = role(draft, "title")[0], role(draft, "cta")[0]
    for text in role(draft, "subtitle") + role(draft, "caption"):
        owner = next(s for s in scenes if s.start_ms <= text.start_ms < s.end_ms)
        assert text.end_ms <= owner.end_ms
        assert text.start_ms >= title.end_ms or text.end_ms <= title.start_ms
        assert text.end_ms <= cta.start_ms or text.start_ms >= cta.end_ms


def test_default_length_and_canvas_when_unsaid() -> None:
    draft = generate(f"make a video about {PRODUCT}")
    assert draft.end_ms() == 15000 and len(track(draft, TrackType.VIDEO)) == 2
    assert (draft.meta.width, draft.meta.height, draft.meta.ratio) == (1920, 1080, "16:9")


@pytest.mark.parametrize(
    ("message", "ratio", "size"),
    [
        ("make a vertical 20-second video about hiking in the mountains", "9:16", (1080, 1920)),
        ("生成一个20秒的竖屏视频：森林徒步，溪水，日落", "9:16", (1080, 1920)),
        ("create a square 10s clip about our new sneakers", "1:1", (1080, 1080)),
    ],
)
def test_canvas_from_the_request(message: str, ratio: str, size: tuple[int, int]) -> None:
    draft = generate(message)
    assert (draft.meta.width, draft.meta.height, draft.meta.ratio) == (*size, ratio)
    assert draft.end_ms() in (10000, 20000)


def test_chinese_description_gives_chinese_scenes_and_reply() -> None:
    reply = respond(f"生成一个30秒的宣传视频：{CHINESE}", Draft(), [], previous=None, language="en", prices=PRICES)
    assert reply.draft is not None and reply.text.startswith("已生成30秒视频《云朵咖啡》")
    headlines = role(reply.draft, "subtitle")
    assert len(headlines) == 4 and all(h.text and h.text in CHINESE for h in headlines)
    assert role(reply.draft, "cta")[0].text == "欢迎到店品尝！"
    assert reply.draft.meta.title == "云朵咖啡"


@pytest.mark.parametrize(
    ("description", "colour", "style"),
    [
        ("Our ocean kayaking tours explore hidden beaches and calm blue water.", "#0B2545", "calm"),
        ("An organic tea farm where fresh green leaves are picked by hand in the forest.", "#1B4332", "calm"),
        ("Launch party for our energetic new fitness app with a big sale.", "#7F1D1D", "upbeat"),
        ("一家温馨的咖啡馆，适合学习和读书。", "#3B2416", "lofi"),
    ],
)
def test_theme_and_music_fit_the_words(description: str, colour: str, style: str) -> None:
    draft = generate(f"make a 15 second video: {description}")
    first = track(draft, TrackType.VIDEO)[0]
    assert first.source is not None and first.source.colors is not None and first.source.colors[0] == colour
    music = track(draft, TrackType.AUDIO)[0]
    assert music.source is not None and music.source.style == style


def test_uploads_fill_the_scenes_in_order() -> None:
    images = tuple(Upload(f"m{i}", "image", f"https://cdn.local/u/p{i}.jpg", f"photo_{i}.jpg", None, 1200, 800)
                   for i in range(1, 4))
    clip = Upload("m4", "video", "https://cdn.local/u/surf.mp4", "surf.mp4", 6000, 1920, 1080)
    reply = respond("用这些图片做一个15秒的视频", Draft(), (*images, clip), previous=None, language="zh-CN",
                    prices=PRICES)
    assert reply.draft is not None and "4个素材已按顺序放入场景" in reply.text
    scenes = track(reply.draft, TrackType.VIDEO)
    assert [s.source.url for s in scenes if s.source] == [u.url for u in (*images, clip)]
    assert [s.motion is not None for s in scenes] == [True, True, True, False], "stills get a slow zoom"
    assert all(s.duration_ms == 3750 for s in scenes)


def test_more_scenes_than_uploads_fall_back_to_theme_colours() -> None:
    photo = Upload("m1", "image", "https://cdn.local/u/shop.jpg", "shop.jpg", None, 1200, 800)
    draft = generate(f"generate a 30-second promo from my description: {PRODUCT}", (photo,))
    kinds = [s.source.kind for s in track(draft, TrackType.VIDEO) if s.source]
    assert kinds == ["media", "gradient", "gradient", "gradient"]


def test_an_uploaded_song_becomes_the_music_bed() -> None:
    song = Upload("m9", "audio", "https://cdn.local/u/theme.mp3", "theme.mp3", 120000, None, None)
    draft = generate(f"make a 20 second video about {PRODUCT}", (song,))
    music = track(draft, TrackType.AUDIO)[0]
    assert music.source is not None and music.source.url == song.url and music.end_ms == 20000


def test_without_a_description_the_reply_asks_for_one() -> None:
    reply = respond("make a video", Draft(), [], previous=None, language="en", prices=PRICES)
    assert reply.draft is not None and "Send me a description" in reply.text
    assert reply.draft.meta.title == "My Video" and len(track(reply.draft, TrackType.VIDEO)) == 2


def test_generating_is_deterministic_and_replaces_the_old_draft() -> None:
    message = f"generate a 30-second promo: {PRODUCT}"
    first, again = generate(message), generate(message)
    assert first.dump() == again.dump()
    redo = generate(message, draft=first)
    old_ids = {seg.id for t in first.tracks for seg in t.segments}
    assert not old_ids & {seg.id for t in redo.tracks for seg in t.segments}, "a new video gets new ids"


def test_summary_reads_like_the_seed() -> None:
    draft = generate(f"generate a 30-second promotional video from my product description: {PRODUCT}")
    text = summary(draft)
    assert text.startswith("Timeline (4 tracks): 1. Video: Brewtopia is a cozy coffee shop (0-7.5s)")
    assert "2. BGM: Lo-fi (0-30s, 35%)" in text and '3. Title: "Brewtopia" (0-3s)' in text
    assert summary(draft, "zh").startswith("时间线（4 条轨道）：1. 视频：")


@pytest.mark.parametrize(("length_ms", "uploads", "expected"), [(15000, 0, 2), (10000, 0, 2), (30000, 0, 4),
                                                                 (15000, 5, 5), (6000, 9, 3), (180000, 0, 12)])
def test_scene_count_rule(length_ms: int, uploads: int, expected: int) -> None:
    assert scene_count(length_ms, uploads) == expected


def test_lengths_out_of_range_are_refused() -> None:
    reply = respond("make a 500 second video", Draft(), [], previous=None, language="en", prices=PRICES)
    assert reply.draft is None and reply.price == 0 and "between 2 and 180 seconds" in reply.text


def test_chinese_units_are_cut_between_words_before_a_predicate_not_inside_a_word() -> None:
    # never after 一家, which wants its noun
    assert halves("云朵咖啡是一家位于上海的精品咖啡店") == ["云朵咖啡", "是一家位于上海的精品咖啡店"]
    assert halves("小野智能水杯能记录你每天的饮水量") == ["小野智能水杯", "能记录你每天的饮水量"]
    assert halves("一家新开的咖啡店") == ["一家新开的咖啡店"]  # no safe place: kept whole
    assert segment.words("每位顾客首次到店可享受八折优惠")[-1] == "优惠"


def test_the_issue_examples_now_read_whole() -> None:
    """The headlines issue 17 quotes: a sentence prefix, a word cut in two, a leading "Called" with a stray quote."""
    draft = generate("make a 15 second video: AquaPure is a smart water bottle that tracks how much you drink. "
                     "It keeps drinks cold for a whole day.")
    assert [h.text for h in role(draft, "subtitle")][0] == "AquaPure is a smart water bottle"
    assert [c.text for c in role(draft, "caption")][0] == "Tracks how much you drink"
    zh = generate("生成一个宣传视频：茶语时光是一家开在大学城旁边的奶茶店。每位顾客首次到店可享受八折优惠。")
    assert [(h.text, c.text) for h in role(zh, "subtitle") for c in role(zh, "caption") if c.start_ms == h.start_ms][
        -1] == ("享受八折优惠", "每位顾客首次到店")
    named = generate('make a 15 second video: We just launched a pillow called "Nimbus" that stays cool all night.')
    shown = [s.text or "" for s in role(named, "subtitle") + role(named, "caption")]
    assert not [t for t in shown if t.startswith("Called") or t.count('"') % 2], shown


def test_a_short_prompt_gets_the_subject_a_benefit_and_a_detail_not_one_phrase_everywhere() -> None:
    draft = generate("a TikTok about pasta recipes, 30 seconds")
    assert role(draft, "title")[0].text == "Pasta recipes"
    assert [h.text for h in role(draft, "subtitle")] == [
        "Pasta recipes, made fresh", "Flavour in every bite", "Cooked to order", "Fresh ingredients, every day"]
    assert role(draft, "cta")[0].text == "Come taste it today"
    zh = respond("帮我做一个关于森林徒步的20秒竖屏视频", Draft(), [], previous=None, language="zh", prices=PRICES).draft
    assert zh is not None
    assert [h.text for h in role(zh, "subtitle")] == ["森林徒步，等你来", "值得专程前往", "每个角落都有故事"]


def test_replacing_a_scene_removes_the_headline_that_named_the_old_media() -> None:
    photo = Upload("m1", "image", "https://cdn.local/u/beach_sunset.jpg", "beach_sunset.jpg", None, 1600, 1200)
    city = Upload("m2", "video", "https://cdn.local/u/city.mov", "city.mov", 12000, 1920, 1080)
    draft = Draft.parse({"t": [
        {"id": "v", "tt": 0, "sg": [
            {"id": "s1", "st": 0, "d": 5000, "role": "scene", "n": "beach_sunset.jpg",
             "src": {"kind": "media", "url": photo.url}},
            {"id": "s2", "st": 5000, "d": 5000, "role": "scene", "n": "Fresh bread", "src": {"kind": "gradient"}}]},
        {"id": "x", "tt": 7, "sg": [
            {"id": "h1", "st": 0, "d": 5000, "role": "subtitle", "txt": "Beach sunset"},
            {"id": "h2", "st": 5000, "d": 5000, "role": "subtitle", "txt": "Fresh bread"}]}],
        "d": 10000, "m": {"width": 1920, "height": 1080, "ratio": "16:9"}})
    reply = respond("replace scene 1 with city.mov", draft, (photo, city), previous=None, language="en", prices=PRICES)
    assert reply.draft is not None and reply.price == PRICES.edit, reply.text
    assert [h.text for h in role(reply.draft, "subtitle")] == ["Fresh bread"]
    assert 'its headline "Beach sunset" described the old one' in reply.text
    kept = respond("use city.mov as scene 2", draft, (photo, city), previous=None, language="en", prices=PRICES)
    assert kept.draft is not None and [h.text for h in role(kept.draft, "subtitle")] == ["Beach sunset", "Fresh bread"]
    zh_draft = Draft.parse({**draft.dump(), "t": [draft.dump()["t"][0], {"id": "x", "tt": 7, "sg": [
        {"id": "h1", "st": 0, "d": 5000, "role": "subtitle", "txt": "海滩日落"}]}]})
    zh = respond("把第一个场景换成city.mov", zh_draft, (photo, city), previous=None, language="zh", prices=PRICES)
    assert zh.draft is not None and role(zh.draft, "subtitle") == [] and "海滩日落" in zh.text


def test_the_segmenter_loads_only_when_chinese_words_are_cut() -> None:
    import subprocess
    import sys

    code = "import sys, nemovideo.local.agent, nemovideo.language.segment; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("生成一个15秒的咖啡店开业宣传视频", "咖啡店开业"),
        ("生成一个10秒的面包店视频", "面包店"),
        ("做一个关于城市夜景的视频", "城市夜景"),
    ],
)
def test_a_chinese_request_without_a_colon_keeps_its_topic(message: str, topic: str) -> None:
    draft = generate(message)
    assert draft.meta.title == topic
    assert "视频" not in (draft.meta.title or "")


def test_a_title_asked_for_at_another_time_is_added_and_the_opening_title_stays() -> None:
    draft = generate("generate a 15-second video about a bakery")
    [opening] = role(draft, "title")
    reply = respond("add a title 'Grand Opening' from 5s to 8s", draft, (), previous=None, language="en",
                    prices=PRICES)
    assert reply.draft is not None
    assert [s.text for s in role(reply.draft, "title")] == [opening.text]
    added = [s for s in role(reply.draft, "overlay") if s.text == "Grand Opening"]
    assert [(s.start_ms, s.end_ms) for s in added] == [(5000, 8000)]
    again = respond("add the title 'Fresh Bread' for the first 3 seconds", draft, (), previous=None,
                    language="en", prices=PRICES)
    assert again.draft is not None and [s.text for s in role(again.draft, "title")] == ["Fresh Bread"]
