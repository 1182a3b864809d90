"""render_draft: a draft to an H.264/AAC MP4 with a poster and a contact sheet.

The video is encoded scene by scene (one short ffmpeg chain each), the sound once, then the pieces are
joined without re-encoding. Poster and contact sheet frames are forced to be keyframes, so reading them
back decodes a dozen frames instead of the whole film.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nemovideo.draft import Draft, Source
from nemovideo.local.render import audio
from nemovideo.local.render.cards import Card, lay_out
from nemovideo.local.render.errors import RenderError
from nemovideo.local.render.graph import Piece, piece_graph, pieces
from nemovideo.local.render.music import music_bed
from nemovideo.local.render.runner import Job, Runner
from nemovideo.local.render.timeline import FPS, Sound, Timeline, build_timeline

log = logging.getLogger(__name__)

CRF = "23"
PRESET = "superfast"
PREVIEW_PRESET = "ultrafast"
# No B-frames: pieces join without reordering, and x264 needs less memory and time.
X264_PARAMS = "bframes=0"
THREADS = "2"
SHEET_COLUMNS, SHEET_ROWS = 4, 3
THUMB_LONG_SIDE = 480


@dataclass(frozen=True)
class RenderResult:
    """What a finished render produced."""

    video: Path
    poster: Path
    contact_sheet: Path
    width: int
    height: int
    duration_ms: int
    frames: int


def render_draft(
    draft: Draft,
    output: Path,
    *,
    resolve_media: Callable[[Source], Path | None],
    preview: bool = False,
    on_progress: Callable[[float], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    cache_dir: Path | None = None,
) -> RenderResult:
    """Render a draft to `output` (MP4) with `<stem>.poster.png` and `<stem>.sheet.png` beside it.

    Raises RenderError (the message ends with ffmpeg's complaint when ffmpeg failed) or RenderCancelled;
    either way nothing partial is left at `output` and the draft is not touched.
    """
    output = Path(output)
    timeline = build_timeline(draft, resolve_media, preview)
    cards = lay_out(timeline.texts, timeline.width, timeline.height, timeline.scale)
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{output.stem}.", suffix=".render", dir=output.parent))
    try:
        result = _render(timeline, cards, output, work, preview, on_progress, should_cancel,
                         cache_dir or default_cache_dir())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if on_progress is not None:
        on_progress(100.0)
    return result


def default_cache_dir() -> Path:
    """Where music beds are kept: $NEMO_RENDER_CACHE, else the user's cache folder."""
    explicit = os.environ.get("NEMO_RENDER_CACHE", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "nemovideo" / "render"


def _render(timeline: Timeline, cards: list[Card], output: Path, work: Path, preview: bool,
            on_progress: Callable[[float], None] | None, should_cancel: Callable[[], bool] | None,
            cache_dir: Path) -> RenderResult:
    _link_fonts(cards, work / "fonts")
    scripts = []
    for index, card in enumerate(cards):
        scripts.append((card, f"card{index:03d}.ass"))
        (work / scripts[-1][1]).write_text(card.script(), encoding="utf-8")
    thumbs = thumb_frames(timeline.frames)
    poster = poster_frame(timeline, cards)
    keyframes = sorted({*thumbs, poster})
    duration_us = timeline.frames * 1_000_000 // FPS
    mix = audio.voices(timeline, lambda sound: _music(sound, cache_dir))
    jobs = [Job("audio", audio.audio_args(timeline, mix, "audio.m4a"), duration_us, timeline.frames * 0.05)]
    parts = pieces(timeline.scenes)
    jobs += [_piece_job(timeline, scripts, piece, keyframes, preview) for piece in parts]
    (work / "pieces.txt").write_text("".join(f"file '{p.name}.mp4'\n" for p in parts), encoding="utf-8")
    finish = [Job("mux", _mux_args(), duration_us, timeline.frames * 0.03),
              Job("stills", _stills_args(timeline, thumbs, poster), duration_us, timeline.frames * 0.02)]
    runner = Runner(work, 1, on_progress, should_cancel, sum(j.weight for j in jobs + finish))
    runner.run(jobs + finish)
    poster_path = output.with_name(f"{output.stem}.poster.png")
    sheet_path = output.with_name(f"{output.stem}.sheet.png")
    for made, final in ((work / "poster.png", poster_path), (work / "sheet.png", sheet_path)):
        if not made.is_file():
            raise RenderError(f"ffmpeg did not write {made.name}.")
        os.replace(made, final)
    os.replace(work / "final.mp4", output)
    return RenderResult(video=output, poster=poster_path, contact_sheet=sheet_path, width=timeline.width,
                        height=timeline.height, duration_ms=timeline.duration_ms, frames=timeline.frames)


def _music(sound: Sound, cache_dir: Path) -> Path:
    try:
        return music_bed(sound.style, sound.duration_ms, cache_dir)
    except OSError as exc:
        raise RenderError(f"The music bed could not be written to {cache_dir}: {exc.strerror or exc}.") from exc


def _link_fonts(cards: Sequence[Card], folder: Path) -> None:
    """Put exactly the font files the cards use in one folder, for libass to load (and nothing else)."""
    folder.mkdir()
    for path in sorted({card.font.path for card in cards}):
        link = folder / f"font{len(list(folder.iterdir())):02d}{path.suffix.lower()}"
        try:
            link.symlink_to(path)
        except OSError:
            shutil.copyfile(path, link)


def thumb_frames(frames: int) -> list[int]:
    """Frames for the contact sheet, spread evenly."""
    wanted = SHEET_COLUMNS * SHEET_ROWS
    return sorted({min(frames - 1, (2 * i + 1) * frames // (2 * wanted)) for i in range(wanted)})


def poster_frame(timeline: Timeline, cards: Sequence[Card]) -> int:
    """The middle of the first text's fully visible time, else a third of the way in."""
    if cards:
        t = min((c.text for c in cards), key=lambda t: (t.start, t.rank))
        lo, hi = t.start + t.fade_in, t.end - t.fade_out
        return min(timeline.frames - 1, (lo + hi) // 2 if hi > lo else t.start)
    return timeline.frames // 3


def _piece_job(timeline: Timeline, cards: Sequence[tuple[Card, str]], piece: Piece, keyframes: Sequence[int],
               preview: bool) -> Job:
    graph, out = piece_graph(timeline, piece, cards, "fonts")
    args = [arg for item in graph.inputs for arg in item]
    args += ["-filter_complex", graph.script(), "-map", f"[{out}]", "-an", *encoder_args(preview)]
    local = [(f - piece.first) / FPS - 0.001 for f in keyframes if piece.first <= f < piece.last]
    if local:
        args += ["-force_key_frames", ",".join(f"{max(t, 0):.4f}" for t in local)]
    args += ["-r", str(FPS), "-fps_mode", "cfr", f"{piece.name}.mp4"]
    return Job(piece.name, args, piece.frames * 1_000_000 // FPS, float(piece.frames))


def encoder_args(preview: bool) -> list[str]:
    """x264 settings shared by every piece (and by the benchmark's floor)."""
    return ["-c:v", "libx264", "-preset", PREVIEW_PRESET if preview else PRESET, "-crf", CRF,
            "-pix_fmt", "yuv420p", "-x264-params", X264_PARAMS, "-threads", THREADS,
            "-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]


def _mux_args() -> list[str]:
    return ["-f", "concat", "-safe", "0", "-i", "pieces.txt", "-i", "audio.m4a", "-map", "0:v:0", "-map", "1:a:0",
            "-c", "copy", "-movflags", "+faststart", "final.mp4"]


def _stills_args(timeline: Timeline, thumbs: Sequence[int], poster: int) -> list[str]:
    """Read back only keyframes: a grid of the thumbnail frames, and the poster frame at full size."""
    long_side = max(timeline.width, timeline.height)
    tw = max(2, round(timeline.width * THUMB_LONG_SIDE / long_side / 2) * 2)
    th = max(2, round(timeline.height * THUMB_LONG_SIDE / long_side / 2) * 2)
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = math.ceil(len(thumbs) / columns)
    picks = "+".join(f"lt(abs(t-{f / FPS:.4f})\\,0.005)" for f in thumbs)
    graph = (f"[0:v]split=2[a][b];[a]select='{picks}',scale={tw}:{th}:flags=bicubic,"
             f"tile={columns}x{rows}:padding=6:margin=6:color=0x111111[sheet];"
             f"[b]select='lt(abs(t-{poster / FPS:.4f})\\,0.005)'[poster]")
    return ["-skip_frame", "nokey", "-i", "final.mp4", "-filter_complex", graph,
            "-map", "[sheet]", "-frames:v", "1", "-update", "1", "sheet.png",
            "-map", "[poster]", "-frames:v", "1", "-update", "1", "poster.png"]
