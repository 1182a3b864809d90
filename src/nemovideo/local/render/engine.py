"""render_draft: a draft to an H.264/AAC MP4 with a poster and a contact sheet.

The video is encoded scene by scene (one short ffmpeg chain each), the sound once, then the pieces are
joined without re-encoding. Poster and contact sheet frames are forced to be keyframes, so reading them
back decodes a dozen frames instead of the whole film.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nemovideo.draft import Draft, Source
from nemovideo.local.render import audio
from nemovideo.local.render.cache import PieceCache, file_identity, key
from nemovideo.local.render.cards import Atlas, Card, atlases, lay_out
from nemovideo.local.render.encode import encoder_args
from nemovideo.local.render.errors import RenderError
from nemovideo.local.render.graph import pieces
from nemovideo.local.render.music import bed_path
from nemovideo.local.render.plan import FPS, Plan, build_plan
from nemovideo.local.render.runner import Runner, Step
from nemovideo.local.render.steps import (
    MusicBeds,
    atlas_args,
    encoded,
    inputs,
    mux_args,
    piece_identity,
    piece_step,
)
from nemovideo.local.render.stills import poster_frame, sheet_args, stills_args, thumb_frames

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
    plan = build_plan(draft, resolve_media, preview)
    cards = lay_out(plan.texts, plan.width, plan.height, plan.scale)
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
        result = _render(plan, cards, output, work, preview, on_progress, should_cancel, cache)
    except OSError as exc:
        raise RenderError(f"The render could not write its files in {output.parent}: {exc.strerror or exc}.") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if on_progress is not None:
        on_progress(100.0)
    return result


def default_cache_dir() -> Path:
    """Where music beds and encoded pieces are kept: $NEMO_RENDER_CACHE, else the user's cache folder."""
    explicit = os.environ.get("NEMO_RENDER_CACHE", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "nemovideo" / "render"


def _render(plan: Plan, cards: list[Card], output: Path, work: Path, preview: bool,
            on_progress: Callable[[float], None] | None, should_cancel: Callable[[], bool] | None,
            cache_dir: Path) -> RenderResult:
    _link_fonts(cards, work / "fonts")
    (work / "thumbs").mkdir()
    sheets = atlases(cards)
    for sheet in sheets:
        (work / f"atlas{sheet.index}.ass").write_text(sheet.script(cards), encoding="utf-8")
    thumbs, poster = thumb_frames(plan.frames), poster_frame(plan, cards)
    store = PieceCache(cache_dir / "pieces")
    runner = Runner(work, on_progress, should_cancel)
    steps, fresh = _encodes(plan, cards, sheets, sorted({*thumbs, poster}), preview, work, store, cache_dir)
    parts = pieces(plan.scenes)
    (work / "pieces.txt").write_text("".join(f"file '{p.name}.mp4'\n" for p in parts), encoding="utf-8")
    # Thumbnails come from each piece's keyframes as soon as it is encoded, beside the next piece.
    encoding = {step.name for step in steps}
    for piece in parts:
        args = stills_args(plan, piece, thumbs, poster)
        if args:
            ready = functools.partial(encoded, runner.finished, piece.name if piece.name in encoding else "")
            steps.append(Step(f"stills-{piece.name}", args, 1_000_000, plan.frames * 0.005, lane="sound",
                            ready=ready))
    finish = [Step("mux", mux_args(), plan.frames * 1_000_000 // FPS, plan.frames * 0.03),
              Step("sheet", sheet_args(len(thumbs)), 1_000_000, plan.frames * 0.005, lane="sound")]
    runner.total_weight = sum(j.weight for j in steps + finish)
    runner.run(steps)
    for name, file in fresh:
        store.keep(name, work / file)
    runner.run(finish)
    return _deliver(plan, work, output)


def _encodes(plan: Plan, cards: Sequence[Card], sheets: Sequence[Atlas], keyframes: Sequence[int],
             preview: bool, work: Path, store: PieceCache, cache_dir: Path) -> tuple[list[Step], list[tuple[str, str]]]:
    """Steps for what the cache does not already hold, and (cache name, work file) for each to keep after."""
    steps: list[Step] = []
    fresh: list[tuple[str, str]] = []
    mix = audio.voices(plan, lambda sound: bed_path(sound.style, sound.duration_ms, cache_dir))
    sound = audio.audio_args(plan, mix, "audio.m4a")
    # A music bed is named by what it contains; uploaded sound is known by its size and date.
    files = [[a] if Path(a).is_relative_to(cache_dir) else file_identity(Path(a)) for a in inputs(sound)]
    name = key("audio", sound, files) + ".m4a"
    if not store.fetch(name, work / "audio.m4a"):
        beds = MusicBeds([s for s in plan.sounds if s.kind == "music"], cache_dir)
        # The sound encodes beside the picture (light on memory, one core), once its music beds are written.
        steps.append(Step("audio", sound, plan.frames * 1_000_000 // FPS, plan.frames * 0.05, lane="sound",
                        ready=beds.ready))
        fresh.append((name, "audio.m4a"))
    for piece in pieces(plan.scenes):
        name = key("piece", piece_identity(plan, cards, piece, keyframes), encoder_args(preview)) + ".mp4"
        if not store.fetch(name, work / f"{piece.name}.mp4"):
            steps.append(piece_step(plan, cards, sheets, piece, keyframes, preview))
            fresh.append((name, f"{piece.name}.mp4"))
    if sheets and any(step.name.startswith("piece") for step in steps):
        steps.insert(0, Step("text", atlas_args(sheets), 1_000_000, plan.frames * 0.01))
    return steps, fresh


def _deliver(plan: Plan, work: Path, output: Path) -> RenderResult:
    """Move the finished files into place, the video last."""
    poster_path = output.with_name(f"{output.stem}.poster.png")
    sheet_path = output.with_name(f"{output.stem}.sheet.png")
    for made, final in ((work / "poster.png", poster_path), (work / "sheet.png", sheet_path)):
        if not made.is_file():
            raise RenderError(f"ffmpeg did not write {made.name}.")
        os.replace(made, final)
    os.replace(work / "final.mp4", output)
    return RenderResult(video=output, poster=poster_path, contact_sheet=sheet_path, width=plan.width,
                        height=plan.height, duration_ms=plan.duration_ms, frames=plan.frames)


def _link_fonts(cards: Sequence[Card], folder: Path) -> None:
    """Put exactly the font files the cards use in one folder, for libass to load (and nothing else)."""
    folder.mkdir()
    for path in sorted({card.font.path for card in cards}):
        link = folder / f"font{len(list(folder.iterdir())):02d}{path.suffix.lower()}"
        try:
            link.symlink_to(path)
        except OSError:
            shutil.copyfile(path, link)


