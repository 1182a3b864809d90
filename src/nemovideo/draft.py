"""The draft model shared by client and local backend, and its exportability (its summary and diff: draft_text.py).

Compact keys follow the cloud (`t` tracks, `tt` track type, `sg` segments, `d` duration in ms,
`m` metadata); the segment keys are this project's and are documented in docs/draft-format.md.
Every model keeps unknown keys, so a cloud draft survives a round trip untouched.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CANVASES: dict[str, tuple[int, int]] = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}


class TrackType(IntEnum):
    """Track types as the cloud numbers them."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


class _Compact(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def dump(self) -> dict[str, Any]:
        """The wire form: compact keys, only the fields that were given."""
        return self.model_dump(by_alias=True, exclude_none=True, exclude_unset=True, mode="json")


class Source(_Compact):
    """Where a segment's picture or sound comes from."""

    kind: str = "media"  # media | color | gradient | music
    url: str | None = None
    media_id: str | None = Field(None, alias="mid")
    colors: list[str] | None = None
    style: str | None = None  # music style (lofi, upbeat, calm) or gradient direction
    in_ms: int = Field(0, alias="in")


class TextStyle(_Compact):
    """How a text segment looks; sizes are pixels on a 1080-pixel-high canvas."""

    size: int | None = None
    color: str | None = None
    position: str | None = Field(None, alias="pos")  # top | center | bottom | top-left | ...
    weight: str | None = Field(None, alias="w")  # regular | bold
    font: str | None = None


class Transition(_Compact):
    """The transition into a segment from the one before it."""

    type: str = "fade"
    duration_ms: int = Field(400, alias="d")


class Motion(_Compact):
    """Movement applied to a still picture."""

    type: str = "zoom_in"  # zoom_in | zoom_out | pan_left | pan_right | none
    amount: float = 0.08


class Segment(_Compact):
    """One piece of a track: a clip, a sound or a text."""

    id: str | None = None
    start_ms: int = Field(0, alias="st")
    duration_ms: int = Field(0, alias="d")
    source: Source | None = Field(None, alias="src")
    name: str | None = Field(None, alias="n")
    role: str | None = None  # title | subtitle | caption | cta | scene | bgm | voice
    text: str | None = Field(None, alias="txt")
    style: TextStyle | None = Field(None, alias="sty")
    volume: float | None = Field(None, alias="vol")
    fade_in_ms: int | None = Field(None, alias="fi")
    fade_out_ms: int | None = Field(None, alias="fo")
    transition: Transition | None = Field(None, alias="tr")
    motion: Motion | None = Field(None, alias="mo")
    fit: str | None = None  # cover | contain: how an upload of another shape fills the frame (renderer decides)
    background: list[str] | None = Field(None, alias="bg")  # behind a contained or transparent upload

    @property
    def end_ms(self) -> int:
        """Where the segment ends on the timeline."""
        return self.start_ms + self.duration_ms


class Track(_Compact):
    """A row of the timeline."""

    id: str | None = None
    type: int = Field(TrackType.VIDEO, alias="tt")
    name: str | None = Field(None, alias="n")
    segments: list[Segment] = Field(default_factory=list, alias="sg")


class Meta(_Compact):
    """Draft metadata: title and canvas."""

    title: str | None = None
    width: int | None = None
    height: int | None = None
    ratio: str | None = None
    fps: int | None = None


class Draft(_Compact):
    """A whole timeline."""

    tracks: list[Track] = Field(default_factory=list, alias="t")
    duration_ms: int | None = Field(None, alias="d")
    meta: Meta = Field(default_factory=Meta, alias="m")

    @classmethod
    def parse(cls, raw: object) -> Draft:
        """Read a draft from the wire; anything that is not a mapping is an empty draft."""
        return cls.model_validate(raw) if isinstance(raw, dict) else cls()

    def is_exportable(self) -> bool:
        """True when at least one track has a segment."""
        return any(track.segments for track in self.tracks)

    def end_ms(self) -> int:
        """The draft's length: `d` if set, else the end of its last segment."""
        ends = [seg.end_ms for track in self.tracks for seg in track.segments]
        return self.duration_ms or max(ends, default=0)

    def canvas(self) -> tuple[int, int]:
        """Canvas size in pixels, from `m` (1920x1080 when unsaid)."""
        if self.meta.width and self.meta.height:
            return self.meta.width, self.meta.height
        return CANVASES.get(self.meta.ratio or "16:9", CANVASES["16:9"])

    def ratio(self) -> str:
        """Aspect ratio as a label such as 16:9."""
        if self.meta.ratio:
            return self.meta.ratio
        width, height = self.canvas()
        for label, size in CANVASES.items():
            if size[0] * height == size[1] * width:
                return label
        return f"{width}x{height}"


SHOWN_MIN_MS = 1000  # a text that gives way keeps at least this long on screen, or both show, stacked
KEEPS_ITS_TIME = ("title", "cta")


def place_of(seg: Segment) -> str:
    """Where a text sits on the picture: its position, else its role's (captions at the bottom, others centred)."""
    if seg.style is not None and seg.style.position:
        return seg.style.position.lower().replace("_", "-")
    return "bottom" if (seg.role or "").lower() == "caption" else "center"


def shown_spans(track: Track) -> list[tuple[int, int]]:
    """When each segment of a text track is on screen (ms, in segment order): texts in one place take turns.

    Where two texts of the track in the same place overlap, the title and the call to action keep their time
    and the other gives way (between two others, the one that starts first keeps it): it shows in the longest
    free stretch of its own time when that lasts SHOWN_MIN_MS, else both show and the renderer stacks them.
    So a title set to 0-3 s over a headline at 2.5-5 s leaves the headline on screen from 3 s.
    """
    spans = [(seg.start_ms, seg.end_ms) for seg in track.segments]
    if track.type != TrackType.TEXT:
        return spans
    order = sorted(range(len(spans)), key=lambda i: (
        (track.segments[i].role or "").lower() not in KEEPS_ITS_TIME, spans[i][0], i))
    settled: dict[str, list[tuple[int, int]]] = {}
    for i in order:
        taken = settled.setdefault(place_of(track.segments[i]), [])
        free = _free_stretches(spans[i], taken)
        longest = max(free, key=lambda s: (s[1] - s[0], -s[0]), default=None)
        if longest is not None and longest != spans[i] and longest[1] - longest[0] >= SHOWN_MIN_MS:
            spans[i] = longest
        taken.append(spans[i])
    return spans


def _free_stretches(span: tuple[int, int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `span` that none of `taken` covers."""
    free = [span]
    for start, end in taken:
        free = [piece for a, b in free for piece in ((a, min(b, start)), (max(a, end), b)) if piece[1] > piece[0]]
    return free
