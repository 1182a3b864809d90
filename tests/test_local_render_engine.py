"""The render engine end to end: real ffmpeg renders, probed and decoded (each render is 1-2 s long)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemovideo.local.probe import count_video_frames, ffmpeg_exe, probe_media
from nemovideo.local.render import RenderCancelled, RenderError, render_draft
from nemovideo.local.render import encode as encode_module
from nemovideo.local.render.cards import lay_out
from nemovideo.local.render.plan import build_plan
from test_local_render_helpers import (
    color_scene,
    decode_pcm,
    decode_rgb,
    draft,
    make_clip,
    make_still,
    resolver,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A still, a clip with sound and a clip without, made once for the module."""
    folder = tmp_path_factory.mktemp("media")
    return {
        "still": make_still(folder / "still.png"),
        "clip": make_clip(folder / "clip.mp4", seconds=1.0),
        "mute": make_clip(folder / "mute.mp4", seconds=0.6, audio=False),
    }


@pytest.mark.parametrize("width,height", [(1920, 1080), (1080, 1920), (1080, 1080)])
def test_each_canvas_gives_h264_aac_at_30_fps_with_the_exact_frame_count(
    tmp_path: Path, media: dict[str, Path], width: int, height: int
) -> None:
    video = [
        {"st": 0, "d": 600, "src": {"kind": "media", "url": "still"}, "mo": {"type": "zoom_in", "amount": 0.1}},
        {"st": 600, "d": 567, "src": {"kind": "gradient", "colors": ["#102030", "#F0A020"]},
         "tr": {"type": "fade", "d": 200}},
    ]
    texts = [{"st": 0, "d": 1167, "role": "title", "txt": "Urban Dreams 城市之梦", "fi": 200, "fo": 200}]
    music = [{"st": 0, "d": 1167, "src": {"kind": "music", "style": "upbeat"}, "vol": 0.35, "fo": 300}]
    out = tmp_path / "out.mp4"
    result = render_draft(draft(video, texts, music, length_ms=1167, width=width, height=height), out,
                          resolve_media=resolver(media), cache_dir=tmp_path / "cache")
    info = probe_media(out)
    assert info is not None
    assert (info.video_codec, info.width, info.height, info.fps) == ("h264", width, height, 30.0)
    assert info.audio_codec == "aac"
    assert count_video_frames(out) == 35 == result.frames  # 1167 ms is 35 frames at 30 fps
    assert info.duration_ms is not None and abs(info.duration_ms - 1167) <= 34
    assert "yuv420p" in _banner(out)
    assert result.poster.is_file() and result.contact_sheet.is_file()
    assert (result.width, result.height) == (width, height)


def _banner(path: Path) -> str:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr


def test_a_title_is_drawn_where_and_when_the_draft_says(tmp_path: Path) -> None:
    width, height = 640, 360
    title = {"st": 500, "d": 500, "role": "title", "txt": "Hello", "sty": {"size": 120, "pos": "top"}}
    subject = draft([color_scene(0, 1500, "#204060")], [title], length_ms=1500, width=width, height=height)
    out = tmp_path / "title.mp4"
    render_draft(subject, out, resolve_media=resolver({}), cache_dir=tmp_path / "cache")
    frames = decode_rgb(out, width, height).astype(np.int16)
    assert len(frames) == 45
    background = np.median(frames[:10].reshape(-1, 3), axis=0)
    changed = np.abs(frames - background).max(axis=3) > 40  # per pixel, per frame
    plan = build_plan(subject, resolver({}))
    card = lay_out(plan.texts, width, height, plan.scale)[0]
    inside = np.zeros((height, width), bool)
    inside[card.y:card.y + card.height, card.x:card.x + card.width] = True
    during, before, after = range(15, 30), range(0, 15), range(30, 45)
    assert all(changed[f][inside].sum() > 200 for f in during), "the title shows in its box during its time"
    assert not any(changed[f][~inside].any() for f in during), "nothing is drawn outside the title's box"
    assert not any(changed[f].any() for f in [*before, *after]), "nothing shows before or after the title"
    assert card.y < height // 3, "a top title sits in the top third"


