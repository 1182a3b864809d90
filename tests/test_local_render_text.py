"""Titles: fonts read from the file, wrapping for Chinese and English, placement in safe margins, real glyphs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemovideo.draft import Draft, Track, shown_spans
from nemovideo.draft_text import summary
from nemovideo.local.agent import Prices, respond
from nemovideo.local.probe import ffmpeg_exe
from nemovideo.local.render import engine, steps
from nemovideo.local.render.cards import Card, atlases, lay_out
from nemovideo.local.render.fonts import bundled_font_path, choose_font, load_font
from nemovideo.local.render.layout import NO_BREAK_BEFORE, SAFE_MARGIN, Slot, block, place, safe_area, wrap
from nemovideo.local.render.plan import Text, build_plan
from test_local_render_helpers import resolver

FONT = load_font(bundled_font_path())
TOFU = "\ue000"  # a private-use character: no font draws it, so it shows as the missing-glyph box


def text(content: str, start: int = 0, end: int = 30, *, anchor: str = "center", size: int = 96,
         rank: int = 0, bold: bool = False, font: str | None = None) -> Text:
    return Text(content, start, end, 0, 0, size, "#FFFFFF", anchor, bold, font, rank)


def test_the_bundled_font_is_noto_sans_sc_with_chinese_and_latin() -> None:
    assert FONT.family == "Noto Sans SC"
    assert FONT.covers("城市的咖啡 Urban Dreams 123") and not FONT.covers(TOFU)
    assert FONT.advance("城") == pytest.approx(1.0) and 0.3 < FONT.advance("a") < 0.7


def test_english_wraps_between_words_inside_the_width() -> None:
    sentence = "Fresh roast every morning, delivered to your door before the city wakes up"
    lines = wrap(sentence, FONT, 72, 900)
    assert len(lines) > 1
    assert " ".join(lines) == sentence
    assert all(FONT.width(line) * 72 <= 900 for line in lines)


def test_chinese_wraps_between_characters_and_keeps_punctuation_with_its_word() -> None:
    sentence = "新鲜烘焙的咖啡豆，每天早上送到你家门口。城市醒来之前，咖啡已经准备好了！"
    lines = wrap(sentence, FONT, 72, 700)
    assert len(lines) >= 3
    assert "".join(lines) == sentence
    assert all(FONT.width(line) * 72 <= 700 for line in lines)
    assert not any(line[0] in NO_BREAK_BEFORE for line in lines)
    assert max(len(line) for line in lines) == 700 // 72  # full lines hold as many characters as fit


def test_mixed_text_breaks_at_spaces_and_between_chinese_characters() -> None:
    lines = wrap("NemoVideo 让每个人都能制作视频 in seconds", FONT, 60, 420)
    assert "NemoVideo" in lines[0] and all("NemoVid" not in line or "NemoVideo" in line for line in lines)
    assert "".join(lines).replace(" ", "") == "NemoVideo让每个人都能制作视频inseconds"


def test_an_unbreakable_word_is_cut_rather_than_overflowing() -> None:
    lines = wrap("Supercalifragilisticexpialidocious", FONT, 100, 500)
    assert len(lines) > 1 and all(FONT.width(line) * 100 <= 500 for line in lines)


def test_a_text_too_tall_for_the_screen_is_shrunk_until_it_fits() -> None:
    fitted = block("很长的标题" * 40, FONT, 200, 1600, 900, bold=False)
    assert fitted.size_px < 200 and fitted.text_height <= 900


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1080, 1080)])
@pytest.mark.parametrize("anchor", ["top", "center", "bottom", "top-left", "bottom-right"])
def test_cards_sit_inside_the_safe_area(anchor: str, size: tuple[int, int]) -> None:
    width, height = size
    safe = safe_area(width, height)
    long = "Fresh roast every morning, delivered before the city wakes up"
    for content in ("Urban Dreams", long, "城市的咖啡，每天新鲜烘焙，送到你家门口"):
        card = lay_out([text(content, anchor=anchor)], width, height, min(size) / 1080)[0]
        b = card.block
        inner = (card.x + b.pad_x, card.y + b.pad_y, card.x + card.width - b.pad_x, card.y + card.height - b.pad_y)
        assert inner[0] >= safe.left - 1 and inner[2] <= width - safe.right + 1
        assert inner[1] >= safe.top - 1 and inner[3] <= height - safe.bottom + 1
        assert card.x >= 0 and card.y >= 0 and card.x + card.width <= width and card.y + card.height <= height
        if "top" in anchor:
            assert inner[1] <= safe.top + 1, "a top text starts at the top of the safe area"
        if "bottom" in anchor:
            assert inner[3] >= height - safe.bottom - 2, "a bottom text ends at its bottom"
        if "left" in anchor:
            assert inner[0] <= safe.left + 1


def test_a_vertical_video_keeps_text_clear_of_the_apps_buttons() -> None:
    safe = safe_area(1080, 1920)
    assert safe.top >= 0.12 * 1920 - 1 and safe.bottom >= 0.18 * 1920 - 1
    assert safe_area(1920, 1080).top == safe_area(1080, 1080).left == round(1080 * SAFE_MARGIN)


def test_texts_shown_together_at_one_place_are_stacked_title_first() -> None:
    subtitle = text("Made by hand, one cup at a time", 0, 30, size=56, rank=1)
    title = text("Coffee that wakes the city", 10, 30, rank=0)
    later = text("Order today", 40, 60)
    cards = lay_out([subtitle, title, later], 1920, 1080, 1.0)
    sub, top, alone = cards
    assert top.y + top.height - top.block.pad_y <= sub.y + sub.block.pad_y, "the title sits above its subtitle"
    assert abs((alone.y + alone.height / 2) - 540) < 4, "a text alone at the centre is centred"


def test_sizes_follow_the_short_side_of_the_canvas() -> None:
    wide = block("Hi", FONT, 96 * 1.0, 1600, 900, False)
    slots = [Slot(wide, "center", 0, 10, 0)]
    assert place(slots, 1920, 1080)[0].x == (1920 - wide.width) // 2
    vertical = lay_out([text("Hi")], 1080, 1920, 1080 / 1080)[0]
    small = lay_out([text("Hi")], 854, 480, 480 / 1080)[0]
    assert vertical.block.size_px == 96 and small.block.size_px == pytest.approx(96 * 480 / 1080)


def test_a_named_system_font_is_used_only_when_it_covers_the_text() -> None:
    assert choose_font("No Such Font Family", False, "Hello").family == "Noto Sans SC"
    latin = choose_font("DejaVu Sans", False, "Hello")
    if latin.family != "DejaVu Sans":
        pytest.skip("DejaVu Sans is not installed here")
    assert choose_font("DejaVu Sans", False, "你好").family == "Noto Sans SC"


def draw(texts: list[Text], folder: Path) -> list[np.ndarray[Any, np.dtype[np.uint8]]]:
    """Draw cards through the engine's own atlas step; the alpha of each card."""
    cards = lay_out(texts, 1920, 1080, 1.0)
    engine._link_fonts(cards, folder / "fonts")
    (sheet,) = atlases(cards)
    (folder / "atlas0.ass").write_text(sheet.script(cards), encoding="utf-8")
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *steps.atlas_args([sheet])],
                   cwd=folder, check=True)
    raw = np.fromfile(folder / sheet.file, np.uint8)
    w, h = sheet.width, sheet.height
    alpha = raw[w * h + 2 * (w // 2) * (h // 2):].reshape(h, w)
    return [alpha[top:top + c.height, :c.width] for c, top in zip(cards, sheet.tops, strict=True)]


def _ink(mask: np.ndarray[Any, np.dtype[np.uint8]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return mask > 128


def test_chinese_text_renders_real_glyphs(tmp_path: Path) -> None:
    chars = ["天", "地", "人", "水", "火"]
    glyphs = [_ink(m) for m in draw([text(c, size=160) for c in chars], tmp_path)]
    assert all(mask.sum() > 300 for mask in glyphs), "each character leaves ink"
    for i, one in enumerate(glyphs):
        for other in glyphs[i + 1:]:
            assert (one != other).mean() > 0.02, "different characters give different masks"


def test_drawn_text_stays_inside_its_card_and_matches_the_measured_width(tmp_path: Path) -> None:
    words = text("Urban Dreams", size=120)
    mask = _ink(draw([words], tmp_path)[0])
    card: Card = lay_out([words], 1920, 1080, 1.0)[0]
    columns = np.flatnonzero(mask.any(axis=0))
    rows = np.flatnonzero(mask.any(axis=1))
    assert columns[0] > 0 and columns[-1] < card.width - 1 and rows[0] > 0 and rows[-1] < card.height - 1
    assert columns[-1] - columns[0] == pytest.approx(FONT.width("Urban Dreams") * 120, rel=0.1)


def test_emoji_are_drawn_as_glyphs_not_boxes(tmp_path: Path) -> None:
    emoji = ["🚀", "🎉", "☕", "👍"]
    masks = [_ink(m) for m in draw([text(e, size=160) for e in emoji], tmp_path)]
    assert all(mask.sum() > 300 for mask in masks), "each emoji leaves ink"
    for i, one in enumerate(masks):
        filled = one[one.any(axis=1)][:, one.any(axis=0)]
        assert filled.mean() < 0.8, f"{emoji[i]} is a shape, not a filled box"
        for other in masks[i + 1:]:
            assert (one != other).mean() > 0.02, "different emoji give different shapes"


def test_a_title_set_over_the_next_headline_takes_its_seconds_and_the_headline_follows_it() -> None:
    free = Prices(generate=0, edit=0)
    video = respond("生成一个10秒的视频：我们的花店在台中开了新店", Draft(), [], previous=None, language="zh",
                    prices=free).draft
    assert video is not None
    reply = respond("把标题改成“台中新店开幕”，放在前三秒", video, [], previous=None, language="zh", prices=free)
    assert reply.draft is not None and "时间0-3秒" in reply.text and "“值得专程前往”改为在3-5秒显示" in reply.text
    assert "值得专程前往\"（2.5-5秒，3-5秒显示）" in summary(reply.draft, "zh")
    plan = build_plan(reply.draft, resolver({}))
    on_screen = {t.text: (t.start, t.end) for t in plan.texts}
    assert on_screen["台中新店开幕"] == (0, 90) and on_screen["值得专程前往"] == (90, 150)  # frames at 30 fps
    cards = {card.text.text: card for card in lay_out(plan.texts, 1920, 1080, 1.0)}
    for words in ("台中新店开幕", "值得专程前往"):  # each alone in its seconds: centred, not stacked
        assert abs(cards[words].y + cards[words].height / 2 - 540) < 4


def test_texts_in_one_place_take_turns_only_on_one_track_and_never_vanish() -> None:
    def track(*segments: tuple[str, int, int, str]) -> Track:
        return Track.model_validate({"tt": 7, "sg": [{"st": a, "d": b - a, "role": role, "txt": role,
                                                      "sty": {"pos": pos}} for role, a, b, pos in segments]})

    # The title keeps its time wherever it goes; a headline gives way on either side of it.
    assert shown_spans(track(("subtitle", 3000, 7500, "center"), ("title", 5000, 8000, "center"),
                             ("subtitle", 7500, 15000, "center"))) == [(3000, 5000), (5000, 8000), (8000, 15000)]
    # A text covered but for half a second stays whole (the two are stacked); other places are not touched.
    assert shown_spans(track(("title", 0, 3000, "center"), ("subtitle", 1500, 3500, "center"),
                             ("overlay", 0, 3000, "bottom"))) == [(0, 3000), (1500, 3500), (0, 3000)]
