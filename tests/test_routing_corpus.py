"""The router on labelled sentences: a development file to tune against and a held-out file never tuned against."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from nemovideo.conversation.corpus import Evaluation, Sample, evaluate, load
from nemovideo.conversation.router import ACTIONS

ROUTING = Path(__file__).resolve().parent.parent / "fixtures" / "routing"
DEV = ROUTING / "dev.jsonl"


@dataclass(frozen=True)
class HeldOut:
    """A held-out file: written by someone who never read the router, committed alone, never edited."""

    name: str
    commit: str  # where it was committed alone
    sha256: str
    first_measured: float  # its accuracy the first time the router met it, before anyone read its misses
    floor: float  # what the router must keep now


# Each set was measured once, clean (first_measured), then its misses were read and the general causes fixed
# (docs/routing.md, "Measured"); the floors keep those fixes. The newest set is the honest figure.
HELD_OUT = (
    HeldOut("heldout.jsonl", "7b58d87", "01e6149f574165e92c9f36ee419096adeb013d131c25923d1766de0884199b37",
            0.958, 0.97),
    HeldOut("heldout-2.jsonl", "11ec08a", "1dd4ae55ec4e3ad4d4b9c0b6323a7d9142d3899ab1f6ec3bc55726124e1f1348",
            0.858, 0.97),
    HeldOut("heldout-3.jsonl", "3690045", "d8abc91422df373f31d5713bf2b6ab2add2d281fe56429e8882a3cdb4fe8edc8",
            0.925, 0.97),
    # Its writer labelled "how do I export?" help where the development file says export: 96.7% is that ceiling.
    HeldOut("heldout-4.jsonl", "7c71076", "c8570032f70b1331d32792e583b2410a181bc960d840c367f7402da1d223d2ae",
            0.841, 0.96),
    HeldOut("heldout-5.jsonl", "d1879b0", "ea43784eee1f968d2580d2797503262a12a8838b766ddbab4b40b0855ecd66b7",
            0.845, 0.97),
    # Measured once, clean (88.5%); its misses were read after the intent model came (it is a training file).
    HeldOut("heldout-6.jsonl", "90dfd4d", "c03ced79dd9f88688a608fa9dfe2de92e18f1871677fef4f3ce86b8de8481a7a",
            0.885, 0.97),
    # Written blind before the intent model and never trained on. Measured at 91.8% and 90.9% before any change,
    # once midway (95.0%, 93.6%), and at 96.8% and 94.5% after the model and nine training files, with no edit
    # lost; then their misses were read.
    HeldOut("heldout-7.jsonl", "b196522", "a2379dd88d91a2a41ee9d1c9d9a36c9a3a80378a779314634cbca80b1ba2c18e",
            0.918, 0.97),
    HeldOut("heldout-8.jsonl", "949acc9", "d6264fc6a201e8fd5e3703a75841ba42f7f22f6ddbd885c52d6bacce5599d17c",
            0.909, 0.97),
    # Written blind after the intent model came, before heldout-7/8's misses were read: measured at 97.3% and
    # 96.4% (one edit lost in heldout-9) then, and unchanged after the fixes from heldout-7/8.
    HeldOut("heldout-9.jsonl", "ed77db1", "37816dc78c8b326712fe490693ff9d343639cfcb70eef410a720ea7562d96c14",
            0.973, 0.97),
    HeldOut("heldout-10.jsonl", "0dcc862", "9f4fd4cb93965fd355b9c9e7373d4c29093ca69216ab4e019b60fa6e8a178ecf",
            0.964, 0.97),
    # The newest: written blind while heldout-9/10's misses were fixed, measured once after that (97.7%, with 3 edits
    # lost, and 99.1%); only heldout-11's three lost edits were read and their causes fixed.
    HeldOut("heldout-11.jsonl", "adb48ea", "a6dc661762111f369ad30d77331152e26d6ddb860d7e00dcfa69dcf39d854fe5",
            0.977, 0.97),
    HeldOut("heldout-12.jsonl", "923f644", "7c75fc98aa478cd6b325cb0228c8b9d56b7217c4c68359eff52fd6a3da3b9c39",
            0.991, 0.97),
)
# Training files for the intent model (scripts/train_router_model.py), each written by a helper who read no code,
# first met at 87.1%, 92.3% and 89.1% (a-c), 91.1%, 94.0%, 96.9% (d-f) and 96.3%, 94.6%, 96.9% (g-i: rules and a
# model trained without them); their misses were read and the general causes fixed.
TRAINING = {f"train-{letter}.jsonl": 0.96 for letter in "abcdefghi"}
MIN_ACCURACY = {"dev.jsonl": 0.98, **TRAINING, **{h.name: h.floor for h in HELD_OUT}}


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[Sample]]:
    files = (DEV, *(ROUTING / name for name in TRAINING), *(ROUTING / h.name for h in HELD_OUT))
    return {path.name: load(path) for path in files}


@pytest.mark.parametrize("held_out", HELD_OUT, ids=lambda h: h.name)
def test_each_held_out_file_is_the_one_committed_alone(held_out: HeldOut) -> None:
    digest = hashlib.sha256((ROUTING / held_out.name).read_bytes()).hexdigest()
    assert digest == held_out.sha256, f"fixtures/routing/{held_out.name} changed: it must stay as in {held_out.commit}"


def test_the_corpus_is_large_bilingual_and_well_formed(corpora: dict[str, list[Sample]]) -> None:
    assert sum(len(samples) for samples in corpora.values()) >= 400
    assert all(len(corpora[h.name]) >= 150 for h in HELD_OUT)
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
