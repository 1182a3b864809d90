"""Text that stands out: each card's colour and band, chosen from the background measured where the card shows.

WCAG's contrast ratio (4.5:1 for text) is reached against the lightest 10 % of the background inside the card's
box for light text, or the darkest 10 % for dark text, on every sampled frame. Colour and gradient scenes are
computed; uploads are sampled from small frames that ffmpeg makes with the very filter chains of the render.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from nemovideo.local.render.cache import PieceCache, file_identity, key
from nemovideo.local.render.cards import Card
from nemovideo.local.render.colour import contrast, luminance, rgb
from nemovideo.local.render.graph import Graph, source_chain, visible
from nemovideo.local.render.plan import Plan, Visual
from nemovideo.local.render.runner import Runner, Step

TARGET = 5.0  # WCAG asks 4.5; the margin covers chroma subsampling, the encoder and sampling at a quarter size
ANALYSIS_SHORT_SIDE = 270
BANDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(13))  # 0.30 .. 0.90
DARK = "#111827"
WHITE, BLACK = "#FFFFFF", "#000000"
MAX_SAMPLES = 3000  # pixels of one frame's box that are weighed (evenly strided)
Pixels = list[tuple[int, int, int]]


@dataclass(frozen=True)
class Look:
    """How a card is drawn: text colour, and the opacity and colour of a band behind it (0: none)."""

    color: str
    band: float = 0.0
    band_color: str = BLACK


def worst(pixels: Pixels, light_text: bool, band: float = 0.0, band_color: str = BLACK) -> float:
    """Luminance of the background's lightest 10 % (for light text) or darkest 10 % (dark text), under a band."""
    if band:
        over = rgb(band_color)
        pixels = [tuple(round(c * (1 - band) + o * band) for c, o in zip(p, over, strict=True))  # type: ignore[misc]
                  for p in pixels]
    values = sorted(luminance(p) for p in pixels)
    # The 95th (5th) percentile rather than the 90th (10th): small frames average away fine bright details.
    at = min(len(values) - 1, int(len(values) * (0.95 if light_text else 0.05)))
    return values[at]


def choose(text_color: str, given: bool, frames: Sequence[Pixels]) -> Look:
    """The look that keeps the text at TARGET contrast on every frame: the text's colour alone if it already
    is; else, when the draft left the colour open, white or near-black if either is; else the lightest band."""
    frames = [f for f in frames if f]
    if not frames:
        return Look(text_color)
    candidates = [text_color] if given else list(dict.fromkeys([text_color, WHITE, DARK]))
    for candidate in candidates:
        level = luminance(rgb(candidate))
        light = contrast(level, 0.0) > contrast(level, 1.0)
        if all(contrast(level, worst(f, light)) >= TARGET for f in frames):
            return Look(candidate)
    level = luminance(rgb(text_color))
    light = contrast(level, 0.0) > contrast(level, 1.0)
    band_color = BLACK if light else WHITE
    for band in BANDS:
        if all(contrast(level, worst(f, light, band, band_color)) >= TARGET for f in frames):
            return Look(text_color, band, band_color)
    return Look(WHITE, 0.85, BLACK)  # a mid-grey text no band can save: white on a dark band


@dataclass(frozen=True)
class Sample:
    """One frame of one scene to look at: the scene and the frame, counted from where the scene shows."""

    scene: int
    offset: int


def apply(plan: Plan, cards: Sequence[Card], runner: Runner, store: PieceCache) -> list[Card]:
    """Every card with the look its background calls for; one small ffmpeg run when uploads are behind text."""
    wanted = {card_index: _samples(plan, card) for card_index, card in enumerate(cards)}
    needed = sorted({s for samples in wanted.values() for s in samples
                     if plan.scenes[s.scene].visual.kind in ("image", "video")}, key=lambda s: (s.scene, s.offset))
    frames = _frames(plan, needed, runner, store)
    width, height = frames.size if frames else (0, 0)
    result = []
    for index, card in enumerate(cards):
        pixels = []
        for sample in wanted[index]:
            visual = plan.scenes[sample.scene].visual
            if visual.kind == "color":
                pixels.append([rgb(visual.colors[0])])
            elif visual.kind == "gradient":
                pixels.append(_gradient_pixels(visual, card, plan.width, plan.height))
            elif sample in frames.data:
                pixels.append(_crop(frames.data[sample], width, height, card, plan.width, plan.height))
        look = choose(card.color, card.text.color_given, pixels)
        result.append(dataclasses.replace(card, color=look.color, band=look.band, band_color=look.band_color))
    return result