def test_uploaded_clips_keep_their_sound_and_fill_the_canvas(tmp_path: Path, media: dict[str, Path]) -> None:
    video = [{"st": 0, "d": 1000, "src": {"kind": "media", "url": "clip"}},
             {"st": 1000, "d": 500, "src": {"kind": "media", "url": "mute"}, "tr": {"type": "wipe", "d": 200}}]
    out = tmp_path / "clips.mp4"
    result = render_draft(draft(video, length_ms=1500, width=640, height=640), out, resolve_media=resolver(media),
                          cache_dir=tmp_path / "cache")
    assert count_video_frames(out) == 45 == result.frames
    sound = decode_pcm(out)
    first, last = sound[: len(sound) // 2], sound[-len(sound) // 4:]
    assert np.sqrt(np.mean(first**2)) > 0.05, "the first clip's tone is heard"
    assert np.sqrt(np.mean(last**2)) < 0.01, "the silent clip stays silent"
    frames = decode_rgb(out, 640, 640)
    assert frames[:, :, :, :].std(axis=(1, 2, 3)).min() > 10, "no black frame: the clip covers the canvas"


def test_preview_is_480p(tmp_path: Path) -> None:
    out = tmp_path / "preview.mp4"
    result = render_draft(draft([color_scene(0, 500, "#336699")], length_ms=500, width=1920, height=1080), out,
                          resolve_media=resolver({}), preview=True, cache_dir=tmp_path / "cache")
    info = probe_media(out)
    assert info is not None and (info.width, info.height) == (854, 480) == (result.width, result.height)


def test_progress_climbs_to_100(tmp_path: Path) -> None:
    seen: list[float] = []
    render_draft(draft([color_scene(0, 1000, "#000000")], length_ms=1000, width=320, height=180),
                 tmp_path / "p.mp4", resolve_media=resolver({}), on_progress=seen.append,
                 cache_dir=tmp_path / "cache")
    assert seen == sorted(seen) and seen[-1] == 100.0 and all(0 <= p <= 100 for p in seen)


def test_cancel_stops_ffmpeg_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "cancelled.mp4"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    subject = draft([color_scene(0, 20000, "#FF0000")], length_ms=20000, width=1280, height=720)
    before = subject.dump()
    with pytest.raises(RenderCancelled):
        render_draft(subject, out, resolve_media=resolver({}), should_cancel=cancel, cache_dir=tmp_path / "cache")
    assert list(tmp_path.iterdir()) == [], "no partial video and no work folder are left"
    assert subject.dump() == before
    assert not _ffmpeg_children(), "no ffmpeg is left running"


def _ffmpeg_children() -> list[int]:
    """ffmpeg processes whose parent is this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and "ffmpeg" in stat:
            found.append(int(entry.name))
    return found


def test_an_ffmpeg_failure_ends_with_its_error_and_leaves_no_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode_module, "PRESET", "no-such-preset")
    out = tmp_path / "failed.mp4"
    subject = draft([color_scene(0, 500, "#00FF00")], length_ms=500, width=320, height=180)
    before = subject.dump()
    with pytest.raises(RenderError) as caught:
        render_draft(subject, out, resolve_media=resolver({}), cache_dir=tmp_path / "cache")
    assert "ffmpeg failed" in str(caught.value) and "preset" in str(caught.value).lower()
    assert list(tmp_path.iterdir()) == [], "no partial video and no work folder are left"
    assert subject.dump() == before


def test_missing_or_unreadable_media_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_text("not a picture")
    scenes = [{"st": 0, "d": 500, "src": {"kind": "media", "url": "gone"}, "n": "intro"}]
    with pytest.raises(RenderError, match="intro.*not available"):
        render_draft(draft(scenes, length_ms=500, width=320, height=180), tmp_path / "a.mp4",
                     resolve_media=resolver({}), cache_dir=tmp_path / "cache")
    scenes = [{"st": 0, "d": 500, "src": {"kind": "media", "url": "broken"}}]
    with pytest.raises(RenderError, match="broken.jpg"):
        render_draft(draft(scenes, length_ms=500, width=320, height=180), tmp_path / "b.mp4",
                     resolve_media=resolver({"broken": broken}), cache_dir=tmp_path / "cache")
    assert not (tmp_path / "a.mp4").exists() and not (tmp_path / "b.mp4").exists()


def test_relative_paths_work_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             media: dict[str, Path]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "still.png").write_bytes(media["still"].read_bytes())
    scenes = [{"st": 0, "d": 400, "src": {"kind": "media", "url": "still"}, "mo": {"type": "pan_right"}}]
    music = [{"st": 0, "d": 400, "src": {"kind": "music", "style": "calm"}, "vol": 0.5}]
    result = render_draft(draft(scenes, audio=music, length_ms=400, width=320, height=240), Path("out/v.mp4"),
                          resolve_media=lambda source: Path("uploads/still.png"), cache_dir=Path("cache"))
    assert result.video == Path("out/v.mp4") and count_video_frames(tmp_path / "out" / "v.mp4") == 12
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["v.mp4", "v.poster.png", "v.sheet.png"]


def test_a_music_bed_that_cannot_be_written_fails_the_render_cleanly(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    music = [{"st": 0, "d": 500, "src": {"kind": "music", "style": "lofi"}}]
    out = tmp_path / "out" / "m.mp4"
    with pytest.raises(RenderError, match="music bed could not be written"):
        render_draft(draft([color_scene(0, 500, "#000000")], audio=music, length_ms=500, width=320, height=180),
                     out, resolve_media=resolver({}), cache_dir=blocked)
    assert list(out.parent.iterdir()) == []


def test_gradients_run_corner_to_corner_the_same_way_every_time(tmp_path: Path) -> None:
    scene = {"src": {"kind": "gradient", "colors": ["#000080", "#FFFF00"]}}
    scenes = [{"st": 0, "d": 300, **scene}, {"st": 300, "d": 300, **scene}]
    out = tmp_path / "g.mp4"
    render_draft(draft(scenes, length_ms=600, width=320, height=180), out, resolve_media=resolver({}),
                 cache_dir=tmp_path / "cache")
    frames = decode_rgb(out, 320, 180).astype(np.int16)
    assert np.abs(frames[0] - frames[-1]).max() <= 12, "both scenes draw the same gradient"
    top_left, bottom_right = frames[0, 2, 2], frames[0, -3, -3]
    assert top_left[2] > 100 and top_left[0] < 40, "navy at the start corner"
    assert bottom_right[0] > 200 and bottom_right[1] > 200 and bottom_right[2] < 60, "yellow at the end corner"


def test_many_texts_spread_over_several_atlases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nemovideo.local.render import cards as cards_module

    monkeypatch.setattr(cards_module, "ATLAS_MAX_HEIGHT", 40)  # every card gets an atlas of its own
    words = ["one", "two", "three"]
    texts = [{"st": 0, "d": 600, "txt": w, "sty": {"size": 60, "pos": p}}
             for w, p in zip(words, ["top", "center", "bottom"], strict=True)]
    subject = draft([color_scene(0, 600, "#000000")], texts, length_ms=600, width=320, height=180)
    plan = build_plan(subject, resolver({}))
    assert len(cards_module.atlases(lay_out(plan.texts, 320, 180, plan.scale))) == 3
    out = tmp_path / "many.mp4"
    render_draft(subject, out, resolve_media=resolver({}), cache_dir=tmp_path / "cache")
    frame = decode_rgb(out, 320, 180)[9].max(axis=2)
    thirds = [frame[:60], frame[60:120], frame[120:]]
    assert all((third > 128).sum() > 20 for third in thirds), "all three texts are drawn"


def test_unchanged_pieces_are_not_encoded_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nemovideo.local.render import runner as runner_module

    ran: list[str] = []
    real_run = runner_module.Runner.run

    def spy(self: runner_module.Runner, steps: list[runner_module.Step]) -> None:
        ran.extend(step.name for step in steps)
        real_run(self, steps)

    monkeypatch.setattr(runner_module.Runner, "run", spy)
    scenes = [color_scene(0, 500, "#112233"), color_scene(500, 500, "#445566", tr={"type": "fade", "d": 200}),
              color_scene(1000, 500, "#778899")]
    texts = [{"st": 0, "d": 400, "txt": "first"}, {"st": 1100, "d": 400, "txt": "last"}]
    music = [{"st": 0, "d": 1500, "src": {"kind": "music", "style": "calm"}, "vol": 0.3}]

    def render(words: list[dict[str, object]], name: str) -> list[str]:
        ran.clear()
        render_draft(draft(scenes, words, music, length_ms=1500, width=320, height=180), tmp_path / name,
                     resolve_media=resolver({}), cache_dir=tmp_path / "cache")
        return sorted(n for n in ran if not n.startswith(("stills", "sheet", "mux")))  # what is encoded

    assert render(texts, "a.mp4") == ["audio", "piece000", "piece001", "piece002", "text"]
    assert render(texts, "b.mp4") == [], "nothing changed: nothing is encoded again"
    edited = [texts[0], {**texts[1], "txt": "changed"}]
    assert render(edited, "c.mp4") == ["piece002", "text"], "only the edited scene is"
    frames = [decode_rgb(tmp_path / n, 320, 180).astype(np.int16) for n in ("a.mp4", "b.mp4", "c.mp4")]
    assert np.abs(frames[0] - frames[1]).max() == 0
    assert np.abs(frames[0][:30] - frames[2][:30]).max() == 0 and np.abs(frames[0][35:] - frames[2][35:]).max() > 40
