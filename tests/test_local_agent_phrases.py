"""The phrase table: English and Chinese requests, each with the draft change it must make."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from conftest import load_fixture
from nemovideo.draft import Draft, Segment, TrackType
from nemovideo.draft_text import summary
from nemovideo.local.agent import Prices, Upload, respond

PRICES = Prices(generate=10, edit=2)
DESCRIPTION = (
    "Brewtopia is a cozy coffee shop in the heart of Portland. We roast small-batch beans every morning for a "
    "rich, smooth flavour. Our baristas craft every latte by hand, with oat milk and local honey. Free Wi-Fi and "
    "warm light make it the perfect place to work. Visit brewtopia.com and order your first cup today!"
)
CLIP = Upload("med_clip", "video", "https://cdn.local/u/surf.mp4", "surf.mp4", 8000, 1920, 1080)
PHOTO = Upload("med_photo", "image", "https://cdn.local/u/beach.jpg", "beach.jpg", None, 1600, 1200)
SONG = Upload("med_song", "audio", "https://cdn.local/u/song.mp3", "song.mp3", 95000, None, None)


def bare() -> Draft:
    """Three 5-second colour scenes, nothing else."""
    scenes = [
        {"id": f"s{i}", "st": (i - 1) * 5000, "d": 5000, "role": "scene", "n": f"Scene {i}",
         "src": {"kind": "color", "colors": ["#112233"]}}
        for i in (1, 2, 3)
    ]
    return Draft.parse({"t": [{"id": "v", "tt": 0, "sg": scenes}], "d": 15000,
                        "m": {"width": 1920, "height": 1080, "ratio": "16:9"}})


def seed() -> Draft:
    """The contract's three-track draft: one clip, lo-fi music at 35%, a title for 3 s."""
    return Draft.parse(load_fixture("drafts/seed_three_tracks.json"))


def vertical() -> Draft:
    """The seed draft on a 9:16 canvas."""
    draft = seed()
    draft.meta.width, draft.meta.height, draft.meta.ratio = 1080, 1920, "9:16"
    return draft


def promo() -> Draft:
    """A generated 30-second, four-scene promo."""
    reply = respond(f"generate a 30-second promo from my description: {DESCRIPTION}", Draft(), [],
                    previous=None, language="en", prices=PRICES)
    assert reply.draft is not None
    return reply.draft


def bgm(draft: Draft) -> Segment | None:
    """The first music segment, if any."""
    audio = [seg for t in draft.tracks if t.type == TrackType.AUDIO for seg in t.segments]
    return audio[0] if audio else None


def texts(draft: Draft, role: str | None = None) -> list[Segment]:
    """Text segments (of one role), in time order."""
    found = [seg for t in draft.tracks if t.type == TrackType.TEXT for seg in t.segments]
    return sorted((s for s in found if role is None or s.role == role), key=lambda s: s.start_ms)


def title(draft: Draft) -> Segment:
    """The title segment."""
    return texts(draft, "title")[0]


def scenes(draft: Draft) -> list[Segment]:
    """Scenes of the video track."""
    return next(t for t in draft.tracks if t.type == TrackType.VIDEO).segments


def scene_ids(draft: Draft) -> list[str | None]:
    """Scene ids in timeline order."""
    return [seg.id for seg in scenes(draft)]


def contiguous(draft: Draft) -> bool:
    """Scenes laid end to end from 0 to the end of the draft."""
    clock = 0
    for seg in scenes(draft):
        if seg.start_ms != clock:
            return False
        clock = seg.end_ms
    return clock == draft.end_ms()


def music_is(style: str, volume: float) -> Callable[[Draft, Draft], bool]:
    """The music bed has the style and volume and spans the whole video."""

    def check(before: Draft, after: Draft) -> bool:
        seg = bgm(after)
        return (seg is not None and seg.source is not None and seg.source.kind == "music"
                and seg.source.style == style and seg.volume == volume
                and (seg.start_ms, seg.end_ms) == (0, after.end_ms()))

    return check


def same_bgm(check: Callable[[Segment], bool]) -> Callable[[Draft, Draft], bool]:
    """The music segment kept its id and passes the check."""

    def wrapped(before: Draft, after: Draft) -> bool:
        old, new = bgm(before), bgm(after)
        return old is not None and new is not None and old.id == new.id and check(new)

    return wrapped


