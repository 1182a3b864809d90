"""A phrasebook: every sentence a component says, in English and Chinese, looked up by key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from nemovideo.language.detect import Language


class Phrasebook(Mapping[str, tuple[str, str]]):
    """Keyed (English, Chinese) pairs with `{name}` slots, filled in by `say`."""

    def __init__(self, entries: Mapping[str, tuple[str, str]]) -> None:
        self._entries = dict(entries)

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def say(self, key: str, lang: Language, **values: object) -> str:
        """The phrase in `lang` with its slots filled in."""
        english, chinese = self._entries[key]
        return (chinese if lang == "zh" else english).format(**values)

    def both(self, key: str, field: str) -> dict[str, str]:
        """`{field}_en` and `{field}_zh` for a named value (a style, a position), the key itself when unknown."""
        english, chinese = self._entries.get(key, (key, key))
        return {f"{field}_en": english, f"{field}_zh": chinese}

    def merged(self, other: Mapping[str, tuple[str, str]]) -> Phrasebook:
        """A phrasebook with `other`'s entries added (they win on a shared key)."""
        return Phrasebook({**self._entries, **other})
