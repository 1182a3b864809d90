"""The draft as the renderer sees it: frames, scenes with transitions, text cards and sounds, all checked."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nemovideo.draft import Draft, Segment, Source, TrackType, shown_spans
from nemovideo.local.probe import MediaInfo, ffmpeg_exe, probe_media
from nemovideo.local.render.colour import contrast, luminance, rgb
from nemovideo.local.render.errors import RenderError

FPS = 30
PREVIEW_SHORT_SIDE = 480
MAX_FRAMES = FPS * 60 * 30  # half an hour
HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
IMAGE_CODECS = {"mjpeg", "png", "webp", "gif", "bmp", "tiff", "jpegls", "jpeg2000"}
XFADE = {"fade": "fade", "dissolve": "dissolve", "slide": "slideleft", "wipe": "wipeleft", "cut": ""}
MOTIONS = {"zoom_in", "zoom_out", "pan_left", "pan_right", "none"}
MUSIC_STYLES = ("lofi", "upbeat", "calm")
ROLE_SIZE = {"title": 96, "subtitle": 72, "cta": 80, "caption": 44}
ROLE_RANK = {"title": 0, "subtitle": 1, "caption": 2, "cta": 3}
ROLE_ANCHOR = {"caption": "bottom"}
ROLE_FADES = {"title": (400, 300), "subtitle": (350, 250), "cta": (400, 300), "caption": (250, 200)}  # ms in, out
MAX_TEXT = 500  # characters of one text segment that are drawn; a screen holds far fewer


FITS = ("cover", "contain")
FIT_DIFFERENCE = 1.2  # aspect ratios 20 % or more apart: the whole upload is shown, over a blurred copy
NEUTRAL = ("#F4F4F5", "#D4D4D8")  # behind a transparent upload when the draft has no colours of its own
DARK_NEUTRAL = ("#27272A", "#18181B")  # behind a light one that neither the theme nor light grey would show
MIN_LOGO_CONTRAST = 2.0  # a transparent upload's own colour against its backdrop, at least


@dataclass(frozen=True)
class Visual:
    """What a scene shows: a colour, a gradient, a still or a video clip (fitted to the frame)."""

    kind: str  # color | gradient | image | video
    colors: tuple[str, ...] = ()
    direction: str = "diagonal"
    path: Path | None = None
    in_ms: int = 0
    motion: str = "none"
    amount: float = 0.0
    media: MediaInfo | None = None
    fit: str = "cover"  # cover: fill the frame, cropped; contain: all of it, centred
    backdrop: tuple[str, ...] = ()  # colours behind a contained or transparent upload; none: its blurred copy
    loop: bool = False  # a clip shorter than its scene starts again instead of holding its last frame


@dataclass(frozen=True)
class Scene:
    """A stretch of the picture, frames [start, end), with the transition into it."""

    visual: Visual
    start: int
    end: int
    transition: str = ""
    transition_frames: int = 0
    volume: float = 1.0

    @property
    def frames(self) -> int:
        """Nominal length in frames."""
        return self.end - self.start


@dataclass(frozen=True)
class Text:
    """A text segment: what, when (frames) and how it looks."""

    text: str
    start: int
    end: int
    fade_in: int
    fade_out: int
    size: int
    color: str
    anchor: str
    bold: bool
    font: str | None
    rank: int
    color_given: bool = True  # False: the draft left the colour open, so another may be chosen for contrast
    rise: bool = False  # enters rising a little into place while it fades in (titles, headlines, calls to action)


@dataclass(frozen=True)
class Sound:
    """A sound on the plan: a music bed or a media file, with volume and fades in ms."""

    kind: str  # music | media
    start_ms: int
    duration_ms: int
    volume: float
    fade_in_ms: int
    fade_out_ms: int
    style: str = "lofi"
    path: Path | None = None
    in_ms: int = 0


@dataclass(frozen=True)
class Plan:
    """Everything the renderer needs, with sizes in output pixels and times in frames."""

    width: int
    height: int
    frames: int
    scale: float
    scenes: tuple[Scene, ...]
    texts: tuple[Text, ...]
    sounds: tuple[Sound, ...] = field(default=())

    @property
    def duration_ms(self) -> int:
        """Exact length of the video."""
        return round(self.frames * 1000 / FPS)


Resolver = Callable[[Source], "Path | None"]


def build_plan(draft: Draft, resolve_media: Resolver, preview: bool = False) -> Plan:
    """Check the draft and turn it into frames; raise RenderError with a reason a person can act on."""
    end_ms = draft.end_ms()
    if not draft.is_exportable() or end_ms <= 0:
        raise RenderError("The draft is empty: add a scene, a text or music before exporting.")
    frames = to_frames(end_ms)
    if frames > MAX_FRAMES:
        raise RenderError(f"The draft is {end_ms / 1000:.0f} s long; the renderer stops at {MAX_FRAMES // FPS} s.")
    width, height = output_size(draft.canvas(), preview)
    video = [seg for t in draft.tracks if t.type == TrackType.VIDEO for seg in t.segments if seg.duration_ms > 0]
    # Texts in one place on one track take turns (draft.shown_spans): a title moved over a headline's start
    # leaves the headline on screen from the title's end instead of stacking the two.
    texts = [(seg, shown) for t in draft.tracks if t.type == TrackType.TEXT
             for seg, shown in zip(t.segments, shown_spans(t), strict=True) if seg.duration_ms > 0]
    audio = [seg for t in draft.tracks if t.type == TrackType.AUDIO for seg in t.segments if seg.duration_ms > 0]
    shape = Shape(width / height, _theme(video))
    scenes = _scenes(sorted(video, key=lambda s: s.start_ms), frames, resolve_media, shape)
    return Plan(
        width=width, height=height, frames=frames, scale=min(width, height) / 1080,
        scenes=scenes,
        texts=tuple(t for t in (_text(seg, frames, shown) for seg, shown in texts) if t is not None),
        sounds=tuple(s for s in (_sound(seg, resolve_media) for seg in audio) if s is not None),
    )


def to_frames(ms: int) -> int:
    """Milliseconds to the nearest frame."""
    return (max(ms, 0) * FPS + 500) // 1000


def output_size(canvas: tuple[int, int], preview: bool) -> tuple[int, int]:
    """The draft's canvas (even sizes), or its 480p preview."""
    width, height = canvas
    if width < 16 or height < 16 or width > 4096 or height > 4096:
        raise RenderError(f"The canvas {width}x{height} is not supported: use 16:9, 9:16 or 1:1 up to 4096 pixels.")
    if preview and min(width, height) > PREVIEW_SHORT_SIDE:
        factor = PREVIEW_SHORT_SIDE / min(width, height)
        width, height = round(width * factor), round(height * factor)
    return width + width % 2, height + height % 2


