"""Words for a storyboard, taken from a description: whole phrases, headlines that stand alone, captions that
add to them, a title and a call to action.

A description is cut into sentences, then clauses. English clauses are cut further only before a word that
opens a phrase ("with", "which", "in"); Chinese ones only at word boundaries from the language module's
segmenter, before a word that starts a predicate (能, 位于, 还有), so no phrase ends inside a word. A
headline is the best such phrase of a scene that fits (six words, fourteen characters) and does not end on
a word that needs what follows ("a", "of", "and", "is", 的, 一家); what is left of its sentence, and the
scene's other sentences, become the caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nemovideo.language import has_chinese, segment, simplified
from nemovideo.local.agent import grammar as g

WORD = re.compile(r"[\w'’&-]+")
QUOTED_NAME = re.compile(r"[\"“「『《]([^\"”」』》]{2,40})[\"”」』》]")
LEADING_NAME = re.compile(r"^((?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*){0,3})(?=\s+(?:are|[a-z]+s)\b|\s*[,:—–-])")
TRIM = " \t\n,，.。!！?？;；:：、—–-\"'“”‘’"
EDGE = " \t\n,，.。!！?？;；:：、—–-"  # a phrase's ends lose these; its quotes stay when they are balanced
PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ("(", ")"), ("（", "）"))
PAUSE_MARKS = (",", ";", ":", "—", "–", "，", "；", "：")
DASHES = ("-", "--", "—", "–")
MIN_HALF_WORDS = 3
MIN_HALF_CHARS_ZH = 4
MIN_HEADLINE_CHARS_ZH = 3
SUBJECT_WORDS = 4
SUBJECT_CHARS_ZH = 8
CAPITAL_INSIDE = re.compile(r"^\W*[a-z]+[A-Z]")  # iPhone, eBay: a first word that keeps its lower-case start


def capitalise(phrase: str) -> str:
    """First letter upper-case (Chinese, and names such as iPhone, unchanged)."""
    if CAPITAL_INSIDE.match(phrase):
        return phrase
    for index, char in enumerate(phrase):
        if char.isalpha():
            return phrase[:index] + char.upper() + phrase[index + 1 :]
    return phrase


def balanced(text: str) -> bool:
    """True when every quote and bracket the text opens is closed."""
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in PAIRS)


def tidy(text: str) -> str | None:
    """A phrase without clause marks at its ends and with balanced quotes (a stray one at an end dropped)."""
    text = text.strip(EDGE)
    if not balanced(text):
        text = text.strip(EDGE + "\"'“”‘’「」『』《》()（）")
    return text if text and balanced(text) else None


def without_file_names(text: str) -> str:
    """The text without file names ("A.mp4 and clip.mov"), which never go on screen, nor the "and" between them."""
    named = re.compile(r"(?:\s*(?:\band\b|\bor\b|[,，、和与及])\s*)?(?:" + g.FILE_NAME.pattern + ")", re.I)
    return " ".join(named.sub(" ", text).split()).strip(" ,，、")


def sentences(text: str) -> list[str]:
    """The sentences of a text, trimmed."""
    return [s.strip(TRIM) for s in g.SENTENCE_END.split(text) if s.strip(TRIM)]


def clauses(sentence: str) -> list[str]:
    """A sentence cut at commas, colons and dashes; a piece too short to stand alone stays with the one before."""
    pieces: list[str] = []
    for piece in (p.strip(EDGE) for p in g.CLAUSE_MARK.split(sentence)):
        if not piece:
            continue
        if pieces and _size(piece) < (MIN_HALF_CHARS_ZH if has_chinese(piece) else MIN_HALF_WORDS):
            joint = "，" if has_chinese(piece) else ", "
            pieces[-1] += joint + piece
        else:
            pieces.append(piece)
    return pieces


def _size(text: str) -> int:
    return len(text) if has_chinese(text) else len(text.split())


def halves(unit: str) -> list[str]:
    """A unit cut in two near its middle before a word that opens a phrase; whole when there is none."""
    if has_chinese(unit):
        words = _zh_words(unit)
        at = _offsets(words)
        fits = [k for k in range(1, len(words)) if _zh_end_ok(words, k)
                and at[k] >= MIN_HALF_CHARS_ZH and len(unit) - at[k] >= MIN_HALF_CHARS_ZH]
        # Before a break word; in a long run-on sentence with none, where a predicate follows a noun phrase.
        cuts = [k for k in fits if words[k] in g.ZH_BREAK_BEFORE]
        if not cuts and len(unit) > 2 * g.HEADLINE_CHARS_ZH:
            joints = segment.predicate_starts(simplified(unit))
            cuts = [k for k in fits if at[k] in joints]
        if not cuts:
            return [unit]
        best = min(cuts, key=lambda k: abs(at[k] - len(unit) / 2))
        return [unit[: at[best]], unit[at[best] :]]
    tokens = unit.split()
    # Each half says something: "who actually care", "and natural light", "around your goals" do not.
    cuts = [k for k in range(MIN_HALF_WORDS, len(tokens) - MIN_HALF_WORDS)
            if _key(tokens[k]) in g.OPENS_PHRASE and _key(tokens[k - 1]) not in g.END_NOT]
    if not cuts:
        return [unit]
    # A new clause ("which", "and") is a better place than a preposition; then the middle.
    best = min(cuts, key=lambda k: (_key(tokens[k]) not in g.JOINERS, abs(k - len(tokens) / 2)))
    return [" ".join(tokens[:best]), " ".join(tokens[best:])]


def units_for(text: str, count: int) -> list[str]:
    """The text in at least `count` pieces if it can be cut that far: sentences, clauses, then halves."""
    units = sentences(text)
    if len(units) < count:
        units = [c for s in units for c in clauses(s)]
    while 0 < len(units) < count:
        splittable = [i for i in range(len(units)) if len(halves(units[i])) == 2]
        if not splittable:
            break
        longest = max(splittable, key=lambda i: _size(units[i]))
        units[longest : longest + 1] = halves(units[longest])
    return units


def chunks(text: str, count: int) -> list[list[str]]:
    """The text in `count` consecutive groups of pieces; groups past the end of a short text are empty."""
    units = units_for(text, count)
    base, extra = divmod(len(units), count)
    groups, at = [], 0
    for index in range(count):
        size = base + (1 if index < extra else 0)
        groups.append(units[at : at + size])
        at += size
    return groups


# Cutting a unit into a headline and what is left around it ------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """A phrase of a unit that makes a headline, how good a one, and what of the unit stands alone around it."""

    text: str
    score: float
    before: str | None = None  # an earlier clause, or (when `subject`) the subject the headline is said of
    after: str | None = None
    subject: bool = False
    lead: bool = False  # it starts the unit (a title is best taken from there)

    def rest(self) -> list[str]:
        """What is left of the unit, as pieces of caption."""
        if self.subject and self.before and self.after:
            return [f"{self.before}{'，' if has_chinese(self.before) else ', '}{self.after}"]
        # What follows the headline goes on from it; an earlier clause comes after.
        return [piece for piece in (self.after, self.before) if piece]


def _key(token: str) -> str:
    return token.strip(EDGE + "\"'“”‘’()").lower()


def cuts(unit: str) -> list[Cut]:
    """Every phrase of a unit that can stand alone as a headline, best first."""
    found = _cuts_zh(unit) if has_chinese(unit) else _cuts_en(unit)
    return sorted(found, key=lambda cut: -cut.score)


def _cuts_en(unit: str) -> list[Cut]:
    """English headlines of a unit: spans that start where a clause, object or claim starts and end at a mark or
    before a word that opens a phrase of its own."""
    tokens: list[str] = []
    pauses: list[bool] = []
    for raw in unit.split():
        if raw in DASHES:
            if pauses:
                pauses[-1] = True
            continue
        tokens.append(raw)
        pauses.append(raw.endswith(PAUSE_MARKS))
    keys = [_key(t) for t in tokens]
    found: list[Cut] = []
    for start, kind, before, subject in _starts_en(keys, pauses):
        for end in range(start + 1, min(len(tokens), start + g.HEADLINE_WORDS) + 1):
            stops = end == len(tokens) or pauses[end - 1]
            # "crafted by hand with oat milk | and local honey", "never fall | behind": the phrase goes on.
            if not stops and not _run_on(keys, end) and (
                    keys[end] not in g.OPENS_PHRASE or not _phrase_follows(keys, pauses, end)):
                continue
            # "It glows when it's time", "wallets which are stitched", "free and the lantern parade starts":
            # a clause opened inside runs to its end.
            inside = range(start + 1, end)
            if not stops and any(keys[k] in g.SUBORDINATORS | g.RELATIVES or keys[k] in ("and", "or")
                                 and _phrase_follows(keys, pauses, k) for k in inside):
                continue
            text = _headline_en(tokens[start:end], keys[start:end])
            if text is None:
                continue
            score = _score_en(keys[start:end], kind, kind in ("start", "clause") and stops)
            head = _piece_en(tokens[:before], keys[:before]) if before is not None else None
            found.append(Cut(text, score, head, _tail_en(tokens[end:], keys[end:]), subject, kind == "start"))
    return found


def _starts_en(keys: list[str], pauses: list[bool]) -> list[tuple[int, str, int | None, bool]]:
    """Where a headline may start: (index, kind, end of what stands before it, whether that is its subject)."""
    skip = _skip_joiners(keys, 0)
    starts: list[tuple[int, str, int | None, bool]] = [(skip, "start", None, False)]
    if skip + 1 < len(keys) and keys[skip] in ("our", "my", "his", "her", "their", "your"):
        starts.append((skip + 1, "bare", None, False))  # "His new tasting menu starts next week" without "His"
    for k, key in enumerate(keys):
        if k and pauses[k - 1]:
            starts.append((_skip_joiners(keys, k), "clause", k, False))
        elif k and key in g.JOINERS and (key not in ("and", "or") or _clause_before(keys, pauses, k)):
            starts.append((_skip_joiners(keys, k), "clause", k, False))
        elif _run_on(keys, k):
            starts.append((k, "clause", k, False))
        if k and key in g.COPULAS:
            starts.append((k + 1, "object", k, True))
        if k and key in g.MAKE_VERBS and k + 1 < len(keys) and keys[k + 1] in g.OBJECT_PRONOUNS:
            starts.append((k + 2, "object", k, True))
        if key in g.CLAIM_VERBS:
            starts.append((k + 2 if k + 1 < len(keys) and keys[k + 1] == "that" else k + 1, "claim", None, False))
    return [s for s in starts if s[0] < len(keys)]


def _run_on(keys: list[str], at: int) -> bool:
    """True when a subject pronoun starts a new clause at `at` with no mark before it ("my coffee shop | we have")."""
    return 1 < at < len(keys) and keys[at] in g.RUN_ON_SUBJECTS and keys[at - 1] not in g.END_NOT


def _phrase_follows(keys: list[str], pauses: list[bool], at: int) -> bool:
    """True when the word at `at` opens a phrase of its own: "and" a clause (four words or more to the next
    pause: not "and local honey"), a preposition a phrase (a word or more: "behind" alone ends "fall behind")."""
    stop = next((k + 1 for k in range(at, len(keys)) if pauses[k]), len(keys))
    return stop - at - 1 >= (MIN_HALF_WORDS + 1 if keys[at] in ("and", "or") else 1)


def _clause_before(keys: list[str], pauses: list[bool], at: int) -> bool:
    """True when the words since the last pause before `at` make a clause ("Kayaks and bikes": they do not)."""
    since = next((k + 1 for k in range(at - 1, -1, -1) if pauses[k]), 0)
    return at - since >= MIN_HALF_WORDS


def _skip_joiners(keys: list[str], at: int) -> int:
    """Past "and", "which are", "that is" at the start of a clause."""
    if at < len(keys) and keys[at] in g.JOINERS:
        at += 1
        while at < len(keys) and keys[at] in g.AUXILIARIES:
            at += 1
    return at


def _headline_en(tokens: list[str], keys: list[str]) -> str | None:
    """The words as a headline, or None when they cannot stand alone."""
    if keys[0] in g.START_NOT or keys[-1] in g.END_NOT or _content(keys) < 2:
        return None
    text = tidy(" ".join(tokens))
    return capitalise(text) if text else None


def _content(keys: list[str]) -> int:
    """How many words carry meaning."""
    return sum(1 for k in keys if k and k not in g.STOPWORDS)


def _score_en(keys: list[str], kind: str, whole: bool) -> float:
    score = min(_content(keys), 4) + 0.1 * len(keys) + (1.0 if whole else 0.0)
    score += {"start": 0.5, "bare": -0.5}.get(kind, 0.0)
    if keys[0] in g.PREPOSITIONS:
        score -= 2.0  # "With oat milk and local honey" tells how, not what: a caption's words
    if keys[0] in g.PRONOUN_SUBJECTS:
        score -= 0.6
    if keys[0].endswith("ly"):
        score -= 1.0  # "Actually care": a clause that lost its subject
    return score


def _piece_en(tokens: list[str], keys: list[str]) -> str | None:
    """Words left before or after a headline, when they say something on their own."""
    while keys and keys[-1] in g.JOINERS | g.AUXILIARIES:
        tokens, keys = tokens[:-1], keys[:-1]
    if not keys or keys[-1] in g.END_NOT or keys[0] in g.START_NOT or _content(keys) < 2:
        return None
    return tidy(" ".join(tokens))


def _tail_en(tokens: list[str], keys: list[str]) -> str | None:
    """What follows a headline ("in the heart of Portland"); a name it only gives ("called Nimbus") is dropped."""
    start = _skip_joiners(keys, 0)
    tokens, keys = tokens[start:], keys[start:]
    if len(keys) < 2 or keys[0] in ("called", "named"):
        return None
    return _piece_en(tokens, keys)


def _offsets(words: Sequence[str]) -> list[int]:
    """The character offset where each word starts, and the text's end."""
    at = [0]
    for word in words:
        at.append(at[-1] + len(word))
    return at


