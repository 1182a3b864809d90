"""GUI-speak translation: the backend talks as if there were buttons; there are none.

Each sentence (or Chinese clause) that tells the user to click, open, drag or check something is
removed and replaced by what the product does instead, recorded as a follow-up action:
export (run or offer the export), state (show the session state), summary (show the track
summary), credits (show the balance), edit (ask for the change in words: it is sent through chat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from nemovideo.language import has_chinese

FollowUp = Literal["export", "state", "summary", "credits", "edit"]

_RULES: list[tuple[FollowUp, re.Pattern[str]]] = [
    ("export", re.compile(
        r"\b(?:click|tap|press|hit|use|select|choose)\b[^.!?]*\bexport\b|\bexport button\b|\bexport (?:panel|menu)\b"
        r"|(?:点击|点|按|选择|使用)[^。！？，,]*导出|导出按钮|导出菜单", re.IGNORECASE)),
    ("summary", re.compile(
        r"\bpreview\b[^.!?]*\btimeline\b|\btimeline\b[^.!?]*\bpreview\b"
        r"|\bplay(?:back)? (?:it )?in the (?:editor|timeline)\b"
        r"|时间线[^。！？，,]*预览|预览[^。！？，,]*时间线|在时间轴[^。！？，,]*(?:查看|预览)", re.IGNORECASE)),
    ("credits", re.compile(
        r"\b(?:check|open|visit|go to)\b[^.!?]*\b(?:account|billing|subscription|balance)\b"
        r"|(?:查看|打开|前往)[^。！？，,]*(?:账户|账单|充值|订阅)", re.IGNORECASE)),
    ("edit", re.compile(r"\bdrag(?:ging)?\b|\bdrop (?:it|them|the)\b|拖拽|拖动|拖到|拖入", re.IGNORECASE)),
    ("state", re.compile(
        r"\b(?:open|expand|go to|switch to)\b[^.!?]*\b(?:panel|tab|sidebar|library|editor|menu|settings)\b"
        r"|打开[^。！？，,]*(?:面板|标签|侧边栏|素材库|编辑器|菜单|设置)", re.IGNORECASE)),
    ("state", re.compile(r"\b(?:click|tap|press)\b[^.!?]*\bbutton\b|(?:点击|点一下)[^。！？，,]*(?:按钮|图标)",
                         re.IGNORECASE)),
]
# A sentence ends at . ! ? followed by a space (not inside "song.mp3" or "3.5"), at 。！？ or a newline.
_SENTENCES = re.compile(r"(?:[^.!?。！？\n]|[.!?](?=[^\s.!?]))+(?:[.!?。！？]+[ \t]*|\n|$)")
_ZH_CLAUSES = re.compile(r"[^，,；;]+[，,；;]?")


@dataclass(frozen=True)
class Translation:
    """The text a person reads and what to do instead of the GUI instructions."""

    text: str
    follow_ups: list[FollowUp] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _classify(piece: str) -> FollowUp | None:
    for follow_up, pattern in _RULES:
        if pattern.search(piece):
            return follow_up
    return None


def translate(text: str) -> Translation:
    """Strip GUI instructions from a backend reply and say what to do instead."""
    kept: list[str] = []
    follow_ups: list[FollowUp] = []
    removed: list[str] = []
    for sentence in _SENTENCES.findall(text):
        if not sentence.strip():
            continue
        pieces = _ZH_CLAUSES.findall(sentence) if has_chinese(sentence) else [sentence]
        survivors = []
        for piece in pieces:
            follow_up = _classify(piece)
            if follow_up is None:
                survivors.append(piece)
                continue
            removed.append(piece.strip())
            if follow_up not in follow_ups:
                follow_ups.append(follow_up)
        kept.append(_rejoin(survivors, sentence))
    cleaned = re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip()
    return Translation(cleaned, follow_ups, removed)


def _rejoin(survivors: list[str], sentence: str) -> str:
    if not survivors:
        return ""
    joined = "".join(survivors)
    end = re.search(r"[.!?。！？]+", sentence.rstrip()[-3:])
    if end and not re.search(r"[.!?。！？]\s*$", joined):
        # A trailing clause was removed ("…，点击导出。"): end the survivors with the sentence's own stop.
        joined = joined.rstrip("，,；; ") + end.group(0) + sentence[len(sentence.rstrip()):]
    return joined