def color(value: str | None, default: str = "#000000") -> str:
    """A '#RRGGBB' colour, or the default when the value is not one."""
    found = HEX.match(value.strip()) if value else None
    return f"#{found.group(1).upper()}" if found else default


@dataclass(frozen=True)
class Shape:
    """What fitting an upload needs to know of the video: the canvas's aspect ratio and the theme's colours."""

    aspect: float
    theme: tuple[str, ...]


def _theme(segments: list[Segment]) -> tuple[str, ...]:
    """The draft's own background colours: those of its first colour or gradient scene that is not black."""
    for seg in segments:
        source = seg.source
        if source is None or source.kind.lower() not in ("color", "gradient"):
            continue
        colors = tuple(color(c) for c in (source.colors or [])[:8])
        if colors and set(colors) != {"#000000"}:
            return colors
    return ()


def _scenes(segments: list[Segment], frames: int, resolve: Resolver, shape: Shape) -> tuple[Scene, ...]:
    """Scenes that tile [0, frames): gaps are black, a later segment cuts the one before it short."""
    scenes: list[Scene] = []
    cursor = 0
    for seg in segments:
        start, end = to_frames(seg.start_ms), min(to_frames(seg.end_ms), frames)
        while scenes and start < cursor:  # overlap: the later segment wins from its start
            last = scenes.pop()
            if last.start < start:
                scenes.append(Scene(last.visual, last.start, start, last.transition, last.transition_frames,
                                    last.volume))
            cursor = scenes[-1].end if scenes else 0
        start = max(start, cursor)
        if end - start < 1:
            continue
        if start > cursor:
            scenes.append(Scene(Visual("color", colors=("#000000",)), cursor, start))
        visual = _visual(seg, resolve, shape, end - start)
        kind, frames_in = _transition(seg, scenes)
        scenes.append(Scene(visual, start, end, kind, frames_in, _volume(seg.volume, 1.0)))
        cursor = end
    if cursor < frames:
        scenes.append(Scene(Visual("color", colors=("#000000",)), cursor, frames))
    return tuple(_fit_transitions(scenes))


