"""Typos in command words: English ones by the language module's Corrector, Chinese pinyin-keyboard homophones.

Only command words are corrected (never quoted words, never names); an ordinary English word is read
as a typo only when the request means nothing otherwise ("make the tittle bigger").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nemovideo.language import Corrector, damerau_levenshtein, is_ordinary_word
from nemovideo.local.agent import grammar as g

TOKEN = re.compile(r"(?<![\w«])[A-Za-z][a-z]*(?![\w»])")
LONG_WORD = 7  # from this length two edits still leave one clear reading ("verticle" -> vertical)


@cache
def correctors() -> tuple[Corrector, Corrector]:
    """One edit for words of five letters or more, two for long ones."""
    return Corrector(g.COMMAND_WORDS), Corrector(g.COMMAND_WORDS, min_length=LONG_WORD, max_distance=2)


@cache
def homophones() -> dict[str, str]:
    """Every Chinese command word with one character swapped for a homophone, and the word it stands for."""
    found: dict[str, str] = {}
    for word in g.COMMAND_WORDS_ZH:
        for at, char in enumerate(word):
            for other in g.HOMOPHONES.get(char, ""):
                variant = word[:at] + other + word[at + 1 :]
                if variant not in g.COMMAND_WORDS_ZH:
                    found.setdefault(variant, word)
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


def correct(text: str, *, lenient: bool = False) -> str:
    """The text with mistyped command words put right; `lenient` also corrects ordinary words near one."""
    for variant, word in homophones().items():
        text = text.replace(variant, word)
    return TOKEN.sub(lambda m: _fix(m.group(0), text, m.start(), lenient), text)


def _fix(token: str, text: str, at: int, lenient: bool) -> str:
    lowered = token.lower()
    if lowered in g.COMMAND_WORDS or (token[0].isupper() and at > 0 and text[:at].strip()[-1:] not in ".!?"):
        return token  # a command word already, or a name in the middle of a sentence
    fixed = _corrected(lowered, lenient)
    if fixed is None:
        return token
    return fixed.capitalize() if token[0].isupper() else fixed


@lru_cache(maxsize=4096)
def _corrected(token: str, lenient: bool) -> str | None:
    short, long = correctors()
    return short.correct(token) or long.correct(token) or (_near(token) if lenient else None)


def _near(token: str) -> str | None:
    near = candidates(token)
    return near[0] if len(near) == 1 else None


def candidates(token: str) -> list[str]:
    """Command words one edit away from a token of five letters or more."""
    if len(token) < 5:
        return []
    return sorted(w for w in g.COMMAND_WORDS
                  if len(w) >= 5 and abs(len(w) - len(token)) <= 1 and damerau_levenshtein(token, w) == 1)


def unclear(text: str) -> tuple[str, list[str]] | None:
    """A mistyped token that could be either of two command words, and those words (to ask which was meant)."""
    for match in TOKEN.finditer(text):
        token = match.group(0).lower()
        if _fix(match.group(0), text, match.start(), lenient=False) != match.group(0) or token in g.COMMAND_WORDS:
            continue
        name = match.group(0)[0].isupper() and text[: match.start()].strip()[-1:] not in ("", ".", "!", "?")
        near = candidates(token)
        if len(near) > 1 and not name and not is_ordinary_word(token):
            return match.group(0), near
    return None
