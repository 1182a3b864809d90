"""Reading values out of a request: quotes, numbers, lengths, time spans, positions, colours, scene numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nemovideo.language import HAN, en_number, simplified, to_number, zh_number
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent import typos

QUOTES = re.compile(
    r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|「([^」]+)」|『([^』]+)』|《([^》]+)》|«([^»]+)»"
    r"|(?:(?<=[\s:：])|^)'([^']+)'(?=[\s,.!?;:，。]|$)"
)
MASK = re.compile(r"«(\d+)»")
HAN_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u4e00-\u9fff])")
HAN_LATIN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[A-Za-z])|(?<=[A-Za-z]) (?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Message:
    """A request made easy to match: quotes masked as «n», numerals as digits, traditional characters folded to
    simplified ones; `cased` keeps letter case, `source` the user's own characters."""

    raw: str
    cased: str
    quotes: tuple[str, ...]
    quoted: tuple[str, ...]  # each quote with its quote marks
    source: str = ""  # the masked request as written (before folding), for taking words out of it
    uploads: bool = False  # the session has pictures or clips ("this video" may then be one of them)

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
            return self.as_written(lowered)
        return self.as_written(self.cased[at : at + len(lowered)])

    def as_written(self, piece: str) -> str:
        """A piece of the folded text in the user's own characters (標題 stays 標題) when it can be found."""
        if not self.source or not HAN.search(piece):
            return piece
        at = simplified(self.source).find(piece)
        return self.source[at : at + len(piece)] if at >= 0 else piece


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


def normalise(message: str, *, lenient: bool = False) -> Message:
    """Mask quotes, fold full-width forms, put mistyped command words right, turn number words into digits."""
    light = masked(message)
    written = HAN_LATIN.sub(" ", unicodedata.normalize("NFKC", MASK.sub(r" \g<0> ", light.cased)))
    text = typos.correct(simplified(written), lenient=lenient)
    text = HAN_LATIN.sub(" ", text)
    text = g.CN_PERCENT.sub(lambda m: _digits(m.group(1), zh_number(m.group(1))) + "%", text)
    text = g.CN_NUMBER.sub(lambda m: _digits(m.group(0), zh_number(m.group(0))), text)
    text = g.EN_NUMBER.sub(lambda m: _digits(m.group(0), en_number(m.group(0))), text)
    text = g.EN_SCENE_NUMBER.sub(lambda m: m.group(1) + _digits(m.group(2), en_number(m.group(2))), text)
    return Message(raw=message, cased=" ".join(text.split()), quotes=light.quotes, quoted=light.quoted,
                   source=" ".join(written.split()))


def masked_quotes(text: str) -> list[int]:
    """Indexes of the quotes that appear in a piece of masked text, in order."""
    return [int(index) for index in MASK.findall(text)]


def length_ms(text: str) -> int | None:
    """The first length a piece of text names: '30-second', '1 minute', '15秒', '半分钟'."""
    found: list[tuple[int, int, float]] = []  # where, minus where it ends (the longest reading wins), seconds
    found += [(m.start(), -m.end(), float(m.group(1))) for m in g.SECONDS.finditer(text)]
    found += [(m.start(), -m.end(), float(m.group(1)) * 60) for m in g.MINUTES.finditer(text)]
    found += [(m.start(), -m.end(), 30.0) for m in g.HALF_MINUTE.finditer(text)]
    found += [(m.start(), -m.end(), 60.0) for m in g.A_MINUTE.finditer(text)]
    found += [(m.start(), -m.end(), float(next((n for n in m.groups() if n), "1")) * 60 + 30)
              for m in g.MINUTE_AND_HALF.finditer(text)]
    return round(min(found)[2] * 1000) if found else None


def without_end_time(text: str) -> str:
    """The text without the words that say when something ends ("hide it at 4" is a time, not a removal)."""
    return g.SPAN_UNTIL.sub(" ", text)


def length_to(text: str, message: str = "") -> int | None:
    """The length a request brings the video to ("down to 20 seconds", 压缩到20秒); a bare number is seconds
    when the request talks about length ("30 s is too long, get it down to 20")."""
    found = g.LENGTH_TO.search(text)
    if found is None:
        return None
    at = found.start(1) if found.group(1) is not None else found.start(2)
    said = length_ms(text[at:])
    if said is not None and (g.SECONDS.match(text, at) or g.MINUTES.match(text, at)):
        return said
    if not (g.LENGTH_TALK.search(text) or g.LENGTH_TALK.search(message) or g.DURATION_WORDS.search(text)):
        return None
    return round(float(found.group(1) or found.group(2)) * 1000)


