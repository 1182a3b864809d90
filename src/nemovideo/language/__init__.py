"""The one place for language: which language a text is in, phrasebooks, number words, typo matching,
traditional Chinese characters read as simplified ones, and (in `segment`, loaded only when used) Chinese words.

The conversation layer, the CLI and the local editing agent all use it; nothing here imports the
rest of the project, so any layer may depend on it.
"""

from nemovideo.language.detect import HAN, Language, detect, from_code, has_chinese, majority
from nemovideo.language.fuzzy import Corrector, damerau_levenshtein, is_ordinary_word
from nemovideo.language.numbers import (
    EN_NUMBER_PATTERN,
    ZH_NUMBER_PATTERN,
    en_number,
    percentages,
    to_number,
    zh_number,
)
from nemovideo.language.phrasebook import Phrasebook
from nemovideo.language.script import simplified, traditional

__all__ = [
    "EN_NUMBER_PATTERN",
    "HAN",
    "ZH_NUMBER_PATTERN",
    "Corrector",
    "Language",
    "Phrasebook",
    "damerau_levenshtein",
    "detect",
    "en_number",
    "from_code",
    "has_chinese",
    "is_ordinary_word",
    "majority",
    "percentages",
    "simplified",
    "to_number",
    "traditional",
    "zh_number",
]
