"""The `nemovideo` command: chat, export, credits and the rest, for people and shell-only agents."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path

from nemovideo import __version__
from nemovideo.cli_output import Spinner, print_reply
from nemovideo.conversation.reply import Reply
from nemovideo.errors import NemoError
from nemovideo.runtime import Runtime, open_conversation, open_runtime
from nemovideo.skill import SkillError

log = logging.getLogger("nemovideo")

Action = Callable[[Runtime, argparse.Namespace, Spinner], Awaitable[Reply]]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the reply as JSON (for scripts and agents)")
    common.add_argument("--local", action="store_true", help="use the offline local backend (NEMO_API_URL=local)")
    common.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    parser = argparse.ArgumentParser(prog="nemovideo", description="Make and edit videos by chatting.")
    parser.add_argument("--version", action="version", version=f"nemovideo {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = sub.add_parser("chat", parents=[common], help="say something (interactive without a message)")
    chat.add_argument("message", nargs="*", help="one message; omit for an interactive session")
    chat.add_argument("-a", "--attach", action="append", default=[], help="a file or link to upload first")
    sub.add_parser("credits", parents=[common], help="credit balance: available, frozen, total")
    sub.add_parser("state", parents=[common], help="what is in the video: the track summary")
    export = sub.add_parser("export", parents=[common], help="render and download the MP4")
    export.add_argument("-o", "--output", type=Path, default=None, help="where to save the MP4 (never overwritten)")
    export.add_argument("--wait", type=float, default=None,
                        help="seconds to wait after submitting before answering 'running' with an id for `status`")
    upload = sub.add_parser("upload", parents=[common], help="upload files or links into the project")
    upload.add_argument("items", nargs="+", help="file paths or http(s) links")
    status = sub.add_parser("status", parents=[common], help="outcome of a chat turn or render by id")
    status.add_argument("id")
    status.add_argument("--wait", type=float, default=None, help="seconds to wait for it to finish")
    new = sub.add_parser("new", parents=[common], help="start a new, empty project")
    new.add_argument("--language", default="en", help="en, zh-CN, ...")
    login = sub.add_parser("login", parents=[common], help="store a token from your account (asked for, not typed)")
    login.add_argument("--token-stdin", action="store_true", help="read the token from standard input")
    sub.add_parser("logout", parents=[common], help="forget the stored token")
    sub.add_parser("doctor", parents=[common], help="check settings, token, SKILL.md, backend and ffmpeg")
    sub.add_parser("skill", parents=[common], help="show which SKILL.md is in use and the attribution it sends")
    mcp = sub.add_parser("mcp", parents=[common], help="serve MCP (stdio by default)")
    mcp.add_argument("--transport", choices=["stdio", "streamable-http"], default="stdio")
    mcp.add_argument("--port", type=int, default=8765, help="port for streamable-http (on 127.0.0.1)")
    sub.add_parser("local", add_help=False, help="run the local backend (see `nemovideo local --help`)")
    route = sub.add_parser("route", parents=[common], help="how a sentence is routed, and why (no API call)")
    route.add_argument("sentence", nargs="*", help="the words, as a user would say them")
    route.add_argument("-a", "--attach", action="append", default=[], help="a file name sent with them")
    route.add_argument("--eval", type=Path, metavar="FILE", help="accuracy on a labelled JSONL corpus (-v: misses)")
    return parser


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run one command; errors print one line and return a non-zero code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    if argv[:1] == ["local"]:
        from nemovideo.local.server import main as local_main

        return local_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run(args, env)
    except (NemoError, SkillError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    if args.command == "mcp":
        from nemovideo.mcp_server import serve

        serve(lambda: open_conversation(env, local=args.local), transport=args.transport, port=args.port)
        return 0
    if args.command == "route":
        from nemovideo.cli_route import run

        return run(args)
    if args.command in ("login", "logout", "skill", "doctor"):
        from nemovideo import cli_admin

        handler: Callable[[argparse.Namespace, Mapping[str, str]], int] = getattr(cli_admin, args.command)
        return handler(args, env)
    if args.command == "chat" and not args.message:
        return asyncio.run(_interactive(args, env))
    return asyncio.run(_once(args, env))


ACTIONS: dict[str, Action] = {
    # A chat turn lives in this process, so the CLI waits for it; an export can be left running (--wait).
    "chat": lambda rt, a, sp: rt.conversation.handle(" ".join(a.message), a.attach, progress=sp),
    "credits": lambda rt, a, sp: rt.conversation.credits(),
    "state": lambda rt, a, sp: rt.conversation.state(),
    "export": lambda rt, a, sp: rt.conversation.export(a.output.expanduser().resolve() if a.output else None,
                                                       sp, a.wait),
    "upload": lambda rt, a, sp: rt.conversation.upload(a.items),
    "status": lambda rt, a, sp: rt.conversation.status(a.id, sp, a.wait),
    "new": lambda rt, a, sp: rt.conversation.new_project(a.language),
}


async def _once(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    async with open_runtime(env, local=args.local) as runtime:
        if args.command not in ("chat", "new"):
            connected = await runtime.conversation.connect()
            if connected.status == "failed":
                return _finish(connected, args.json)
        with Spinner(enabled=not args.json) as spinner:
            reply = await ACTIONS[args.command](runtime, args, spinner)
        return _finish(reply, args.json)


def _finish(reply: Reply, as_json: bool) -> int:
    print_reply(reply, as_json)
    return 1 if reply.status == "failed" else 0


async def _interactive(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    async with open_runtime(env, local=args.local) as runtime:
        with Spinner(enabled=not args.json) as spinner:
            print_reply(await runtime.conversation.connect(spinner), args.json)
        prompt = "› " if sys.stdin.isatty() else ""  # piped input gets no prompts mixed into the replies
        while True:
            try:
                line = await asyncio.to_thread(input, prompt)
            except EOFError:
                if prompt:
                    print()  # Ctrl-D: leave the shell prompt on a line of its own
                return 0
            if line.strip().lower() in ("quit", "exit", "退出"):
                return 0
            if not line.strip():
                continue
            with Spinner(enabled=not args.json) as spinner:
                reply = await runtime.conversation.handle(line, progress=spinner)
            print_reply(reply, args.json)
