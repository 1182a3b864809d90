"""Words for drafts: the track summary and what changed between two revisions (English, Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from nemovideo.draft import Draft, Segment, Track, TrackType, shown_spans
from nemovideo.language import Language

MAX_LISTED = 6

LABELS: dict[str, dict[Language, str]] = {
    "video": {"en": "Video", "zh": "视频"},
    "bgm": {"en": "BGM", "zh": "背景音乐"},
    "audio": {"en": "Audio", "zh": "音频"},
    "voice": {"en": "Voice-over", "zh": "配音"},
    "title": {"en": "Title", "zh": "标题"},
    "text": {"en": "Text", "zh": "文字"},
    "canvas": {"en": "Canvas", "zh": "画面比例"},
    "duration": {"en": "Length", "zh": "时长"},
}
VERBS: dict[str, dict[Language, str]] = {
    "added": {"en": "added", "zh": "已添加"},
    "removed": {"en": "removed", "zh": "已删除"},
    "changed": {"en": "changed", "zh": "已修改"},
}


def seconds(ms: int) -> str:
    """Milliseconds as compact seconds: 3000 -> '3', 7800 -> '7.8'."""
    return f"{ms / 1000:.1f}".rstrip("0").rstrip(".")


def span(seg: Segment, lang: Language, extra: str = "") -> str:
    """A segment's time range, e.g. '(0-3s)' or '（0-3秒）'."""
    times = f"{seconds(seg.start_ms)}-{seconds(seg.end_ms)}"
    if lang == "zh":
        return f"（{times}秒{'，' + extra if extra else ''}）"
    return f"({times}s{', ' + extra if extra else ''})"


def kind_of(track: Track, seg: Segment | None = None) -> str:
    """The label key for a segment (or a track's first segment)."""
    seg = seg or (track.segments[0] if track.segments else None)
    role = (seg.role if seg else None) or ""
    if track.type == TrackType.TEXT:
        if role == "title" or (not role and len(track.segments) == 1):
            return "title"
        return "text"
    if track.type == TrackType.AUDIO:
        if role == "voice":
            return "voice"
        is_music = seg is not None and seg.source is not None and seg.source.kind == "music"
        named_music = any(w in (track.name or "").lower() for w in ("bgm", "music"))
        return "bgm" if role == "bgm" or is_music or named_music else "audio"
    return "video"


def name_of(seg: Segment, lang: Language) -> str:
    """What a person would call a segment."""
    if seg.text:
        return f'"{seg.text}"'
    if seg.name:
        return seg.name
    src = seg.source
    if src is not None and src.url:
        return PurePosixPath(src.url.split("?")[0]).name or src.url
    if src is not None and src.kind == "music":
        return (src.style or "music").title() if lang == "en" else f"{src.style or ''}音乐"
    if src is not None and src.kind in ("color", "gradient"):
        return "colour scene" if lang == "en" else "色彩场景"
    return "clip" if lang == "en" else "片段"


def describe(track: Track, seg: Segment, lang: Language, shown: tuple[int, int] | None = None) -> str:
    """One segment with its times, for sound its volume, and for a text that gives way its time on screen."""
    extra = f"{round(seg.volume * 100)}%" if seg.volume is not None and track.type == TrackType.AUDIO else ""
    if shown is not None and shown != (seg.start_ms, seg.end_ms):
        times = f"{seconds(shown[0])}-{seconds(shown[1])}"
        extra = f"on screen {times}s" if lang == "en" else f"{times}秒显示"
    return f"{name_of(seg, lang)} {span(seg, lang, extra)}" if lang == "en" else name_of(seg, lang) + span(
        seg, lang, extra
    )


def summary(draft: Draft, lang: Language = "en") -> str:
    """`Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) ...`."""
    tracks = [t for t in draft.tracks if t.segments]
    if not tracks:
        return "Timeline is empty." if lang == "en" else "时间线为空。"
    items = [f"{number}. {_track_line(track, lang)}" for number, track in enumerate(tracks, 1)]
    head = f"Timeline ({len(tracks)} tracks): " if lang == "en" else f"时间线（{len(tracks)} 条轨道）："
    if len(tracks) == 1 and lang == "en":
        head = "Timeline (1 track): "
    return head + " ".join(items)


def canvas_line(draft: Draft, lang: Language = "en") -> str:
    """`Length 10s, 16:9, 1920x1080.`: what a track list does not show."""
    width, height = draft.canvas()
    if lang == "zh":
        return f"时长{seconds(draft.end_ms())}秒，{draft.ratio()}，{width}x{height}。"
    return f"Length {seconds(draft.end_ms())}s, {draft.ratio()}, {width}x{height}."


