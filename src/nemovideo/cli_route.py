"""`nemovideo route`: how a sentence is routed and why, or a corpus's accuracy; never calls an API."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from nemovideo.cli_output import print_reply
from nemovideo.cli_replies import Evaluation, RouteReply, emit, failed
from nemovideo.conversation.corpus import evaluate, load
from nemovideo.conversation.reply import Reply, RouteInfo
from nemovideo.conversation.router import Route, route
from nemovideo.errors import InputError


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the decision for a sentence, or the accuracy of a corpus file (-v: its misrouted lines)."""
    out = out or sys.stdout
    if args.eval is not None:
        evaluation = evaluate(load(args.eval))
        misses = [miss.describe() for miss in evaluation.misses]
        lines = [evaluation.summary(args.eval.name), *(f"  {miss}" for miss in misses if args.verbose)]
        info = Evaluation(corpus=args.eval.name, total=evaluation.total, right=evaluation.total - len(misses),
                          accuracy=evaluation.accuracy, lost_edits=len(evaluation.lost_edits), misses=misses)
        return _print(RouteReply(action="route", status="unchanged", text="\n".join(lines), evaluation=info),
                      args.json, out)
    if not args.sentence and not args.attach:
        return emit(failed("route", InputError("give a sentence to route, or --eval FILE")), args.json, 2)
    decision = route(" ".join(args.sentence), len(args.attach))
    reply = RouteReply(action="route", status="unchanged", text=_as_text(decision), rule=decision.rule,
                       route=RouteInfo.of(decision))
    return _print(reply, args.json, out)


def _print(reply: Reply, as_json: bool, out: TextIO) -> int:
    print_reply(reply, as_json, out)
    return 0


def _as_text(decision: Route) -> str:
    notes = [f"rule {decision.rule}", f"score {decision.score:g}"]
    if decision.wants_video:
        notes.append("the finished video is asked for")
    if decision.then_chat:
        notes.append("the words then go to chat")
    lines = [f"{decision.action} ({', '.join(notes)})"]
    lines += [f"  {weight:+g}  {feature}" for feature, weight in decision.evidence]
    return "\n".join(lines)
