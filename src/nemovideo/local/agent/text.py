"""Titles and text overlays: add, change words, times, position, colour and size, remove."""

from __future__ import annotations

from dataclasses import replace

from nemovideo.draft import Draft, Segment, TextStyle, Track, TrackType, shown_spans
from nemovideo.draft_text import seconds
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.extract import Span
from nemovideo.local.agent.parse import Op
from nemovideo.local.agent.replies import POSITION_NAMES, TARGET_NAMES, join, say, span_words
from nemovideo.local.agent.timeline import (
    add_track,
    overlaps,
    place,
    remove_segment,
    role_of,
    scenes,
    stale_headlines,
    texts,
    with_role,
)
from nemovideo.local.agent.types import Refusal, Turn

ROLES_OF_TARGET: dict[str, tuple[str, ...]] = {
    "title": ("title",), "cta": ("cta",), "headlines": ("subtitle",), "captions": ("caption",),
    "overlays": ("overlay",),
}
# "Subtitles"/字幕 mean the captions; only a video without captions lets them name its headlines instead.
FALLBACK_ROLES: dict[str, tuple[str, ...]] = {"captions": ("subtitle",)}
COLOR_WORDS: dict[str, tuple[str, str]] = {
    "#FF3B30": ("red", "红色"), "#FF9F0A": ("orange", "橙色"), "#FFD60A": ("yellow", "黄色"),
    "#FFC857": ("gold", "金色"), "#30D158": ("green", "绿色"), "#0A84FF": ("blue", "蓝色"),
    "#BF5AF2": ("purple", "紫色"), "#FF6FB5": ("pink", "粉色"), "#FFFFFF": ("white", "白色"),
    "#000000": ("black", "黑色"), "#8E8E93": ("gray", "灰色"),
}
MIN_SIZE, MAX_SIZE = 16, 300


def resolve_span(span: Span | None, total: int, default_length: int) -> tuple[int, int]:
    """A requested time range on this draft, or a refusal when it falls outside."""
    start, end = (span or Span()).resolve(total, default_length)
    if total:
        end = min(end, total)
    if start < 0 or end <= start:
        raise Refusal("bad_span", total=seconds(total))
    return start, end


def apply_add_text(turn: Turn, op: Op) -> str:
    """Add a title (or replace the one there) or a text overlay; words placed that are there already move."""
    if not op.text:
        raise Refusal("need_text")
    if op.old_text and targets(turn, replace(op, target="quoted")):
        return apply_edit_text(turn, replace(op, name="edit_text", target="quoted", text=None))
    is_title = op.name == "add_title"
    existing = with_role(turn.draft, "title") if is_title else []
    total = turn.draft.end_ms()
    if existing:
        opening = existing[0][1]
        if op.span is None or _overlaps(resolve_span(op.span, total, g.TEXT_LENGTH_MS), opening):
            return _replace_title(turn, op, opening)
        # A title asked for at another time is a second heading there; the opening title stays.
        return _add_text(turn, op, total, title_look=True, role="overlay")
    return _add_text(turn, op, total, title_look=is_title, role="title" if is_title else "overlay")


def _overlaps(span: tuple[int, int], seg: Segment) -> bool:
    return span[0] < seg.end_ms and seg.start_ms < span[1]


def _add_text(turn: Turn, op: Op, total: int, *, title_look: bool, role: str) -> str:
    is_title = title_look
    closing = op.target == "credits"  # end credits: a closing card over the last seconds
    span = op.span or (Span(from_end=True, edge=True) if closing else None)
    # A new text lasts the whole video, unless it is a title or sits at an end ("at the end"): a few seconds.
    default = g.TEXT_LENGTH_MS if is_title or closing or (span and span.edge) or not total else total
    start, end = resolve_span(span, total, default)
    look = g.TITLE_LOOK if is_title else g.CTA_LOOK if closing else g.OVERLAY_LOOK
    seg = Segment(
        id=turn.ids.new("t"), start_ms=start, duration_ms=end - start, role=role,
        text=op.text, fade_in_ms=g.TEXT_FADE_MS, fade_out_ms=g.TEXT_FADE_MS,
        style=TextStyle(size=look.size, color=look.color, position=look.position, weight=look.weight),
    )
    _restyle(seg, op)
    place(_track_for(turn, seg), seg)
    key = "title_added" if is_title else "credits_added" if closing else "text_added"
    return say(key, turn.lang, text=op.text, **span_words(start, end), **_position_words(seg))


def _shown(draft: Draft) -> dict[int, tuple[int, int]]:
    """When each text is on screen (draft.shown_spans), by the identity of its segment."""
    return {id(seg): shown for track in draft.tracks if track.type == TrackType.TEXT
            for seg, shown in zip(track.segments, shown_spans(track), strict=True)}


