"""Finding things in a draft and moving time around: scenes, their texts, the music bed, the total length.

Scenes are the segments of the main video track, laid end to end. A text that is not the title or
the call to action belongs to the scene under its midpoint and travels with it. The title is
anchored to the start, the call to action to the end; scene headlines and captions fill their scene
around those two.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from nemovideo.draft import Draft, Segment, Track, TrackType
from nemovideo.draft_text import kind_of
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.types import Turn

ANCHORED = ("title", "cta")
LAID_OUT = ("subtitle", "caption")
MIN_TEXT_MS = 500
SAME_END_MS = 50


def main_track(draft: Draft) -> Track | None:
    """The video track holding the scenes."""
    videos = [track for track in draft.tracks if track.type == TrackType.VIDEO]
    return next((track for track in videos if track.segments), videos[0] if videos else None)


def scenes(draft: Draft) -> list[Segment]:
    """The scenes, in timeline order."""
    track = main_track(draft)
    return list(track.segments) if track else []


def bgm(draft: Draft) -> tuple[Track, Segment] | None:
    """The background-music track and its first segment."""
    for track in draft.tracks:
        if track.type == TrackType.AUDIO and track.segments and kind_of(track) == "bgm":
            return track, track.segments[0]
    return None


def texts(draft: Draft) -> list[tuple[Track, Segment]]:
    """Every text segment with its track, in timeline order."""
    found = [(track, seg) for track in draft.tracks if track.type == TrackType.TEXT for seg in track.segments]
    return sorted(found, key=lambda pair: pair[1].start_ms)


def role_of(track: Track, seg: Segment) -> str:
    """A text's role; an unmarked lone text is the title, as the summary reads it."""
    if seg.role:
        return seg.role
    return "title" if kind_of(track, seg) == "title" else "overlay"


def with_role(draft: Draft, *roles: str) -> list[tuple[Track, Segment]]:
    """The texts that have one of the roles."""
    return [(track, seg) for track, seg in texts(draft) if role_of(track, seg) in roles]


def add_track(turn: Turn, kind: TrackType, name: str, wanted_id: str) -> Track:
    """Append a new empty track."""
    track = Track(id=turn.ids.preferred(wanted_id, wanted_id), type=int(kind), name=name, segments=[])
    turn.draft.tracks.append(track)
    return track


def place(track: Track, seg: Segment) -> None:
    """Put a segment into a track, keeping time order."""
    track.segments.append(seg)
    track.segments.sort(key=lambda s: s.start_ms)


def overlaps(track: Track, start: int, end: int) -> bool:
    """True when a segment of the track overlaps [start, end)."""
    return any(seg.start_ms < end and start < seg.end_ms for seg in track.segments)


def remove_segment(draft: Draft, seg: Segment) -> None:
    """Take a segment out of its track; an audio or text track left empty goes too."""
    for track in draft.tracks:
        track.segments = [s for s in track.segments if s is not seg]
    draft.tracks = [t for t in draft.tracks if t.segments or t.type == TrackType.VIDEO]


def owned_texts(draft: Draft) -> dict[int, list[Segment]]:
    """Texts (not title or call to action) by the scene under their midpoint, keyed by the scene's identity."""
    owners: dict[int, list[Segment]] = {}
    for track, seg in texts(draft):
        if role_of(track, seg) in ANCHORED:
            continue
        middle = seg.start_ms + seg.duration_ms // 2
        scene = next((s for s in scenes(draft) if s.start_ms <= middle < s.end_ms), None)
        if scene is not None:
            owners.setdefault(id(scene), []).append(seg)
    return owners


def stale_headlines(draft: Draft, scene: Segment) -> list[Segment]:
    """The scene's headlines that describe its media by name ("Beach sunset" over beach_sunset.jpg, 海滩 over
    beach.jpg): when the media is replaced they no longer fit it."""
    named = _name_words(scene)
    if not named:
        return []
    stale = []
    for seg in owned_texts(draft).get(id(scene), []):
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", seg.text or "")}
        words |= {english for chinese, found in g.SUBJECT_WORDS_ZH.items() if chinese in (seg.text or "")
                  for english in found}
        if seg.role == "subtitle" and words & named:
            stale.append(seg)
    return stale


