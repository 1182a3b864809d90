"""Utterance (plus attachments) -> export | credits | state | upload | help | chat, with the evidence behind it.

Files or links are uploaded; an instruction that comes with them goes on to chat. Everything else is
read by the intent classifier (intent.py): a direct action when the evidence for it is clear, chat
otherwise, and an edit never becomes a direct action ("add end credits", "don't export yet").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import get_args

from nemovideo.conversation import intent_words as W
from nemovideo.conversation.intent import Action, Evidence, classify, prepare
from nemovideo.conversation.intent_phrases import alternation

ACTIONS: tuple[Action, ...] = get_args(Action)  # every action route() can choose

URL = re.compile(r"https?://[^\s\"'<>，。]+", re.IGNORECASE)
FILES_WEIGHT = 10.0  # files or links decide alone: whatever the words say, they are uploaded first
_PRESENTING = re.compile(alternation(W.PRESENTING_EN + W.PRESENTING_ZH + W.FILLERS_EN + W.FILLERS_ZH
                                      + ("upload", "uploading", "上传")))


@dataclass(frozen=True)
class Route:
    """Where an utterance goes, and why."""

    action: Action
    rule: str
    then_chat: bool = False  # after an upload, the utterance's instruction still goes to chat
    urls: list[str] = field(default_factory=list)
    wants_video: bool = False  # the user asked for the finished file ("make it and send it to me")
    score: float = 0.0
    evidence: tuple[Evidence, ...] = ()


def route(utterance: str, attachments: int = 0) -> Route:
    """Decide what an utterance asks for."""
    urls = URL.findall(utterance)
    if attachments or urls:
        return _upload(utterance, attachments, urls)
    intent = classify(utterance)
    rule = "upload:asked-without-files" if intent.action == "upload" else intent.rule
    return Route(intent.action, rule, wants_video=intent.wants_video, score=intent.score, evidence=intent.evidence)


def _upload(utterance: str, attachments: int, urls: list[str]) -> Route:
    """Files or links: upload them, and send any instruction that came with them on to chat."""
    instruction = URL.sub(" ", utterance)
    intent = classify(instruction)
    only_upload = intent.action == "upload" or not _says_more_than_presenting(instruction)
    rule = "upload:attachments" if attachments else "upload:urls"
    evidence = ((rule.replace("upload:", "upload:files:"), FILES_WEIGHT), *intent.evidence)
    return Route("upload", rule if only_upload else rule + "+instruction", not only_upload, urls,
                 wants_video=intent.wants_video or intent.action == "export", score=FILES_WEIGHT, evidence=evidence)


def _says_more_than_presenting(instruction: str) -> bool:
    """True when words beside the files ask for something ("use this as the intro"), not only present them."""
    return bool(re.sub(r"[\s\W]+", "", _PRESENTING.sub(" ", prepare(instruction))))
