"""The `nemovideo` command: chat, export, credits and the rest, for people and shell-only agents."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import textwrap
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path

from nemovideo import __version__
from nemovideo.cli_output import Spinner, StdinLines, exit_code, print_reply
from nemovideo.conversation.reply import Reply
from nemovideo.errors import NemoError
from nemovideo.runtime import Runtime, open_runtime
from nemovideo.skill import SkillError

log = logging.getLogger("nemovideo")

Action = Callable[[Runtime, argparse.Namespace, Spinner], Awaitable[Reply]]
LOCAL_PORT = 8765
HELP_WIDTH = 78
MCP_HTTP_PORT = 8766  # not the local backend's port, so `nemovideo local` and the MCP server can run side by side


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--json, --local, -v and --version; `suppress` on subcommands, so a flag given before the command stays."""
    default = argparse.SUPPRESS if suppress else False
    parser.add_argument("--json", action="store_true", default=default,
                        help="print the reply as JSON (for scripts and agents)")
    parser.add_argument("--local", action="store_true", default=default,
                        help="use the offline local backend (like NEMO_API_URL=local)")
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="log details to stderr")
    parser.add_argument("--version", action="version", version=f"nemovideo {__version__}")


class Commands:
    """Adds subcommands that share the global options, each with a description and an example."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.common = argparse.ArgumentParser(add_help=False)
        add_global_options(self.common, suppress=True)
        self.sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(self, name: str, summary: str, details: str, example: str) -> argparse.ArgumentParser:
        """One subcommand: `summary` in the command list, `details` and `example` in its --help."""
        return self.sub.add_parser(
            name, parents=[self.common], help=summary,
            description=textwrap.fill(f"{summary[0].upper()}{summary[1:]}. {details}", HELP_WIDTH),
            epilog=f"example:\n  {example}", formatter_class=argparse.RawDescriptionHelpFormatter,
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="nemovideo", description="Make and edit videos by chatting.",
        epilog='example:\n  nemovideo --local chat "generate a 6-second video about a coffee shop opening"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_global_options(parser, suppress=False)
    commands = Commands(parser)
    _conversation_commands(commands)
    _admin_commands(commands)
    _server_commands(commands)
    return parser


def _conversation_commands(commands: Commands) -> None:
    chat = commands.add("chat", "say something (interactive without a message)",
                        "One message is one turn, routed like the skill: export, credits, status, upload or an edit "
                        "for the agent. Without a message, an interactive session (leave with exit or Ctrl-D).",
                        'nemovideo chat "add lo-fi background music at 35%"')
    chat.add_argument("message", nargs="*", help="one message; omit for an interactive session")
    chat.add_argument("-a", "--attach", action="append", default=[], help="a file or link to upload first")
    commands.add("credits", "credit balance: available, frozen, total",
                 "Frozen credits are held for work in progress.", "nemovideo credits --json")
    commands.add("state", "what is in the video: the track summary",
                 "One line per track of the current project's timeline.", "nemovideo state")
    export = commands.add("export", "render and download the MP4",
                          "Never overwrites a file: a folder gets a file named after the title, and the name always "
                          "ends in .mp4. With --wait it answers 'running' and an id once the render is submitted.",
                          "nemovideo export -o promo.mp4")
    export.add_argument("-o", "--output", type=Path, default=None, help="where to save the MP4 (never overwritten)")
    export.add_argument("--wait", type=float, default=None,
                        help="seconds to wait after submitting before answering 'running' with an id for `status`")
    preview = commands.add("preview", "a quick, small preview: contact sheet and low-resolution MP4 (free)",
                           "Renders the current timeline small and fast (480p on the local backend) to see a change "
                           "before exporting; the project's last preview is replaced. Prints the MP4 and the contact "
                           "sheet (a PNG grid of frames).", "nemovideo preview")
    preview.add_argument("--wait", type=float, default=None,
                         help="seconds to wait after submitting before answering 'running' with an id for `status`")
    upload = commands.add("upload", "upload files or links into the project",
                          "Each file or http(s) link becomes media the agent can use.",
                          "nemovideo upload logo.png https://example.com/clip.mp4")
    upload.add_argument("items", nargs="+", help="file paths or http(s) links")
    status = commands.add("status", "outcome of a chat turn or render by id",
                          "For work that answered 'running' (a render also after a restart).",
                          "nemovideo status export_1a2b3c4d --wait 60")
    status.add_argument("id", metavar="ID", help="the id a reply gave with status 'running' (e.g. export_1a2b3c4d)")
    status.add_argument("--wait", type=float, default=None, help="seconds to wait for it to finish")
    new = commands.add("new", "start a new, empty project",
                       "The current project stays as it is on the backend.", "nemovideo new --language zh-CN")
    new.add_argument("--language", default="en", help="en, zh-CN, ...")


def _admin_commands(commands: Commands) -> None:
    login = commands.add("login", "store a token from your account (asked for, not typed)",
                         "The token is checked against the API first and stored only if it is accepted.",
                         'nemovideo login --token-stdin < token.txt')
    login.add_argument("--token-stdin", action="store_true", help="read the token from standard input")
    commands.add("logout", "forget the stored token",
                 "The next command uses a free anonymous token again.", "nemovideo logout")
    commands.add("doctor", "check settings, token, SKILL.md, backend and ffmpeg",
                 "One line per check; exits 1 when one fails.", "nemovideo --local doctor")
    commands.add("skill", "show which SKILL.md is in use and the attribution it sends",
                 "The installed copy decides the X-Skill-* headers.", "nemovideo skill")
    route = commands.add("route", "how a sentence is routed, and why (no API call)",
                         "Prints the action (export, credits, state, upload, help or chat), its score and the "
                         "evidence for it; --eval prints the accuracy of a labelled JSONL corpus.",
                         'nemovideo route "how many credits do I have left?"')
    route.add_argument("sentence", nargs="*", help="the words, as a user would say them")
    route.add_argument("-a", "--attach", action="append", default=[], help="a file name sent with them")
    route.add_argument("--eval", type=Path, metavar="FILE", help="accuracy on a labelled JSONL corpus (-v: misses)")


def _server_commands(commands: Commands) -> None:
    mcp = commands.add("mcp", "serve MCP (stdio by default)",
                       f"For MCP hosts (Claude, Cursor, VS Code). Streamable HTTP listens on 127.0.0.1, port "
                       f"{MCP_HTTP_PORT} unless --port says otherwise.",
                       "nemovideo mcp --transport streamable-http --port 8766")
    mcp.add_argument("--transport", choices=["stdio", "streamable-http"], default="stdio",
                     help="stdio (default) or streamable-http")
    mcp.add_argument("--port", type=int, default=MCP_HTTP_PORT,
                     help=f"port for streamable-http on 127.0.0.1 (default {MCP_HTTP_PORT})")
    local = commands.add("local", "run the local backend as a server",
                         "The NemoVideo API on loopback: SQLite, the editing agent and the ffmpeg renderer. "
                         "Point clients at it with NEMO_API_URL=http://127.0.0.1:PORT.",
                         "nemovideo local --port 8765 --data-dir ./nemo-data")
    local.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    local.add_argument("--port", type=int, default=LOCAL_PORT,
                       help=f"port (default {LOCAL_PORT}; 0 picks a free one)")
    local.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    local.add_argument("--forwarded-allow-ips", metavar="IPS",
                       help="proxy addresses whose X-Forwarded-For headers are believed (default: none)")
    from nemovideo.local.config import add_arguments  # flags only: the backend itself is imported when it runs

    add_arguments(local)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run one command; errors print one line and return a non-zero code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    args = build_parser().parse_args(argv)
    if args.command != "local":  # the backend sets up its own log lines, with times
        level = logging.INFO if args.verbose else logging.WARNING
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(level)  # on the handler too: a host that asks for debug records gets them, stderr does not
        stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.basicConfig(level=level, handlers=[stderr])
    try:
        return _run(args, env)
    except (NemoError, SkillError, OSError) as exc:  # set-up problems: settings, SKILL.md, the local backend
        from nemovideo.cli_replies import emit, failed

        return emit(failed(args.command, exc), args.json and args.command not in ("mcp", "local"), 2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    if args.command == "local":  # only cli.py, runtime.py and demo.py may import the local backend
        from nemovideo import cli_admin
        from nemovideo.local.web.server import run as serve_local

        return cli_admin.listen(args.host, args.port, lambda: serve_local(args, env, verbose=args.verbose))
    if args.command == "route":
        from nemovideo.cli_route import run

        return run(args)
    if args.command in ("login", "logout", "skill", "doctor", "mcp"):
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
    "preview": lambda rt, a, sp: rt.conversation.preview(sp, a.wait),
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
    return exit_code(reply)


async def _interactive(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    async with open_runtime(env, local=args.local) as runtime:
        with Spinner(enabled=not args.json) as spinner:
            ready = await runtime.conversation.connect(spinner)
        # With --json, one object a line (JSON Lines): a session prints many.
        print_reply(ready, args.json, compact=True)  # after the spinner has cleared its line
        prompt = "› " if sys.stdin.isatty() else ""  # piped input gets no prompts mixed into the replies
        lines = StdinLines(sys.stdin, sys.stdout)
        while True:
            try:
                line = await lines.read(prompt)
            except EOFError:
                if prompt:
                    print()  # Ctrl-D: leave the shell prompt on a line of its own
                return 0
            except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels us, then main() exits 130
                if prompt:
                    print()
                raise
            if line.strip().lower() in ("quit", "exit", "退出"):
                return 0
            if not line.strip():
                continue
            with Spinner(enabled=not args.json) as spinner:
                reply = await runtime.conversation.handle(line, progress=spinner)
            print_reply(reply, args.json, compact=True)
