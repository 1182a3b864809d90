"""Which language a piece of text is in: English or Chinese, the two this product speaks."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "zh"]

# CJK unified ideographs, extension A and the compatibility block: simplified and traditional alike.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def has_chinese(text: str) -> bool:
    """True when the text has at least one Chinese character."""
    return bool(HAN.search(text))


def detect(text: str, fallback: Language = "en", english_words: int = 1) -> Language:
    """The language to answer `text` in.

    Any Chinese character makes it Chinese (users mix English words into Chinese freely, rarely the
    reverse); `english_words` Latin words make it English; anything less ("9:16", "ok", an emoji)
    says nothing, so the fallback (usually the session's language) wins.
    """
    if has_chinese(text):
        return "zh"
    if len(_LATIN_WORD.findall(text)) >= max(english_words, 1):
        return "en"
    return fallback


def majority(text: str, fallback: Language = "en") -> Language:
    """The language most of the text is in (Chinese characters against English words)."""
    han = len(HAN.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if han == 0 and latin == 0:
        return fallback
    return "zh" if han >= latin else "en"


def from_code(code: str | None) -> Language:
    """A session language code (en, zh-CN, zh-TW, ...) as a message language."""
    return "zh" if (code or "").lower().startswith("zh") else "en"