def same_title(check: Callable[[Segment], bool]) -> Callable[[Draft, Draft], bool]:
    """The title kept its id and passes the check."""
    return lambda before, after: title(before).id == title(after).id and check(title(after))


def overlay(text: str, start: int, end: int, position: str) -> Callable[[Draft, Draft], bool]:
    """A new text segment with these words, times and position."""

    def check(before: Draft, after: Draft) -> bool:
        found = [s for s in texts(after) if s.text == text]
        return len(found) == 1 and found[0].style is not None and (
            found[0].start_ms, found[0].end_ms, found[0].style.position) == (start, end, position)

    return check


def canvas(width: int, height: int, ratio: str) -> Callable[[Draft, Draft], bool]:
    """The canvas changed and nothing on the timeline did."""
    return lambda before, after: (after.meta.width, after.meta.height, after.meta.ratio) == (width, height, ratio) \
        and [t.dump() for t in after.tracks] == [t.dump() for t in before.tracks]


def length(ms: int) -> Callable[[Draft, Draft], bool]:
    """The draft lasts `ms`, scenes still end to end, the music still spans it all."""

    def check(before: Draft, after: Draft) -> bool:
        seg = bgm(after)
        return after.end_ms() == ms and contiguous(after) and seg is not None and seg.end_ms == ms \
            and len(scenes(after)) == len(scenes(before))

    return check


def order(*positions: int) -> Callable[[Draft, Draft], bool]:
    """Scenes are the old scenes in this order (1-based old positions), still end to end, texts carried along."""

    def check(before: Draft, after: Draft) -> bool:
        old = scene_ids(before)
        heads_before = {s.id: h.text for s in scenes(before) for h in texts(before, "subtitle")
                        if s.start_ms <= h.start_ms < s.end_ms}
        heads_after = {s.id: h.text for s in scenes(after) for h in texts(after, "subtitle")
                       if s.start_ms <= h.start_ms < s.end_ms}
        return scene_ids(after) == [old[p - 1] for p in positions] and contiguous(after) \
            and heads_after == {k: v for k, v in heads_before.items() if k in heads_after}

    return check


def removed_scene(position: int) -> Callable[[Draft, Draft], bool]:
    """One scene fewer, its headline gone, the music and the call to action follow the new end."""

    def check(before: Draft, after: Draft) -> bool:
        gone = scenes(before)[position - 1 if position > 0 else -1]
        cta = texts(after, "cta")[0]
        seg = bgm(after)
        ids_left = [i for i in scene_ids(before) if i != gone.id]
        headline_gone = all(h.text != texts(before, "subtitle")[position - 1 if position > 0 else -1].text
                            for h in texts(after, "subtitle"))
        return scene_ids(after) == ids_left and after.end_ms() == before.end_ms() - gone.duration_ms \
            and cta.end_ms == after.end_ms() and seg is not None and seg.end_ms == after.end_ms() and headline_gone

    return check


def scene_uses(position: int, upload: Upload) -> Callable[[Draft, Draft], bool]:
    """Scene `position` shows the upload, in the same slot with the same id."""

    def check(before: Draft, after: Draft) -> bool:
        old, new = scenes(before)[position - 1], scenes(after)[position - 1]
        moves = new.motion is not None if upload.kind == "image" else new.motion is None
        return new.id == old.id and new.source is not None and new.source.url == upload.url \
            and (new.start_ms, new.end_ms) == (old.start_ms, old.end_ms) and moves

    return check


def appended(upload: Upload, at: int, added_ms: int) -> Callable[[Draft, Draft], bool]:
    """A new scene with the upload at `at` (0 or -1); the video grows by its length."""

    def check(before: Draft, after: Draft) -> bool:
        new = scenes(after)[at]
        return new.id not in scene_ids(before) and new.source is not None and new.source.url == upload.url \
            and after.end_ms() == before.end_ms() + added_ms and contiguous(after)

    return check


def both(*checks: Callable[[Draft, Draft], bool]) -> Callable[[Draft, Draft], bool]:
    """Every check holds."""
    return lambda before, after: all(check(before, after) for check in checks)