def _transition(seg: Segment, before: list[Scene]) -> tuple[str, int]:
    if seg.transition is None or not before or before[-1].end != to_frames(seg.start_ms):
        return "", 0
    kind = XFADE.get(seg.transition.type.lower(), "fade")
    return (kind, to_frames(seg.transition.duration_ms)) if kind else ("", 0)


def _fit_transitions(scenes: list[Scene]) -> list[Scene]:
    """A transition takes at most half of each scene it joins, and at least two frames."""
    fitted: list[Scene] = []
    for i, scene in enumerate(scenes):
        limit = min(scene.frames, scenes[i - 1].frames) // 2 if i else 0
        count = min(scene.transition_frames, limit)
        if count < 2:
            fitted.append(Scene(scene.visual, scene.start, scene.end, "", 0, scene.volume))
        else:
            fitted.append(Scene(scene.visual, scene.start, scene.end, scene.transition, count, scene.volume))
    return fitted


def _visual(seg: Segment, resolve: Resolver, shape: Shape, frames: int) -> Visual:
    source = seg.source or Source(kind="color", colors=["#000000"])
    kind = source.kind.lower()
    if kind == "color":
        return Visual("color", colors=(color((source.colors or ["#000000"])[0]),))
    if kind == "gradient":
        colors = tuple(color(c) for c in (source.colors or [])[:8]) or ("#1E3A8A", "#9333EA")
        colors = colors if len(colors) > 1 else colors * 2
        return Visual("gradient", colors=colors, direction=source.style or "diagonal")
    if kind != "media":
        raise RenderError(f"Scene {_label(seg)} has a source of kind {source.kind!r}; use media, color or gradient.")
    return _media_visual(seg, source, resolve, shape, frames)


def _media_visual(seg: Segment, source: Source, resolve: Resolver, shape: Shape, frames: int) -> Visual:
    path = resolve(source)
    if path is None or not Path(path).is_file():
        raise RenderError(f"The media of scene {_label(seg)} ({source.url or source.media_id}) is not available: "
                          "upload it again or remove the scene.")
    info = probe_media(Path(path))
    if info is None or not info.has_video:
        raise RenderError(f"Scene {_label(seg)} uses {Path(path).name}, which is not a picture or video "
                          "ffmpeg can read.")
    motion = seg.motion.type.lower() if seg.motion else "none"
    amount = min(max(seg.motion.amount if seg.motion else 0.0, 0.0), 0.5)
    codec = info.video_codec or ""
    animated = codec == "gif" and (info.duration_ms or 0) > 100  # a one-frame GIF lasts one frame time
    still = codec in IMAGE_CODECS and not animated and (info.duration_ms or 0) <= 1000
    absolute = Path(path).resolve()  # ffmpeg runs in the render's work folder
    fit, backdrop = _fit(seg, info, shape, Path(path))
    if not still:
        in_ms = max(source.in_ms, 0)
        runs_short = info.duration_ms is not None and info.duration_ms - in_ms < frames * 1000 // FPS
        return Visual("video", path=absolute, in_ms=in_ms, media=info, fit=fit, backdrop=backdrop,
                      loop=runs_short)
    if motion not in MOTIONS or amount <= 0:
        motion, amount = "none", 0.0
    return Visual("image", path=absolute, motion=motion, amount=amount, media=info, fit=fit, backdrop=backdrop)


def _fit(seg: Segment, info: MediaInfo, shape: Shape, path: Path) -> tuple[str, tuple[str, ...]]:
    """How an upload fills the frame: the segment's `fit` and `bg`, else decided by the upload's shape."""
    size = info.shown_size
    aspect = size[0] / size[1] if size else shape.aspect
    apart = max(aspect, shape.aspect) / min(aspect, shape.aspect)
    fit = (seg.fit or "").lower()
    fit = fit if fit in FITS else ("contain" if apart >= FIT_DIFFERENCE - 1e-9 else "cover")
    backdrop = tuple(color(c) for c in (seg.background or [])[:8] if HEX.match(c.strip()))
    if not backdrop and info.has_alpha:  # a logo's transparent parts show the theme, not a blur of nothing
        backdrop = _behind(path, shape.theme or NEUTRAL)
    return fit, backdrop


