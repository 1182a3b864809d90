"""A request for a new video, read: its description, a title or brand name, length, ratio and music.

A request mixes what the video is about with what it should be ("a vertical 15-second promo for X: X
makes ..."). It is cut into clauses; clauses that ask (a verb, a kind of video, a ratio or platform, a
length, the uploads) give the settings, the rest and the topics the asking clauses name ("about hiking")
give the words. Setting words never reach the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nemovideo.language import has_chinese, simplified
from nemovideo.local.agent import extract as x
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.extract import Message

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？!?])|\n+")
CLAUSE_BREAK = re.compile(r"\s*[,，;；、]\s*|\s*[—–]{1,2}\s*|\s+-\s+")
COLON = re.compile(r"\s*(?:(?<!\d)[:：]|[:：](?!\d))\s*")  # not the colon of a ratio such as 9:16
TRIM = " \t\n,，.。!！?？;；:：、—–-\"'“”‘’"
MIN_BODY_WORDS = 4


@dataclass(frozen=True)
class GenerateRequest:
    """A request for a new video."""

    description: str
    length_ms: int | None = None
    ratio: str | None = None
    music_style: str | None = None
    promo: bool = False
    title: str | None = None  # said in the request, or the brand it names; else the storyboard picks one
    about: str | None = None  # what the asking words name before a description ("for our gym: ..."), when not a name


def _search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """A pattern found in the text read as simplified characters (positions hold for the text as written)."""
    return pattern.search(_folded(text))


def _folded(text: str) -> str:
    folded = simplified(text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


def _group(found: re.Match[str], text: str) -> str:
    """The first group a pattern found on the folded text, in the characters the user wrote."""
    index = next(i for i in range(1, (found.re.groups or 0) + 1) if found.group(i) is not None)
    return text[found.start(index) : found.end(index)]


def _drop(pattern: re.Pattern[str], text: str) -> str:
    """The text without what the pattern finds in its folded form (繁體 words go as their simplified ones do)."""
    kept, at = [], 0
    for found in pattern.finditer(_folded(text)):
        kept.append(text[at : found.start()])
        at = found.end()
    return "".join(kept) + text[at:]


def explicit_title(msg: Message) -> tuple[str | None, str]:
    """The title a request gives ("called X", 标题叫X, 用X当标题), and the request without those words."""
    text = msg.cased
    folded = simplified(text)  # 標題叫… reads as 标题叫…; the title keeps the user's characters
    found = g.TITLE_AS.search(folded)
    if found:
        return _title_value(msg, _group(found, text)), text[: found.start()] + text[found.end() :]
    for weak, patterns in ((False, g.TITLE_BEFORE), (True, g.TITLE_BEFORE_WEAK)):
        for pattern in patterns:
            for before in pattern.finditer(folded):
                value, end = _words_at(text, before.end())
                title = _title_value(msg, value) if value else None
                if title and not (weak and not x.MASK.fullmatch(value.strip(TRIM)) and g.NOT_A_TITLE.search(title)):
                    return title, text[: before.start()] + text[end:]
    return None, text


def _words_at(text: str, at: int) -> tuple[str, int]:
    quote = x.MASK.match(text, at)
    if quote:
        return quote.group(0), quote.end()
    words = (g.TITLE_WORDS_ZH if has_chinese(text[at : at + 2]) else g.TITLE_WORDS_EN).match(text, at)
    return (words.group(0), words.end()) if words else ("", at)


def _title_value(msg: Message, value: str) -> str | None:
    value = g.TITLE_TAIL_EN.sub("", g.TITLE_TAIL_ZH.sub("", value.strip(TRIM)).strip(TRIM)).strip(TRIM)
    if g.TITLE_POINTER.match(value):  # 「双城记」……就叫这个: the title is the quote
        return msg.quote(0) if msg.quotes else None
    quoted = x.MASK.fullmatch(value)
    if quoted:
        return msg.quote(int(quoted.group(1)))
    return msg.restore(value) if value and not x.MASK.search(value) else None


def _split_colon(text: str) -> tuple[str, str]:
    """The asking head and the description after a colon, when the head asks for a video or names one."""
    found = COLON.search(text)
    if found is None:
        return text, ""
    head, body = text[: found.start()], text[found.end() :]
    asks = (_asks(head.lower()) or g.HEAD_BRAND.search(head) or _search(g.HEAD_BRAND_ZH, head)
            or _search(g.HEAD_ABOUT, head))
    return (head, body) if asks and len(_words(body)) >= MIN_BODY_WORDS else (text, "")


def _words(text: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]|[\w'’&-]+", text)


def clauses(text: str) -> list[str]:
    """A text cut into sentences, then clauses."""
    return [c.strip(TRIM) for s in SENTENCE_END.split(text) for c in CLAUSE_BREAK.split(s) if c.strip(TRIM)]


def _asks(lowered: str) -> bool:
    """True when a clause asks for something: a kind of video, a ratio, the uploads, music, an order."""
    normal = x.normalise(lowered).text
    return bool(
        re.search(g.VIDEO_NOUN, normal) or re.search(g.VIDEO_NOUN_ZH, normal) or x.ratio(normal)
        or g.GENERATE_EN.search(normal) or g.GENERATE_ZH.search(normal) or g.UPLOAD_WORDS.search(normal)
        or g.MUSIC_NOUN.search(g.TOLD_MUSIC.sub(" ", normal)) or g.ORDER_WORDS.search(normal)
        or _only_settings(normal)
    )


def _only_settings(normal: str) -> bool:
    """A clause that only gives a length ("15秒", "30 seconds please", "keep it to 10 seconds")."""
    if x.length_ms(normal) is None:
        return False
    rest = g.SECONDS.sub(" ", g.MINUTES.sub(" ", g.HALF_MINUTE.sub(" ", normal)))
    rest = g.LENGTH_FILLER.sub(" ", rest)
    return len(_words(rest)) <= 1


def topic(clause: str) -> str:
    """What an asking clause says the video is about ("about hiking" -> hiking), without setting words."""
    if has_chinese(clause):
        return _topic_zh(clause)
    found = g.TOPIC_MARKER.search(clause)
    if found is None:
        return ""
    words = _unset(clause[found.end() :])
    lead = g.TOPIC_MARKER.match(words.lower())
    while lead:  # "for Instagram stories about yoga": the platform went, "about" goes too
        words = words[lead.end() :]
        lead = g.TOPIC_MARKER.match(words.lower())
    if not words or g.POINTER.match(words.lower()) or g.UPLOAD_WORDS.match(words.lower()):
        return ""
    return words


def _unset(text: str) -> str:
    """Text without ratio, platform, length and asking words."""
    for pattern in g.RATIOS.values():
        text = re.sub(pattern.pattern, " ", text, flags=re.I)
    text = g.PLATFORMS.sub(" ", re.sub(g.VIDEO_NOUN, " ", text, flags=re.I))
    text = re.sub(r"\d+(?:\.\d+)?\s*-?\s*" + g.SEC + "|\\d+\\s*-?\\s*" + g.MIN, " ", text, flags=re.I)
    text = g.REQUEST_WORDS_EN.sub(" ", text)
    text = re.sub(r"^(?:\s*\b(?:for|in|on|at|to|of)\b)+|\b(?:for|in|on|at|to|of)\s*$", " ", text.strip(), flags=re.I)
    return " ".join(text.split()).strip(TRIM)


def _topic_zh(clause: str) -> str:
    if head_brand(clause):  # 给小美和阿杰做个婚礼视频: the name is the title, 婚礼 the topic
        clause = _drop(g.HEAD_BRAND_ZH, clause)
    text = _drop(g.TOPIC_MARKER_ZH, _drop(g.REQUEST_WORDS_ZH_LEAD, clause.strip(TRIM)))
    named = _search(g.UPLOAD_WORDS, text) or g.FILE_NAME.search(text)  # 用A.mp4和clip.mov: no \b there
    if named and not g.TOPIC_MARKER_ZH.match(_folded(clause.strip(TRIM))):
        return ""
    for pattern in (*g.RATIOS.values(), g.PLATFORMS):
        text = _drop(pattern, text)
    msg = x.normalise(text)
    text = re.sub(r"\d+(?:\.\d+)?\s*" + g.SEC + "|\\d+\\s*" + g.MIN + "|半分钟|一分钟", "", msg.cased)
    text = g.TOPIC_MARKER_ZH.sub("", g.REQUEST_WORDS_ZH_LEAD.sub("", text))
    text = g.REQUEST_WORDS_ZH_TAIL.sub("", text).strip(TRIM + "的")
    # normalise() spaces Chinese from Latin letters (外卖 App); the screen shows them as the user wrote them.
    joined = x.HAN_LATIN_SPACE.sub("", text)
    return msg.as_written(joined if joined in simplified(clause) else text)


def _about_name(words: str) -> str | None:
    """The name in 关于X / 介绍X before a colon, without a kind of video (大理的旅行视频 -> 大理); not 我们的……"""
    name = g.REQUEST_WORDS_ZH_TAIL.sub("", words).strip(TRIM + "的")
    return name if len(name) >= 2 and not g.NOT_A_NAME.match(name) else None


def head_brand(clause: str) -> str | None:
    """A name the asking words give: "for Glowbar", "for my shop Thread & Needle", 帮小鹿瑜伽做, 关于绿野农场："""
    found = g.HEAD_BRAND.search(clause) or _search(g.HEAD_BRAND_ZH, clause)
    if found is None:
        return None
    name = _group(found, clause).strip(TRIM)
    if g.NOT_A_NAME.match(name.lower()) or x.ratio(name.lower()) or g.UPLOAD_WORDS.search(name.lower()):
        return None
    return name


def is_generation(message: str, *, empty: bool, uploads: bool) -> bool:
    """True when a message asks for a new video; on an empty project the weaker signs count too."""
    msg = x.masked(message)
    lowered = x.normalise(message).text
    strong = g.GENERATE_EN.search(lowered) or g.GENERATE_ZH.search(lowered)
    # On a project with scenes only a request for a new video replaces it ("make a promo", not "make my video …").
    if strong and not g.NOT_GENERATE.search(strong.group(0)) and (empty or g.NEW_VIDEO.search(strong.group(0))):
        return True
    if not empty:
        return False
    title, rest = explicit_title(msg)
    head, body = _split_colon(rest)
    parts = clauses(head)
    kinds = [_asks(part.lower()) for part in parts]
    topics = [topic(part) for part, asking in zip(parts, kinds, strict=True) if asking]
    described = bool(body) or any(topics) or any(not asking for asking in kinds)
    named_kind = re.search(g.VIDEO_NOUN, lowered) or re.search(g.VIDEO_NOUN_ZH, lowered)
    settings = x.ratio(lowered) or x.length_ms(lowered) is not None or title is not None
    from_uploads = uploads and (g.UPLOAD_WORDS.search(lowered) or settings or g.ORDER_WORDS.search(lowered))
    return bool(named_kind or from_uploads or body or (settings and described and any(kinds)))


def _sentences(pieces: list[str], zh: bool) -> str:
    """Pieces of description as sentences, keeping the marks the user wrote ("Stop by today!")."""
    text = ""
    for piece in (p.strip(" \t\n,，;；、—–") for p in pieces):
        if piece:
            joint = "" if not text else " " if text[-1] in ".!?。！？" else "。" if zh else ". "
            text += joint + piece
    return text


def _name(msg: Message, brand: str) -> str:
    """A brand name as written; a quoted name inside it is the name itself (给“花间集”花店 -> 花间集)."""
    quoted = x.MASK.search(brand)
    return msg.quote(int(quoted.group(1))) if quoted else msg.restore(brand)


def read_generation(message: str) -> GenerateRequest:
    """The settings and words of a request for a new video."""
    msg = x.masked(message)
    title, rest = explicit_title(msg)
    head, body = _split_colon(rest)
    asking: list[str] = []
    words: list[str] = []
    topics: list[str] = []
    brand: str | None = None
    if body:
        about = _search(g.HEAD_ABOUT, head)
        brand = _about_name(_group(about, head)) if about else next(filter(None, map(head_brand, clauses(head))), None)
    for part in clauses(head):
        if _asks(part.lower()):
            asking.append(part)
            brand = brand or head_brand(part)
            said = topic(part)
            if said and said != brand:
                (topics if body else words).append(said)
        elif not g.FILLER.match(part.lower()):
            words.append(g.SHOWING.sub("", _drop(g.TOPIC_MARKER_ZH, part)))
    if body:
        words = [body]
    settings = x.normalise(" , ".join(asking)).text
    return GenerateRequest(
        description=_sentences([msg.restore(w) for w in words], has_chinese(message)),
        length_ms=x.length_ms(settings),
        ratio=x.ratio(settings),
        music_style=x.music_style(settings),
        promo=bool(g.PROMO_WORDS.search(settings)),
        title=title or (_name(msg, brand) if brand else None),
        about=next((msg.restore(t) for t in topics if not g.GENERIC_TOPIC.fullmatch(t.lower())), None),
    )
