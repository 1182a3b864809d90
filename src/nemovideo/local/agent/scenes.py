"""The shape of the video: aspect ratio, length, and scenes (move, swap, remove, fill from an upload)."""

from __future__ import annotations

from nemovideo.draft import CANVASES, Motion, Segment, Source, TrackType, Transition
from nemovideo.draft_text import seconds
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.extract import UploadRef
from nemovideo.local.agent.parse import Op
from nemovideo.local.agent.replies import say
from nemovideo.local.agent.timeline import (
    SAME_END_MS,
    add_track,
    bgm,
    lay_out_scene_texts,
    main_track,
    rearrange,
    remove_segment,
    scale,
    scenes,
    stale_headlines,
    with_role,
)
from nemovideo.local.agent.types import Refusal, Turn, Upload
from nemovideo.local.agent.uploads import resolve

IMAGE_SCENE_MS = 5000
MAX_CLIP_SCENE_MS = 15000


def apply_ratio(turn: Turn, op: Op) -> str:
    """Change the canvas to 16:9, 9:16 or 1:1."""
    ratio = op.ratio or "16:9"
    meta = turn.draft.meta
    width, height = CANVASES[ratio]
    if (meta.width, meta.height) == (width, height) or (not meta.width and turn.draft.ratio() == ratio and meta.ratio):
        raise Refusal("ratio_same", ratio=ratio)
    meta.width, meta.height, meta.ratio = width, height, ratio
    return say("ratio_changed", turn.lang, ratio=ratio, width=width, height=height)


