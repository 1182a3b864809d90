"""Storyboard writing, as a viewer reads it: every headline and caption of generated videos checked against the
rules of issue 17 (fixtures/agent/storyboards.jsonl: descriptions and short prompts as ordinary users write
them, half Chinese, products, events, places, people, food and apps).

A headline stands alone: a noun phrase or a short claim of at most six words (fourteen Chinese characters),
first letter capitalised, quotes balanced, never ending on an article, preposition, conjunction or copula
(nor, in Chinese, on 的/和/是/一家 or inside a word). A caption starts with a capital and says something its
headline does not. No two scenes say the same thing; short prompts get the subject in their own words and
then other lines; file names never reach the screen.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import pytest

from conftest import FIXTURES
from nemovideo.draft import Draft, Segment, TrackType
from nemovideo.language import segment, simplified
from nemovideo.local.agent import Prices, Upload, respond
from nemovideo.local.agent.lines import LIBRARY

PRICES = Prices(generate=10, edit=2)
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (FIXTURES / "agent" / "storyboards.jsonl").read_text(encoding="utf-8").splitlines()
]
HAN = re.compile(r"[\u4e00-\u9fff]")
# Words an English headline may not end on: it would need what follows ("… is a smart water", "… in the").
NOT_LAST_EN = frozenset(
    "a an the of to in on at for with by from into over under near across through about around after before "
    "between without within than as and or but nor so yet because while although if when where which that who "
    "whose is are was were be been being am has have had do does did will would can could should may might must "
    "my our your their his her its this these those every each it's called named".split()
)
NOT_FIRST_EN = frozenset("and or but nor which that who whose is are was were of to than called named".split())
# Words a new phrase opens with: a headline taken from a sentence stops before one of them, or at a mark.
OPENERS = NOT_LAST_EN | frozenset(
    "using based located featuring including behind along during like per via since until".split()
)
# Characters and words a Chinese headline may not end on (是一家 wants its noun); 八折优 is checked as a cut word.
NOT_LAST_ZH = tuple("的了和与及或是在将把被从向对给为每这那也就都而并让到于很更最着地得")
NOT_LAST_ZH_WORDS = re.compile(r"(?:一|每|这|那)(?:个|家|款|名|位|种|座|所|间|杯|件|次)$")
NOT_FIRST_ZH = tuple("的了们着地得和与及、，")
QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("《", "》"), ("(", ")"), ("（", "）"))
ASKING_EN = frozenset("make video promo ad tiktok reel square seconds second 30 20 15 about".split())
ASKING_ZH = frozenset("帮我做个一生成视频宣传片的秒竖屏横版关于给")
STOP = frozenset("a an the and or but so of to in on at for with by from is are it its this our your my we you".split())


def upload(name: str, index: int) -> Upload:
    """An upload of the kind its extension says."""
    kind = "video" if name.endswith((".mp4", ".mov")) else "image"
    return Upload(f"m{index}", kind, f"https://cdn.local/u/{name}", name, 5000 if kind == "video" else None, 1920, 1080)


@cache
def generated(case_id: str) -> Draft:
    """The video the agent makes for a case, on an empty project."""
    case = next(c for c in CASES if c["id"] == case_id)
    uploads = tuple(upload(name, i) for i, name in enumerate(case["uploads"]))
    reply = respond(case["text"], Draft(), uploads, previous=None, language="en", prices=PRICES)
    assert reply.draft is not None and reply.action == "generate", reply.text
    return reply.draft


def texts(draft: Draft, role: str) -> list[Segment]:
    """The texts of one role, in time order."""
    found = [seg for t in draft.tracks if t.type == TrackType.TEXT for seg in t.segments if seg.role == role]
    return sorted(found, key=lambda s: s.start_ms)


def words(text: str) -> list[str]:
    """The words of an English text, lower-cased, without the punctuation around them."""
    return [w.strip("\"'“”‘’.,!?:;()").lower() for w in text.split()]


def balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in QUOTE_PAIRS)


def library_lines(lang: str) -> list[str]:
    """Every line of the phrase library in a language (subject lines as patterns)."""
    found = [kinds["zh" if lang == "zh" else "en"] for kinds in LIBRARY.values()]
    return [line for lines in found for line in (*lines.subject, *lines.benefits, *lines.details)]


def from_library(headline: str, lang: str, source: str) -> bool:
    """True when a headline is a library line (a subject line with words of the source as its subject)."""
    for line in library_lines(lang):
        if line == "{subject}":
            continue  # the subject alone is the description's words, and answers to their rules
        pattern = re.escape(line).replace(re.escape("{subject}"), "(.+)")
        found = re.fullmatch(pattern, simplified(headline), flags=re.I)  # 繁體 users get the lines in 繁體
        if found and all(group.lower() in simplified(source).lower() for group in found.groups()):
            return True
    return False


def whole_words_zh(phrase: str, source: str) -> bool:
    """True when a Chinese phrase occurs in the source starting and ending at word boundaries (by jieba)."""
    for sentence in re.split(r"[。！？!?\n：:]", source):
        if phrase not in sentence:
            continue
        bounds = segment.boundaries(sentence)
        at = sentence.find(phrase)
        while at >= 0:
            if at in bounds and at + len(phrase) in bounds:
                return True
            at = sentence.find(phrase, at + 1)
    return False


def headline_faults(text: str, source: str, lang: str) -> list[str]:
    """What is wrong with a headline, in words (empty when it stands alone)."""
    faults = []
    if not text or "…" in text or "..." in text:
        faults.append("empty or cut with an ellipsis")
    if not balanced(text):
        faults.append("unbalanced quotes")
    if lang == "zh":
        if len(text) > 14:
            faults.append("longer than 14 characters")
        if text.endswith(NOT_LAST_ZH) or NOT_LAST_ZH_WORDS.search(text):
            faults.append("ends on a word that needs what follows")
        if text.startswith(NOT_FIRST_ZH):
            faults.append("starts on a word that leans on what precedes")
        if not from_library(text, "zh", source) and text in source and not whole_words_zh(text, source):
            faults.append("cut inside a word")
        if not from_library(text, "zh", source) and text not in source:
            faults.append("neither the description's words nor a library line")
        elif not from_library(text, "zh", source) and all(
                source[m.end() : m.end() + 1] == "的" for m in re.finditer(re.escape(text), source)):
            faults.append("cut where a phrase goes on")  # 茶语时光是一家开在大学城旁边|的奶茶店
        return faults
    said = words(text)
    if len(said) > 6:
        faults.append("more than six words")
    if said and said[-1] in NOT_LAST_EN:
        faults.append(f"ends on {said[-1]!r}")
    if said and said[0] in NOT_FIRST_EN:
        faults.append(f"starts with {said[0]!r}")
    first = next((c for c in text if c.isalpha()), "")
    if first and not first.isupper():
        faults.append("first letter not a capital")
    if not from_library(text, "en", source) and text.lower() not in source.lower():
        faults.append("neither whole words of the description nor a library line")
    elif not from_library(text, "en", source) and not stops_at_phrase_end(text, source):
        faults.append("cut where a phrase goes on")  # "Lisbon is a city of seven"
    return faults


def stops_at_phrase_end(phrase: str, source: str) -> bool:
    """True when the phrase occurs in the source followed by a mark, the end, or a word that opens a phrase."""
    lowered, wanted = source.lower(), phrase.lower()
    at = lowered.find(wanted)
    while at >= 0:
        rest = lowered[at + len(wanted) :]
        following = rest.split()[0].strip("\"'“”‘’.,!?:;()") if rest.split() else ""
        if not rest.strip() or not rest[:1].isspace() or following in OPENERS or not any(map(str.isalnum, following)):
            return (not rest[:1].isalnum()) or not rest.strip()
        at = lowered.find(wanted, at + 1)
    return False


def caption_faults(text: str, headline: str, lang: str) -> list[str]:
    """What is wrong with a caption under its headline."""
    faults = []
    if "…" in text or "..." in text or not balanced(text):
        faults.append("cut with an ellipsis or unbalanced")
    if headline.lower() in text.lower():
        faults.append("repeats its headline")
    if lang == "zh":
        if len(set(text) - set(headline) - set("，。、 ")) < 2:
            faults.append("adds nothing to its headline")
        if text.endswith(NOT_LAST_ZH):
            faults.append("ends on a word that needs what follows")
        return faults
    first = next((c for c in text if c.isalpha()), "")
    if first and not first.isupper():
        faults.append("starts in lower case")
    new = [w for w in words(text) if w not in words(headline) and w not in STOP]
    if not new:
        faults.append("adds nothing to its headline")
    if words(text)[-1] in NOT_LAST_EN:
        faults.append(f"ends on {words(text)[-1]!r}")
    return faults


@pytest.mark.parametrize("case_id", [c["id"] for c in CASES])
def test_every_headline_and_caption_reads_as_written_by_hand(case_id: str) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    draft = generated(case_id)
    lang = "zh" if HAN.search(case["text"]) else "en"
    title = texts(draft, "title")[0].text or ""
    headlines = texts(draft, "subtitle")
    problems = []
    for seg in headlines:
        text = seg.text or ""
        problems += [f"headline {text!r}: {fault}" for fault in headline_faults(text, case["text"], lang)]
        captions = [c for c in texts(draft, "caption") if c.start_ms == seg.start_ms]
        for cap in captions:
            problems += [f"caption {cap.text!r}: {f}" for f in caption_faults(cap.text or "", text, lang)]
    # A title comes from the request's words as well ("关于森林徒步的视频": 的 goes on to 视频, not to the topic).
    problems += [f"title {title!r}: {f}" for f in headline_faults(title, case["text"], lang)
                 if "library" not in f and "description" not in f and "goes on" not in f]
    assert not problems, problems


@pytest.mark.parametrize("case_id", [c["id"] for c in CASES])
def test_no_two_scenes_say_the_same_thing_nor_repeat_the_title(case_id: str) -> None:
    draft = generated(case_id)
    title = (texts(draft, "title")[0].text or "").lower()
    lines = [(seg.text or "").lower() for seg in texts(draft, "subtitle")]
    assert len(set(lines)) == len(lines), lines
    assert all(line != title and line not in title for line in lines), (title, lines)
    shown = lines + [(c.text or "").lower() for c in texts(draft, "caption")]
    assert len(set(shown)) == len(shown), shown


@pytest.mark.parametrize("case_id", [c["id"] for c in CASES if c["short"] and not c["uploads"]])
def test_a_short_prompt_shows_its_subject_then_varied_lines_of_its_kind(case_id: str) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    draft = generated(case_id)
    lines = [seg.text or "" for seg in texts(draft, "subtitle")]
    title = texts(draft, "title")[0].text or ""
    said = case["text"]
    prompt_words = set(HAN.findall(said)) - ASKING_ZH if HAN.search(said) else set(words(said)) - STOP - ASKING_EN
    first = set(HAN.findall(lines[0])) if HAN.search(lines[0]) else set(words(lines[0]))
    assert prompt_words & first, f"the first scene names the subject in the prompt's words: {lines[0]!r}"
    kind_lines = LIBRARY[case["kind"]]["zh" if HAN.search(title) else "en"]
    assert {simplified(line) for line in lines[1:]} <= {*kind_lines.benefits, *kind_lines.details}, lines
    assert simplified(texts(draft, "cta")[0].text or "") == kind_lines.cta


@pytest.mark.parametrize("case_id", [c["id"] for c in CASES if c["uploads"]])
def test_file_names_never_reach_the_screen(case_id: str) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    draft = generated(case_id)
    shown = [seg.text or "" for t in draft.tracks if t.type == TrackType.TEXT for seg in t.segments]
    for name in case["uploads"]:
        stem = PurePosixPath(name).stem.lower()
        assert not [s for s in shown if name.lower() in s.lower() or s.strip().lower() == stem], (name, shown)
        if len(stem) >= 3:  # "a" is a word before it is "A.mp4"
            assert not [s for s in shown if stem in words(s)], (name, shown)


def test_the_cases_cover_both_languages_and_every_kind() -> None:
    assert len(CASES) >= 30
    assert sum(c["id"].startswith("zh") for c in CASES) * 2 >= len(CASES)
    assert {c["kind"] for c in CASES} >= {"product", "event", "place", "person", "food", "app"}
    assert sum(c["short"] for c in CASES) >= 8