def _pause(word: str) -> bool:
    """True for a clause mark between words (、 joins a list and is not one)."""
    return bool(word.strip()) and not word.strip(EDGE) and "、" not in word


def _zh_end_ok(words: Sequence[str], k: int) -> bool:
    """True when a phrase may end before words[k] (k == len(words): the unit's end)."""
    last = words[k - 1]
    if last in g.ZH_END_NOT or g.ZH_MEASURE.match(last) or not last.strip(EDGE):
        return False
    if k < len(words) and not _pause(words[k]):
        if last[-1:].isdigit() and g.ZH_UNIT.match(words[k]):
            return False  # 12|月, 100|元: a number and its unit are one word
        if last in g.ZH_PRONOUNS or (len(last) == 1 and not last.isascii() and last not in g.ZH_NOUN_ENDS):
            return False  # 记录你|每天的饮水量, 开|在: a lone character mid-clause is rarely a word's end
    return True


def _zh_start_ok(words: Sequence[str], k: int) -> bool:
    """True when a phrase may start at words[k] (not on 的, 了, 和 or a mark)."""
    first = words[k] if k < len(words) else ""
    return bool(first.strip(EDGE)) and first not in g.ZH_START_NOT


def _zh_words(text: str) -> list[str]:
    """The words of a Chinese text read as simplified characters (folding keeps every position: 我們 is 我们)."""
    return segment.words(simplified(text))


