"""The `nemovideo` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from nemovideo import __version__
from nemovideo.skill import SkillError, load_skill


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="nemovideo", description="Make and edit videos by chatting.")
    parser.add_argument("--version", action="version", version=f"nemovideo {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("skill", help="show which SKILL.md is in use and the attribution it sends")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors print one line and return a non-zero code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "skill":
            skill = load_skill(os.environ)
            print(f"SKILL.md: {skill.path or '(packaged copy)'}")
            for key, value in skill.headers().items():
                print(f"{key}: {value}")
    except SkillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
