"""Poster and contact sheet: which frames, and reading them back from keyframes only."""

from __future__ import annotations

import math
from collections.abc import Sequence

from nemovideo.local.render.cards import Card
from nemovideo.local.render.plan import FPS, Plan

SHEET_COLUMNS, SHEET_ROWS = 4, 3
THUMB_LONG_SIDE = 480
# A preview's sheet is small and well compressed (about 300 KB) so that an MCP host shows it inline (they hide
# results over about 1 MB).
PREVIEW_THUMB_LONG_SIDE = 256


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


def stills_args(plan: Plan, thumbs: Sequence[int], poster: int, preview: bool = False) -> list[str]:
    """One read of the joined pieces' keyframes (the sheet and poster frames are forced keyframes): the poster at
    full size and the contact sheet, its thumbnails tiled in a grid."""
    long_side = max(plan.width, plan.height)
    side = PREVIEW_THUMB_LONG_SIDE if preview else THUMB_LONG_SIDE
    tw = max(2, round(plan.width * side / long_side / 2) * 2)
    th = max(2, round(plan.height * side / long_side / 2) * 2)
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = math.ceil(len(thumbs) / columns)
    picks = "+".join(f"lt(abs(t-{f / FPS:.4f})\\,0.005)" for f in thumbs)
    graph = (f"[0:v]split=2[s1][s2];[s1]select='{picks}',scale={tw}:{th}:flags=bicubic,"
             f"tile={columns}x{rows}:padding=6:margin=6:color=0x111111[sheet];"
             f"[s2]select='lt(abs(t-{poster / FPS:.4f})\\,0.005)'[poster]")
    # One ffmpeg after the last piece instead of one beside each piece: a decoder beside an encoding piece
    # cost 80-90 MB of the process tree's peak, and the last piece's read was never hidden anyway. Nothing but
    # the join runs beside it, so it decodes with all its threads.
    return ["-skip_frame", "nokey", "-f", "concat", "-safe", "0", "-i", "pieces.txt", "-filter_complex", graph,
            "-map", "[sheet]", "-frames:v", "1", "-update", "1", "-compression_level", "6" if preview else "1",
            "sheet.png",
            "-map", "[poster]", "-frames:v", "1", "-update", "1", "-compression_level", "1", "poster.png"]
