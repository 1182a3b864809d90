"""Words for a storyboard, taken from a description: sentences, clauses, key phrases, a title, a call to action."""

from __future__ import annotations

import re

from nemovideo.language import simplified
from nemovideo.local.agent import grammar as g

HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCES = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；;])\s*|\n+")
WORD = re.compile(r"[\w'’&-]+")
QUOTED_NAME = re.compile(r"[\"“「『《]([^\"”」』》]{2,40})[\"”」』》]")
LEADING_NAME = re.compile(r"^((?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*){0,3})(?=\s+(?:are|[a-z]+s)\b|\s*[,:—–-])")
MIN_PART_WORDS = 2
MIN_HALF_ZH = 3
MORE_WORDS = 3
MORE_CHARS_ZH = 4
TRIM = " \t\n,，.。!！?？;；:：、—–-\"'“”‘’"


def is_chinese(text: str) -> bool:
    """True when the text has Chinese characters."""
    return bool(HAN.search(text))


def sentences(text: str) -> list[str]:
    """The sentences of a text, trimmed."""
    return [s.strip(TRIM) for s in SENTENCES.split(text) if s.strip(TRIM)]


def unlead(phrase: str) -> str:
    """A phrase without a leading 'and', 'but', 'also' (或 而且、并且…)."""
    return g.LEAD_WORDS.sub("", phrase.strip(TRIM)).strip(TRIM)


def clauses(sentence: str) -> list[str]:
    """A sentence cut at commas, colons and dashes."""
    return [unlead(c) for c in g.CLAUSE_BREAK.split(sentence) if unlead(c)]