def percent(text: str) -> float | None:
    """A percentage as a fraction: '35%' -> 0.35."""
    match = g.PERCENT.search(text)
    return min(float(match.group(1)), 100.0) / 100 if match else None


def _number(match: re.Match[str] | None) -> float | None:
    if match is None:
        return None
    said = next((group for group in match.groups() if group), "")
    value = to_number(said)
    return min(value, 100.0) if value is not None else None


def volume(text: str) -> tuple[float | None, float | None]:
    """A volume level and a change in points, as fractions: ("to 45" -> 0.45), ("by 10" -> step 0.10, unsigned)."""
    by = g.VOLUME_BY.search(text)
    level_at = g.PERCENT.search(text)
    if level_at is not None and (by is None or not by.start() <= level_at.start() < by.end()):
        return min(float(level_at.group(1)), 100.0) / 100, None
    share = g.VOLUME_SHARE.search(text)
    if share is not None:
        word = share.group(0)
        tenths = to_number(share.group(1)) if share.group(1) else None
        value = 0.5 if "half" in word or "一半" in word else tenths / 10 if tenths else 0.25
        return min(value, 1.0), None
    level = _number(g.VOLUME_TO.search(text))
    if level is not None and (by is None or g.VOLUME_TO.search(text, by.end()) is not None):
        return level / 100, None
    step = _number(by)
    return None, step / 100 if step is not None else None


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
    edge: bool = False  # "at the end", 开头: at an end of the video, for the element's own (or a text's usual) length

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

    def joined(self, other: Span) -> Span | None:
        """Two halves of one span ("appear at 2 seconds", "disappear at 6") as one; None when they disagree."""
        if self.whole or self.from_end or other.whole or other.from_end:
            return None
        parts = [(self.start_ms, other.start_ms), (self.end_ms, other.end_ms), (self.length_ms, other.length_ms)]
        if any(mine is not None and theirs is not None and mine != theirs for mine, theirs in parts):
            return None
        start, end, length = (mine if mine is not None else theirs for mine, theirs in parts)
        return Span(start_ms=start, end_ms=end, length_ms=length) if end is None or length is None else None


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


def text_span(text: str) -> Span | None:
    """Where a text goes: a time range, or an end of the video ("at the end", 在结尾) with or without a length."""
    found = span(text)
    at_end, at_start = g.SPAN_AT_END.search(text), g.SPAN_AT_START.search(text)
    if not (at_end or at_start) or (at_end and at_start):
        return found
    if found is None:
        return Span(from_end=True, edge=True) if at_end else Span(start_ms=0, edge=True)
    if found.length_ms is not None and found.start_ms is None and found.end_ms is None and not found.whole:
        return Span(length_ms=found.length_ms, from_end=True) if at_end else Span(start_ms=0, length_ms=found.length_ms)
    return found


def _span_at_for(text: str) -> Span | None:
    at, for_, until = g.SPAN_AT.search(text), g.SPAN_FOR.search(text), g.SPAN_UNTIL.search(text)
    if at and until and until.start() <= at.start() < until.end():
        at = None  # "disappear at 6": the "at" says where it ends
    start = ms(next(x for x in at.groups() if x is not None)) if at else None
    length = ms(next(x for x in for_.groups() if x is not None)) if for_ else None
    end = ms(next(x for x in until.groups() if x is not None)) if until and length is None else None
    if start is not None or length is not None or end is not None:
        return Span(start_ms=start, length_ms=length, end_ms=end)
    return Span(whole=True) if g.SPAN_WHOLE.search(text) else None


def scene_refs(text: str) -> list[int]:
    """Scene numbers named in order of appearance, 1-based; -1 is the last scene."""
    refs: list[int] = []
    for match in g.SCENE_REF.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        refs.append(g.ORDINALS[value] if value in g.ORDINALS else -1 if not value.isdigit() else int(value))
    return refs


