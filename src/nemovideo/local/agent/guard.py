"""Collateral safety, in one place: an edit may change only the elements its request named.

Before each operation runs, `allowance` says what it may touch: whole kinds of element (a ratio change
the canvas, a length change the scenes, texts laid on them, the music and the call to action) or
single texts (the ones a text edit points at). After all operations ran, `strays` compares the drafts
element by element; anything changed outside the allowance undoes the whole turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from nemovideo.draft import Draft, Track, TrackType
from nemovideo.local.agent.parse import Op
from nemovideo.local.agent.timeline import role_of, scenes, texts

TEXT_KINDS = frozenset({"title", "cta", "subtitle", "caption", "overlay"})
TIMED = frozenset({"length", "scene", "subtitle", "caption", "overlay", "bgm", "cta"})
KINDS: dict[str, frozenset[str]] = {
    "add_bgm": frozenset({"bgm"}), "edit_bgm": frozenset({"bgm"}), "remove_bgm": frozenset({"bgm"}),
    "add_title": frozenset({"title", "overlay"}), "add_text": frozenset({"overlay"}),
    "set_ratio": frozenset({"canvas"}), "set_duration": TIMED,
    "move_scene": frozenset({"scene", "subtitle", "caption", "overlay"}),
    "swap_scenes": frozenset({"scene", "subtitle", "caption", "overlay"}),
    "remove_scene": TIMED, "use_upload": TIMED,
}


@dataclass
class Allowance:
    """What a turn may change: every element of some kinds, and some single segments."""

    kinds: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def add(self, other: Allowance) -> None:
        """Allow what another allowance allows too."""
        self.kinds |= other.kinds
        self.ids |= other.ids


def allowance(op: Op, draft: Draft, named: list[str]) -> Allowance:
    """What one operation may change on the draft it is about to run on; `named` are the texts it points at."""
    kinds = set(KINDS.get(op.name, frozenset()))
    if op.name == "set_duration" and _title_outlasts(draft, op):
        kinds.add("title")
    if op.target == "credits":
        kinds.add("overlay")  # end credits are texts you add: new words for them add them when there are none
    if op.name == "use_upload" and op.scene is not None:
        kinds = {"scene"}  # in place: same slot, same length
    if op.name == "use_upload" and not scenes(draft):
        kinds.add("canvas")  # the first scene of an empty project gives it its shape
    return Allowance(kinds, set(named))


def _title_outlasts(draft: Draft, op: Op) -> bool:
    ends = [seg.end_ms for track, seg in texts(draft) if role_of(track, seg) == "title"]
    new_length = op.length_ms or round(draft.end_ms() * (op.length_factor or 1))
    return any(end > new_length for end in ends)


def kind_of(track: Track, role: str) -> str:
    """The kind of element a segment of a track is."""
    if track.type == TrackType.VIDEO:
        return "scene"
    if track.type == TrackType.AUDIO:
        return "bgm"
    return role if role in TEXT_KINDS else "overlay"


def elements(draft: Draft) -> dict[str, tuple[str, str]]:
    """Every element of a draft by a stable key: (its kind, its content as JSON)."""
    meta = draft.meta.model_dump(mode="json", by_alias=True, exclude_none=True)
    found = {
        "canvas": ("canvas", json.dumps([meta.pop(k, None) for k in ("width", "height", "ratio")])),
        "meta:title": ("title", json.dumps(meta.pop("title", None))),
        "meta": ("other", json.dumps(meta, sort_keys=True)),
        "length": ("length", json.dumps(draft.duration_ms)),
    }
    for index, track in enumerate(draft.tracks):
        if track.type != TrackType.TEXT:
            shape = {"id": track.id, "type": int(track.type), "name": track.name}
            found[f"track:{track.id or index}"] = (kind_of(track, ""), json.dumps(shape, sort_keys=True))
        for position, seg in enumerate(track.segments):
            content = json.dumps(seg.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True)
            key = seg.id or f"{track.id or index}#{position}"  # a segment without an id is known by its place
            found[f"seg:{key}"] = (kind_of(track, role_of(track, seg)), content)
    return found


def strays(before: Draft, after: Draft, allowed: Allowance) -> list[str]:
    """The kinds of element that changed without being allowed to (empty when the edit kept to its own)."""
    old, new = elements(before), elements(after)
    found: set[str] = set()
    for key in old.keys() | new.keys():
        if old.get(key) == new.get(key):
            continue
        kind = (new.get(key) or old[key])[0]
        if kind not in allowed.kinds and key.removeprefix("seg:") not in allowed.ids:
            found.add(kind)
    return sorted(found)