def halves(unit: str) -> list[str]:
    """A unit cut in two near its middle (before a linking word when there is one); whole when too short."""
    if is_chinese(unit):
        return halves_zh(unit)
    words = unit.split()
    if len(words) < 2 * MIN_PART_WORDS:
        return [unit]
    inside = range(MIN_PART_WORDS, len(words) - MIN_PART_WORDS + 1)
    cuts = [i for i in inside if words[i].lower() in g.HALF_BEFORE] or [len(words) // 2]
    middle = min(cuts, key=lambda i: abs(i - len(words) / 2))
    return [" ".join(words[:middle]), unlead(" ".join(words[middle:]))]


def halves_zh(unit: str) -> list[str]:
    """A Chinese unit cut in two without splitting a word: before a linking or describing word near the
    middle, never before a particle such as 的 or after a measure word such as 一家; whole when unsure."""
    if len(unit) < 2 * MIN_HALF_ZH:
        return [unit]
    middle = len(unit) / 2

    def score(i: int) -> float:
        starts_word = any(unit.startswith(w, i) for w in g.ZH_CUT_BEFORE)
        bad = unit[i] in g.ZH_NO_START or unit[i - 1] in g.ZH_NO_END
        return abs(i - middle) - (3 if starts_word else 0) + (100 if bad else 0)

    cuts = [i for i in range(MIN_HALF_ZH, len(unit) - MIN_HALF_ZH + 1)
             if any(unit.startswith(w, i) for w in g.ZH_CUT_BEFORE)]
    best = min(cuts, key=score, default=None)
    # Without a known word to cut before, a whole headline beats one broken mid-word.
    return [unit[:best], unit[best:]] if best is not None and score(best) < 100 else [unit]


def units_for(text: str, count: int) -> list[str]:
    """At least `count` pieces of the text if it can be cut that far: sentences, clauses, then halves."""
    units = sentences(text)
    if len(units) < count:
        units = [c for s in units for c in clauses(s)]
    while 0 < len(units) < count:
        splittable = [i for i in range(len(units)) if len(halves(units[i])) == 2]
        if not splittable:
            break
        longest = max(splittable, key=lambda i: len(units[i]))
        units[longest : longest + 1] = halves(units[longest])
    return units


def chunks(text: str, count: int) -> list[list[str]]:
    """The text in `count` consecutive groups of pieces (repeating pieces when it is very short)."""
    units = units_for(text, count)
    if not units:
        return [[] for _ in range(count)]
    while len(units) < count:
        units = units + units[: count - len(units)]
    base, extra = divmod(len(units), count)
    groups, at = [], 0
    for index in range(count):
        size = base + (1 if index < extra else 0)
        groups.append(units[at : at + size])
        at += size
    return groups


def content_words(phrase: str) -> int:
    """How many words (or, for Chinese, characters) carry meaning."""
    if is_chinese(phrase):
        return len(HAN.findall(phrase))
    return sum(1 for w in WORD.findall(phrase) if w.lower() not in g.STOPWORDS)


def shorten(phrase: str) -> str:
    """A phrase cut to headline length at a word (or character) boundary."""
    phrase = unlead(phrase)
    if is_chinese(phrase):
        if len(phrase) <= g.HEADLINE_CHARS_ZH:
            return phrase
        cut = max(phrase.rfind(mark, 0, g.HEADLINE_CHARS_ZH + 1) for mark in g.ZH_CUTS)
        return phrase[:cut] if cut >= 4 else phrase[: g.HEADLINE_CHARS_ZH]
    words = phrase.split()[: g.HEADLINE_WORDS]
    while len(words) > 1 and words[-1].lower() in g.STOPWORDS:
        words.pop()
    return " ".join(words)


def score(phrase: str) -> float:
    """Prefer phrases with several meaningful words that are not too long."""
    size = len(phrase) if is_chinese(phrase) else len(phrase.split())
    limit = g.HEADLINE_CHARS_ZH if is_chinese(phrase) else g.HEADLINE_WORDS
    return min(content_words(phrase), limit) - 0.5 * max(0, size - limit - 1)


def key_phrase(chunk: list[str]) -> tuple[str, int]:
    """The headline for a group of pieces (the best phrase of its first piece), and that piece's index."""
    if not chunk:
        return "", -1
    candidates = [c.strip(TRIM) for c in [chunk[0], *g.PHRASE_BREAK.split(chunk[0])] if c and c.strip(TRIM)]
    best = max(enumerate(candidates), key=lambda pair: (score(pair[1]), -pair[0]))[1]
    return capitalise(shorten(best)), 0


def capitalise(phrase: str) -> str:
    """First letter upper-case (Chinese unchanged)."""
    return phrase[:1].upper() + phrase[1:]


def support(chunk: list[str], headline: str, source: int) -> str | None:
    """The supporting line: the group's other pieces, or the whole piece the headline was cut from."""
    others = [unit for index, unit in enumerate(chunk) if index != source]
    if not others and source >= 0 and _says_more(chunk[source], headline):
        others = [chunk[source]]
    line = ("，" if any(map(is_chinese, others)) else ". ").join(u.strip(TRIM) for u in others)
    return clip(line) if line and line.lower() != headline.lower() else None


def _says_more(unit: str, headline: str) -> bool:
    if is_chinese(unit):
        return len(unit.strip(TRIM)) - len(headline) >= MORE_CHARS_ZH
    return len(unit.split()) - len(headline.split()) >= MORE_WORDS


def clip(line: str) -> str:
    """A line cut to caption length, with an ellipsis when cut."""
    limit = g.SUPPORT_CHARS_ZH if is_chinese(line) else g.SUPPORT_CHARS
    if len(line) <= limit:
        return line
    cut = line[:limit]
    if not is_chinese(line) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(TRIM) + "…"


def title_of(text: str) -> str | None:
    """A name for the video: a quoted name, a leading proper name, or the first key phrase."""
    for pattern in (QUOTED_NAME, g.INTRODUCED_NAME, g.INTRODUCED_NAME_ZH, LEADING_NAME, g.LEADING_NAME_ZH):
        match = pattern.search(simplified(text.strip()))  # 我們是… reads as 我们是…, the name as written
        at = next((i for i in range(1, pattern.groups + 1) if match.group(i)), 0) if match else 0
        name = text.strip()[match.start(at) : match.end(at)] if match and at else ""
        if name and name.split()[0].lower() not in g.STOPWORDS:
            return name.strip(TRIM)
    first = sentences(text)
    return key_phrase(clauses(first[0]))[0] if first else None


def split_cta(text: str) -> tuple[str, str | None]:
    """The description without its call to action, and that call (the last sentence that asks for action)."""
    parts = sentences(text)
    said = [s.strip() for s in SENTENCES.split(text) if s.strip(TRIM)]
    for index in range(len(parts) - 1, 0, -1):
        if g.CTA_WORDS.search(parts[index].lower()):
            rest = parts[:index] + parts[index + 1 :]
            joiner = "" if is_chinese(text) else " "
            return joiner.join(p + ("。" if is_chinese(p) else ".") for p in rest), clip(_exclaimed(parts[index],
                                                                                                   said[index]))
    return text, None


def _exclaimed(sentence: str, said: str) -> str:
    """A call to action keeps the exclamation mark the user gave it ("order your first cup today!")."""
    return sentence + said[-1] if said[-1:] in ("!", "！") and not sentence.endswith(("!", "！")) else sentence
