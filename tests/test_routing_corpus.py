"""The router on labelled sentences: a development file to tune against and a held-out file never tuned against."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nemovideo.conversation.corpus import Evaluation, Sample, evaluate, load
from nemovideo.conversation.router import ACTIONS

ROUTING = Path(__file__).resolve().parent.parent / "fixtures" / "routing"
DEV, HELDOUT = ROUTING / "dev.jsonl", ROUTING / "heldout.jsonl"
# The held-out file as committed alone in 7b58d87, before any change to the classifier; never edited since.
HELDOUT_SHA256 = "01e6149f574165e92c9f36ee419096adeb013d131c25923d1766de0884199b37"
MIN_ACCURACY = {"dev.jsonl": 0.98, "heldout.jsonl": 0.97}


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[Sample]]:
    return {path.name: load(path) for path in (DEV, HELDOUT)}


def test_the_held_out_file_is_the_one_committed_before_the_classifier() -> None:
    assert hashlib.sha256(HELDOUT.read_bytes()).hexdigest() == HELDOUT_SHA256, (
        "fixtures/routing/heldout.jsonl changed: it must stay as committed in 7b58d87")


def test_the_corpus_is_large_bilingual_and_well_formed(corpora: dict[str, list[Sample]]) -> None:
    assert sum(len(samples) for samples in corpora.values()) >= 400
    assert len(corpora["heldout.jsonl"]) >= 150
    for name, samples in corpora.items():
        assert sum(s.chinese for s in samples) >= 0.45 * len(samples), f"{name} is under 45% Chinese"
        assert {s.label for s in samples} == set(ACTIONS), f"{name} lacks an action"
        assert all(s.text or s.attachments for s in samples)
        assert not [s for s in samples if s.wants_video and s.label != "chat"], "wants_video is for chat lines"
    dev = [s.text for s in corpora["dev.jsonl"] if s.text]
    assert len(set(dev)) == len(dev), "a sentence is in the development file twice"


def test_the_router_routes_the_corpus_as_labelled(corpora: dict[str, list[Sample]]) -> None:
    results = {name: evaluate(samples) for name, samples in corpora.items()}
    failing = [name for name, result in results.items() if result.accuracy < MIN_ACCURACY[name]]
    lost = [miss for result in results.values() for miss in result.lost_edits]
    assert not failing and not lost, _report(results)


def _report(results: dict[str, Evaluation]) -> str:
    lines = [result.summary(name) + f" (needs {MIN_ACCURACY[name]:.0%})" for name, result in results.items()]
    for name, result in results.items():
        lines += [f"{name}: {'EDIT LOST ' if miss.lost_edit else ''}{miss.describe()}" for miss in result.misses]
    return "\n".join(lines)
