"""Background music: add, restyle, replace with an upload, volume, fades, remove."""

from __future__ import annotations

from nemovideo.draft import Segment, Source, TrackType
from nemovideo.draft_text import seconds
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.parse import Op
from nemovideo.local.agent.replies import STYLE_NAMES, TRACK_NAMES, say
from nemovideo.local.agent.timeline import add_track, bgm, remove_segment
from nemovideo.local.agent.types import Refusal, Turn, Upload
from nemovideo.local.agent.uploads import resolve

STYLE_CYCLE = ("lofi", "upbeat", "calm")


def percent(volume: float) -> int:
    """A volume as a whole percentage."""
    return round(volume * 100)


def apply_bgm(turn: Turn, op: Op) -> str:
    """Add music, or change the music that is there."""
    song = resolve(turn, op.upload, ("audio",)) if op.upload else None
    found = bgm(turn.draft)
    if found is None:
        if op.name == "edit_bgm" and not (op.style or song):
            raise Refusal("no_bgm")
        return _add(turn, op, song)
    return _change(turn, op, found[1], song)


def _add(turn: Turn, op: Op, song: Upload | None) -> str:
    total = turn.draft.end_ms()
    if total <= 0:
        raise Refusal("empty_draft")
    start, end = op.span.resolve(total, total) if op.span else (0, total)
    end = min(end, total)
    if not 0 <= start < end:
        raise Refusal("bad_span", total=seconds(total))
    style = op.style or "lofi"
    volume = op.volume if op.volume is not None else g.BGM_VOLUME
    seg = Segment(
        id=turn.ids.new("m"), start_ms=start, duration_ms=end - start, role="bgm",
        source=_source(song, style), name=song.filename if song else TRACK_NAMES[style],
        volume=volume, fade_in_ms=op.fade_in_ms or g.BGM_FADE_IN_MS, fade_out_ms=op.fade_out_ms or g.BGM_FADE_OUT_MS,
    )
    add_track(turn, TrackType.AUDIO, "BGM", "a").segments.append(seg)
    if song:
        return say("bgm_added_upload", turn.lang, name=song.filename, percent=percent(volume))
    return say("bgm_added", turn.lang, percent=percent(volume), **STYLE_NAMES.both(style, "style"))


def _source(song: Upload | None, style: str) -> Source:
    if song is not None:
        return Source(kind="media", url=song.url, media_id=song.media_id, in_ms=0)
    return Source(kind="music", style=style)


def _change(turn: Turn, op: Op, seg: Segment, song: Upload | None) -> str:
    english: list[str] = []
    chinese: list[str] = []
    style = _new_style(op, seg, song)
    if song is not None or style is not None:
        seg.source = _source(song, style or "lofi")
        seg.name = song.filename if song else TRACK_NAMES[style or "lofi"]
        english.append(f'now "{song.filename}"' if song else f"style {STYLE_NAMES[style or 'lofi'][0]}")
        chinese.append(f"换成“{song.filename}”" if song else f"风格改为{STYLE_NAMES[style or 'lofi'][1]}")
    _change_volume(op, seg, english, chinese)
    _change_fades(op, seg, english, chinese)
    if not english and (op.style or op.volume is not None or op.fade_in_ms or op.fade_out_ms):
        raise Refusal("no_change")
    if not english:
        raise Refusal("bgm_exists", percent=percent(seg.volume or 0), **STYLE_NAMES.both(_style_of(seg), "style"))
    return say("bgm_changed", turn.lang, changes_en=", ".join(english), changes_zh="，".join(chinese))


def _style_of(seg: Segment) -> str:
    return seg.source.style if seg.source is not None and seg.source.style else "lofi"


def _new_style(op: Op, seg: Segment, song: Upload | None) -> str | None:
    if song is not None:
        return None
    if op.style is not None:
        is_same = seg.source is not None and seg.source.kind == "music" and seg.source.style == op.style
        return None if is_same else op.style
    if op.name == "edit_bgm" and not _says_anything_else(op):
        current = _style_of(seg)
        return STYLE_CYCLE[(STYLE_CYCLE.index(current) + 1) % len(STYLE_CYCLE)] if current in STYLE_CYCLE else "lofi"
    return None


def _says_anything_else(op: Op) -> bool:
    return any(v is not None for v in (op.volume, op.volume_step, op.fade_in_ms, op.fade_out_ms, op.span))


def _change_volume(op: Op, seg: Segment, english: list[str], chinese: list[str]) -> None:
    before = seg.volume if seg.volume is not None else 1.0
    after = before
    if op.volume is not None:
        after = op.volume
    elif op.volume_step is not None:
        floor = 0.0 if op.volume_step <= -1 else g.MIN_VOLUME
        after = round(min(1.0, max(floor, before + op.volume_step)), 2)
    if after != before or (op.volume is not None and seg.volume is None):
        seg.volume = after
        english.append(f"volume {percent(before)}% → {percent(after)}%")
        chinese.append(f"音量{percent(before)}% → {percent(after)}%")


def _change_fades(op: Op, seg: Segment, english: list[str], chinese: list[str]) -> None:
    if op.fade_in_ms is not None:
        seg.fade_in_ms = op.fade_in_ms
        english.append(f"fade-in {seconds(op.fade_in_ms)}s")
        chinese.append(f"淡入{seconds(op.fade_in_ms)}秒")
    if op.fade_out_ms is not None:
        seg.fade_out_ms = op.fade_out_ms
        english.append(f"fade-out {seconds(op.fade_out_ms)}s")
        chinese.append(f"淡出{seconds(op.fade_out_ms)}秒")


def apply_remove_bgm(turn: Turn, op: Op) -> str:
    """Remove the background music."""
    found = bgm(turn.draft)
    if found is None:
        raise Refusal("no_bgm")
    for seg in list(found[0].segments):
        remove_segment(turn.draft, seg)
    return say("bgm_removed", turn.lang)
