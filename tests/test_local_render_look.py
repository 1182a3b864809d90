"""Layout and looks without rendering: balanced lines, emoji and missing characters, contrast, fitting uploads."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemovideo.local.render.cards import lay_out, undrawable
from nemovideo.local.render.colour import contrast, luminance, rgb
from nemovideo.local.render.fonts import choose_fonts
from nemovideo.local.render.layout import wrap
from nemovideo.local.render.looks import TARGET, choose, worst
from nemovideo.local.render.plan import Text, build_plan
from test_local_render_helpers import draft, ffmpeg, resolver

FONTS = choose_fonts(None, False, "")
TOFU = "\ue000"  # a private-use character: no font has it


def text(content: str, size: int = 96, color: str = "#FFFFFF", given: bool = True) -> Text:
    return Text(content, 0, 30, 0, 0, size, color, "center", True, None, 0, color_given=given)


@pytest.mark.parametrize("sentence", [
    "A smart water bottle that reminds you to drink",
    "Fresh roast every morning, delivered to your door before the city wakes up",
    "Order today and get free shipping on every coffee you buy this week",
])
def test_english_lines_are_balanced_and_never_end_on_a_lone_word(sentence: str) -> None:
    for width in (800, 1100, 1400):
        lines = wrap(sentence, FONTS, 72, width)
        assert " ".join(lines) == sentence and all(FONTS.width(line) * 72 <= width for line in lines)
        if len(lines) > 1:
            assert " " in lines[-1], f"no one-word last line: {lines}"
            widths = [FONTS.width(line) for line in lines]
            assert min(widths) >= 0.5 * max(widths), f"lines of similar length: {lines}"


def test_chinese_lines_are_of_similar_length_and_break_after_a_clause_when_they_can() -> None:
    assert wrap("城市的咖啡，每天新鲜烘焙，送到你家门口，让每个早晨都更美好", FONTS, 72, 1536) == [
        "城市的咖啡，每天新鲜烘焙，", "送到你家门口，让每个早晨都更美好"]
    lines = wrap("为忙碌的城市人打造的智能水杯", FONTS, 72, 700)
    assert [len(line) for line in lines] == [7, 7], "not nine characters and five"
    lines = wrap("欢迎光临「云朵咖啡」《早餐菜单》（限时）", FONTS, 72, 300)
    assert not any(line.endswith(("「", "《", "（")) for line in lines), "an opening mark stays with what follows"


def test_emoji_are_drawn_by_the_emoji_font_and_spaces_by_the_text_font() -> None:
    runs = [(font.family, part) for font, part in FONTS.runs("Launch day 🚀 限时 👍🏽")]
    assert runs == [("Noto Sans SC", "Launch day "), ("Noto Emoji", "🚀"), ("Noto Sans SC", " 限时 "),
                    ("Noto Emoji", "👍🏽")]
    assert FONTS.font_for("❤", emoji=True) is not FONTS.primary, "❤️ (with its emoji selector) is an emoji"
    assert FONTS.missing("Hi 🎉 ☕ 城市") == ""


def test_characters_no_font_has_are_left_out_and_reported_never_drawn() -> None:
    texts = [text(f"Hello {TOFU} world"), text(TOFU + TOFU)]
    cards = lay_out(texts, 1920, 1080, 1.0)
    assert [card.text.text for card in cards] == ["Hello  world"], "a text with nothing drawable gets no card"
    assert undrawable(texts) == TOFU


def test_a_light_text_over_a_pale_background_gets_a_dark_colour_or_a_band() -> None:
    pale = [[(244, 241, 234)] * 90 + [(255, 255, 255)] * 10]
    assert choose("#FFFFFF", False, pale).color != "#FFFFFF", "a colour the draft left open changes"
    given = choose("#FFFFFF", True, pale)
    assert given.color == "#FFFFFF" and given.band > 0, "a colour the draft chose stays, on a band"
    level = luminance(rgb(given.color))
    assert contrast(level, worst(pale[0], True, given.band, given.band_color)) >= TARGET >= 4.5
    assert choose("#FFFFFF", True, [[(20, 30, 40)] * 100]).band == 0, "white on dark needs nothing"


def test_uploads_are_fitted_by_their_shape(tmp_path: Path) -> None:
    files = {"portrait": tmp_path / "p.png", "photo": tmp_path / "f.jpg", "logo": tmp_path / "l.png",
             "gif": tmp_path / "g.gif"}
    ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=300x600", "-frames:v", "1", str(files["portrait"]))
    ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=750x500", "-frames:v", "1", str(files["photo"]))
    ffmpeg("-f", "lavfi", "-i", "color=c=white@0.5:s=200x200,format=rgba", "-frames:v", "1", str(files["logo"]))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120:r=5:d=0.4", str(files["gif"]))
    video = [{"st": i * 1000, "d": 1000, "src": {"kind": "media", "url": url}} for i, url in enumerate(files)]
    video.append({"st": 4000, "d": 1000, "src": {"kind": "media", "url": "portrait"}, "fit": "cover",
                  "bg": ["#112233"]})
    video.append({"st": 5000, "d": 1000, "src": {"kind": "gradient", "colors": ["#0F766E", "#134E4A"]}})
    scenes = build_plan(draft(video, length_ms=6000, width=1920, height=1080), resolver(files)).scenes
    portrait, photo, logo, gif, forced, _ = (s.visual for s in scenes)
    assert (portrait.fit, portrait.backdrop) == ("contain", ()), "a portrait picture shows whole, over its blur"
    assert photo.fit == "cover", "a 3:2 photo is within 20 % of 16:9: cropped to fill"
    assert (logo.fit, logo.backdrop) == ("contain", ("#0F766E", "#134E4A")), "a transparent logo lies on the theme"
    assert (gif.kind, gif.loop) == ("video", True), "a short GIF is animated and loops"
    assert (forced.fit, forced.backdrop) == ("cover", ("#112233",)), "the segment's fit and bg win"


def test_a_dark_logo_is_not_laid_on_a_dark_theme(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"  # black on transparent
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=200x200,format=rgba,geq=r=0:g=0:b=0:a='255*lt(hypot(X-100,Y-100),80)'",
           "-frames:v", "1", str(logo))
    video = [{"st": 0, "d": 1000, "src": {"kind": "media", "url": "logo"}},
             {"st": 1000, "d": 1000, "src": {"kind": "gradient", "colors": ["#111827", "#1E3A8A"]}}]
    scenes = build_plan(draft(video, length_ms=2000, width=1920, height=1080), resolver({"logo": logo})).scenes
    assert scenes[0].visual.backdrop == ("#F4F4F5", "#D4D4D8"), "light grey instead of the dark theme"
