"""Typo matching: Damerau-Levenshtein distance, and a corrector that knows ordinary words from typos."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

# wordfreq's Zipf scale: 3 is about once per million words. Below this a token is rare enough to be a
# typo ("exprot" 0, "musci" 1.1, "verticle" 1.4); above it, an ordinary word ("statue" 4.1, "expert" 4.6).
ORDINARY_ZIPF = 2.5


def damerau_levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) between two strings (optimal string alignment)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def is_ordinary_word(token: str) -> bool:
    """True when an English token is a word people use ("statue", "balanced"), not a typo ("staus")."""
    from wordfreq import zipf_frequency  # loaded on first use: its tables take a tenth of a second

    return zipf_frequency(token, "en") >= ORDINARY_ZIPF


class Corrector:
    """Finds the keyword a mistyped token stands for, when exactly one reading is clear."""

    def __init__(self, keywords: Iterable[str], min_length: int = 5, max_distance: int = 1) -> None:
        self.keywords = frozenset(k.lower() for k in keywords)
        self.min_length = min_length
        self.max_distance = max_distance

    def correct(self, token: str) -> str | None:
        """The keyword `token` is a typo of, or None (too short, an ordinary word, no keyword or two near)."""
        token = token.lower()
        if token in self.keywords:
            return token
        if len(token) < self.min_length or not token.isascii() or not token.isalpha():
            return None
        near = {k for k in self.keywords
                if len(k) >= self.min_length and abs(len(k) - len(token)) <= self.max_distance
                and damerau_levenshtein(token, k) <= self.max_distance}
        if len(near) != 1 or is_ordinary_word(token):
            return None
        return next(iter(near))
