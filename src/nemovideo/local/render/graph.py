"""ffmpeg filtergraphs, one per piece of the video: a scene, plus the transition out of it when there is one.

A piece is a short linear chain (source, motion, transition, text, encoder), so ffmpeg never runs ahead of
the encoder and memory stays flat. Stills are scaled once and held (only a zoom rescales, about the exact
centre, per frame); colours and gradients are drawn once and held; a transition blends just its own frames;
all texts are drawn once by libass onto atlases (one font load), and each card is cut from one and
overlaid only while it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from nemovideo.local.render.cards import Atlas, Card
from nemovideo.local.render.plan import FPS, Plan, Scene, Visual

# Every source becomes limited-range BT.709 yuv420p once, and the closing format pins it on every later
# link: left free, format negotiation picks yuv444p for transitions and doubles the work.
YUV = "format=pix_fmts=yuv420p:color_spaces=bt709:color_ranges=tv"
YUVA = "format=pix_fmts=yuva420p:color_spaces=bt709:color_ranges=tv"


@dataclass(frozen=True)
class Piece:
    """Frames [first, last): scene `index` alone, then `transition` frames blending into the next scene."""

    index: int
    first: int
    last: int
    transition: int

    @property
    def name(self) -> str:
        """File stem of the piece."""
        return f"piece{self.index:03d}"

    @property
    def frames(self) -> int:
        """Frames in the piece."""
        return self.last - self.first


@dataclass
class Graph:
    """Inputs and filter chains under construction."""

    inputs: list[list[str]] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    labels: int = 0

    def label(self, stem: str) -> str:
        """A fresh pad label."""
        self.labels += 1
        return f"{stem}{self.labels}"

    def add_input(self, args: list[str]) -> int:
        """Register an input; its index."""
        self.inputs.append(args)
        return len(self.inputs) - 1

    def script(self) -> str:
        """The filtergraph text."""
        return ";".join(self.chains)


def visible(scenes: Sequence[Scene], index: int) -> tuple[int, int]:
    """Frames where scene `index` shows, transitions in and out included."""
    scene = scenes[index]
    start = scene.start - scene.transition_frames // 2
    following = scenes[index + 1] if index + 1 < len(scenes) else None
    end = scene.end + (following.transition_frames - following.transition_frames // 2 if following else 0)
    return start, end


def pieces(scenes: Sequence[Scene]) -> list[Piece]:
    """One piece per scene: from the end of the transition into it to the end of the transition out of it."""
    result = []
    for i, scene in enumerate(scenes):
        start, end = visible(scenes, i)
        following = scenes[i + 1] if i + 1 < len(scenes) else None
        out = following.transition_frames if following else 0
        result.append(Piece(i, start + scene.transition_frames, end, out))
    return result


def piece_graph(plan: Plan, piece: Piece, cards: Sequence[Card], sheets: Sequence[Atlas]
                ) -> tuple[Graph, str]:
    """The graph for one piece; returns it and its output label."""
    graph = Graph()
    scenes = plan.scenes
    start, end = visible(scenes, piece.index)
    current = _source(graph, plan, scenes[piece.index].visual, piece.first - start, piece.frames, end - start)
    if piece.transition:
        solo = piece.frames - piece.transition
        following = scenes[piece.index + 1]
        next_start, next_end = visible(scenes, piece.index + 1)
        head = _source(graph, plan, following.visual, 0, piece.transition, next_end - next_start)
        body, tail, mixed = graph.label("b"), graph.label("t"), graph.label("x")
        if solo > 0:
            graph.chains.append(f"[{current}]split=2[{body}a][{tail}a];[{body}a]trim=end_frame={solo}[{body}];"
                                f"[{tail}a]trim=start_frame={solo},setpts=PTS-STARTPTS[{tail}]")
        else:
            tail = current
        graph.chains.append(f"[{tail}][{head}]xfade=transition={following.transition}:"
                            f"duration={piece.transition / FPS:.6f}:offset=0[{mixed}]")
        current = mixed
        if solo > 0:
            current = graph.label("j")
            graph.chains.append(f"[{body}][{mixed}]concat=n=2:v=1:a=0[{current}]")
    shown = [i for i, card in enumerate(cards) if card.text.start < piece.last and card.text.end > piece.first]
    pictures = {}
    for sheet in sheets:
        mine = [i for i in shown if i in sheet.cards]
        if not mine:
            continue
        index = graph.add_input(["-f", "rawvideo", "-pix_fmt", "yuva420p", "-s", f"{sheet.width}x{sheet.height}",
                                 "-framerate", str(FPS), "-i", sheet.file])
        copies = [graph.label("a") for _ in mine]
        graph.chains.append(f"[{index}:v]setparams=range=tv:colorspace=bt709,split={len(mine)}"
                            + "".join(f"[{c}]" for c in copies))
        for i, copy in zip(mine, copies, strict=True):
            pictures[i] = f"[{copy}]crop={cards[i].width}:{cards[i].height}:0:{sheet.top_of(i)}"
    for i in shown:
        card = cards[i]
        current = _lay(graph, current, _card(graph, card, pictures[i], piece), card.x, card.y)
    out = graph.label("v")
    graph.chains.append(f"[{current}]setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709[{out}]")
    return graph, out


def _lay(graph: Graph, below: str, above: str, x: int, y: int) -> str:
    out = graph.label("o")
    graph.chains.append(f"[{below}][{above}]overlay=x={x}:y={y}:eof_action=pass:repeatlast=0[{out}]")
    return out


def _card(graph: Graph, card: Card, picture: str, piece: Piece) -> str:
    """Hold a card (cut from the atlas) and fade it, for its frames in this piece; returns the card's stream."""
    t = card.text
    lo, hi = max(t.start, piece.first), min(t.end, piece.last)
    # A fade cut by the piece's edge is made whole in the card's own frames, then trimmed to the piece.
    first = t.start if t.start < lo < t.start + t.fade_in else lo
    last = t.end if t.end - t.fade_out < hi < t.end else hi
    steps = [f"settb=1/{FPS},loop=loop={last - first - 1}:size=1,setpts=N"]
    if t.fade_in and first == t.start:
        steps.append(f"fade=t=in:s=0:n={t.fade_in}:alpha=1")
    if t.fade_out and last == t.end:
        steps.append(f"fade=t=out:s={last - first - t.fade_out}:n={t.fade_out}:alpha=1")
    if (first, last) != (lo, hi):
        steps.append(f"trim=start_frame={lo - first}:end_frame={hi - first}")
    steps.append(f"setpts=PTS-STARTPTS+{lo - piece.first}")
    src = graph.label("c")
    graph.chains.append(f"{picture}," + ",".join(steps) + f"[{src}]")
    return src


