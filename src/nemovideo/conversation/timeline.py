"""The timeline as data for agents: its canvas, tracks, segments and uploads, and the edits between two drafts.

Times are seconds and volumes fractions (0.35 is 35%), whatever the draft's units; names are the ones a person
would use (a file name, a music style, a text's words). Nothing here is new on the wire: it is read from the
session state, so it works against the cloud as well as the local backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, Field

from nemovideo.draft import Draft, Segment, TrackType
from nemovideo.draft_text import keyed_segments, kind_of

Value = str | int | float | bool | None
TRACK_TYPES: dict[int, str] = {TrackType.VIDEO: "video", TrackType.AUDIO: "audio", TrackType.TEXT: "text"}


class Size(BaseModel):
    """A canvas size in pixels."""

    width: int
    height: int


class TimelineSegment(BaseModel):
    """One clip, sound or text on a track."""

    id: str | None = None
    kind: str = Field(description="video, bgm, audio, voice, title or text")
    role: str | None = Field(None, description="the draft's role: title, subtitle, caption, cta, scene, bgm, voice")
    start: float = Field(description="seconds from the start of the video")
    end: float = Field(description="seconds from the start of the video")
    text: str | None = None
    volume: float | None = Field(None, description="0 to 1 (0.35 is 35%), for sound")
    source: str | None = Field(None, description="where the picture or sound comes from: a file name, a music "
                                                 "style, a colour")


class TimelineTrack(BaseModel):
    """A row of the timeline."""

    id: str | None = None
    type: str = Field(description="video, audio or text")
    name: str | None = None
    segments: list[TimelineSegment] = Field(default_factory=list)


class TimelineUpload(BaseModel):
    """A file uploaded into the project."""

    name: str
    kind: str | None = Field(None, description="video, image or audio")
    duration: float | None = Field(None, description="seconds")
    width: int | None = None
    height: int | None = None


class Timeline(BaseModel):
    """What is in the video now."""

    title: str | None = None
    ratio: str = Field(description="aspect ratio, e.g. 16:9")
    size: Size
    length: float = Field(description="seconds")
    fps: int | None = None
    tracks: list[TimelineTrack] = Field(default_factory=list)
    uploads: list[TimelineUpload] = Field(default_factory=list)
    note: str | None = Field(None, description="what was left out to keep the reply under the 1 MB a host accepts "
                                               "(tracks beyond the first that fit); null when nothing was")


class Edit(BaseModel):
    """One property of one element that a turn changed."""

    element: str = Field(description="canvas, timeline, or a segment's kind: video, bgm, audio, voice, title, text")
    id: str | None = Field(None, description="the segment's id, when it has one")
    property: str = Field(description="segment (added or removed), text, start, end, volume, source, source_in, role, "
                                      "fade_in, fade_out, transition, motion, style.<name>; ratio, size, fps; "
                                      "length, title")
    before: Value = None
    after: Value = None


def timeline(draft: Draft, uploads: Iterable[Mapping[str, Any]] = (), most: int | None = None) -> Timeline:
    """The draft (and the session's uploads) as data; with `most`, only that many of its first tracks."""
    width, height = draft.canvas()
    tracks = [TimelineTrack(id=track.id, type=TRACK_TYPES.get(track.type, str(track.type)), name=track.name,
                            segments=[_segment(kind_of(track, seg), seg) for seg in track.segments])
              for track in draft.tracks[:most]]
    return Timeline(title=current_title(draft), ratio=draft.ratio(), size=Size(width=width, height=height),
                    length=_seconds(draft.end_ms()), fps=draft.meta.fps, tracks=tracks,
                    uploads=[upload for raw in uploads if (upload := _upload(raw)) is not None])


def current_title(draft: Draft) -> str | None:
    """The words of the title on the timeline now (the earliest one), else the title the draft was made with."""
    titles = [seg for track in draft.tracks for seg in track.segments
              if kind_of(track, seg) == "title" and seg.text and seg.text.strip()]
    if titles:
        return min(titles, key=lambda seg: seg.start_ms).text
    return draft.meta.title


def edits(before: Draft, after: Draft) -> list[Edit]:
    """Every property that differs from one draft to the next: the canvas, the timeline, then each segment."""
    whole: list[tuple[str, str, Value, Value]] = [
        ("canvas", "ratio", before.ratio(), after.ratio()),
        ("canvas", "size", "x".join(map(str, before.canvas())), "x".join(map(str, after.canvas()))),
        ("canvas", "fps", before.meta.fps, after.meta.fps),
        ("timeline", "length", _seconds(before.end_ms()), _seconds(after.end_ms())),
        ("timeline", "title", current_title(before), current_title(after)),
    ]
    found = [Edit(element=element, property=name, before=old, after=new)
             for element, name, old, new in whole if old != new]
    old_segments, new_segments = keyed_segments(before), keyed_segments(after)
    for key, (track, seg) in new_segments.items():
        kind = kind_of(track, seg)
        if key not in old_segments:
            found.append(Edit(element=kind, id=seg.id, property="segment", before=None, after=_label(seg)))
            continue
        found += [Edit(element=kind, id=seg.id, property=name, before=old, after=new)
                  for name, old, new in _segment_changes(old_segments[key][1], seg)]
    for key, (track, seg) in old_segments.items():
        if key not in new_segments:
            found.append(Edit(element=kind_of(track, seg), id=seg.id, property="segment", before=_label(seg),
                              after=None))
    return found


def _segment(kind: str, seg: Segment) -> TimelineSegment:
    return TimelineSegment(id=seg.id, kind=kind, role=seg.role, start=_seconds(seg.start_ms),
                           end=_seconds(seg.end_ms), text=seg.text, volume=seg.volume, source=_source(seg))


def _segment_changes(old: Segment, new: Segment) -> list[tuple[str, Value, Value]]:
    pairs: list[tuple[str, Value, Value]] = [
        ("text", old.text, new.text),
        ("start", _seconds(old.start_ms), _seconds(new.start_ms)),
        ("end", _seconds(old.end_ms), _seconds(new.end_ms)),
        ("volume", old.volume, new.volume),
        ("source", _source(old), _source(new)),
        ("role", old.role, new.role),
        ("fade_in", _maybe_seconds(old.fade_in_ms), _maybe_seconds(new.fade_in_ms)),
        ("fade_out", _maybe_seconds(old.fade_out_ms), _maybe_seconds(new.fade_out_ms)),
        ("transition", _transition(old), _transition(new)),
        ("motion", old.motion.type if old.motion else None, new.motion.type if new.motion else None),
    ]
    if old.source is not None and new.source is not None:  # the same file from another point: a trim
        pairs.append(("source_in", _seconds(old.source.in_ms), _seconds(new.source.in_ms)))
    old_style = old.style.model_dump(exclude_none=True) if old.style else {}
    new_style = new.style.model_dump(exclude_none=True) if new.style else {}
    pairs += [(f"style.{name}", old_style.get(name), new_style.get(name))
              for name in sorted(old_style.keys() | new_style.keys())]
    return [(name, before, after) for name, before, after in pairs if before != after]


def _label(seg: Segment) -> str:
    """What a segment is called in an edit: its words, its name or its source."""
    return seg.text or seg.name or _source(seg) or "segment"


def _source(seg: Segment) -> str | None:
    src = seg.source
    if src is None:
        return None
    if src.url:
        return PurePosixPath(src.url.split("?")[0]).name or src.url
    if src.kind == "music":
        return src.style or "music"
    if src.colors:
        return " → ".join(src.colors)
    return src.kind


def _transition(seg: Segment) -> str | None:
    if seg.transition is None:
        return None
    return f"{seg.transition.type} {_seconds(seg.transition.duration_ms):g}s"


def _upload(raw: Mapping[str, Any]) -> TimelineUpload | None:
    name = raw.get("filename") or raw.get("name")
    if not isinstance(name, str) or not name:
        return None
    return TimelineUpload(name=name, kind=_text(raw.get("file_type")), duration=_number(raw.get("duration")),
                          width=_whole(raw.get("width")), height=_whole(raw.get("height")))


def _seconds(ms: int) -> float:
    return round(ms / 1000, 3)


def _maybe_seconds(ms: int | None) -> float | None:
    return None if ms is None else _seconds(ms)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _whole(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
