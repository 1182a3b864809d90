"""The editing agent's data: prices, uploads, replies, and the refusal that ends a turn without a change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from nemovideo.draft import Draft
from nemovideo.language import Language
from nemovideo.local.agent.ids import IdMaker


@dataclass(frozen=True)
class Prices:
    """Credits a turn costs: a generated video, or any other change."""

    generate: int = 10
    edit: int = 2


@dataclass(frozen=True)
class Upload:
    """A media file the user uploaded to the session, in upload order."""

    media_id: str
    kind: str  # video | image | audio
    url: str
    filename: str
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class AgentReply:
    """What one chat turn produced; `draft` is None when nothing changed (and then `price` is 0)."""

    draft: Draft | None
    text: str
    tool_name: str  # "" when no tool ran
    tool_args: dict[str, object] = field(default_factory=dict)
    action: str = "unknown"  # generate | add_bgm | ... | undo | unknown
    price: int = 0


# Refusals that only say the draft already is as asked: with other changes in the message, they are skipped.
ALREADY = frozenset({"no_change", "ratio_same", "duration_same", "scene_in_place", "bgm_exists"})
# Refusals that ask the user which one they meant.
QUESTIONS = frozenset({"which_upload", "which_text", "which_word", "which_scenes"})


class Refusal(Exception):
    """A request understood but not doable on this draft; carries the reply key and its fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    @property
    def already(self) -> bool:
        """True when the draft already is as asked."""
        return self.key in ALREADY


@dataclass
class Turn:
    """One request being applied: a working copy of the draft, the uploads, the reply language, fresh ids."""

    draft: Draft
    uploads: Sequence[Upload]
    lang: Language
    ids: IdMaker