def _source(graph: Graph, plan: Plan, visual: Visual, offset: int, count: int, total: int) -> str:
    """Frames [offset, offset+count) of a scene `total` frames long, as yuv420p at the canvas size."""
    w, h = plan.width, plan.height
    out = graph.label("s")
    hold = f"settb=1/{FPS},loop=loop={count - 1}:size=1,setpts=N"
    if visual.kind == "color":
        chain = f"color=c=0x{visual.colors[0][1:]}:s={w}x{h}:r={FPS},trim=end_frame=1,{YUV},{hold}"
    elif visual.kind == "gradient":
        chain = f"{_gradient(visual, w, h)},trim=end_frame=1,{YUV},{hold}"
    elif visual.kind == "image":
        chain = _still(graph, visual, w, h, offset, count, total)
    else:
        chain = _clip(graph, visual, w, h, offset, count)
    graph.chains.append(f"{chain},setsar=1,{YUV}[{out}]")
    return out


def _gradient(visual: Visual, w: int, h: int) -> str:
    colors = ":".join(f"c{i}=0x{c[1:]}" for i, c in enumerate(visual.colors))
    # Points must lie inside the frame: the filter replaces any other with a random one.
    r, b = w - 1, h - 1
    ends = {"vertical": (w // 2, 0, w // 2, b), "horizontal": (0, h // 2, r, h // 2), "radial": (w // 2, h // 2, r, b)}
    x0, y0, x1, y1 = ends.get(visual.direction, (0, 0, r, b))
    kind = "radial" if visual.direction == "radial" else "linear"
    return (f"gradients=s={w}x{h}:n={len(visual.colors)}:{colors}:x0={x0}:y0={y0}:x1={x1}:y1={y1}:"
            f"type={kind}:speed=0:seed=1:r={FPS}")


def _still(graph: Graph, visual: Visual, w: int, h: int, offset: int, count: int, total: int) -> str:
    """A picture scaled once; a zoom rescales it each frame about its exact centre, a pan slides a crop."""
    index = graph.add_input(["-framerate", str(FPS), "-i", str(visual.path)])
    grow = 1 + visual.amount
    bw, bh = _even(w * grow), _even(h * grow)
    cover = "force_original_aspect_ratio=increase:flags=bicubic"
    hold = f"{YUV},settb=1/{FPS},loop=loop={count - 1}:size=1,setpts=N"
    progress = f"((n+{offset})/{max(total - 1, 1)})"
    if visual.motion in ("zoom_in", "zoom_out"):
        z = f"(1+{visual.amount}*{progress})" if visual.motion == "zoom_in" else f"(1+{visual.amount}*(1-{progress}))"
        # Even sizes keep the crop centred to the pixel, so the picture grows smoothly without shaking.
        return (f"[{index}:v]scale={bw}:{bh}:{cover},crop={bw}:{bh},{hold},"
                f"scale=w='2*round({w / 2}*{z})':h='2*round({h / 2}*{z})':eval=frame:flags=bilinear,crop={w}:{h}")
    if visual.motion in ("pan_left", "pan_right"):
        p = progress if visual.motion == "pan_left" else f"(1-{progress})"
        return f"[{index}:v]scale={bw}:{bh}:{cover},crop={bw}:{bh},{hold},crop={w}:{h}:x='(iw-ow)*{p}':y='(ih-oh)/2'"
    return f"[{index}:v]scale={w}:{h}:{cover},crop={w}:{h},{hold}"


def _clip(graph: Graph, visual: Visual, w: int, h: int, offset: int, count: int) -> str:
    """A video clip from its in-point, cropped to fill the canvas; its last frame holds if it runs short."""
    start_ms = visual.in_ms + offset * 1000 // FPS
    length = visual.media.duration_ms if visual.media and visual.media.duration_ms else None
    if length is not None and start_ms > length - 100:
        start_ms = max(length - 100, 0)
    index = graph.add_input(["-ss", f"{start_ms / 1000:.3f}", "-t", f"{count / FPS + 1:.3f}", "-i", str(visual.path)])
    return (f"[{index}:v]fps={FPS},scale={w}:{h}:force_original_aspect_ratio=increase:flags=bicubic,crop={w}:{h},"
            f"{YUV},tpad=stop=-1:stop_mode=clone,trim=end_frame={count},settb=1/{FPS},setpts=N")


def _even(value: float) -> int:
    return int(round(value / 2) * 2)