def _cuts_zh(unit: str, loose: bool = False) -> list[Cut]:
    """Chinese headlines of a unit; `loose` (when the strict rules find none in a run-on sentence) also ends one
    where a predicate follows a noun phrase, by the segmenter's part-of-speech tags. Words are matched in their
    simplified form; the text is cut from the unit as written."""
    words = _zh_words(unit)
    if len(words) > 2 and words[-1] == "的" and "是" in words:
        words, unit = words[:-1], unit[:-1]  # 我们家是做手工皂的: 是……的 stands without its closing 的
    at = _offsets(words)
    joints = segment.predicate_starts(simplified(unit)) if loose else set()
    found: list[Cut] = []
    for start, kind, before in _starts_zh(words):
        if not _zh_start_ok(words, start):
            continue
        for end in range(start + 1, len(words) + 1):
            if at[end] - at[start] > g.HEADLINE_CHARS_ZH or _pause(words[end - 1]):
                break  # a headline is one clause
            stops = end == len(words) or _pause(words[end])
            marked = not stops and words[end] in g.ZH_BREAK_BEFORE
            if not stops and not marked and at[end] not in joints:
                continue
            if not stops and g.ZH_NEEDS_VERB & set(words[start + 1 : end]):
                continue
            text = tidy(unit[at[start] : at[end]]) if _zh_end_ok(words, end) else None
            if text is None or len(text) < MIN_HEADLINE_CHARS_ZH:
                continue
            whole = kind in ("start", "clause") and stops
            # A whole clause reads best; a subject cut from its predicate (小野智能水杯) names, but claims little.
            score = min(len(text), 12) / 3 + (1.5 if whole and kind == "start" else 1.0 if whole else 0.0)
            score -= 0.6 if words[start] in g.ZH_PRONOUNS else 0.0
            head = _piece_zh(words[:before], unit[: at[before]]) if before is not None else None
            after = _skip_zh(words, end)
            tail = _piece_zh(words[after:], unit[at[after] :]) if end < len(words) else None
            found.append(Cut(text, score - (1.0 if loose and not marked and not stops else 0.0), head, tail,
                             kind == "object", kind == "start"))
    # A run-on sentence with no mark and no linking word (or only one place to cut) is read again, looser.
    return found if len(found) > 1 or loose else found + _cuts_zh(unit, loose=True)


