"""The language module: detection, phrasebooks, number words and typo matching, as the router and agent use them."""

from __future__ import annotations

import pytest

from nemovideo.language import (
    Corrector,
    Phrasebook,
    damerau_levenshtein,
    detect,
    en_number,
    from_code,
    majority,
    percentages,
    simplified,
    to_number,
    traditional,
    zh_number,
)


@pytest.mark.parametrize(("text", "fallback", "words", "expected"), [
    ("把音乐调小", "en", 1, "zh"),
    ("積分還剩多少", "en", 1, "zh"),  # traditional characters count as Chinese
    ("帮我export一下", "en", 3, "zh"),
    ("undo", "zh", 1, "en"),
    ("undo", "zh", 3, "zh"),  # one word is not clearly English when three are asked for
    ("9:16", "zh", 1, "zh"),
    ("👍", "en", 1, "en"),
    ("add lo-fi music please", "zh", 3, "en"),
])
def test_detect_answers_in_the_language_of_the_message(text: str, fallback: str, words: int, expected: str) -> None:
    assert detect(text, fallback, english_words=words) == expected  # type: ignore[arg-type]


def test_majority_and_session_codes() -> None:
    assert majority("make it 竖屏 please now") == "en"
    assert majority("把它改成 vertical 竖屏") == "zh"
    assert majority("") == "en" and majority("", "zh") == "zh"
    assert [from_code(c) for c in ("zh-CN", "zh-TW", "en", None, "fr")] == ["zh", "zh", "en", "en", "en"]


def test_phrasebook_fills_slots_in_either_language() -> None:
    book = Phrasebook({"done": ("Added {what}.", "已添加{what}。"), "lofi": ("lo-fi", "轻松")})
    assert book.say("done", "en", what="music") == "Added music."
    assert book.say("done", "zh", what="音乐") == "已添加音乐。"
    assert book.both("lofi", "style") == {"style_en": "lo-fi", "style_zh": "轻松"}
    assert book.both("jazz", "style") == {"style_en": "jazz", "style_zh": "jazz"}
    assert set(book.merged({"x": ("X", "叉")})) == {"done", "lofi", "x"}


@pytest.mark.parametrize(("words", "value"), [
    ("five", 5), ("forty-five", 45), ("forty five", 45), ("twenty", 20), ("a hundred", 100),
    ("one hundred and twenty", 120), ("fifteen", 15), ("half", None), ("a", None), ("seventy-two", 72),
])
def test_english_number_words(words: str, value: int | None) -> None:
    assert en_number(words) == value


@pytest.mark.parametrize(("numeral", "value"), [
    ("三十五", 35), ("十五", 15), ("两", 2), ("兩百", 200), ("一百二十", 120), ("二十", 20), ("一五", 15),
    ("百分", None), ("", None), ("四十", 40),
])
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert zh_number(numeral) == value


def test_to_number_reads_every_form() -> None:
    assert [to_number(t) for t in ("45", "４５", "2.5", "forty", "四十五", "many")] == [45, 45, 2.5, 40, 45, None]


def test_percentages_in_every_ordinary_form() -> None:
    text = "音量百分之二十, then forty-five percent, 百分之40, 三十%, 60％ and 70 per cent (not 8 seconds)"
    assert percentages(text) == [20, 45, 40, 30, 60, 70]
    assert percentages("make it 20 seconds long") == []


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("export", "exprot", 1), ("credits", "crdits", 1), ("status", "staus", 1), ("titel", "title", 1),
    ("abc", "abc", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("ca", "abc", 3),
])
def test_damerau_levenshtein_counts_a_swap_as_one_edit(a: str, b: str, distance: int) -> None:
    assert damerau_levenshtein(a, b) == distance


def test_corrector_fixes_typos_but_never_an_ordinary_word() -> None:
    corrector = Corrector(["export", "credits", "balance", "status", "timeline", "download"])
    assert [corrector.correct(t) for t in ("exprot", "crdits", "balence", "staus", "timline", "dowload")] == [
        "export", "credits", "balance", "status", "timeline", "download"]
    # Real words one edit from a keyword are what the user meant, not typos.
    assert [corrector.correct(t) for t in ("statue", "expert", "balanced", "states")] == [None] * 4
    assert corrector.correct("stat") is None  # too short to guess
    assert corrector.correct("EXPORT") == "export"


def test_corrector_refuses_when_two_keywords_are_equally_near() -> None:
    corrector = Corrector(["trim", "title", "tilte"])
    assert corrector.correct("titte") is None


def test_traditional_characters_fold_to_simplified_ones_position_for_position() -> None:
    said = "標題改成「花開的城市」，音樂調到百分之三十，做成直式影片"
    folded = simplified(said)
    assert folded == "标题改成「花开的城市」，音乐调到百分之三十，做成直式影片"
    assert len(folded) == len(said)
    assert simplified("Summer Sale 夏日特惠 👍") == "Summer Sale 夏日特惠 👍"  # simplified text and Latin stay
    assert simplified("著名") == "著名"  # 著 is 著 or 着 depending on the word: left as written


def test_the_projects_own_words_can_be_shown_in_traditional_characters() -> None:
    assert traditional("值得专程前往，快来尝尝吧") == "值得專程前往，快來嘗嘗吧"
    assert traditional("每一杯，钟表") == "每一杯，钟表"  # 杯 is traditional too; 钟 is 鐘 or 鍾: left as written
    assert simplified(traditional("新鲜现做")) == "新鲜现做"


def test_chinese_words_are_whole_words() -> None:
    from nemovideo.language import segment

    assert segment.words("每位顾客首次到店可享受八折优惠")[-2:] == ["八折", "优惠"]
    assert segment.words("Summer Sale") == ["Summer Sale"] and segment.words("") == []
    assert {0, 2, 4} <= segment.boundaries("年会开始") and 1 not in segment.boundaries("年会开始")
    assert 8 in segment.predicate_starts("重量只有十二公斤放进汽车后备箱")
