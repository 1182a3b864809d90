"""Offline training of the intent model (intent_model.py) on labelled sentences; never run by the product."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from nemovideo.conversation.intent import DIRECT, evidence_of
from nemovideo.conversation.intent_model import IntentModel, features

LABELS: tuple[str, ...] = ("chat", *DIRECT)
EPOCHS = 30
RATE = 0.5
L2 = 1e-4
PRUNE = 0.005  # weights smaller than this change no decision and only make the file bigger
SEED = 7  # one fixed order of examples: the same files give the same model


def training_example(text: str) -> list[str]:
    """The features of one labelled sentence, as the router will see it."""
    prepared, evidence = evidence_of(text)
    return features(prepared, evidence)


def train(examples: Sequence[tuple[str, str]]) -> IntentModel:
    """Multinomial logistic regression by stochastic gradient descent with a falling rate and L2."""
    data = [(training_example(text), LABELS.index(label)) for text, label in examples]
    weights: dict[str, list[float]] = {}
    bias = [0.0] * len(LABELS)
    order = random.Random(SEED)
    for epoch in range(EPOCHS):
        order.shuffle(data)
        rate = RATE / (1 + epoch)
        for found, label in data:
            rows = [weights.setdefault(f, [0.0] * len(LABELS)) for f in found]
            scores = [bias[k] + sum(row[k] for row in rows) for k in range(len(LABELS))]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for k in range(len(LABELS)):
                gradient = exps[k] / total - (k == label)
                bias[k] -= rate * gradient
                for row in rows:
                    row[k] -= rate * (gradient + L2 * row[k])
    kept = {f: tuple(round(w, 4) for w in row) for f, row in weights.items() if max(map(abs, row)) >= PRUNE}
    return IntentModel(LABELS, tuple(round(b, 4) for b in bias), kept)
