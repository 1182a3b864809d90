"""Reading values out of a request: quotes, numbers, lengths, time spans, positions, colours, scene numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nemovideo.language import en_number, zh_number
from nemovideo.local.agent import grammar as g

QUOTES = re.compile(
    r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|「([^」]+)」|『([^』]+)』|《([^》]+)》|«([^»]+)»"
    r"|(?:(?<=[\s:：])|^)'([^']+)'(?=[\s,.!?;:，。]|$)"
)
MASK = re.compile(r"«(\d+)»")
HAN_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Message:
    """A request made easy to match: quotes masked as «n», numerals as digits; `cased` keeps letter case."""

    raw: str
    cased: str
    quotes: tuple[str, ...]
    quoted: tuple[str, ...]  # each quote with its quote marks

    @property
    def text(self) -> str:
        """The lower-cased form every pattern runs on."""
        return self.cased.lower()

    def quote(self, index: int) -> str:
        """The text of the n-th quote."""
        return self.quotes[index]

    def restore(self, masked: str) -> str:
        """Put the quotes (with their marks) back into a masked piece of text."""
        return MASK.sub(lambda m: self.quoted[int(m.group(1))], masked)

    def cased_piece(self, lowered: str) -> str:
        """The letter-case original of a lower-cased piece of `text` (the piece itself when it cannot be found)."""
        at = self.text.find(lowered)
        if at < 0 or len(self.text) != len(self.cased):
            return lowered
        return self.cased[at : at + len(lowered)]


def _digits(numeral: str, value: int | None) -> str:
    return numeral if value is None else str(value)


def masked(message: str) -> Message:
    """The request with its quotes masked and nothing else changed (for taking text out of it verbatim)."""
    quotes: list[str] = []
    quoted: list[str] = []

    def mask(match: re.Match[str]) -> str:
        quotes.append(next(group for group in match.groups() if group is not None).strip())
        quoted.append(match.group(0))
        return f"«{len(quotes) - 1}»"

    return Message(raw=message, cased=QUOTES.sub(mask, message), quotes=tuple(quotes), quoted=tuple(quoted))


def normalise(message: str) -> Message:
    """Mask quotes, fold full-width forms, turn number words into digits."""
    light = masked(message)
    text = MASK.sub(r" \g<0> ", light.cased)
    text = unicodedata.normalize("NFKC", text)
    text = HAN_LATIN.sub(" ", text)
    text = g.CN_NUMBER.sub(lambda m: _digits(m.group(0), zh_number(m.group(0))), text)
    text = g.CN_PERCENT.sub(lambda m: m.group(1) + "%", text)
    text = g.EN_NUMBER.sub(lambda m: _digits(m.group(0), en_number(m.group(0))), text)
    return Message(raw=message, cased=" ".join(text.split()), quotes=light.quotes, quoted=light.quoted)


def masked_quotes(text: str) -> list[int]:
    """Indexes of the quotes that appear in a piece of masked text, in order."""
    return [int(index) for index in MASK.findall(text)]


def length_ms(text: str) -> int | None:
    """The first length a piece of text names: '30-second', '1 minute', '15秒', '半分钟'."""
    found: list[tuple[int, float]] = []
    found += [(m.start(), float(m.group(1))) for m in g.SECONDS.finditer(text)]
    found += [(m.start(), float(m.group(1)) * 60) for m in g.MINUTES.finditer(text)]
    found += [(m.start(), 30.0) for m in g.HALF_MINUTE.finditer(text)]
    found += [(m.start(), 60.0) for m in g.A_MINUTE.finditer(text)]
    return round(min(found)[1] * 1000) if found else None


def percent(text: str) -> float | None:
    """A percentage as a fraction: '35%' -> 0.35."""
    match = g.PERCENT.search(text)
    return min(float(match.group(1)), 100.0) / 100 if match else None


def first_key(patterns: dict[str, re.Pattern[str]], text: str) -> str | None:
    """The key of the first pattern (in table order) that matches."""
    return next((key for key, pattern in patterns.items() if pattern.search(text)), None)


def position(text: str) -> str | None:
    """A text position: top, center, bottom or a corner."""
    return first_key(g.POSITIONS, text)


def ratio(text: str) -> str | None:
    """An aspect ratio: 16:9, 9:16 or 1:1."""
    return first_key(g.RATIOS, text)


def music_style(text: str) -> str | None:
    """A music style: lofi, upbeat or calm."""
    return first_key(g.MUSIC_STYLES, text)


def color(text: str) -> str | None:
    """A colour as #RRGGBB, from a name or a literal."""
    literal = g.HEX_COLOR.search(text)
    if literal:
        return literal.group(0).upper()
    return next((hex_value for hex_value, pattern in g.COLORS.values() if pattern.search(text)), None)


