"""Poster and contact sheet: which frames, and reading them back from keyframes only."""

from __future__ import annotations

import math
from collections.abc import Sequence

from nemovideo.local.render.cards import Card
from nemovideo.local.render.graph import Piece
from nemovideo.local.render.plan import FPS, Plan

SHEET_COLUMNS, SHEET_ROWS = 4, 3
THUMB_LONG_SIDE = 480


def thumb_frames(frames: int) -> list[int]:
    """Frames for the contact sheet, spread evenly."""
    wanted = SHEET_COLUMNS * SHEET_ROWS
    return sorted({min(frames - 1, (2 * i + 1) * frames // (2 * wanted)) for i in range(wanted)})


def poster_frame(plan: Plan, cards: Sequence[Card]) -> int:
    """The middle of the first text's fully visible time, else a third of the way in."""
    if cards:
        t = min((c.text for c in cards), key=lambda t: (t.start, t.rank))
        lo, hi = t.start + t.fade_in, t.end - t.fade_out
        return min(plan.frames - 1, (lo + hi) // 2 if hi > lo else t.start)
    return plan.frames // 3


def stills_args(plan: Plan, piece: Piece, thumbs: Sequence[int], poster: int) -> list[str]:
    """Read back a piece's keyframes only: its contact-sheet frames, small and numbered, and the poster."""
    mine = [(n, f - piece.first) for n, f in enumerate(thumbs) if piece.first <= f < piece.last]
    has_poster = piece.first <= poster < piece.last
    if not mine and not has_poster:
        return []
    long_side = max(plan.width, plan.height)
    tw = max(2, round(plan.width * THUMB_LONG_SIDE / long_side / 2) * 2)
    th = max(2, round(plan.height * THUMB_LONG_SIDE / long_side / 2) * 2)
    chains, outputs = [], []
    if mine:
        picks = "+".join(f"lt(abs(t-{f / FPS:.4f})\\,0.005)" for _, f in mine)
        chains.append(f"select='{picks}',scale={tw}:{th}:flags=bicubic[thumbs]")
        outputs += ["-map", "[thumbs]", "-fps_mode", "passthrough", "-start_number", str(mine[0][0]),
                    "-compression_level", "1", "thumbs/%03d.png"]
    if has_poster:
        chains.append(f"select='lt(abs(t-{(poster - piece.first) / FPS:.4f})\\,0.005)'[poster]")
        outputs += ["-map", "[poster]", "-frames:v", "1", "-update", "1", "-compression_level", "1", "poster.png"]
    graph = chains[0] if len(chains) == 1 else f"split=2[s1][s2];[s1]{chains[0]};[s2]{chains[1]}"
    return ["-skip_frame", "nokey", "-i", f"{piece.name}.mp4", "-filter_complex", f"[0:v]{graph}", *outputs]


def sheet_args(count: int) -> list[str]:
    """The contact sheet: the numbered thumbnails in a grid."""
    columns = min(SHEET_COLUMNS, count)
    rows = math.ceil(count / columns)
    return ["-framerate", str(FPS), "-i", "thumbs/%03d.png", "-vf",
            f"tile={columns}x{rows}:padding=6:margin=6:color=0x111111", "-frames:v", "1", "-update", "1",
            "-compression_level", "1", "sheet.png"]