@dataclass(frozen=True)
class Case:
    """A request, the draft it is made on, the uploads at hand, and what the new draft must show."""

    message: str
    base: Callable[[], Draft]
    expect: Callable[[Draft, Draft], bool]
    uploads: tuple[Upload, ...] = ()


CASES = [
    # Background music
    Case("add upbeat background music at 35%", bare, music_is("upbeat", 0.35)),
    Case("添加轻松的背景音乐，音量35%", bare, music_is("lofi", 0.35)),
    Case("add calm music at 20% with a 3 second fade out", bare,
         both(music_is("calm", 0.2), lambda b, a: bgm(a) is not None and bgm(a).fade_out_ms == 3000)),  # type: ignore[union-attr]
    Case("加一段欢快的配乐", bare, music_is("upbeat", 0.35)),
    Case("set the music volume to 60%", seed, same_bgm(lambda s: s.volume == 0.6)),
    Case("把背景音乐音量调到20%", seed, same_bgm(lambda s: s.volume == 0.2)),
    Case("make the music quieter", seed, same_bgm(lambda s: s.volume == 0.2)),
    Case("音乐声音大一点", seed, same_bgm(lambda s: s.volume == 0.5)),
    Case("fade out the music over 3 seconds", seed, same_bgm(lambda s: s.fade_out_ms == 3000)),
    Case("音乐淡入2秒", seed, same_bgm(lambda s: s.fade_in_ms == 2000)),
    Case("switch the music to something calm", seed,
         same_bgm(lambda s: s.source is not None and s.source.style == "calm")),
    Case("换成欢快的音乐", seed, same_bgm(lambda s: s.source is not None and s.source.style == "upbeat")),
    Case("remove the background music", seed, lambda b, a: bgm(a) is None and len(a.tracks) == 2),
    Case("删除背景音乐", seed, lambda b, a: bgm(a) is None and len(a.tracks) == 2),
    Case("use the song as background music", seed,
         same_bgm(lambda s: s.source is not None and s.source.url == SONG.url), (CLIP, SONG)),
    Case("用这首歌做背景音乐", bare,
         lambda b, a: bgm(a) is not None and bgm(a).source.url == SONG.url, (SONG,)),  # type: ignore[union-attr]
    # Titles and text overlays
    Case('add a title "Paradise Found" for the first 3 seconds', bare,
         lambda b, a: (title(a).text, title(a).start_ms, title(a).end_ms) == ("Paradise Found", 0, 3000)),
    Case("添加标题“城市之梦”，前3秒", bare,
         lambda b, a: (title(a).text, title(a).start_ms, title(a).end_ms) == ("城市之梦", 0, 3000)),
    Case('add text "Limited offer" from 5s to 8s at the bottom', bare, overlay("Limited offer", 5000, 8000, "bottom")),
    Case("在5秒到8秒添加文字“限时优惠”，放在底部", bare, overlay("限时优惠", 5000, 8000, "bottom")),
    Case('add text "Swipe up" for the last 4 seconds at the top', bare, overlay("Swipe up", 11000, 15000, "top")),
    Case("最后3秒在顶部显示文字“扫码关注”", bare, overlay("扫码关注", 12000, 15000, "top")),
    Case('change the title to "Hello World"', seed, same_title(lambda s: s.text == "Hello World")),
    Case("把标题改成“你好世界”", seed, same_title(lambda s: s.text == "你好世界")),
    Case("make the title red", seed, same_title(lambda s: s.style is not None and s.style.color == "#FF3B30")),
    Case("标题改成黄色", seed, same_title(lambda s: s.style is not None and s.style.color == "#FFD60A")),
    Case("make the title bigger", seed, same_title(lambda s: s.style is not None and s.style.size == 120)),
    Case("标题小一点", seed, same_title(lambda s: s.style is not None and s.style.size == 77)),
    Case("move the title to the top", seed, same_title(lambda s: s.style is not None and s.style.position == "top")),
    Case("把标题移到底部", seed, same_title(lambda s: s.style is not None and s.style.position == "bottom")),
    Case("show the title from 2s to 6s", seed, same_title(lambda s: (s.start_ms, s.end_ms) == (2000, 6000))),
    Case("标题显示5秒", seed, same_title(lambda s: (s.start_ms, s.end_ms) == (0, 5000))),
    Case("remove the title", seed, lambda b, a: texts(a) == [] and len(a.tracks) == 2),
    Case("删除标题", seed, lambda b, a: texts(a) == [] and len(a.tracks) == 2),
    Case("remove all text", promo, lambda b, a: texts(a) == [] and bgm(a) is not None and len(scenes(a)) == 4),
    Case("删除所有文字", promo, lambda b, a: texts(a) == [] and len(scenes(a)) == 4),
    # Canvas and length
    Case("make it vertical", seed, canvas(1080, 1920, "9:16")),
    Case("改成竖屏", seed, canvas(1080, 1920, "9:16")),
    Case("change it to a square 1:1 video", seed, canvas(1080, 1080, "1:1")),
    Case("改成方形", seed, canvas(1080, 1080, "1:1")),
    Case("switch back to 16:9 landscape", vertical, canvas(1920, 1080, "16:9")),
    Case("横屏", vertical, canvas(1920, 1080, "16:9")),
    Case("make it 20 seconds long", promo, length(20000)),
    Case("把时长改成15秒", promo, length(15000)),
    Case("延长到45秒", promo, length(45000)),
    # Scenes
    Case("move scene 3 to the start", promo, order(3, 1, 2, 4)),
    Case("把第三个场景移到开头", promo, order(3, 1, 2, 4)),
    Case("move the second scene to the end", promo, order(1, 3, 4, 2)),
    Case("把第二个场景移到最后", promo, order(1, 3, 4, 2)),
    Case("move scene 1 after scene 3", promo, order(2, 3, 1, 4)),
    Case("把场景4移到场景2前面", promo, order(1, 4, 2, 3)),
    Case("swap scenes 1 and 2", promo, order(2, 1, 3, 4)),
    Case("交换第一和第二个场景", promo, order(2, 1, 3, 4)),
    Case("remove scene 2", promo, removed_scene(2)),
    Case("删除最后一个场景", promo, removed_scene(-1)),
    Case("use this clip as scene 2", promo, scene_uses(2, CLIP), (PHOTO, CLIP)),
    Case("用这张图片替换第一个场景", promo, scene_uses(1, PHOTO), (PHOTO, CLIP)),
    Case("add this image at the end", promo, appended(PHOTO, -1, 5000), (PHOTO,)),
    Case("把这个视频放到开头", promo, appended(CLIP, 0, 8000), (CLIP,)),
    # Two kinds of change at once
    Case("add lo-fi music at 30% and make it vertical", bare,
         both(music_is("lofi", 0.3), lambda b, a: a.meta.ratio == "9:16")),
    Case("添加标题“夏日特惠”，然后改成竖屏", bare,
         lambda b, a: title(a).text == "夏日特惠" and a.meta.ratio == "9:16"),
]