def _starts_zh(words: list[str]) -> list[tuple[int, str, int | None]]:
    """Where a Chinese headline may start: the clause, the object after 是/有 (没有 一家), the claim after 我们."""
    starts: list[tuple[int, str, int | None]] = [(_skip_zh(words, 0), "start", None)]
    if words and words[0] in g.ZH_PRONOUNS:
        starts.append((_skip_zh(words, 1), "claim", None))
    for k, word in enumerate(words):
        if k and (_pause(words[k - 1]) or words[k - 1] in g.ZH_CLAUSE_AFTER):
            starts.append((_skip_zh(words, k), "clause", k))
        if k and word in g.ZH_MODALS and k + 1 < len(words):
            starts.append((k + 1, "claim", k))
        if k and word in g.ZH_COPULAS and k + 1 < len(words):
            after = k + 1
            if g.ZH_MEASURE.match(words[after]) or words[after] in g.ZH_END_NOT:
                after += 1
            if after < len(words):
                starts.append((after, "object", k))
    return starts


def _skip_zh(words: list[str], at: int) -> int:
    while at < len(words) and words[at] in g.ZH_JOINERS:
        at += 1
    return at


def _piece_zh(words: list[str], text: str) -> str | None:
    """Words left beside a headline (`text` as written), when they say something on their own."""
    while words and (_pause(words[-1]) or words[-1] in g.ZH_MODALS | g.ZH_COPULAS):
        words, text = words[:-1], text[: len(text) - len(words[-1])]
    while words and (_pause(words[0]) or not words[0].strip() or words[0] in g.ZH_JOINERS):
        words, text = words[1:], text[len(words[0]) :]
    if not words or len(text) < MIN_HALF_CHARS_ZH or all(w in g.ZH_PRONOUNS for w in words):
        return None
    if not _zh_end_ok(words, len(words)) or not _zh_start_ok(words, 0):
        return None
    return tidy(text)


