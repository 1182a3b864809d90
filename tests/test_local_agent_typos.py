"""Typos in command words: put right when one reading is clear, never in names or quoted words."""

from __future__ import annotations

import pytest

from nemovideo.local.agent.extract import normalise
from nemovideo.local.agent.typos import correct, unclear


@pytest.mark.parametrize(("typed", "meant"), [
    ("chnage the titel to Summer Sale", "change the title to Summer Sale"),
    ("make it verticle", "make it vertical"),
    ("remvoe the musci", "remove the music"),
    ("把标体移到顶部", "把标题移到顶部"),
    ("换成数屏", "换成竖屏"),
    ("时常改成20秒", "时长改成20秒"),
])
def test_a_mistyped_command_word_is_put_right(typed: str, meant: str) -> None:
    assert correct(typed) == meant


def test_names_quoted_words_and_ordinary_words_stay_as_written() -> None:
    assert correct("change the title to Lowder Days") == "change the title to Lowder Days"
    assert normalise('add text "Musci Night"').quotes == ("Musci Night",)
    assert correct("make the tittle bigger") == "make the tittle bigger", "tittle is a word"
    assert correct("make the tittle bigger", lenient=True) == "make the title bigger"


def test_a_word_with_two_readings_is_a_question() -> None:
    assert unclear("make the music lowder") == ("lowder", ["louder", "lower"])
    assert unclear("make the music louder") is None