def test_the_table_is_big_enough_and_half_chinese() -> None:
    chinese = [case for case in CASES if any("\u4e00" <= ch <= "\u9fff" for ch in case.message)]
    assert len(CASES) >= 40 and len(chinese) * 2 >= len(CASES) - 2


@pytest.mark.parametrize("case", CASES, ids=[case.message for case in CASES])
def test_request_makes_the_expected_change(case: Case) -> None:
    before = case.base()
    untouched = before.dump()
    reply = respond(case.message, before, case.uploads, previous=None, language="en", prices=PRICES)

    assert reply.draft is not None, reply.text
    assert case.expect(before, reply.draft), f"{reply.text}\n{summary(reply.draft)}"
    assert before.dump() == untouched, "the input draft must not change"
    assert reply.price == PRICES.edit and reply.tool_name == "edit_multitrack" and reply.tool_args
    assert Draft.parse(reply.draft.dump()).dump() == reply.draft.dump()
    ids = [seg.id for t in reply.draft.tracks for seg in t.segments]
    assert None not in ids and len(ids) == len(set(ids)), "segment ids stay unique"


@pytest.mark.parametrize("case", CASES, ids=[case.message for case in CASES])
def test_reply_speaks_the_request_language_with_gui_speak(case: Case) -> None:
    reply = respond(case.message, case.base(), case.uploads, previous=None, language="en", prices=PRICES)
    is_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in case.message)
    if is_chinese:
        assert "已" in reply.text and ("导出" in reply.text or "时间线" in reply.text)
    else:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in reply.text)
        assert "Export" in reply.text or "timeline" in reply.text