# A scene's words -------------------------------------------------------------------------------------------


def write_scene(group: list[str], taken: set[str]) -> tuple[str, str | None] | None:
    """A scene's headline (one not in `taken`, lower-cased) and a caption that adds to it; None when no piece
    of the group makes a headline."""
    best: tuple[float, int, Cut] | None = None
    for index, unit in enumerate(group):
        for cut in cuts(unit):
            if said_already(cut.text, taken):
                continue
            score = cut.score - 1.0 * index  # the first sentence of a scene leads it
            if best is None or score > best[0]:
                best = (score, index, cut)
            break
    if best is None:
        return None
    _, chosen, cut = best
    pieces = [*group[:chosen], *cut.rest(), *group[chosen + 1 :]]
    return cut.text, caption(pieces, cut.text, taken)


def said_already(text: str, taken: set[str]) -> bool:
    """True when a line says nothing a line already on screen (lower-cased in `taken`) does not."""
    lowered = text.lower()
    return any(lowered in line for line in taken)


def caption(pieces: list[str], headline: str, taken: set[str]) -> str | None:
    """Whole pieces that fit a caption, starting with a capital, saying something the headline does not."""
    zh = any(map(has_chinese, pieces))
    limit = g.SUPPORT_CHARS_ZH if zh else g.SUPPORT_CHARS
    said = headline.lower()
    kept: list[str] = []
    for piece in pieces:
        piece = fit(piece, limit) or ""
        if not piece or said in piece.lower() or said_already(piece, taken) or not _says_something(piece):
            continue
        joined = ("，" if zh else ". ").join([*kept, capitalise(piece) if not zh else piece])
        if len(joined) > limit:
            break
        kept.append(capitalise(piece))
    line = ("，" if zh else ". ").join(kept)
    return line if line and _adds(line, headline) else None


