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
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nemovideo.draft import Draft, Source
from nemovideo.local.render import audio
from nemovideo.local.render.cards import Atlas, Card, atlas, lay_out
from nemovideo.local.render.errors import RenderError
from nemovideo.local.render.graph import ATLAS_FILE, YUVA, Piece, piece_graph, pieces
from nemovideo.local.render.music import bed_path
from nemovideo.local.render.runner import Job, Runner
from nemovideo.local.render.timeline import FPS, Sound, Timeline, build_timeline

log = logging.getLogger(__name__)

CRF = "23"
PRESET = "superfast"
PREVIEW_PRESET = "ultrafast"
# No B-frames: pieces join without reordering, and x264 needs less memory and time.
X264_PARAMS = "bframes=0"
THREADS = "3"  # x264's own choice for two cores; measured 5-10 % faster than 2 for 20 MB more
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
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"Cannot create the folder {output.parent}: {exc.strerror or exc}.") from exc
    cache = (cache_dir or default_cache_dir()).expanduser().resolve()  # ffmpeg runs in the work folder
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{output.stem}.", suffix=".render", dir=output.parent))
    except OSError as exc:
        raise RenderError(f"Cannot write beside {output}: {exc.strerror or exc}.") from exc
    try:
        result = _render(timeline, cards, output, work, preview, on_progress, should_cancel, cache)
    except OSError as exc:
        raise RenderError(f"The render could not write its files in {output.parent}: {exc.strerror or exc}.") from exc
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
    sheet = atlas(cards)
    (work / "atlas.ass").write_text(sheet.script(cards), encoding="utf-8")
    thumbs = thumb_frames(timeline.frames)
    poster = poster_frame(timeline, cards)
    keyframes = sorted({*thumbs, poster})
    duration_us = timeline.frames * 1_000_000 // FPS
    beds = MusicBeds([s for s in timeline.sounds if s.kind == "music"], cache_dir)
    mix = audio.voices(timeline, lambda sound: bed_path(sound.style, sound.duration_ms, cache_dir))
    # The sound encodes beside the picture (light on memory, one core), once its music beds are written.
    jobs = [Job("audio", audio.audio_args(timeline, mix, "audio.m4a"), duration_us, timeline.frames * 0.05,
                lane="sound", ready=beds.ready)]
    if cards:
        jobs.append(Job("text", _atlas_args(sheet), 1_000_000, timeline.frames * 0.01))
    parts = pieces(timeline.scenes)
    jobs += [_piece_job(timeline, cards, sheet, piece, keyframes, preview) for piece in parts]
    (work / "pieces.txt").write_text("".join(f"file '{p.name}.mp4'\n" for p in parts), encoding="utf-8")
    finish = [Job("mux", _mux_args(), duration_us, timeline.frames * 0.03),
              Job("stills", _stills_args(timeline, thumbs, poster), duration_us, timeline.frames * 0.02)]
    runner = Runner(work, on_progress, should_cancel, sum(j.weight for j in jobs + finish))
    runner.run(jobs)
    runner.run(finish)
    poster_path = output.with_name(f"{output.stem}.poster.png")
    sheet_path = output.with_name(f"{output.stem}.sheet.png")
    for made, final in ((work / "poster.png", poster_path), (work / "sheet.png", sheet_path)):
        if not made.is_file():
            raise RenderError(f"ffmpeg did not write {made.name}.")
        os.replace(made, final)
    os.replace(work / "final.mp4", output)
    return RenderResult(video=output, poster=poster_path, contact_sheet=sheet_path, width=timeline.width,
                        height=timeline.height, duration_ms=timeline.duration_ms, frames=timeline.frames)


class MusicBeds:
    """Synthesises missing music beds in a child process, watched from a side thread, while ffmpeg starts on
    the picture: numpy's memory leaves with the child instead of staying in the caller's process."""

    def __init__(self, sounds: Sequence[Sound], cache_dir: Path) -> None:
        self.sounds, self.cache_dir = sounds, cache_dir
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="music-beds", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for sound in self.sounds:
            if bed_path(sound.style, sound.duration_ms, self.cache_dir).is_file():
                continue
            command = [sys.executable, "-m", "nemovideo.local.render.music", sound.style, str(sound.duration_ms),
                       str(self.cache_dir)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                self.error = f"The music bed could not be made: {exc}."
                return
            if done.returncode == 3:
                self.error = "The music bed needs numpy: pip install numpy, or use uploaded music."
            elif done.returncode != 0:
                self.error = (f"The music bed could not be written to {self.cache_dir}: "
                              f"{done.stderr.strip()[-300:] or 'exit ' + str(done.returncode)}.")
            if self.error:
                return

    def ready(self) -> bool:
        """True once every bed is on disk; raises RenderError if one could not be made."""
        if self.thread.is_alive():
            return False
        if self.error is not None:
            raise RenderError(self.error)
        return True


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


def _atlas_args(sheet: Atlas) -> list[str]:
    """Draw every card once, onto a transparent atlas kept as raw yuva420p (exact, no colour round trip)."""
    return ["-filter_complex", f"color=c=black@0:s={sheet.width}x{sheet.height}:r={FPS},trim=end_frame=1,{YUVA},"
            "ass=atlas.ass:alpha=1:fontsdir=fonts[atlas]", "-map", "[atlas]", "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "yuva420p", ATLAS_FILE]


def _piece_job(timeline: Timeline, cards: Sequence[Card], sheet: Atlas, piece: Piece, keyframes: Sequence[int],
               preview: bool) -> Job:
    graph, out = piece_graph(timeline, piece, cards, sheet)
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
            "-map", "[sheet]", "-frames:v", "1", "-update", "1", "-compression_level", "1", "sheet.png",
            "-map", "[poster]", "-frames:v", "1", "-update", "1", "-compression_level", "1", "poster.png"]