def _behind(path: Path, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The backdrop for a transparent picture: the wanted colours, unless the picture's own colour would vanish
    on them (a black logo on a dark theme); then light or dark grey, whichever it stands out on."""
    tone = _tone(path)
    if tone is None:
        return wanted
    mean = sum(luminance(rgb(c)) for c in wanted) / len(wanted)
    if contrast(tone, mean) >= MIN_LOGO_CONTRAST:
        return wanted
    light, dark = luminance(rgb(NEUTRAL[0])), luminance(rgb(DARK_NEUTRAL[0]))
    return NEUTRAL if contrast(tone, light) >= contrast(tone, dark) else DARK_NEUTRAL


def _tone(path: Path) -> float | None:
    """The mean luminance of a picture's visible pixels, weighted by their opacity (its first frame at 32x32)."""
    try:
        done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-frames:v",
                               "1", "-vf", "scale=32:32", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
                              capture_output=True, timeout=30, check=False)
    except (OSError, RuntimeError, subprocess.TimeoutExpired):  # RuntimeError: no ffmpeg binary
        return None
    data = done.stdout if done.returncode == 0 else b""
    if len(data) != 32 * 32 * 4:
        return None
    pixels = [(data[i], data[i + 1], data[i + 2], data[i + 3]) for i in range(0, len(data), 4)]
    weight = sum(p[3] for p in pixels)
    if weight == 0:
        return None
    return sum(luminance((p[0], p[1], p[2])) * p[3] for p in pixels) / weight


def _label(seg: Segment) -> str:
    return repr(seg.name or seg.id or f"at {seg.start_ms / 1000:g}s")


def clean_text(raw: str) -> str:
    """What can be drawn: no control or invisible format characters, no lone surrogates, at most MAX_TEXT."""
    kept = "".join(" " if ch == "\t" else ch for ch in raw
                   if ch in "\n\t\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))
    kept = kept.strip()
    return kept if len(kept) <= MAX_TEXT else kept[: MAX_TEXT - 1].rstrip() + "…"


def _text(seg: Segment, frames: int, shown: tuple[int, int]) -> Text | None:
    content = clean_text(seg.text or "")
    start, end = to_frames(shown[0]), min(to_frames(shown[1]), frames)
    if not content or end - start < 1:
        return None
    style = seg.style
    role = (seg.role or "").lower()
    half = (end - start) // 2
    size = style.size if style and style.size and 4 <= style.size <= 600 else ROLE_SIZE.get(role, 56)
    weight = (style.weight if style and style.weight else ("bold" if role in ("title", "cta", "subtitle") else ""))
    # Titles, headlines and calls to action enter and leave with short fades (and rise into place) unless the
    # draft times their fades itself; other texts fade only when the draft says so.
    fade_in, fade_out = ROLE_FADES.get(role, (0, 0))
    fade_in = seg.fade_in_ms if seg.fade_in_ms is not None else fade_in
    fade_out = seg.fade_out_ms if seg.fade_out_ms is not None else fade_out
    given = color(style.color if style else None, "")
    return Text(
        text=content, start=start, end=end,
        fade_in=min(to_frames(fade_in), half), fade_out=min(to_frames(fade_out), half),
        size=size, color=given or "#FFFFFF",
        anchor=(style.position if style and style.position else ROLE_ANCHOR.get(role, "center")),
        bold=weight.lower() in ("bold", "heavy", "black", "semibold", "700", "800", "900"),
        font=style.font if style else None, rank=ROLE_RANK.get(role, 4),
        color_given=bool(given), rise=role in ROLE_FADES and role != "caption",
    )


def _sound(seg: Segment, resolve: Resolver) -> Sound | None:
    source = seg.source
    if source is None:
        return None
    volume = _volume(seg.volume, 1.0)
    start, length = max(seg.start_ms, 0), seg.duration_ms
    fade_in, fade_out = max(seg.fade_in_ms or 0, 0), max(seg.fade_out_ms or 0, 0)
    if source.kind.lower() == "music":
        style = (source.style or "lofi").lower().replace("-", "").replace(" ", "")
        style = style if style in MUSIC_STYLES else "lofi"
        return Sound("music", start, length, volume, fade_in, fade_out, style=style)
    path = resolve(source)
    if path is None or not Path(path).is_file():
        raise RenderError(f"The audio {_label(seg)} ({source.url or source.media_id}) is not available: "
                          "upload it again or remove it.")
    info = probe_media(Path(path))
    if info is None or not info.has_audio:
        raise RenderError(f"The audio {_label(seg)} uses {Path(path).name}, which has no sound ffmpeg can read.")
    return Sound("media", start, length, volume, fade_in, fade_out, path=Path(path).resolve(),
                 in_ms=max(source.in_ms, 0))


def _volume(value: float | None, default: float) -> float:
    if value is None:
        return default
    return min(max(float(value), 0.0), 2.0)
