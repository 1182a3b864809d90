"""The ffmpeg steps of a render: text atlases, pieces, sound, stills and the final join."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from nemovideo.local.render.cache import file_identity
from nemovideo.local.render.cards import Atlas, Card
from nemovideo.local.render.encode import encoder_args
from nemovideo.local.render.errors import RenderError
from nemovideo.local.render.graph import YUVA, Piece, piece_graph, visible
from nemovideo.local.render.music import bed_path
from nemovideo.local.render.plan import FPS, Plan, Sound
from nemovideo.local.render.runner import Step


def atlas_args(sheets: Sequence[Atlas]) -> list[str]:
    """Draw every card once onto transparent atlases kept as raw yuva420p (exact, no colour round trip)."""
    chains = [f"color=c=black@0:s={s.width}x{s.height}:r={FPS},trim=end_frame=1,{YUVA},"
              f"ass=atlas{s.index}.ass:alpha=1:fontsdir=fonts[atlas{s.index}]" for s in sheets]
    args = ["-filter_complex", ";".join(chains)]
    for sheet in sheets:
        args += ["-map", f"[atlas{sheet.index}]", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuva420p",
                 sheet.file]
    return args


def piece_step(plan: Plan, cards: Sequence[Card], sheets: Sequence[Atlas], piece: Piece,
              keyframes: Sequence[int], preview: bool) -> Step:
    """Compose and encode one piece, with keyframes forced where the poster and sheet will be read."""
    graph, out = piece_graph(plan, piece, cards, sheets)
    args = [arg for item in graph.inputs for arg in item]
    args += ["-filter_complex", graph.script(), "-map", f"[{out}]", "-an", *encoder_args(preview)]
    local = [(f - piece.first) / FPS - 0.001 for f in keyframes if piece.first <= f < piece.last]
    if local:
        args += ["-force_key_frames", ",".join(f"{max(t, 0):.4f}" for t in local)]
    args += ["-r", str(FPS), "-fps_mode", "cfr", f"{piece.name}.mp4"]
    return Step(piece.name, args, piece.frames * 1_000_000 // FPS, float(piece.frames))


def piece_identity(plan: Plan, cards: Sequence[Card], piece: Piece, keyframes: Sequence[int]) -> list[object]:
    """Everything a piece's pixels depend on: canvas, its scenes and their files, its texts, its keyframes."""
    indices = [piece.index, piece.index + 1] if piece.transition else [piece.index]
    scenes = [(plan.scenes[i], visible(plan.scenes, i), file_identity(plan.scenes[i].visual.path))
              for i in indices]
    shown = [(c.text, c.block, c.x, c.y, str(c.font.path), c.font.index) for c in cards
             if c.text.start < piece.last and c.text.end > piece.first]
    local = [f - piece.first for f in keyframes if piece.first <= f < piece.last]
    return [plan.width, plan.height, piece.first, piece.last, piece.transition, scenes, shown, local]


def mux_args() -> list[str]:
    """Join the pieces and the sound without re-encoding, index at the front."""
    return ["-f", "concat", "-safe", "0", "-i", "pieces.txt", "-i", "audio.m4a", "-map", "0:v:0", "-map", "1:a:0",
            "-c", "copy", "-movflags", "+faststart", "final.mp4"]


def encoded(finished: set[str], name: str) -> bool:
    """True once the named step has finished (no name: nothing to wait for, the piece came from the cache)."""
    return not name or name in finished


def inputs(args: Sequence[str]) -> list[str]:
    """The files an ffmpeg command reads."""
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "-i"]


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