def _giving_way(turn: Turn, before: dict[int, tuple[int, int]], edited: list[Segment]) -> list[str]:
    """What the reply says of texts in the same place that now take turns with an edited one (or no longer do)."""
    after = _shown(turn.draft)
    moved = [seg for _, seg in texts(turn.draft) if seg not in edited and after[id(seg)] != before.get(id(seg))
             and after[id(seg)] != (seg.start_ms, seg.end_ms)]
    return [say("gives_way", turn.lang, text=seg.text or "", **span_words(*after[id(seg)])) for seg in moved]


def _replace_title(turn: Turn, op: Op, seg: Segment) -> str:
    before = _shown(turn.draft)
    seg.text = op.text
    if op.span is not None:
        start, end = resolve_span(op.span, turn.draft.end_ms(), g.TEXT_LENGTH_MS)
        seg.start_ms, seg.duration_ms = start, end - start
    _restyle(seg, op)
    words = span_words(seg.start_ms, seg.end_ms)
    said = say("title_replaced", turn.lang, text=op.text, **words, **_position_words(seg))
    return join([said, *_giving_way(turn, before, [seg])], turn.lang)


def _position_words(seg: Segment) -> dict[str, str]:
    return POSITION_NAMES.both(seg.style.position if seg.style and seg.style.position else "center", "position")


def _track_for(turn: Turn, seg: Segment) -> Track:
    """A text track already holding this kind of text with room at that time, else a new one."""
    for track in turn.draft.tracks:
        same_kind = any(role_of(track, s) == seg.role for s in track.segments)
        if track.type == TrackType.TEXT and same_kind and not overlaps(track, seg.start_ms, seg.end_ms):
            return track
    if seg.role == "title":
        return add_track(turn, TrackType.TEXT, "Titles", "x")
    return add_track(turn, TrackType.TEXT, "Text", "o")


def _restyle(seg: Segment, op: Op) -> list[tuple[str, str]]:
    """Apply position, colour and size; the changes in words (English, Chinese)."""
    style = seg.style.model_copy() if seg.style else TextStyle()
    notes: list[tuple[str, str]] = []
    if op.position and op.position != style.position:
        style.position = op.position
        notes.append((f"position {POSITION_NAMES[op.position][0]}", f"位置{POSITION_NAMES[op.position][1]}"))
    if op.color and op.color != style.color:
        style.color = op.color
        english, chinese = COLOR_WORDS.get(op.color, (op.color, op.color))
        notes.append((f"colour {english}", f"颜色{chinese}"))
    new_size = _new_size(op, style.size or g.OVERLAY_LOOK.size)
    if new_size is not None and new_size != style.size:
        notes.append((f"size {style.size or '?'} → {new_size}", f"字号{style.size or '?'} → {new_size}"))
        style.size = new_size
    if op.font and op.font != style.font:
        style.font = op.font
        notes.append((f"font {op.font}", f"字体{op.font}"))
    if notes:
        seg.style = style
    return notes


def _new_size(op: Op, current: int) -> int | None:
    if op.size is not None:
        return max(MIN_SIZE, min(MAX_SIZE, op.size))
    if op.size_factor is not None:
        return max(MIN_SIZE, min(MAX_SIZE, round(current * op.size_factor)))
    return None


def targets(turn: Turn, op: Op) -> list[tuple[Track, Segment]]:
    """The texts a request points at: by role, by their words, by a price in them, or all of them.

    "The text" means the overlays; with none, a change of look means every text, but new words need
    one text: the only one there is, else a question.
    """
    if op.target == "quoted" and op.old_text:
        wanted = op.old_text.lower()
        exact = [(t, s) for t, s in texts(turn.draft) if (s.text or "").lower() == wanted]
        return exact or [(t, s) for t, s in texts(turn.draft) if wanted in (s.text or "").lower()]
    if op.target == "all":
        return texts(turn.draft)
    if op.target == "price":
        return [(t, s) for t, s in texts(turn.draft) if g.PRICE_TEXT.search(s.text or "")]
    if op.target == "credits":  # the texts added to close the video: the ones that end with it
        return [(t, s) for t, s in with_role(turn.draft, "overlay") if s.end_ms >= turn.draft.end_ms()]
    found = with_role(turn.draft, *ROLES_OF_TARGET.get(op.target or "overlays", ("overlay",)))
    if not found and op.target in FALLBACK_ROLES:
        found = with_role(turn.draft, *FALLBACK_ROLES[op.target])
    if not found and op.target in (None, "overlays"):
        every = texts(turn.draft)
        if op.text is None or len(every) == 1:
            return every
        raise Refusal("which_text")
    return found


