"""A second opinion for sentences the rules leave without a decision: a linear model shipped as data.

The model is a multinomial logistic regression over the words of the sentence (English words and word pairs,
Chinese characters and character pairs) and the kinds of rule evidence found in it. It was trained once, offline,
by scripts/train_router_model.py on the labelled sentences of fixtures/routing/ (never on the held-out files it
is measured against) and ships as `intent_model.json`: a weight per feature and action. Nothing trains at run
time. Its decision is explainable: the features that pushed the chosen action up most are its evidence.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, cast

MODEL_FILE = "intent_model.json"
_HAN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z][a-z0-9']*|\d+")


def features(prepared: str, evidence: Iterable[tuple[str, float]]) -> list[str]:
    """The model's features of a prepared sentence (intent.prepare, quotes masked) and its rule evidence."""
    found: set[str] = set()
    words = _WORD.findall(prepared)
    found.update(f"w:{word}" for word in words)
    found.update(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    for run in _HAN.findall(prepared):
        found.update(f"c:{char}" for char in run)
        found.update(f"d:{a}{b}" for a, b in zip(run, run[1:], strict=False))
    for feature, _ in evidence:
        target, kind = (feature.split(":") + [""])[:2]
        found.add(f"r:{target}:{kind}")
    return sorted(found)


@dataclass(frozen=True)
class Prediction:
    """The model's choice, how sure it is, and the features that pushed it most."""

    action: str
    probability: float
    reasons: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class IntentModel:
    """Weights per feature and action, and a bias per action."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def predict(self, found: list[str], reasons: int = 4) -> Prediction:
        """Probabilities for every action; the likeliest with the features that count most for it."""
        scores = list(self.bias)
        for feature in found:
            for index, weight in enumerate(self.weights.get(feature, ())):
                scores[index] += weight
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        best = max(range(len(scores)), key=scores.__getitem__)
        pushes = sorted(((f, self.weights[f][best]) for f in found if f in self.weights),
                        key=lambda item: item[1], reverse=True)
        return Prediction(self.labels[best], exps[best] / sum(exps),
                          tuple((f, round(w, 2)) for f, w in pushes[:reasons] if w > 0))

    def to_json(self, trained_on: dict[str, str]) -> dict[str, Any]:
        """The shipped form: labels, bias, weights, and the files (with digests) it was trained on."""
        return {"labels": list(self.labels), "bias": list(self.bias), "trained_on": trained_on,
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}


def from_json(data: dict[str, Any]) -> IntentModel:
    """A model from its shipped form."""
    weights = cast(dict[str, list[float]], data["weights"])
    return IntentModel(tuple(data["labels"]), tuple(data["bias"]), {f: tuple(w) for f, w in weights.items()})


@lru_cache(maxsize=1)
def _shipped_json() -> dict[str, Any]:
    text = resources.files("nemovideo.conversation").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@lru_cache(maxsize=1)
def shipped() -> IntentModel:
    """The model that ships with the package, read on first use."""
    return from_json(_shipped_json())


def trained_on() -> dict[str, str]:
    """The training files of the shipped model, with their sha256."""
    return cast(dict[str, str], _shipped_json()["trained_on"])