def apply_duration(turn: Turn, op: Op) -> str:
    """Change the length, scaling every scene, text and sound to fit."""
    total = turn.draft.end_ms()
    if total <= 0:
        raise Refusal("empty_draft")
    # A step ("shorter": x0.75) is kept to the hundredth of a second: 15 s -> 11.25 s, not rounded to 11.2 s.
    wanted = op.length_ms if op.length_ms is not None else round(total * (op.length_factor or 1) / 10) * 10
    if not g.MIN_LENGTH_MS <= wanted <= g.MAX_LENGTH_MS:
        raise Refusal("bad_length", low=g.MIN_LENGTH_MS // 1000, high=g.MAX_LENGTH_MS // 1000)
    if wanted == total:
        raise Refusal("duration_same", new=seconds(total))
    # The title and the call to action keep their lengths (at the start, at the end); the rest is rescaled.
    anchored = [(seg, seg.start_ms, seg.duration_ms, seg.end_ms >= total - SAME_END_MS)
                for _, seg in with_role(turn.draft, "title", "cta")]
    words = _scaled_words(turn, [seg.role or "" for seg, *_ in anchored])
    scale(turn.draft, wanted)
    for seg, start, length, at_end in anchored:
        if seg.role == "cta" and at_end:
            start = max(0, wanted - length)
        seg.start_ms, seg.duration_ms = min(start, wanted - 1), max(1, min(length, wanted - min(start, wanted - 1)))
    lay_out_scene_texts(turn.draft)
    return say("duration_changed", turn.lang, old=seconds(total), new=seconds(wanted), **words)


def _scaled_words(turn: Turn, kept: list[str]) -> dict[str, str]:
    """What a length change scales and what keeps its length, naming only what the video has (music removed: none)."""
    many = len(scenes(turn.draft)) > 1
    scaled = [("the scenes" if many else "the scene", "场景")]
    if with_role(turn.draft, "subtitle", "caption", "overlay"):
        scaled.append(("their texts" if many else "its texts", "场景文字"))
    if bgm(turn.draft) is not None:
        scaled.append(("the music", "音乐"))
    verb = "were" if many or len(scaled) > 1 else "was"
    names = [name for role, name in (("title", ("the title", "标题")), ("cta", ("the call to action", "行动号召")))
             if role in kept]
    kept_en = " and ".join(n[0] for n in names)
    kept_en = (f", {kept_en} {'keep their lengths' if len(names) > 1 else 'keeps its length'}") if names else ""
    kept_zh = f"，{'和'.join(n[1] for n in names)}保持原有时长" if names else ""
    return {"scaled_en": f"{_and([n[0] for n in scaled])} {verb}",
            "scaled_zh": _and([n[1] for n in scaled], "、", "和"), "kept_en": kept_en, "kept_zh": kept_zh}


def _and(items: list[str], comma: str = ", ", last: str = " and ") -> str:
    """Items as a list in a sentence: "a, b and c" / "a、b和c"."""
    return items[0] if len(items) == 1 else f"{comma.join(items[:-1])}{last}{items[-1]}"


def scene_index(turn: Turn, ref: int | None, allow_next: bool = False) -> int:
    """A 1-based scene reference (-1 = last) as a 0-based index, or a refusal."""
    count = len(scenes(turn.draft))
    if count == 0 and not allow_next:
        raise Refusal("no_scenes")
    index = count - 1 if ref == -1 else (ref or 0) - 1
    if not 0 <= index < count + (1 if allow_next else 0):
        raise Refusal("no_scene", scene=ref, count=count)
    return index


def apply_move(turn: Turn, op: Op) -> str:
    """Move one scene to the start, the end, a position, or before/after another."""
    order = scenes(turn.draft)
    index = scene_index(turn, op.scene)
    if op.dest is None:
        raise Refusal("need_dest")
    anchor = order[scene_index(turn, op.dest_scene)] if op.dest in ("before", "after") else None
    moving = order.pop(index)
    if anchor is not None and anchor is moving:
        raise Refusal("scene_in_place", scene=index + 1)
    if anchor is not None:
        to = order.index(anchor) + (1 if op.dest == "after" else 0)
    elif op.dest == "position":
        to = scene_index(turn, op.dest_scene)
    else:
        to = 0 if op.dest == "start" else len(order)
    if to == index:
        raise Refusal("scene_in_place", scene=index + 1)
    order.insert(to, moving)
    rearrange(turn.draft, order)
    return say("scene_moved", turn.lang, scene=index + 1, to=to + 1)


def apply_swap(turn: Turn, op: Op) -> str:
    """Swap two scenes."""
    order = scenes(turn.draft)
    if op.scene is None and len(order) != 2:  # "swap the scenes" names both only when there are two
        raise Refusal("which_scenes" if len(order) > 2 else "nothing_to_swap", count=len(order))
    first, second = scene_index(turn, op.scene or 1), scene_index(turn, op.dest_scene or 2)
    if first == second:
        raise Refusal("scene_in_place", scene=first + 1)
    order[first], order[second] = order[second], order[first]
    rearrange(turn.draft, order)
    return say("scenes_swapped", turn.lang, first=min(first, second) + 1, second=max(first, second) + 1)


def apply_remove_scene(turn: Turn, op: Op) -> str:
    """Remove a scene (and its texts); later scenes move up."""
    order = scenes(turn.draft)
    index = scene_index(turn, op.scene)
    if len(order) == 1:
        raise Refusal("only_scene")
    order.pop(index)
    rearrange(turn.draft, order)
    return say("scene_removed", turn.lang, scene=index + 1, length=seconds(turn.draft.end_ms()))


def apply_use_upload(turn: Turn, op: Op) -> str:
    """Fill a scene with the upload named, or add it as a new scene (at the start, the end, before or after one)."""
    upload = resolve(turn, op.upload or UploadRef(latest=True))
    order = scenes(turn.draft)
    index = scene_index(turn, op.scene, allow_next=True) if op.scene is not None else None
    if index is not None and index < len(order):
        stale = stale_headlines(turn.draft, order[index])
        _fill(order[index], upload, index)
        for seg in stale:
            remove_segment(turn.draft, seg)
        if stale:
            return say("scene_replaced_headline", turn.lang, scene=index + 1, name=upload.filename,
                       text=stale[0].text)
        return say("scene_replaced", turn.lang, scene=index + 1, name=upload.filename)
    if op.dest in ("before", "after"):
        index = scene_index(turn, op.dest_scene) + (1 if op.dest == "after" else 0)
    at = index if index is not None else 0 if op.dest == "start" else len(order)
    seg = Segment(id=turn.ids.new("s"), start_ms=0, duration_ms=_length_of(upload), role="scene")
    _fill(seg, upload, at)
    if at > 0:
        seg.transition = Transition(type="fade", duration_ms=400)
    if main_track(turn.draft) is None:
        add_track(turn, TrackType.VIDEO, "Video", "v")
        _canvas_from(turn, upload)
    order.insert(at, seg)
    rearrange(turn.draft, order)
    return say("scene_added", turn.lang, name=upload.filename, scene=at + 1, length=seconds(seg.duration_ms))


def _fill(seg: Segment, upload: Upload, index: int) -> None:
    seg.source = Source(kind="media", url=upload.url, media_id=upload.media_id, in_ms=0)
    seg.name = upload.filename
    still = upload.kind == "image"
    seg.motion = Motion(type="zoom_in" if index % 2 == 0 else "zoom_out", amount=0.08) if still else None


def _length_of(upload: Upload) -> int:
    if upload.kind == "video" and upload.duration_ms:
        return max(1000, min(MAX_CLIP_SCENE_MS, upload.duration_ms))
    return IMAGE_SCENE_MS


def _canvas_from(turn: Turn, upload: Upload) -> None:
    meta = turn.draft.meta
    if meta.width or not (upload.width and upload.height):
        return
    shape = upload.width / upload.height
    ratio = "9:16" if shape < 0.8 else "1:1" if shape < 1.25 else "16:9"
    meta.width, meta.height = CANVASES[ratio]
    meta.ratio = ratio
