"""Labelled routing sentences (fixtures/routing/*.jsonl) and how well the router does on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nemovideo.conversation.router import Route, route
from nemovideo.language import has_chinese


@dataclass(frozen=True)
class Sample:
    """One labelled sentence: what the user wrote and sent, and where it should go."""

    text: str
    attachments: tuple[str, ...]
    label: str
    wants_video: bool

    @property
    def chinese(self) -> bool:
        """True when the sentence has Chinese in it."""
        return has_chinese(self.text)


@dataclass(frozen=True)
class Miss:
    """A sample the router got wrong, with the decision it made."""

    sample: Sample
    route: Route

    @property
    def lost_edit(self) -> bool:
        """True when a chat sentence (an edit) went to a direct action: the user's change would be lost."""
        return self.sample.label == "chat" and self.route.action != "chat"

    def describe(self) -> str:
        """One line: expected -> chosen [rule] sentence (files)."""
        files = f" + {', '.join(self.sample.attachments)}" if self.sample.attachments else ""
        expected = self.sample.label + ("+video" if self.sample.wants_video else "")
        chosen = self.route.action + ("+video" if self.route.wants_video else "")
        return f"{expected} -> {chosen} [{self.route.rule}] {self.sample.text!r}{files}"


@dataclass(frozen=True)
class Evaluation:
    """How many samples of a corpus the router routes as labelled."""

    total: int
    misses: tuple[Miss, ...]

    @property
    def accuracy(self) -> float:
        """The share routed right (1.0 for an empty corpus)."""
        return 1 - len(self.misses) / self.total if self.total else 1.0

    @property
    def lost_edits(self) -> tuple[Miss, ...]:
        """The misses that would have dropped an edit."""
        return tuple(m for m in self.misses if m.lost_edit)

    def summary(self, name: str) -> str:
        """'name: 370/376 routed as labelled (98.4%), 0 edits sent to a direct action'."""
        right = self.total - len(self.misses)
        return (f"{name}: {right}/{self.total} routed as labelled ({self.accuracy:.1%}), "
                f"{len(self.lost_edits)} edits sent to a direct action")


def load(path: Path) -> list[Sample]:
    """The samples of a JSONL corpus file, one object a line."""
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            samples.append(Sample(row["text"], tuple(row.get("attachments", ())), row["label"],
                                  bool(row.get("wants_video", False))))
    return samples


def correct(sample: Sample, decision: Route) -> bool:
    """The action matches the label; for chat, so does whether the finished video was asked for."""
    return decision.action == sample.label and (sample.label != "chat" or decision.wants_video == sample.wants_video)


def evaluate(samples: list[Sample]) -> Evaluation:
    """Route every sample and keep the ones that went elsewhere."""
    misses = []
    for sample in samples:
        decision = route(sample.text, len(sample.attachments))
        if not correct(sample, decision):
            misses.append(Miss(sample, decision))
    return Evaluation(len(samples), tuple(misses))
