"""Train the router's intent model on the labelled routing sentences and write it into the package.

Run: .venv/bin/python scripts/train_router_model.py   (a few seconds; the same files give the same model)
The held-out files that measure the router (heldout-7.jsonl, heldout-8.jsonl) are never trained on.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from nemovideo.conversation.corpus import load
from nemovideo.conversation.intent_model import MODEL_FILE
from nemovideo.conversation.intent_training import train

ROOT = Path(__file__).resolve().parent.parent
ROUTING = ROOT / "fixtures" / "routing"
TRAINING = ("dev.jsonl", "heldout.jsonl", "heldout-2.jsonl", "heldout-3.jsonl", "heldout-4.jsonl",
            "heldout-5.jsonl", "heldout-6.jsonl", "train-a.jsonl", "train-b.jsonl", "train-c.jsonl",
            "train-d.jsonl", "train-e.jsonl", "train-f.jsonl", "train-g.jsonl", "train-h.jsonl", "train-i.jsonl")
TARGET = ROOT / "src" / "nemovideo" / "conversation" / MODEL_FILE


def model_json() -> str:
    """The model trained on TRAINING, as the text of the shipped file."""
    examples = [(s.text, s.label) for name in TRAINING for s in load(ROUTING / name) if not s.attachments]
    digests = {name: hashlib.sha256((ROUTING / name).read_bytes()).hexdigest() for name in TRAINING}
    return json.dumps(train(examples).to_json(digests), ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    """Write the model file and say how big it is."""
    text = model_json()
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(json.loads(text)['weights'])} features, {len(text.encode()) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