def _says_something(piece: str) -> bool:
    """True when a piece has two words that carry meaning (four characters in Chinese): "at Belém" has not."""
    if has_chinese(piece):
        return len(piece.strip(TRIM)) >= MIN_HALF_CHARS_ZH
    return _content([_key(w) for w in piece.split()]) >= 2


def _adds(line: str, headline: str) -> bool:
    """True when a caption says something the headline does not (a word, or for Chinese a few characters)."""
    if has_chinese(line):
        return len(set(line) - set(headline) - set(TRIM)) >= MIN_HALF_CHARS_ZH
    said = {w.lower() for w in WORD.findall(headline)}
    return any(w.lower() not in said and w.lower() not in g.STOPWORDS for w in WORD.findall(line))


def fit(piece: str, limit: int) -> str | None:
    """A piece cut to `limit` characters where a phrase ends (no ellipsis, nothing cut inside a phrase)."""
    piece = tidy(piece) or ""
    if has_chinese(piece) and piece.endswith("的") and "是" in simplified(piece):
        piece = piece[:-1]  # 我们家是做手工皂的: 是……的 stands without its closing 的
    if len(piece) <= limit:
        return piece or None
    if has_chinese(piece):
        words = _zh_words(piece)
        at = _offsets(words)
        ends = [k for k in range(1, len(words)) if at[k] <= limit and _zh_end_ok(words, k)
                and (words[k] in g.ZH_BREAK_BEFORE or not words[k].strip(EDGE) or words[k - 1][-1:] in PAUSE_MARKS)]
        return tidy(piece[: at[max(ends)]]) if ends else None
    tokens = piece.split()
    ends = [k for k in range(2, len(tokens)) if len(" ".join(tokens[:k])) <= limit
            and (tokens[k - 1].endswith(PAUSE_MARKS) or _key(tokens[k]) in g.OPENS_PHRASE)
            and _key(tokens[k - 1]) not in g.END_NOT]
    return tidy(" ".join(tokens[: max(ends)])) if ends else None


# The subject of a short prompt, the title, the call to action ---------------------------------------------