def size(text: str) -> tuple[int | None, float | None]:
    """An explicit text size in pixels, or a factor for 'bigger'/'smaller'."""
    match = g.SIZE_VALUE.search(text)
    if match:
        return int(match.group(1) or match.group(2)), None
    if g.SIZE_UP.search(text):
        return None, 1.25
    if g.SIZE_DOWN.search(text):
        return None, 0.8
    return None, None


@dataclass(frozen=True)
class Span:
    """A time range as asked for; resolved against the draft's length when applied."""

    start_ms: int | None = None
    end_ms: int | None = None
    length_ms: int | None = None
    from_end: bool = False
    whole: bool = False

    def resolve(self, total_ms: int, default_length: int) -> tuple[int, int]:
        """Start and end in ms on a timeline `total_ms` long."""
        if self.whole:
            return 0, total_ms or default_length
        if self.from_end:
            length = self.length_ms or default_length
            end = total_ms or length
            return max(0, end - length), end
        start = self.start_ms or 0
        end = self.end_ms if self.end_ms is not None else start + (self.length_ms or default_length)
        return start, end

    def describe(self) -> dict[str, object]:
        """The span as tool arguments."""
        return {key: value for key, value in vars(self).items() if value not in (None, False)}


def ms(value: str) -> int:
    """Seconds written as text, in ms."""
    return round(float(value) * 1000)


def span(text: str) -> Span | None:
    """The time range a piece of text names, if any."""
    match = g.SPAN_RANGE.search(text)
    if match:
        numbers = [group for group in match.groups() if group is not None]
        return Span(start_ms=ms(numbers[0]), end_ms=ms(numbers[1]))
    first, last = g.SPAN_FIRST.search(text), g.SPAN_LAST.search(text)
    if first:
        return Span(start_ms=0, end_ms=ms(next(group for group in first.groups() if group is not None)))
    if last:
        return Span(length_ms=ms(next(group for group in last.groups() if group is not None)), from_end=True)
    return _span_at_for(text)


def _span_at_for(text: str) -> Span | None:
    at, for_ = g.SPAN_AT.search(text), g.SPAN_FOR.search(text)
    start = ms(next(x for x in at.groups() if x is not None)) if at else None
    length = ms(next(x for x in for_.groups() if x is not None)) if for_ else None
    if start is not None or length is not None:
        return Span(start_ms=start, length_ms=length)
    return Span(whole=True) if g.SPAN_WHOLE.search(text) else None


def scene_refs(text: str) -> list[int]:
    """Scene numbers named in order of appearance, 1-based; -1 is the last scene."""
    refs: list[int] = []
    for match in g.SCENE_REF.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        refs.append(g.ORDINALS[value] if value in g.ORDINALS else -1 if value == "最后" else int(value))
    return refs


def scene_pair(text: str) -> tuple[int, int] | None:
    """Two scene numbers named together ('scenes 1 and 3', '第1和第2个场景')."""
    match = g.SCENE_PAIR.search(text)
    if match is None:
        return None
    numbers = [int(group) for group in match.groups() if group is not None]
    return numbers[0], numbers[1]


def upload_kind(text: str) -> str | None:
    """The kind of upload a request points at ('this clip' -> video), 'any' for a bare 'this'."""
    match = g.UPLOAD_REF.search(text)
    if match:
        noun = next(group for group in match.groups() if group is not None)
        return g.UPLOAD_KINDS.get(noun, "any")
    return "any" if g.UPLOAD_THIS.search(text) else None


def fades(text: str) -> tuple[int | None, int | None]:
    """Fade-in and fade-out lengths in ms asked for (defaults when no length is named)."""
    both = bool(g.FADE_BOTH.search(text))
    fade_in, fade_out = both or bool(g.FADE_IN.search(text)), both or bool(g.FADE_OUT.search(text))
    named = length_ms(text)
    return (
        (named or g.BGM_FADE_IN_MS) if fade_in else None,
        (named or g.BGM_FADE_OUT_MS) if fade_out else None,
    )
