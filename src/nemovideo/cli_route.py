"""`nemovideo route`: how a sentence is routed and why, or a corpus's accuracy; never calls an API."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from nemovideo.conversation.corpus import evaluate, load
from nemovideo.conversation.router import Route, route


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the decision for a sentence, or the accuracy of a corpus file (-v: its misrouted lines)."""
    out = out or sys.stdout
    if args.eval is not None:
        evaluation = evaluate(load(args.eval))
        out.write(evaluation.summary(args.eval.name) + "\n")
        if args.verbose:
            out.writelines(f"  {miss.describe()}\n" for miss in evaluation.misses)
        return 0
    if not args.sentence and not args.attach:
        print("error: give a sentence to route, or --eval FILE", file=sys.stderr)
        return 2
    decision = route(" ".join(args.sentence), len(args.attach))
    out.write(_as_json(decision) if args.json else _as_text(decision))
    return 0


def _as_text(decision: Route) -> str:
    notes = [f"rule {decision.rule}", f"score {decision.score:g}"]
    if decision.wants_video:
        notes.append("the finished video is asked for")
    if decision.then_chat:
        notes.append("the words then go to chat")
    lines = [f"{decision.action} ({', '.join(notes)})"]
    lines += [f"  {weight:+g}  {feature}" for feature, weight in decision.evidence]
    return "\n".join(lines) + "\n"


def _as_json(decision: Route) -> str:
    data = {"action": decision.action, "rule": decision.rule, "score": decision.score,
            "evidence": [{"feature": f, "weight": w} for f, w in decision.evidence],
            "wants_video": decision.wants_video, "then_chat": decision.then_chat, "urls": decision.urls}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
