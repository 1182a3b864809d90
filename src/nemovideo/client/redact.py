"""Keep secrets out of every message: tokens are masked before text reaches an exception or a log."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nemovideo.settings import mask

TOKEN_SHAPE = re.compile(r"\bnmv_[A-Za-z]+_[A-Za-z0-9._~+/=-]{4,}")
BEARER = re.compile(r"(?i)\bbearer\s+[^\s\"',;]+")
LONGEST = 300


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """The text with known secrets, token-shaped strings and bearer values masked."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, mask(secret))
    text = BEARER.sub("Bearer …", text)
    return TOKEN_SHAPE.sub(lambda found: mask(found.group(0)), text)


def shorten(text: str, limit: int = LONGEST) -> str:
    """One line, at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