def overview(draft: Draft, lang: Language = "en") -> str:
    """The summary line, then (when there is something on the timeline) the length, ratio and size."""
    head = summary(draft, lang)
    return f"{head}\n{canvas_line(draft, lang)}" if draft.is_exportable() else head


def _track_line(track: Track, lang: Language) -> str:
    """'Title: "Urban Dreams" (0-3s); Text: "Fresh roast" (3-7.5s), ...': a label for each run of one kind."""
    sep, comma = (": ", ", ") if lang == "en" else ("：", "，")
    runs: list[tuple[str, list[str]]] = []
    for seg, shown in list(zip(track.segments, shown_spans(track), strict=True))[:MAX_LISTED]:
        kind = kind_of(track, seg)
        if not runs or runs[-1][0] != kind:
            runs.append((kind, []))
        runs[-1][1].append(describe(track, seg, lang, shown))
    hidden = len(track.segments) - MAX_LISTED
    if hidden > 0:
        runs[-1][1].append(f"… and {hidden} more" if lang == "en" else f"……另有 {hidden} 个")
    joiner = "; " if lang == "en" else "；"
    return joiner.join(f"{LABELS[kind][lang]}{sep}{comma.join(listed)}" for kind, listed in runs)


@dataclass(frozen=True)
class Change:
    """One difference between two drafts."""

    verb: str  # added | removed | changed
    kind: str  # a LABELS key
    what: str  # the segment or property, already in the target language
    detail: str = ""

    def render(self, lang: Language = "en") -> str:
        """E.g. `✅ Title added: "Paradise Found" (0-3s)`."""
        label = LABELS[self.kind][lang]
        if lang == "zh":
            tail = f"：{self.what}" + (f"（{self.detail}）" if self.detail else "")
            return f"✅ {VERBS[self.verb][lang]}{label}{tail}"
        tail = f": {self.what}" + (f" ({self.detail})" if self.detail else "")
        return f"✅ {label} {VERBS[self.verb][lang]}{tail}"


def diff(before: Draft, after: Draft, lang: Language = "en") -> list[Change]:
    """What was added, removed or changed from one draft to the next."""
    changes: list[Change] = []
    if before.ratio() != after.ratio() and after.is_exportable():
        changes.append(Change("changed", "canvas", f"{before.ratio()} → {after.ratio()}"))
    old, new = keyed_segments(before), keyed_segments(after)
    for key, (track, seg) in new.items():
        if key not in old:
            changes.append(Change("added", kind_of(track, seg), describe(track, seg, lang)))
            continue
        detail = _changed_fields(old[key][1], seg, lang)
        if detail:
            changes.append(Change("changed", kind_of(track, seg), describe(track, seg, lang), detail))
    for key, (track, seg) in old.items():
        if key not in new:
            changes.append(Change("removed", kind_of(track, seg), describe(track, seg, lang)))
    if not changes and before.end_ms() != after.end_ms():
        changes.append(Change("changed", "duration", f"{seconds(before.end_ms())}s → {seconds(after.end_ms())}s"))
    return changes


def keyed_segments(draft: Draft) -> dict[str, tuple[Track, Segment]]:
    """Every segment with its track, by the key that matches it across revisions: its id, else its track and place."""
    found: dict[str, tuple[Track, Segment]] = {}
    for t_index, track in enumerate(draft.tracks):
        for s_index, seg in enumerate(track.segments):
            key = seg.id or f"{track.id or t_index}/{track.type}/{s_index}"
            found[key] = (track, seg)
    return found


def _changed_fields(old: Segment, new: Segment, lang: Language) -> str:
    notes: list[str] = []
    zh = lang == "zh"
    if old.text != new.text:
        notes.append(f'"{old.text}" → "{new.text}"' if old.text else ("文字" if zh else "text"))
    if (old.start_ms, old.end_ms) != (new.start_ms, new.end_ms):
        notes.append(f"{seconds(old.start_ms)}-{seconds(old.end_ms)}{'秒' if zh else 's'} → "
                     f"{seconds(new.start_ms)}-{seconds(new.end_ms)}{'秒' if zh else 's'}")
    if old.volume != new.volume and new.volume is not None:
        before = f"{round(old.volume * 100)}%" if old.volume is not None else "?"
        notes.append(f"{'音量' if zh else 'volume'} {before} → {round(new.volume * 100)}%")
    if old.source != new.source:
        notes.append("素材已替换" if zh else "new source")
    if old.style != new.style:
        notes.append("样式" if zh else "style")
    if (old.fade_in_ms, old.fade_out_ms) != (new.fade_in_ms, new.fade_out_ms):
        notes.append("淡入淡出" if zh else "fades")
    if old.transition != new.transition or old.motion != new.motion:
        notes.append("转场与动效" if zh else "transition and motion")
    return ", ".join(notes) if not zh else "，".join(notes)
