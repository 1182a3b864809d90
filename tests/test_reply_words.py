"""Every sentence a reply can say, in both languages, read against simple rules; and every error, worded."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from nemovideo import errors
from nemovideo.conversation.failures import CREDITS, ERRORS, NEXT, SAID, failure
from nemovideo.conversation.messages import MESSAGES
from nemovideo.language import Phrasebook, has_chinese
from nemovideo.local.agent.replies import NOT_DONE, REPLIES

BOOKS: dict[str, Phrasebook] = {"messages": MESSAGES, "errors": ERRORS, "next": NEXT, "credits": CREDITS,
                                "said": SAID, "agent": REPLIES, "agent-not-done": NOT_DONE}
# One sample for each slot; none is an error code, so a code in a sentence can only come from its template.
SAMPLES: dict[str, object] = {
    "available": 85, "frozen": 5, "total": 90, "count": 2, "first": 1, "second": 3, "scene": 2, "scenes": 4,
    "to": 1, "length": 15, "low": 3, "high": 120, "old": 10, "new": 15, "minutes": 15, "seconds": 30,
    "duration": "15 minutes", "timespan": "15-minute", "shown": 3,
    "percent": 35, "size": 5200, "limit": 3000, "width": 1080, "height": 1920, "ratio": "9:16",
    "id": "export_1a2b3c4d", "path": "/home/me/Videos/tea.mp4", "folder": "/home/me/Videos", "why": "disk full",
    "link": "https://nemovideo.com/register?bind=anon_42", "url": "ftp://example.com/clip.mp4",
    "name": "clip.mp4", "names": "clip.mp4, logo.png", "text": "Summer Sale", "title": "Tea Time",
    "formats": ", ".join(errors.ACCEPTED_FORMATS), "said": "clip.mp4 is not a readable video file",
    "words": "sparkle", "changes_en": "volume 35% → 20%", "changes_zh": "音量 35% → 20%",
    "items_en": '"make it pop" (not understood)', "items_zh": "“更炫一点”（没看懂）",
    "kind_en": "image", "kind_zh": "图片", "kinds_en": "the music", "kinds_zh": "背景音乐",
    "music_en": "lo-fi", "music_zh": "轻松", "names_en": '"beach.jpg" or "me.jpg"',
    "names_zh": "“beach.jpg”还是“me.jpg”",
    "position_en": "top", "position_zh": "顶部", "span_en": "0-3s", "span_zh": "0-3秒", "style_en": "lo-fi",
    "style_zh": "轻松", "theme_en": "warm coffee browns", "theme_zh": "温暖的咖啡色调", "what_en": "the title",
    "what_zh": "标题", "words_en": '"louder" or "lower"', "words_zh": "“更响”还是“更低”",
    "scaled_en": "the scenes, their texts and the music were", "scaled_zh": "场景、场景文字和音乐",
    "kept_en": ", the title keeps its length", "kept_zh": "，标题保持原有时长",
    "sheet": "/home/me/Videos/previews/tea.preview.sheet.png", "chars": "☃ 𝄞",
}
# Sentences that end with what punctuation would spoil (a path or link to copy), or a progress line's percentage.
OPEN_ENDED = re.compile(r"(\{path\}|\{link\}|\{percent\}%)$")
CODES = {str(kind.wire_code) for kind in errors.WIRE_ERRORS}
TEMPLATES = [(book, key, lang) for book, phrases in BOOKS.items() for key in phrases for lang in ("en", "zh")]


def problems(said: str, lang: str, template: str = "") -> list[str]:
    """What is wrong with a sentence a person would read."""
    found = []
    if re.search(r"[{}]|\(\)|（）|\"\"|“”|''", said):
        found.append("an empty or unfilled slot")
    if re.search(r"\b(\w+)\s+\1\b", said, re.IGNORECASE | re.ASCII) or re.search(r"的的|了了|是是", said):
        found.append("a doubled word")
    if re.search(r"\b(a|an|the|no|any|all)\s+(a|an|the)\b", said, re.IGNORECASE):
        found.append("an article after a determiner")  # "There is no the text on the timeline"
    if not OPEN_ENDED.search(template) and not re.search(r"([.!?。！？…:：\"”)）]|[.!?。！？…]\]|https?://\S+)$",
                                                         said.rstrip()):
        found.append("no punctuation at the end")
    if any(re.search(rf"(?<!\d){code}(?!\d)", said) for code in CODES) or re.search(
            r"error code|\bcode \d|HTTP \d|错误码", said, re.IGNORECASE):
        found.append("a code number")
    if lang == "en" and re.search(r"\s{2,}|\s[.,;:!?](\s|$)", said):
        found.append("stray spaces")
    literal = "".join(part for part, *_ in string.Formatter().parse(template or said))
    if (lang == "zh") != has_chinese(literal) and literal.strip(" .…⏳✅:%()\"'-（）“”"):
        found.append("the other language")
    return found


@pytest.mark.parametrize(("book", "key", "lang"), TEMPLATES, ids=[f"{b}:{k}:{lang}" for b, k, lang in TEMPLATES])
def test_every_template_reads_well_in_both_languages_with_sample_values(book: str, key: str, lang: str) -> None:
    template = BOOKS[book][key][0 if lang == "en" else 1]
    slots = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    assert slots <= set(SAMPLES), f"no sample for {slots - set(SAMPLES)}: add one to SAMPLES"
    said = template.format(**SAMPLES)
    assert problems(said, lang, template) == [], said


def test_the_rules_catch_what_they_are_for() -> None:
    assert "an article after a determiner" in problems("There is no the text on the timeline.", "en")
    assert "a doubled word" in problems("Added the the title.", "en")
    assert "a code number" in problems("This file type is not supported. (error code 4001)", "en")
    assert "no punctuation at the end" in problems("Added the title", "en")
    assert "no punctuation at the end" in problems("[… and 2 more changes]", "en")  # a note closes its sentence
    assert "an empty or unfilled slot" in problems('Added the title "".', "en")
    assert "the other language" in problems("Added the title.", "zh")


def every_error_class() -> list[type[errors.NemoError]]:
    return [value for value in vars(errors).values()
            if isinstance(value, type) and issubclass(value, errors.NemoError)]


@pytest.mark.parametrize("kind", every_error_class(), ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_error_is_worded_in_the_request_language_with_what_to_do_and_no_code(
        kind: type[errors.NemoError], lang: str) -> None:
    code = kind.wire_code or 5003
    # An input error without a reason says its own words; with one (here), the words of that reason.
    reason = {"reason": "not_saved", "values": {"why": "disk full"}} if kind is errors.InputError else {}
    exc = kind("Something broke (HTTP 502, error code 5003).", code=code, said="the agent gave up",
               **reason)  # type: ignore[arg-type]
    reply = failure("chat", exc, lang, web_url="https://web.test", claim_links=True,  # type: ignore[arg-type]
                    names=["clip.mp4"])
    assert reply.status == "failed" and reply.error is not None
    assert (reply.error.type, reply.error.code) == (kind.__name__, code)  # the code stays, for agents
    assert reply.error.hint and reply.text.endswith(reply.error.hint)  # what to do next, last
    assert problems(reply.text, lang) == [], reply.text
    assert "HTTP" not in reply.text and "502" not in reply.text
    assert reply.error.detail and "error code 5003" in reply.error.detail  # the technical words stay in the JSON


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_formats_are_listed_only_for_a_file_whose_extension_is_not_accepted(lang: str) -> None:
    def worded(exc: errors.NemoError, *names: str) -> str:
        return failure("upload", exc, lang, web_url="", claim_links=False, names=names).text  # type: ignore[arg-type]

    said = "clip.mp4 is not a readable video file"
    unreadable = worded(errors.UnsupportedFile("This file type is not supported", said=said), "clip.mp4")
    assert said in unreadable and "webm" not in unreadable and "clip.mp4" in unreadable
    odd = worded(errors.UnsupportedFile("This file type is not supported", said="unsupported file type (.bmp)"),
                 "scan.bmp", "clip.mp4")
    assert "scan.bmp" in odd and "webm" in odd and "readable" not in odd
    refused_here = errors.InputError("Cannot upload 'notes.txt'", code=4001, reason="not_accepted",
                                     values={"name": "notes.txt"})
    assert "notes.txt" in worded(refused_here) and "webm" in worded(refused_here)
    assert "4001" not in unreadable + odd + worded(refused_here)


def test_a_missing_file_in_a_chinese_request_is_worded_in_chinese(tmp_path: Path) -> None:
    missing = errors.InputError("There is no file", reason="no_file", values={"path": tmp_path / "nope.mp4"})
    reply = failure("upload", missing, "zh", web_url="", claim_links=False)
    assert reply.text == f"找不到文件：{tmp_path / 'nope.mp4'}。请检查路径后再试。"


def test_an_input_error_keeps_its_own_words_in_their_language_and_is_quoted_in_the_other() -> None:
    own = errors.InputError("消息是空的。")
    assert failure("chat", own, "zh", web_url="", claim_links=False).text == (
        "消息是空的。请检查请求后再试。")
    english = errors.InputError("The message is empty.")
    assert failure("chat", english, "zh", web_url="", claim_links=False).text == (
        "这个请求无法按原样发送（“The message is empty.”）。请检查请求后再试。")


@pytest.mark.parametrize(("reason", "limit", "en", "zh"), [
    ("cap", 900, "The request ran past the 15-minute limit.", "请求超过了15分钟的时限。"),
    ("quiet", 600, "Nothing but keep-alives arrived for 10 minutes.", "连续10分钟只收到保活信号。"),
    ("quiet", 0.2, "Nothing but keep-alives arrived for 0.2 seconds.", "连续0.2秒只收到保活信号。"),
])
def test_a_chat_time_limit_is_worded_in_the_request_language(reason: str, limit: float, en: str, zh: str) -> None:
    exc = errors.ChatTimeout("The request ran out of time.", reason=reason, values={"limit_seconds": limit})
    assert failure("chat", exc, "en", web_url="", claim_links=False).text.startswith(en)
    assert failure("chat", exc, "zh", web_url="", claim_links=False).text.startswith(zh)
