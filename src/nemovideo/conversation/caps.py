"""How much a reply may carry: hosts drop tool results over about 1 MB, so agent text, track lists, change and
edit lists and the timeline as data are cut to fit, each with a note saying what was left out (the notes are in
messages.py).

A tool result carries the text twice (as content and inside the structured reply) and a Chinese character
takes three bytes: 60,000 characters a field keeps the text under about 540 KB, which leaves room for the timeline
as data (MAX_TIMELINE bytes of JSON, MAX_TRACKS tracks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pydantic_core

from nemovideo.conversation.messages import say
from nemovideo.conversation.reply import Reply
from nemovideo.conversation.timeline import Timeline, timeline
from nemovideo.draft import Draft
from nemovideo.draft_text import canvas_line, summary
from nemovideo.language import Language, detect

MAX_TEXT = 60_000  # characters in one text field of a reply
MAX_PART = MAX_TEXT // 2  # agent text, or a track list, inside a chat reply that may carry both
MAX_CHANGES = 200  # lines in a reply's list of changes (and entries in its list of edits)
MAX_TIMELINE = 100_000  # bytes of a reply's timeline as compact JSON ...
MAX_TRACKS = 200  # ... and tracks in it (a host checks structured data against the schema: 300 KB took seconds)


def note(key: str, count: int, lang: Language) -> str:
    """The note that says `count` characters (or changes) of a kind were left out."""
    return say(f"cut_{key}", lang, count=f"{count:,}")


def cap_text(text: str, lang: Language, key: str = "text", limit: int = MAX_TEXT) -> str:
    """The text itself, or as much of it as fits in `limit` characters together with a note saying how many more
    were left out."""
    if len(text) <= limit:
        return text
    room = max(limit - len(note(key, len(text), lang)) - 1, 0)  # the note's count never gets longer than this
    return text[:room] + "\n" + note(key, len(text) - room, lang)


def capped_overview(draft: Draft, lang: Language, limit: int = MAX_TEXT) -> str:
    """The track summary cut to fit `limit` characters, then (when there is something on the timeline) the line
    with its length, ratio and size, which is never cut."""
    if not draft.is_exportable():
        return cap_text(summary(draft, lang), lang, "summary", limit)
    canvas = canvas_line(draft, lang)
    return cap_text(summary(draft, lang), lang, "summary", max(limit - len(canvas) - 1, 0)) + "\n" + canvas


def json_size(value: Any) -> int:
    """Bytes of `value` as JSON, as MCP sends a resource (indented, so a tool result's compact JSON is smaller)."""
    return len(pydantic_core.to_json(value, fallback=str, indent=2))


def most_that_fit(count: int, fits: Callable[[int], bool]) -> int:
    """The largest n <= count for which `fits(n)` holds (0 if none does); `fits` must hold for every smaller n."""
    low, high = 0, count  # a binary search over whole dumps, since a dump is what has to fit
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def timeline_of(draft: Draft, uploads: Iterable[Mapping[str, Any]], lang: Language) -> Timeline:
    """The draft as data, cut to fit a reply (only the tracks that may be kept are made at all)."""
    return cap_timeline(timeline(draft, uploads, most=MAX_TRACKS), lang, total=len(draft.tracks))


def cap_timeline(data: Timeline, lang: Language, limit: int = MAX_TIMELINE, most: int = MAX_TRACKS,
                 total: int | None = None) -> Timeline:
    """The timeline, or as many of its first tracks (`most` at the most) as fit in about `limit` bytes of JSON with a
    note saying how many of its `total` tracks (those it has, unless told) were left out."""
    # Track by track, so that a timeline of 100,000 tracks costs only the dumps of the ones kept.
    tracks = data.tracks
    total = len(tracks) if total is None else total
    longest = say("cut_tracks", lang, total=total, shown=total, count=total)  # at least as long as the note kept
    used = _compact_size(data.model_copy(update={"tracks": [], "note": longest}).model_dump(mode="json"))
    kept = 0
    for track in tracks:
        used += _compact_size(track.model_dump(mode="json")) + 1  # and its comma
        if used > limit or kept == most:
            break
        kept += 1
    if kept == total:
        return data
    note_words = say("cut_tracks", lang, total=total, shown=kept, count=total - kept)
    return data.model_copy(update={"tracks": tracks[:kept], "note": note_words})


def _compact_size(value: Any) -> int:
    return len(pydantic_core.to_json(value, fallback=str))


def fit(reply: Reply, lang: Language | None = None) -> Reply:
    """The reply cut to what a host accepts (the same reply when it already fits)."""
    lang = lang or detect(reply.text[:2000], fallback="en")
    timeline = cap_timeline(reply.timeline, lang) if reply.timeline is not None else None
    if (len(reply.text) <= MAX_TEXT and len(reply.summary or "") <= MAX_TEXT and len(reply.changes) <= MAX_CHANGES
            and len(reply.edits) <= MAX_CHANGES and timeline is reply.timeline):
        return reply
    changes = reply.changes
    if len(changes) > MAX_CHANGES:
        changes = [*changes[:MAX_CHANGES], note("changes", len(changes) - MAX_CHANGES, lang)]
    edits = reply.edits
    if len(edits) > MAX_CHANGES:  # the readable list says how many edits the data leaves out
        edits = edits[:MAX_CHANGES]
        changes = [*changes, note("edits", len(reply.edits) - MAX_CHANGES, lang)]
    summary_text = cap_text(reply.summary, lang, "summary") if reply.summary else reply.summary
    return reply.model_copy(update={"text": cap_text(reply.text, lang), "summary": summary_text, "changes": changes,
                                    "edits": edits, "timeline": timeline})
