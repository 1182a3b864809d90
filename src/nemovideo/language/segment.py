"""Chinese text cut into words (jieba), so that a phrase is never cut inside a word such as 优惠.

jieba's dictionary takes about a second and some 60 MB to load, so it is loaded on the first call that
needs it (a Chinese text), never at import time, and once per process.
"""

from __future__ import annotations

import logging
import warnings
from functools import cache
from typing import Any

from nemovideo.language.detect import HAN

# Words of promotional copy that jieba's dictionary splits (年/会, 拿/铁, 奶茶/店, 手机/壳).
EXTRA_WORDS = ("年会", "拿铁", "奶茶店", "手机壳", "新品", "优惠券", "打卡", "小程序", "一对一")


@cache
def _tokenizer() -> Any:
    """jieba's tokenizer, loaded once, quietly (it logs its loading time to stderr at DEBUG level)."""
    with warnings.catch_warnings():
        # jieba 0.42 predates Python 3.12's escape-sequence and pkg_resources warnings; they are not ours to fix.
        warnings.simplefilter("ignore")
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    for word in EXTRA_WORDS:
        tokenizer.add_word(word)
    return tokenizer


@cache
def _tagger() -> Any:
    """jieba's part-of-speech tagger over the same dictionary (its model loads on first use too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from jieba import posseg

        return posseg.POSTokenizer(_tokenizer())


def words(text: str) -> list[str]:
    """The words of a text in order, joining back to it exactly; Chinese by jieba, other text as written."""
    if not HAN.search(text):
        return [text] if text else []
    return [str(word) for word in _tokenizer().lcut(text, HMM=True)]


def predicate_starts(text: str) -> set[int]:
    """Offsets where a predicate follows a noun phrase (重量只有十二公斤|放进汽车后备箱): where a run-on
    Chinese sentence with no mark and no linking word may be cut, by jieba's part-of-speech tags."""
    found, at, previous = set(), 0, ""
    for pair in _tagger().lcut(text):
        word, flag = str(pair.word), str(pair.flag)
        if at and (previous.startswith("n") or previous == "q") and flag[:1] in ("v", "a", "d"):
            found.add(at)
        at, previous = at + len(word), flag
    return found


def boundaries(text: str) -> set[int]:
    """The character offsets where a word starts or ends (0 and len(text) included)."""
    found, at = {0}, 0
    for word in words(text):
        at += len(word)
        found.add(at)
    return found
