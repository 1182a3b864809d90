"""From draft to frames: scenes tile the video, transitions fit, texts get sensible defaults, bad drafts are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemovideo.draft import Draft
from nemovideo.local.render import RenderError
from nemovideo.local.render.graph import pieces, visible
from nemovideo.local.render.plan import build_plan, output_size
from nemovideo.local.render.stills import poster_frame, thumb_frames
from test_local_render_helpers import color_scene, draft, resolver


def test_frames_are_exact_and_gaps_are_black() -> None:
    subject = draft([color_scene(1000, 1000, "#FF0000")], length_ms=2500, width=1920, height=1080)
    plan = build_plan(subject, resolver({}))
    assert plan.frames == 75 and plan.duration_ms == 2500
    assert [(s.start, s.end, s.visual.colors) for s in plan.scenes] == [
        (0, 30, ("#000000",)), (30, 60, ("#FF0000",)), (60, 75, ("#000000",))]


def test_a_later_scene_cuts_an_overlapping_one_short() -> None:
    subject = draft([color_scene(0, 2000, "#111111"), color_scene(1000, 1000, "#222222")],
                    length_ms=2000, width=640, height=360)
    scenes = build_plan(subject, resolver({})).scenes
    assert [(s.start, s.end) for s in scenes] == [(0, 30), (30, 60)]


def test_transitions_are_centred_on_the_cut_and_pieces_tile_the_video() -> None:
    scenes = [color_scene(0, 1000, "#111111"),
              color_scene(1000, 1000, "#222222", tr={"type": "fade", "d": 400}),
              color_scene(2000, 200, "#333333", tr={"type": "slide", "d": 2000})]
    plan = build_plan(draft(scenes, length_ms=2200, width=640, height=360), resolver({}))
    first, second, third = plan.scenes
    assert (second.transition, second.transition_frames) == ("fade", 12)
    assert (third.transition, third.transition_frames) == ("slideleft", 3), "a transition takes at most half a scene"
    assert visible(plan.scenes, 1) == (24, 62)
    parts = pieces(plan.scenes)
    assert parts[0].first == 0 and parts[-1].last == plan.frames
    assert all(a.last == b.first for a, b in zip(parts, parts[1:], strict=False))
    assert [p.transition for p in parts] == [12, 3, 0]


def test_texts_get_role_defaults_and_safe_values() -> None:
    texts = [{"st": 0, "d": 1000, "role": "title", "txt": "Hi", "fi": 5000, "sty": {"color": "red"}},
             {"st": 0, "d": 1000, "role": "caption", "txt": "small print"},
             {"st": 0, "d": 1000, "txt": "   "}]
    plan = build_plan(draft([color_scene(0, 1000, "#000000")], texts, length_ms=1000, width=640,
                                    height=360), resolver({}))
    title, caption = plan.texts
    assert (title.size, title.bold, title.anchor, title.color) == (96, True, "center", "#FFFFFF")
    assert title.fade_in == 15, "a fade takes at most half the text's time"
    assert (caption.size, caption.bold, caption.anchor) == (44, False, "bottom")


def test_music_sounds_default_to_lofi_and_keep_volume_and_fades() -> None:
    audio = [{"st": 0, "d": 1000, "src": {"kind": "music", "style": "Lo-Fi"}, "vol": 0.35, "fo": 300},
             {"st": 0, "d": 1000, "src": {"kind": "music", "style": "polka"}, "vol": 7}]
    sounds = build_plan(draft([color_scene(0, 1000, "#000000")], audio=audio, length_ms=1000, width=640,
                                  height=360), resolver({})).sounds
    assert [(s.style, s.volume, s.fade_out_ms) for s in sounds] == [("lofi", 0.35, 300), ("lofi", 2.0, 0)]


def test_stills_with_motion_and_clips_are_told_apart(tmp_path: Path) -> None:
    from test_local_render_helpers import make_clip, make_still

    media = {"p": make_still(tmp_path / "p.jpg", 320, 240), "c": make_clip(tmp_path / "c.mp4", 1.5, audio=False)}
    scenes = [{"st": 0, "d": 500, "src": {"kind": "media", "url": "p"}, "mo": {"type": "pan_left", "amount": 0.1}},
              {"st": 500, "d": 500, "src": {"kind": "media", "url": "c", "in": 250}, "mo": {"type": "zoom_in"}}]
    still, clip = build_plan(draft(scenes, length_ms=1000, width=640, height=360), resolver(media)).scenes
    assert (still.visual.kind, still.visual.motion, still.visual.amount) == ("image", "pan_left", 0.1)
    assert (clip.visual.kind, clip.visual.in_ms) == ("video", 250)


def test_poster_and_sheet_frames() -> None:
    texts = [{"st": 1000, "d": 2000, "role": "title", "txt": "Hi", "fi": 300, "fo": 300}]
    plan = build_plan(draft([color_scene(0, 4000, "#000000")], texts, length_ms=4000, width=640,
                                    height=360), resolver({}))
    assert poster_frame(plan, []) == 40
    from nemovideo.local.render.cards import lay_out

    assert poster_frame(plan, lay_out(plan.texts, 640, 360, plan.scale)) == 60
    assert thumb_frames(120) == [5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 105, 115]
    assert thumb_frames(3) == [0, 1, 2]


@pytest.mark.parametrize("raw,reason", [
    ({}, "empty"),
    ({"t": [{"tt": 0, "sg": [{"st": 0, "d": 0}]}]}, "empty"),
    ({"t": [{"tt": 0, "sg": [{"st": 0, "d": 1000, "src": {"kind": "hologram"}}]}]}, "hologram"),
    ({"t": [{"tt": 0, "sg": [{"st": 0, "d": 3_600_000}]}]}, "stops at"),
    ({"t": [{"tt": 1, "sg": [{"st": 0, "d": 1000, "n": "voice", "src": {"kind": "media", "url": "x"}}]}]},
     "voice.*not available"),
])
def test_drafts_that_cannot_render_are_refused_with_a_reason(raw: dict[str, object], reason: str) -> None:
    with pytest.raises(RenderError, match=reason):
        build_plan(Draft.parse(raw), resolver({}))


def test_canvas_sizes_and_the_480p_preview() -> None:
    assert output_size((1920, 1080), preview=False) == (1920, 1080)
    assert output_size((1920, 1080), preview=True) == (854, 480)
    assert output_size((1080, 1920), preview=True) == (480, 854)
    assert output_size((1080, 1080), preview=True) == (480, 480)
    assert output_size((641, 361), preview=False) == (642, 362)
    with pytest.raises(RenderError, match="not supported"):
        output_size((10_000, 100), preview=False)


def test_hostile_texts_are_cleaned_and_laid_out_quickly() -> None:
    import time

    from nemovideo.local.render.cards import atlases, lay_out

    texts = [{"st": 0, "d": 1000, "txt": "A" * 200_000, "sty": {"pos": "bottom"}},
             {"st": 0, "d": 1000, "txt": "\u202e\x00🎬\ud800 ok\tgo {\\b1}", "sty": {"pos": "top"}}]
    subject = draft([color_scene(0, 1000, "#000000")], texts, length_ms=1000, width=1080, height=1920)
    started = time.monotonic()
    plan = build_plan(subject, resolver({}))
    cards = lay_out(plan.texts, 1080, 1920, plan.scale)
    script = atlases(cards)[0].script(cards)
    assert time.monotonic() - started < 5
    long, odd = plan.texts
    assert len(long.text) == 500 and long.text.endswith("…")
    assert odd.text == "🎬 ok go {\\b1}"
    script.encode("utf-8")  # no lone surrogate survives
    assert "\\{\\\u2060b1\\}" in script, "braces and backslashes are drawn, not read as ASS overrides"
