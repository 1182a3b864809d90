"""How the CLI uses the terminal: a spinner on stderr, replies (text or JSON) on stdout, lines from stdin."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import sys
import threading
import unicodedata
from typing import TextIO

from nemovideo.conversation.reply import Reply
from nemovideo.language import has_chinese

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
CLEAR_LINE = "\r\x1b[K"  # back to the start of the line, erase to its end


class Spinner:
    """A progress callback: one updating line on a terminal, plain lines otherwise (always stderr)."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.frame = 0
        self.last = ""

    async def __call__(self, progress: float, total: float | None, message: str) -> None:
        """Show a progress message."""
        # At 100 the message is the finished work's own text (an export's "Video ready!"), which the reply
        # printed next says again.
        if not self.enabled or progress >= 100 or (message == self.last and not self.tty):
            return
        self.last = message
        if self.tty:
            # One row, never wrapped: erasing the line would leave the first rows of a wrapped one on the screen.
            self.frame = (self.frame + 1) % len(FRAMES)
            self.stream.write(CLEAR_LINE + fit(f"{FRAMES[self.frame]} {message}", columns(self.stream) - 1))
        else:
            self.stream.write(message + "\n")
        self.stream.flush()

    def __enter__(self) -> Spinner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled and self.tty and self.last:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()


def columns(stream: TextIO) -> int:
    """The width of the terminal behind `stream` (80 when it does not say)."""
    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, io.UnsupportedOperation):
        width = 0
    return width or 80


def fit(text: str, width: int) -> str:
    """The first line of `text`, cut to `width` terminal columns (Chinese characters take two)."""
    used, kept = 0, []
    for char in text.split("\n", 1)[0]:
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            break
        kept.append(char)
    return "".join(kept)


def print_reply(reply: Reply, as_json: bool, stream: TextIO | None = None, compact: bool = False) -> None:
    """Print a reply for a person, or as JSON for a script (`compact`: on one line)."""
    out = stream or sys.stdout
    if as_json:
        # Every field, nulls included: the same object as an MCP tool's structured output (docs/cli.md).
        data = reply.model_dump(mode="json")
        out.write(json.dumps(data, ensure_ascii=False, indent=None if compact else 2) + "\n")
        return
    out.write(reply.text.rstrip() + "\n")
    chinese = has_chinese(reply.text)
    labels = ("封面", "缩略图") if chinese else ("poster", "contact sheet")
    for label, path in zip(labels, (reply.poster_path, reply.contact_sheet_path), strict=True):
        if path and path not in reply.text:  # a preview's text names its contact sheet already
            out.write(f"{label}: {path}\n")
    if reply.status == "running" and reply.id:
        out.write(f"(still running: `nemovideo status {reply.id}`)\n")


EXIT_FAILED = 1  # the request failed: the text says why
EXIT_UNCHANGED = 3  # the editor was asked for a change and made none: it refused, asked back, or had nothing to do


def exit_code(reply: Reply) -> int:
    """0 done (or running, or a question answered), 1 failed, 3 an edit request that changed nothing (docs/cli.md)."""
    if reply.status == "failed":
        return EXIT_FAILED
    # Only a request sent to the editor: a balance or the timeline is an answer, not a refusal. A script that
    # chains `chat ... && export` stops here instead of exporting a video the request did not change.
    return EXIT_UNCHANGED if reply.status == "unchanged" and reply.action == "chat" else 0


class StdinLines:
    """Lines of standard input, read in a daemon thread so that Ctrl-C never waits for the next one."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.pending = b""

    async def read(self, prompt: str = "") -> str:
        """The next line without its newline; EOFError at the end of input."""
        loop = asyncio.get_running_loop()
        line: asyncio.Future[str] = loop.create_future()

        def settle(text: str, error: BaseException | None) -> None:
            if line.done():
                return
            if error is None:
                line.set_result(text)
            else:
                line.set_exception(error)

        def read() -> None:
            text, error = "", None
            try:
                text = self._read_blocking(prompt)
            except BaseException as exc:  # EOFError, or stdin closed under us: the loop decides
                error = exc
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
                loop.call_soon_threadsafe(settle, text, error)

        # Not the default executor: asyncio.run waits for its threads when it ends, so Ctrl-C at the prompt
        # would wait for Enter.
        threading.Thread(target=read, name="nemovideo-stdin", daemon=True).start()
        return await line

    def _read_blocking(self, prompt: str) -> str:
        if self.stdin is sys.stdin and self.stdout is sys.stdout and sys.stdin.isatty() and sys.stdout.isatty():
            return input(prompt)  # the terminal's line editing; holds no lock of sys.stdin while it waits
        if prompt:
            self.stdout.write(prompt)
            self.stdout.flush()
        try:
            fd = self.stdin.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):
            text = self.stdin.readline()
            if not text:
                raise EOFError from None
            return text.rstrip("\r\n")
        # Straight from the descriptor: a thread blocked in sys.stdin.readline() holds the buffer's lock, and
        # the interpreter aborts at exit when it cannot take that lock.
        while b"\n" not in self.pending:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            self.pending += chunk
        if not self.pending:
            raise EOFError
        raw, _, self.pending = self.pending.partition(b"\n")
        return raw.decode(self.stdin.encoding or "utf-8", "replace").rstrip("\r")