def _name_words(scene: Segment) -> set[str]:
    """The words of a scene's media file name (three letters or more), when its source is an upload."""
    if scene.source is None or scene.source.kind != "media":
        return set()
    name = PurePosixPath(scene.name or scene.source.url or "").stem.lower()
    return {w for w in re.split(r"[^a-z]+", name) if len(w) >= 3 and w not in g.STOPWORDS}


def scene_text_span(start: int, end: int, title: Segment | None, cta: Segment | None) -> tuple[int, int]:
    """Where a scene's headline and caption go: the scene, minus the title and call-to-action windows."""
    first, last = start, end
    if title is not None and title.start_ms <= first < title.end_ms:
        first = title.end_ms
    if cta is not None and cta.start_ms < last <= cta.end_ms:
        last = cta.start_ms
    return (first, last) if last - first >= MIN_TEXT_MS else (start, end)


def lay_out_scene_texts(draft: Draft) -> None:
    """Fit every scene's headline and caption to its scene."""
    title = next((seg for _, seg in with_role(draft, "title")), None)
    cta = next((seg for _, seg in with_role(draft, "cta")), None)
    owners = owned_texts(draft)
    for scene in scenes(draft):
        start, end = scene_text_span(scene.start_ms, scene.end_ms, title, cta)
        for seg in owners.get(id(scene), []):
            if seg.role in LAID_OUT:
                seg.start_ms, seg.duration_ms = start, end - start
    sort_tracks(draft)


def sort_tracks(draft: Draft) -> None:
    """Keep every track's segments in time order."""
    for track in draft.tracks:
        track.segments.sort(key=lambda s: s.start_ms)


def refit(draft: Draft, old_end: int, new_end: int) -> None:
    """After the scenes changed length: the call to action follows the end, full-length items stretch, rest is cut."""
    main = main_track(draft)
    for track in draft.tracks:
        if track is main:
            continue
        for seg in list(track.segments):
            _refit_segment(draft, track, seg, old_end, new_end)
    draft.tracks = [t for t in draft.tracks if t.segments or t.type == TrackType.VIDEO]
    draft.duration_ms = new_end


def _refit_segment(draft: Draft, track: Track, seg: Segment, old_end: int, new_end: int) -> None:
    if track.type == TrackType.TEXT and role_of(track, seg) == "cta":
        seg.start_ms = max(0, seg.start_ms + new_end - old_end)
    elif abs(seg.end_ms - old_end) <= SAME_END_MS and seg.role not in LAID_OUT:
        seg.duration_ms = new_end - seg.start_ms
    if seg.start_ms >= new_end or seg.duration_ms <= 0:
        remove_segment(draft, seg)
    elif seg.end_ms > new_end:
        seg.duration_ms = new_end - seg.start_ms


def rearrange(draft: Draft, order: list[Segment]) -> None:
    """Lay scenes end to end in a new order (missing ones are dropped with their texts) and refit the rest."""
    track = main_track(draft)
    if track is None:
        return
    old_end = draft.end_ms()
    owners = owned_texts(draft)
    kept = {id(scene) for scene in order}
    for scene in track.segments:
        if id(scene) not in kept:
            for seg in owners.get(id(scene), []):
                remove_segment(draft, seg)
    clock = 0
    for scene in order:
        for seg in owners.get(id(scene), []):
            seg.start_ms += clock - scene.start_ms
        scene.start_ms, clock = clock, clock + scene.duration_ms
    track.segments = list(order)
    share_transitions(track)
    refit(draft, old_end, clock)
    lay_out_scene_texts(draft)


def share_transitions(track: Track) -> None:
    """A scene that lands after the first gets the crossfade the others have."""
    model = next((seg.transition for seg in track.segments if seg.transition is not None), None)
    for seg in track.segments[1:]:
        if model is not None and seg.transition is None:
            seg.transition = model.model_copy()


def scale(draft: Draft, new_end: int) -> None:
    """Stretch or squeeze every segment so the draft lasts `new_end` ms."""
    old_end = draft.end_ms()

    def at(moment: int) -> int:
        return (moment * new_end + old_end // 2) // old_end

    for track in draft.tracks:
        for seg in track.segments:
            start, end = at(seg.start_ms), at(seg.end_ms)
            seg.start_ms, seg.duration_ms = start, end - start
    draft.duration_ms = new_end
