"""Utterance (plus attachments) -> export | credits | state | upload | chat, with the rule that matched.

Direct actions match only when the whole utterance is that request ("export", "余额还有多少?",
"show tracks"); the same word used in passing inside an edit ("add end credits", "make the
download button red") goes to chat, and a negated export ("don't export yet", "先别导出") is chat.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["export", "credits", "state", "upload", "chat"]

URL = re.compile(r"https?://[^\s\"'<>，。]+", re.IGNORECASE)

# Words that wrap a command without changing it ("please export it now", "请帮我导出一下吧").
_POLITE_EN = r"(?:please|pls|ok|okay|now|then|right now|for me|thanks|thank you|can you|could you|would you|just|go ahead and|let's|lets|i want to|i'd like to|i would like to)"  # noqa: E501
_POLITE_ZH_HEAD = r"(?:请你|请|帮我|麻烦你|麻烦|给我|现在|马上|立即|好的|好|那就|然后|我要|我想|可以)"
_POLITE_ZH_TAIL = r"(?:一下|吧|了|呢|啊|谢谢|现在|马上)"

_EXPORT_EN = re.compile(
    r"^(?:export|download|render|save|send|give|share)(?: me)?"
    r"(?: (?:it|this|that|the (?:final |finished )?(?:video|mp4|movie|clip|file|result)|the mp4|my video|video|mp4))?"
    r"(?: (?:to|with) me)?(?: (?:as|in|to) (?:an? )?(?:mp4|1080p|file|hd))*$"
    r"|^(?:send|give) me the (?:final |finished )?(?:video|mp4|file|result)$"
    r"|^i(?:'m| am) done(?:,? export(?: it)?)?$|^(?:final )?export$|^get (?:the )?(?:video|mp4)$"
)
_EXPORT_ZH = re.compile(
    r"^(?:把)?(?:视频|成片|它|这个视频)?(?:导出|下载|发给我|发我|输出|渲染)(?:视频|成片|来|出来|吧|mp4|一下)*$"
    r"|^(?:导出|下载)(?:成|为)?(?:mp4|视频|成片)?$|^(?:把)?(?:视频|成片)(?:发给我|给我)$|^我要(?:成片|视频文件)$"
)
_NEGATED_EXPORT = re.compile(
    r"\b(?:don'?t|do not|not yet|no need to|never|stop|hold off|wait before|without)\b"
    r"[^.?!]*\b(?:export|download|render)"
    r"|(?:先别|别|不要|先不要|暂时不|暂不|还不|不用|无需|先不)(?:急着)?(?:导出|下载|渲染|发)"
)
_CREDITS_EN = re.compile(
    r"^(?:(?:show|check|what(?:'s| is| are)|how many|how much)(?: is| are)?(?: (?:my|the))? )?"
    r"(?:credits?|balance|credit balance)(?: (?:do i have|left|remaining|are left|have i got))?$"
    r"|^how many credits(?: do i have| are left| left| remain)?$|^(?:my )?credits?$"
)
_CREDITS_ZH = re.compile(
    r"^(?:查看?|查询|看看|看一下)?(?:我的|我)?(?:积分|余额|点数)(?:还)?(?:有|剩|还剩|剩下|剩余)?(?:多少|几个|几)?(?:积分)?$"
    r"|^(?:我)?还(?:有|剩)(?:多少|几个)(?:积分|余额|点数)$"
)
_STATE_EN = re.compile(
    r"^(?:show|check|what(?:'s| is)|view|see|list|display)?(?: me)?(?: (?:the|my))? ?"
    r"(?:status|state|tracks|timeline|track summary|project status|current timeline)$"
    r"|^what(?:'s| is) (?:in|on) (?:the |my )?(?:timeline|video|project)$|^show tracks$"
)
_STATE_ZH = re.compile(
    r"^(?:查看?|看看|看一下|显示|查询)?(?:当前|现在的|项目)?(?:状态|轨道|时间线|进度)(?:是什么|怎么样|如何)?$"
    r"|^(?:现在)?(?:视频里|时间线上)有(?:什么|哪些)(?:内容)?$"
)
_UPLOAD_WORD = re.compile(r"\bupload\b|上传", re.IGNORECASE)
_UPLOAD_ONLY = re.compile(
    r"^(?:upload|upload (?:this|these|it|them|the files?|my files?|this file|these files)|here(?: is|'s| are) (?:the |my )?(?:files?|clips?|images?|photos?)|上传|上传(?:这个|这些)?(?:文件|素材|图片|视频)?)$"  # noqa: E501
)


@dataclass(frozen=True)
class Route:
    """Where an utterance goes, and why."""

    action: Action
    rule: str
    then_chat: bool = False  # after an upload, the utterance's instruction still goes to chat
    urls: list[str] = field(default_factory=list)
    wants_video: bool = False  # the user asked for the finished file ("make it and send it to me")


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, single spaces, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .!?。！？~～…,，;；:：\"'“”")


def strip_polite(text: str) -> str:
    """Remove courtesy words around a command: 'please export it now' -> 'export it'."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"^(?:{_POLITE_EN})\b[ ,]*|[ ,]*\b(?:{_POLITE_EN})$", "", text).strip()
        text = re.sub(rf"^{_POLITE_ZH_HEAD}|{_POLITE_ZH_TAIL}$", "", text).strip(" ,，")
    return text


_WANTS_VIDEO = re.compile(
    r"\b(?:send|give|deliver|email) (?:it|the (?:video|mp4|file|result)) (?:to me|back)|\bsend me the (?:video|mp4)"
    r"|\band (?:then )?export\b|\bexport (?:it )?(?:when|once|after)|\band download\b"
    r"|(?:然后|并|再|做好后|完成后|之后)(?:直接)?(?:导出|发给我|下载)|发给我|导出给我"
)


def route(utterance: str, attachments: int = 0) -> Route:
    """Decide what an utterance asks for."""
    text = normalize(utterance)
    urls = URL.findall(utterance)
    wants = bool(_WANTS_VIDEO.search(text)) and not _NEGATED_EXPORT.search(text)
    if attachments or (urls and (_UPLOAD_WORD.search(text) or not URL.sub("", text).strip())):
        instruction = strip_polite(normalize(URL.sub("", utterance)))
        only_upload = not instruction or bool(_UPLOAD_ONLY.match(instruction))
        rule = "upload:attachments" if attachments else "upload:urls"
        return Route("upload", rule if only_upload else rule + "+instruction", not only_upload, urls, wants)
    if _NEGATED_EXPORT.search(text):
        return Route("chat", "chat:negated-export")
    command = strip_polite(text)
    for action, rule, pattern in _DIRECT:
        if pattern.match(command):
            return Route(action, rule)
    if _UPLOAD_WORD.search(command) and _UPLOAD_ONLY.match(command):
        return Route("upload", "upload:asked-without-files")
    return Route("chat", "chat:export-requested" if wants else "chat:default", wants_video=wants)


_DIRECT: list[tuple[Action, str, re.Pattern[str]]] = [
    ("export", "export:en", _EXPORT_EN),
    ("export", "export:zh", _EXPORT_ZH),
    ("credits", "credits:en", _CREDITS_EN),
    ("credits", "credits:zh", _CREDITS_ZH),
    ("state", "state:en", _STATE_EN),
    ("state", "state:zh", _STATE_ZH),
]