def named_ids(turn: Turn, op: Op) -> list[str]:
    """The ids of the texts an operation points at (what the collateral guard lets it change)."""
    if op.name == "use_upload" and op.scene is not None:
        order = scenes(turn.draft)
        index = len(order) - 1 if op.scene == -1 else op.scene - 1
        # The headline that named the old media goes with it (scenes.apply_use_upload).
        stale = stale_headlines(turn.draft, order[index]) if 0 <= index < len(order) else []
        return [seg.id for seg in stale if seg.id]
    try:
        if op.name in ("edit_text", "remove_text"):
            return [seg.id for _, seg in targets(turn, op) if seg.id]
        if op.name == "add_text" and op.old_text:
            return [seg.id for _, seg in targets(turn, replace(op, target="quoted")) if seg.id]
    except Refusal:
        return []
    return []


def _what(op: Op, seg: Segment | None, many: bool) -> dict[str, str]:
    # Nothing found for "all text" is "any text": "I could not find all text" says something else.
    target = "any" if seg is None and op.target == "all" else op.target or "overlays"
    names = TARGET_NAMES.both(target, "what")
    if seg is None and op.target == "quoted" and op.old_text:
        names["what_en"] += f' "{op.old_text}"'
        names["what_zh"] += f"“{op.old_text}”"
    if seg is not None and seg.text and not many and op.target != "all":
        names["what_en"] += f' "{seg.text}"'
        names["what_zh"] += f"“{seg.text}”"
    return names


def apply_edit_text(turn: Turn, op: Op) -> str:
    """Change the words, time, position, colour or size of texts."""
    found = targets(turn, op)
    if not found and op.target == "credits" and op.text:  # "the end credits should read …" on a video without them
        return apply_add_text(turn, replace(op, name="add_text"))
    if not found:
        raise Refusal("no_text", **_what(op, None, False))
    if op.text is not None:
        if op.target in ("all", "headlines", "captions") and len(found) > 1:
            raise Refusal("which_text")  # one set of new words for several texts at once: which one is meant?
        found = [found[-1]]
    first = found[0][1]
    what = _what(op, first, len(found) > 1)
    before = _shown(turn.draft)
    notes = _edit_one(turn, op, first)
    for _, seg in found[1:]:
        _edit_one(turn, op, seg)
    if not notes:
        # A change that was asked for but is already so is a no-op, not a request to say what to change.
        asked = (op.text, op.span, op.position, op.color, op.size, op.size_factor, op.font)
        raise Refusal("no_change" if any(v is not None for v in asked) else "need_text_change")
    said = say("text_changed", turn.lang, **what, changes_en=", ".join(n[0] for n in notes),
               changes_zh="，".join(n[1] for n in notes))
    return join([said, *_giving_way(turn, before, [seg for _, seg in found])], turn.lang)


def element_span(span: Span, seg: Segment, role: str, total: int) -> tuple[int, int]:
    """Where a text goes when a request gives a time: a length alone keeps its start (a call to action, its end)."""
    if span.edge:  # "move the title to the end": there, for as long as it lasts
        return resolve_span(span, total, seg.duration_ms)
    if span.start_ms is None and not (span.from_end or span.whole):
        if span.length_ms is not None and role == "cta":
            return max(0, seg.end_ms - span.length_ms), seg.end_ms
        end = span.end_ms if span.end_ms is not None else seg.start_ms + (span.length_ms or g.TEXT_LENGTH_MS)
        if total:
            end = min(end, total)
        if end <= seg.start_ms:
            raise Refusal("bad_span", total=seconds(total))
        return seg.start_ms, end
    return resolve_span(span, total, g.TEXT_LENGTH_MS)


def _edit_one(turn: Turn, op: Op, seg: Segment) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if op.text is not None and op.text != seg.text:
        notes.append((f'words "{op.text}"', f"文字改为“{op.text}”"))
        seg.text = op.text
    if op.span is not None:
        start, end = element_span(op.span, seg, seg.role or "", turn.draft.end_ms())
        if (start, end) != (seg.start_ms, seg.end_ms):
            seg.start_ms, seg.duration_ms = start, end - start
            words = span_words(start, end)
            notes.append((f"time {words['span_en']}", f"时间{words['span_zh']}"))
    notes += _restyle(seg, op)
    return notes


def apply_remove_text(turn: Turn, op: Op) -> str:
    """Remove the texts a request points at."""
    found = targets(turn, op)
    if not found:
        raise Refusal("no_text", **_what(op, None, False))
    what = _what(op, found[0][1], len(found) > 1)
    for _, seg in found:
        remove_segment(turn.draft, seg)
    return say("text_removed", turn.lang, **what)
