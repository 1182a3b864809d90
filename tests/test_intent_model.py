"""The router's second opinion: a linear model shipped as data, asked only where the rules find nothing against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nemovideo.conversation import intent
from nemovideo.conversation.intent_model import IntentModel, shipped, trained_on
from nemovideo.conversation.router import route

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import train_router_model  # noqa: E402  (a script, not a package)

MEASURING_FILES = {"heldout-7.jsonl", "heldout-8.jsonl"}  # the held-out files the router is measured on


def _always(action: str) -> IntentModel:
    """A model sure of one action whatever it reads: what the gates alone let through."""
    labels = ("chat", "export", "credits", "state", "help", "upload")
    return IntentModel(labels, tuple(9.0 if label == action else 0.0 for label in labels), {})


def test_the_model_never_learned_from_the_files_that_measure_the_router() -> None:
    assert not MEASURING_FILES & set(trained_on())
    assert set(trained_on()) == set(train_router_model.TRAINING)


def test_the_shipped_model_is_what_its_training_files_give_today() -> None:
    # Stale weights (a training file or the rules' evidence changed since) would make decisions no one can
    # reproduce: retraining must give the shipped file byte for byte.
    shipped_text = train_router_model.TARGET.read_text(encoding="utf-8")
    assert train_router_model.model_json() == shipped_text, "run: .venv/bin/python scripts/train_router_model.py"


@pytest.mark.parametrize("edit", [
    "add the download link as text at the end", "put 'credits: 100' in the corner", "don't export yet",
    "先别导出", "把标题改成“余额”", "make the status bar bigger", "用字幕展示一下我们公司的发展时间线",
])
def test_a_model_sure_of_a_direct_action_cannot_take_an_edit_a_quote_or_a_negation(
        edit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for action in ("export", "credits", "state", "help"):
        monkeypatch.setattr(intent, "shipped", lambda action=action: _always(action))
        assert route(edit).action == "chat", (edit, action)


def test_where_the_rules_find_nothing_the_model_decides_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intent, "shipped", lambda: _always("state"))
    assert route("hmm, where are things at").action == "state"
    monkeypatch.undo()
    decided = route("how am I doing for points")  # the real model: a weak keyword, and no rule decides
    assert decided.action == "credits" and decided.rule == "credits:model"
    reasons = [(f, w) for f, w in decided.evidence if f.startswith("credits:model:")]
    assert reasons and all(w > 0 for _, w in reasons)
    assert 0.6 <= decided.score <= 1


def test_a_model_that_is_unsure_leaves_the_sentence_to_chat(monkeypatch: pytest.MonkeyPatch) -> None:
    labels = ("chat", "export", "credits", "state", "help", "upload")
    monkeypatch.setattr(intent, "shipped", lambda: IntentModel(labels, (0.0, 0.5, 0.0, 0.0, 0.0, 0.0), {}))
    assert route("hmm, where are things at").action == "chat"


def test_the_cli_shows_the_models_reasons(tmp_path: Path) -> None:
    shown = subprocess.run([sys.executable, "-m", "nemovideo", "route", "how am I doing for points", "--json"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    decision = json.loads(shown.stdout)["route"]
    assert decision["action"] == "credits"
    assert any(e["feature"] == "credits:model:w:points" and e["weight"] > 0 for e in decision["evidence"])


def test_routing_trains_nothing_and_reads_the_model_from_the_package() -> None:
    code = ("import sys; from nemovideo.conversation.router import route; route('how am I doing for points');"
            "print('nemovideo.conversation.intent_training' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
    assert len(shipped().weights) > 1000


def test_the_routing_doc_shows_what_the_model_says_today() -> None:
    # docs/routing.md shows one decision of the model with its weights: retraining must keep the page true.
    doc = (ROOT / "docs" / "routing.md").read_text(encoding="utf-8")
    command = '$ nemovideo route "how am I doing for points"\n'
    shown = doc[doc.index(command) + len(command):].split("```")[0]
    ran = subprocess.run([sys.executable, "-m", "nemovideo", "route", "how am I doing for points"],
                         capture_output=True, text=True, check=True)
    assert shown == ran.stdout, "update the example in docs/routing.md"