def _samples(plan: Plan, card: Card) -> list[Sample]:
    """Frames where the card shows at full opacity, outside transitions: the first and last of each scene it
    meets (a zoom or pan changes what is behind it), and the middle of a clip's."""
    t = card.text
    lo, hi = t.start + t.fade_in, t.end - t.fade_out
    if hi <= lo:
        lo, hi = t.start, t.end
    found = []
    for index, scene in enumerate(plan.scenes):
        start, end = max(lo, scene.start), min(hi, scene.end)
        if end <= start:
            continue
        shown, _ = visible(plan.scenes, index)
        frames = {start, end - 1}
        if scene.visual.kind == "video":
            frames.add((start + end) // 2)
        if scene.visual.kind in ("color", "gradient"):
            frames = {start}
        found += [Sample(index, f - shown) for f in sorted(frames)]
    return found


@dataclass(frozen=True)
class Frames:
    """Small RGB frames by sample, all of one size."""

    size: tuple[int, int]
    data: dict[Sample, bytes]


def analysis_size(plan: Plan) -> tuple[int, int]:
    """The small frame size: the short side at most ANALYSIS_SHORT_SIDE, even."""
    factor = min(1.0, ANALYSIS_SHORT_SIDE / min(plan.width, plan.height))
    return (max(2, round(plan.width * factor / 2) * 2), max(2, round(plan.height * factor / 2) * 2))


def _frames(plan: Plan, needed: Sequence[Sample], runner: Runner, store: PieceCache) -> Frames:
    if not needed:
        return Frames((0, 0), {})
    width, height = analysis_size(plan)
    small = dataclasses.replace(plan, width=width, height=height)
    graph = Graph()
    outputs: list[str] = []
    for number, sample in enumerate(needed):
        scene = plan.scenes[sample.scene]
        start, end = visible(plan.scenes, sample.scene)
        label = source_chain(graph, small, scene.visual, max(sample.offset, 0), 1, end - start)
        outputs += ["-map", f"[{label}]", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", f"look{number}.rgb"]
    args = [arg for item in graph.inputs for arg in item] + ["-filter_complex", graph.script(), *outputs]
    files = [file_identity(plan.scenes[s.scene].visual.path) for s in needed]
    name = key("looks", args, files) + ".rgb"
    joined = runner.cwd / "looks.rgb"
    if not store.fetch(name, joined):
        runner.run([Step("looks", args, 1_000_000, plan.frames * 0.02)])
        joined.write_bytes(b"".join((runner.cwd / f"look{n}.rgb").read_bytes() for n in range(len(needed))))
        store.keep(name, joined)
    data = joined.read_bytes()
    size = width * height * 3
    return Frames((width, height), {s: data[n * size:(n + 1) * size] for n, s in enumerate(needed)})


def _box(card: Card, scale_x: float, scale_y: float) -> tuple[int, int, int, int]:
    left, top, right, bottom = card.band_box()
    return (round((card.x + left) * scale_x), round((card.y + top) * scale_y),
            round((card.x + right) * scale_x), round((card.y + bottom) * scale_y))


def _crop(frame: bytes, width: int, height: int, card: Card, canvas_w: int, canvas_h: int) -> Pixels:
    """The pixels of a small frame inside the card's box (evenly strided to at most MAX_SAMPLES)."""
    x0, y0, x1, y1 = _box(card, width / canvas_w, height / canvas_h)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, max(x1, x0 + 1)), min(height, max(y1, y0 + 1))
    count = max(1, (x1 - x0) * (y1 - y0))
    step = max(1, math.isqrt(count // MAX_SAMPLES))
    pixels: Pixels = []
    for y in range(y0, y1, step):
        row = y * width * 3
        for x in range(x0, x1, step):
            at = row + x * 3
            pixels.append((frame[at], frame[at + 1], frame[at + 2]))
    return pixels


def _gradient_pixels(visual: Visual, card: Card, width: int, height: int) -> Pixels:
    """A gradient's colours inside the card's box, computed the way ffmpeg's `gradients` draws them."""
    x0, y0, x1, y1 = _box(card, 1.0, 1.0)
    r, b = width - 1, height - 1
    ends = {"vertical": (width // 2, 0, width // 2, b), "horizontal": (0, height // 2, r, height // 2),
            "radial": (width // 2, height // 2, r, b)}
    ax, ay, bx, by = ends.get(visual.direction, (0, 0, r, b))
    stops = [rgb(c) for c in visual.colors]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy or 1
    pixels: Pixels = []
    for y in range(y0, y1, max(1, (y1 - y0) // 12)):
        for x in range(x0, x1, max(1, (x1 - x0) // 24)):
            if visual.direction == "radial":
                t = math.hypot(x - ax, y - ay) / math.sqrt(length)
            else:
                t = ((x - ax) * dx + (y - ay) * dy) / length
            pixels.append(_mix(stops, min(max(t, 0.0), 1.0)))
    return pixels


def _mix(stops: Sequence[tuple[int, int, int]], t: float) -> tuple[int, int, int]:
    spot = t * (len(stops) - 1)
    i = min(int(spot), len(stops) - 2)
    f = spot - i
    a, b = stops[i], stops[i + 1]
    return (round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f), round(a[2] + (b[2] - a[2]) * f))
