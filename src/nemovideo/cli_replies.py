"""What the commands outside the conversation answer with `--json`: a Reply, with fields of their own.

Each model extends the Reply, so every command's JSON object is a Reply to a script that knows only that shape
(docs/cli.md; tests/test_cli_json.py checks each command against the Reply's JSON schema).
"""

from __future__ import annotations

import sys

from pydantic import BaseModel, Field

from nemovideo.cli_output import print_reply
from nemovideo.conversation.reply import ErrorInfo, Reply
from nemovideo.errors import NemoError


class Check(BaseModel):
    """One check of `doctor`."""

    name: str
    ok: bool
    detail: str


class DoctorReply(Reply):
    """`doctor`: one check a line."""

    checks: list[Check] = Field(default_factory=list)


class SkillInfo(BaseModel):
    """The SKILL.md in use and the attribution it sends."""

    path: str | None = Field(None, description="the installed copy, or null for the packaged one")
    name: str
    version: str
    platform: str
    headers: dict[str, str] = Field(default_factory=dict)


class SkillReply(Reply):
    """`skill`."""

    skill: SkillInfo


class Evaluation(BaseModel):
    """How well the router does on a labelled corpus."""

    corpus: str
    total: int
    right: int
    accuracy: float
    lost_edits: int = Field(description="edits sent to a direct action")
    misses: list[str] = Field(default_factory=list, description="expected -> chosen [rule] sentence")


class RouteReply(Reply):
    """`route`: the decision is in `route` (and `rule`); `route --eval` fills `evaluation`."""

    evaluation: Evaluation | None = None


def failed(action: str, exc: Exception, text: str | None = None) -> Reply:
    """A failed reply for an error outside the conversation (settings, SKILL.md, a file)."""
    code = exc.code if isinstance(exc, NemoError) else None
    return Reply(action=action, status="failed", text=text or str(exc),
                 error=ErrorInfo(type=type(exc).__name__, code=code, detail=str(exc)))


def emit(reply: Reply, as_json: bool, code: int) -> int:
    """Print a command's reply (JSON, or its text; a failure's text on stderr) and return its exit code."""
    if as_json:
        print_reply(reply, True)
    elif reply.status == "failed":
        print(f"error: {reply.text}", file=sys.stderr)
    else:
        print(reply.text)
    return code