def subjects(text: str) -> list[str]:
    """A short description as the subject of a scene line, fullest first ("our company's summer party",
    "summer party"); nothing when the description says more than a subject."""
    text = text.strip(TRIM)
    if not text or len(sentences(text)) > 1:
        return []
    if has_chinese(text):
        found = [text, *(text[len(m.group(0)):] for m in [g.ZH_OWNER.match(simplified(text))] if m)]
        return [s for s in found if 2 <= len(s) <= SUBJECT_CHARS_ZH]
    words = text.split()
    found = [" ".join(words)]
    if words and _key(words[0]) in g.DETERMINERS | g.ARTICLES:
        owner = next((i for i, w in enumerate(words[1:], 1) if w.endswith(("'s", "’s"))), None)
        # "our company's summer party" -> "summer party", never "company's summer party"
        found.append(" ".join(words[owner + 1 :] if owner is not None else words[1:]))
    # "my grandma for her 80th birthday" -> "my grandma"
    cut = next((i for i, w in enumerate(words) if i and _key(w) in g.PREPOSITIONS), None)
    if cut is not None:
        found.append(" ".join(words[:cut]))
    return [s for s in found if s and len(s.split()) <= SUBJECT_WORDS and _content([_key(w) for w in s.split()])]


def name_in(text: str) -> str | None:
    """The name a description gives: a quoted name, one it introduces ("called X", 我们是X), a leading proper name."""
    for pattern in (QUOTED_NAME, g.INTRODUCED_NAME, g.INTRODUCED_NAME_ZH, LEADING_NAME, g.LEADING_NAME_ZH):
        match = pattern.search(simplified(text.strip()))  # 我們是… reads as 我们是…, the name as written
        at = next((i for i in range(1, pattern.groups + 1) if match.group(i)), 0) if match else 0
        name = text.strip()[match.start(at) : match.end(at)] if match and at else ""
        if name and name.split()[0].lower() not in g.STOPWORDS:
            return name.strip(TRIM)
    return None


def title_of(text: str) -> str | None:
    """A name for the video: the name the description gives, or the best phrase of its first sentence."""
    name = name_in(text)
    if name:
        return name
    first = sentences(text)
    if not first:
        return None
    found = cuts(first[0]) or [c for piece in clauses(first[0]) for c in cuts(piece)]
    if not found:  # a subject alone ("pottery", 手机壳) is its own title
        zh = has_chinese(first[0])
        short = len(first[0]) <= g.HEADLINE_CHARS_ZH if zh else _size(first[0]) <= g.HEADLINE_WORDS
        ends = _zh_end_ok(_zh_words(first[0]), len(_zh_words(first[0]))) if zh else (
            _key(first[0].split()[-1]) not in g.END_NOT)
        return capitalise(first[0]) if short and ends and balanced(first[0]) else None
    # The phrase a sentence opens with names its subject better than one from its middle; a time
    # (周六下午三点) names nothing, and then what the sentence is about (亲子市集) does.
    named = [c for c in found if not g.ZH_TIME_ONLY.fullmatch(simplified(c.text))]
    lead = next((c.text for c in named if c.lead), None)
    about = min((c for c in named if c.subject), key=lambda c: len(c.text), default=None)
    return lead or (about.text if about else None) or (named or found)[0].text


def split_cta(text: str) -> tuple[str, str | None]:
    """The description without its call to action, and that call (the last sentence that asks for action)."""
    parts = sentences(text)
    said = [s.strip() for s in g.SENTENCE_END.split(text) if s.strip(TRIM)]
    for index in range(len(parts) - 1, 0, -1):
        if g.CTA_WORDS.search(simplified(parts[index]).lower()):
            rest = parts[:index] + parts[index + 1 :]
            joiner = "" if has_chinese(text) else " "
            whole = _exclaimed(parts[index], said[index])
            call = whole if len(whole) <= g.SUPPORT_CHARS else fit(whole, g.SUPPORT_CHARS)
            if call:
                return joiner.join(p + ("。" if has_chinese(p) else ".") for p in rest), capitalise(call)
    return text, None


def _exclaimed(sentence: str, said: str) -> str:
    """A call to action keeps the exclamation mark the user gave it ("order your first cup today!")."""
    return sentence + said[-1] if said[-1:] in ("!", "！") and not sentence.endswith(("!", "！")) else sentence
