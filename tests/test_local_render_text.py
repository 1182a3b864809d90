"""Titles: fonts read from the file, wrapping for Chinese and English, placement in safe margins, real glyphs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemovideo.local.probe import ffmpeg_exe
from nemovideo.local.render import engine, steps
from nemovideo.local.render.cards import Card, atlases, lay_out
from nemovideo.local.render.fonts import bundled_font_path, choose_font, load_font
from nemovideo.local.render.layout import NO_BREAK_BEFORE, SAFE_MARGIN, Slot, block, place, wrap
from nemovideo.local.render.plan import Text

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
    assert fitted.size_px < 200 and fitted.height <= 900 + 2 * fitted.pad


@pytest.mark.parametrize("anchor", ["top", "center", "bottom", "top-left", "bottom-right"])
def test_cards_sit_inside_the_safe_margins(anchor: str) -> None:
    card = lay_out([text("Urban Dreams", anchor=anchor)], 1920, 1080, 1.0)[0]
    inner = (card.x + card.block.pad, card.y + card.block.pad,
             card.x + card.width - card.block.pad, card.y + card.height - card.block.pad)
    assert inner[0] >= 1920 * SAFE_MARGIN - 1 and inner[2] <= 1920 * (1 - SAFE_MARGIN) + 1
    assert inner[1] >= 1080 * SAFE_MARGIN - 1 and inner[3] <= 1080 * (1 - SAFE_MARGIN) + 1
    if "top" in anchor:
        assert card.y < 1080 / 3
    if "bottom" in anchor:
        assert card.y > 1080 / 2
    if "left" in anchor:
        assert card.x < 1920 / 3


def test_texts_shown_together_at_one_place_are_stacked_title_first() -> None:
    subtitle = text("Made by hand, one cup at a time", 0, 30, size=56, rank=1)
    title = text("Coffee that wakes the city", 10, 30, rank=0)
    later = text("Order today", 40, 60)
    cards = lay_out([subtitle, title, later], 1920, 1080, 1.0)
    sub, top, alone = cards
    assert top.y + top.height - top.block.pad <= sub.y + sub.block.pad, "the title sits above its subtitle"
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
    masks = [_ink(m) for m in draw([text(c, size=160) for c in [*chars, TOFU]], tmp_path)]
    *glyphs, tofu = masks
    assert all(mask.sum() > 300 for mask in glyphs), "each character leaves ink"
    for i, one in enumerate(glyphs):
        assert (one != tofu).mean() > 0.02, f"{chars[i]} is not the missing-glyph box"
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
