"""How much a reply may carry: hosts drop tool results over about 1 MB, so agent text, track lists and change
lists are cut to fit, each with a note saying what was left out (the notes are in messages.py).

A tool result carries the text twice (as content and inside the structured reply) and a Chinese character
takes three bytes: 60,000 characters a field keeps the whole result under 1 MB.
"""

from __future__ import annotations

from nemovideo.conversation.messages import say
from nemovideo.conversation.reply import Reply
from nemovideo.language import Language, detect

MAX_TEXT = 60_000  # characters in one text field of a reply
MAX_PART = MAX_TEXT // 2  # agent text, or a track list, inside a chat reply that may carry both
MAX_CHANGES = 200  # lines in a reply's list of changes


def note(key: str, count: int, lang: Language) -> str:
    """The note that says `count` characters (or changes) of a kind were left out."""
    return say(f"cut_{key}", lang, count=f"{count:,}")


def cap_text(text: str, lang: Language, key: str = "text", limit: int = MAX_TEXT) -> str:
    """The text itself, or as much of it as fits in `limit` characters together with a note saying how many more
    were left out."""
    if len(text) <= limit:
        return text
    room = max(limit - len(note(key, len(text), lang)) - 1, 0)  # the note's count never gets longer than this
    return text[:room] + "\n" + note(key, len(text) - room, lang)


def fit(reply: Reply, lang: Language | None = None) -> Reply:
    """The reply cut to what a host accepts (the same reply when it already fits)."""
    if len(reply.text) <= MAX_TEXT and len(reply.summary or "") <= MAX_TEXT and len(reply.changes) <= MAX_CHANGES:
        return reply
    lang = lang or detect(reply.text[:2000], fallback="en")
    changes = reply.changes
    if len(changes) > MAX_CHANGES:
        changes = [*changes[:MAX_CHANGES], note("changes", len(changes) - MAX_CHANGES, lang)]
    summary = cap_text(reply.summary, lang, "summary") if reply.summary else reply.summary
    return reply.model_copy(update={"text": cap_text(reply.text, lang), "summary": summary, "changes": changes})
