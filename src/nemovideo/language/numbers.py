"""Numbers as people write them: digits, English number words, Chinese numerals, percentages."""

from __future__ import annotations

import re
import unicodedata

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "a"], key=len, reverse=True))
# "forty-five", "one hundred and twenty", "a hundred": number words joined by spaces, hyphens or "and".
EN_NUMBER_PATTERN = (
    rf"\b(?:(?:{'|'.join(sorted([*_UNITS, *_TENS], key=len, reverse=True))}|a)"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*|hundred)\b"
)
_EN_NUMBER = re.compile(EN_NUMBER_PATTERN, re.IGNORECASE)

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_NUMBER_PATTERN = "[零〇一二两兩三四五六七八九十拾百佰千仟]+"
_ZH_NUMBER = re.compile(ZH_NUMBER_PATTERN)
_DIGITS = r"\d+(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}|{EN_NUMBER_PATTERN}|{ZH_NUMBER_PATTERN})"
_PERCENT = re.compile(
    rf"百分之\s*({_DIGITS}|{ZH_NUMBER_PATTERN})|({_NUMBER})\s*(?:%|percent\b|per cent\b|pct\b)",
    re.IGNORECASE,
)


def en_number(words: str) -> int | None:
    """English number words as an integer: 'forty-five' -> 45, 'a hundred' -> 100; None when not a number."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if not tokens or tokens == ["a"]:
        return None
    total, current = 0, 0
    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "a":
            current += 1
        elif token == "hundred":
            current = (current or 1) * 100
        else:
            return None
    return total + current


def zh_number(numeral: str) -> int | None:
    """A Chinese numeral as an integer: 三十五 -> 35, 十五 -> 15, 两百 -> 200, 一五 -> 15; None when not one."""
    if not numeral or not _ZH_NUMBER.fullmatch(numeral):
        return None
    if not any(char in _ZH_UNITS for char in numeral):  # digit by digit: 一五 -> 15, 二〇二六 -> 2026
        return int("".join(str(_ZH_DIGITS[char]) for char in numeral))
    total, current = 0, 0
    for char in numeral:
        if char in _ZH_UNITS:
            total, current = total + (current or 1) * _ZH_UNITS[char], 0
        else:
            current = current * 10 + _ZH_DIGITS[char]
    return total + current


def to_number(token: str) -> float | None:
    """Digits, English number words or a Chinese numeral as a number; None when it is none of them."""
    token = unicodedata.normalize("NFKC", token).strip()
    if re.fullmatch(_DIGITS, token):
        return float(token)
    value = en_number(token) if re.search(r"[A-Za-z]", token) else zh_number(token)
    return float(value) if value is not None else None


def percentages(text: str) -> list[float]:
    """Every percentage the text states, in order: '45%', 'forty-five percent', '百分之二十', '四十%'."""
    text = unicodedata.normalize("NFKC", text)
    found: list[float] = []
    for match in _PERCENT.finditer(text):
        value = to_number(match.group(1) or match.group(2))
        if value is not None:
            found.append(value)
    return found
