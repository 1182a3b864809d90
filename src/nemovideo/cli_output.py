"""How the CLI shows progress and replies: a spinner on stderr, readable text or JSON on stdout."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from nemovideo.conversation.reply import Reply
from nemovideo.language import has_chinese

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


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
        if not self.enabled or (message == self.last and not self.tty):
            return
        self.last = message
        if self.tty:
            self.frame = (self.frame + 1) % len(FRAMES)
            self.stream.write(f"\r\x1b[2K{FRAMES[self.frame]} {message}")
        else:
            self.stream.write(message + "\n")
        self.stream.flush()

    def __enter__(self) -> Spinner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled and self.tty and self.last:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def print_reply(reply: Reply, as_json: bool, stream: TextIO | None = None) -> None:
    """Print a reply for a person, or as JSON for a script."""
    out = stream or sys.stdout
    if as_json:
        out.write(json.dumps(reply.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2) + "\n")
        return
    out.write(reply.text.rstrip() + "\n")
    chinese = has_chinese(reply.text)
    labels = ("封面", "缩略图") if chinese else ("poster", "contact sheet")
    for label, path in zip(labels, (reply.poster_path, reply.contact_sheet_path), strict=True):
        if path:
            out.write(f"{label}: {path}\n")
    if reply.status == "running" and reply.id:
        out.write(f"(still running: `nemovideo status {reply.id}`)\n")
    if reply.error is not None and reply.error.code is not None:
        out.write(f"(error code {reply.error.code})\n")