def scene_pair(text: str) -> tuple[int, int] | None:
    """Two scene numbers named together ('scenes 1 and 3', '第1和第2个场景')."""
    match = g.SCENE_PAIR.search(text)
    if match is None:
        return None
    said = [group for group in match.groups() if group is not None]
    numbers = [g.ORDINALS[word] if word in g.ORDINALS else int(word) for word in said]
    return numbers[0], numbers[1]


@dataclass(frozen=True)
class UploadRef:
    """How a request names an upload: a file name, words of its name ("beach"), a kind, "this"."""

    kind: str = "any"  # video | image | audio | any
    filename: str | None = None
    words: tuple[str, ...] = ()
    latest: bool = False  # "this clip", 这张图片: the most recent one of the kind
    or_project: bool = False  # "this video", 这个视频: the project itself when nothing was uploaded

    def describe(self) -> dict[str, object]:
        """The reference as tool arguments."""
        return {key: value for key, value in vars(self).items() if value not in (None, False, ())}


def upload_ref(text: str) -> UploadRef | None:
    """The upload a piece of a request names, if it names one ("my logo", "the surf clip", logo.png, 那张海滩照片)."""
    named = g.FILE_NAME.search(text)
    if named:
        return UploadRef(kind=_kind_of_file(named.group(0)), filename=named.group(0))
    english = g.UPLOAD_NOUN_EN.search(text)
    if english:
        det, word, noun = english.groups()
        project = (det is None or det in g.PROJECT_VIDEO) and (word is None or word in g.PROJECT_VIDEO)
        if noun != "video" or not project:  # "the video", "the whole video" are the project, not an upload
            said = (word,) if word and word not in g.STOPWORDS and word not in g.PROJECT_VIDEO else ()
            words = said + g.ROLE_NAMES.get(noun, ())
            return UploadRef(kind=g.ROLE_KINDS[noun], words=words, latest=det in g.DEICTIC,
                             or_project=noun == "video" and not said)
    chinese = g.UPLOAD_NOUN_ZH.search(text)
    if chinese and not (chinese.group(2) == "视频" and chinese.group(1) is None):  # 视频 alone is the project
        det, noun = chinese.groups()
        subjects = tuple(w for zh, stems in g.SUBJECT_WORDS_ZH.items() if zh in text for w in stems)
        words = subjects + (("logo",) if noun == "logo" else ())
        return UploadRef(kind=g.ROLE_KINDS.get(noun, "image" if noun == "logo" else "any"), words=words,
                         latest=det in g.DEICTIC, or_project=noun == "视频" and not subjects)
    return None


def _kind_of_file(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    if extension in ("mp3", "wav", "m4a", "aac", "ogg", "flac"):
        return "audio"
    return "video" if extension in ("mp4", "mov", "m4v", "webm", "mkv", "avi") else "image"


def font(text: str) -> tuple[str | None, str | None]:
    """A font family a request asks for: (a shipped family, or None; the words of one that is not shipped, or None)."""
    name = g.FONT_NAMES.search(text)
    if name is not None:
        shipped = g.SHIPPED_FONTS.get(name.group(0))
        return (shipped, None) if shipped else (None, name.group(0))
    styled = g.FONT_STYLE_ZH.search(text)
    if styled is not None and styled.group(1) not in g.NOT_FONTS_ZH:
        return None, styled.group(1)
    word = g.FONT_WORD.search(text)
    return None, word.group(0) if word else None


def upload_kind(text: str, *, pointers: bool = True) -> str | None:
    """The kind of upload a request points at ('this clip' -> video); 'any' for a bare 'this' unless `pointers`
    is off."""
    match = g.UPLOAD_REF.search(text)
    if match:
        noun = next(group for group in match.groups() if group is not None)
        return g.UPLOAD_KINDS.get(noun, "any")
    return "any" if pointers and g.UPLOAD_THIS.search(text) else None


def fades(text: str) -> tuple[int | None, int | None]:
    """Fade-in and fade-out lengths in ms asked for (defaults when no length is named)."""
    both = bool(g.FADE_BOTH.search(text))
    fade_in, fade_out = both or bool(g.FADE_IN.search(text)), both or bool(g.FADE_OUT.search(text))
    named = length_ms(text)
    return (
        (named or g.BGM_FADE_IN_MS) if fade_in else None,
        (named or g.BGM_FADE_OUT_MS) if fade_out else None,
    )
