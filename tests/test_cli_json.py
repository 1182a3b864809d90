"""`--json` on every command but the two servers: one JSON object, a reply, as docs/cli.md documents it."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from nemovideo.cli import main
from nemovideo.cli_replies import DoctorReply, RouteReply, SkillReply
from nemovideo.conversation.reply import Reply
from test_local_fakes import tiny_png

DOCS = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
OWN_MODEL: dict[str, type[Reply]] = {"doctor": DoctorReply, "skill": SkillReply, "route": RouteReply}


def schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


class Cli:
    """Runs commands in one data folder against the embedded local backend and keeps what each printed."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data")}
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.printed: list[dict[str, Any]] = []

    def json(self, *argv: str, stdin: str = "", code: int = 0) -> dict[str, Any]:
        """The one object a command printed (checked against the reply's schema); its exit code must be `code`."""
        [data] = self.lines(*argv, stdin=stdin, code=code, one_object=True)
        return data

    def lines(self, *argv: str, stdin: str = "", code: int = 0, one_object: bool = False) -> list[dict[str, Any]]:
        """The objects a command printed, one a line (an interactive session)."""
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        assert main(list(argv), self.env) == code, argv
        out = self.capsys.readouterr().out
        objects = [json.loads(out)] if one_object else [json.loads(line) for line in out.splitlines()]
        for data in objects:
            jsonschema.validate(data, schema(Reply))  # every command's object is a reply ...
            if data["status"] != "failed":  # ... with the fields of its own
                jsonschema.validate(data, schema(OWN_MODEL.get(data["action"], Reply)))
            assert set(Reply.model_fields) <= set(data), "every field is printed, null when it does not apply"
        self.printed += objects
        return objects


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(tmp_path, capsys, monkeypatch)


def test_every_command_prints_one_reply_with_json(cli: Cli, tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text('{"text": "导出", "label": "export"}\n', encoding="utf-8")
    picture = tmp_path / "logo.png"
    picture.write_bytes(tiny_png(64, 48))

    routed = cli.json("route", "--json", "余额还有多少？")
    assert (routed["route"]["action"], routed["rule"], routed["evaluation"]) == ("credits", "credits:zh", None)
    evaluation = cli.json("route", "--json", "--eval", str(corpus))["evaluation"]
    assert (evaluation["total"], evaluation["right"], evaluation["accuracy"]) == (1, 1, 1.0)
    skill = cli.json("skill", "--json")["skill"]
    assert skill["headers"]["X-Skill-Source"] == skill["name"] and skill["path"] is None
    checks = cli.json("doctor", "--local", "--json")["checks"]
    assert [check["name"] for check in checks] == ["settings", "token", "SKILL.md", "backend", "ffmpeg"]
    assert cli.json("--local", "--json", "credits")["credits"]["available"] == 100
    assert cli.json("upload", "--local", "--json", str(picture))["uploads"] == ["logo.png"]
    made = cli.json("chat", "--local", "--json", "generate a 3-second video about tea")
    assert made["status"] == "completed" and made["edits"]
    assert cli.json("state", "--local", "--json")["timeline"]["uploads"][0]["name"] == "logo.png"
    running = cli.json("export", "--local", "--json", "--wait", "0", "-o", str(tmp_path / "tea.mp4"))
    assert running["status"] == "running"
    done = cli.json("status", "--local", "--json", running["id"], "--wait", "120")
    assert done["status"] == "completed" and done["video_path"] == str(tmp_path / "tea.mp4")
    session = cli.lines("chat", "--local", "--json", stdin="credits\nhow long is the video?\n")
    assert [data["action"] for data in session] == ["connect", "credits", "state"]
    assert cli.json("new", "--local", "--json")["status"] == "completed"
    token = json.loads((tmp_path / "data" / "credentials.json").read_text())["local"]["token"]
    assert cli.json("login", "--local", "--json", "--token-stdin", stdin=token + "\n")["status"] == "completed"
    assert cli.json("logout", "--local", "--json")["status"] == "completed"
    assert cli.json("logout", "--local", "--json")["status"] == "unchanged"

    actions = {data["action"] for data in cli.printed}
    assert actions == {"route", "skill", "doctor", "credits", "upload", "chat", "state", "export", "connect",
                       "new_project", "login", "logout"}
    action_row = next(line for line in DOCS.splitlines() if line.startswith("| `action` |"))
    assert actions <= set(re.findall(r"`([a-z_]+)`", action_row)) | {"export"}, "docs/cli.md names every action"


def test_failures_print_a_reply_with_the_typed_error(cli: Cli, tmp_path: Path) -> None:
    missing = cli.json("upload", "--local", "--json", str(tmp_path / "nope.mp4"), code=1)
    assert missing["status"] == "failed" and missing["error"]["type"] == "InputError"
    assert missing["text"] == f"There is no file at {tmp_path / 'nope.mp4'}. Check the path, then try again."
    assert missing["error"]["hint"] == "Check the path, then try again."
    cli.env["NEMO_SKILL_DIR"] = str(tmp_path / "missing")
    broken = cli.json("skill", "--json", code=2)
    assert broken["status"] == "failed" and broken["error"]["type"] == "SkillError"
    assert "NEMO_SKILL_DIR" in broken["text"]
    not_a_token = cli.json("login", "--local", "--json", "--token-stdin", stdin="two words\n", code=2)
    assert not_a_token["error"]["type"] == "InputError"


def test_docs_describe_every_field_of_the_reply_and_of_the_commands_with_their_own() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", DOCS, re.MULTILINE))
    names = {name for pair in documented for name in pair if name}
    assert set(Reply.model_fields) <= names
    for command, model in OWN_MODEL.items():
        [own] = set(model.model_fields) - set(Reply.model_fields)
        assert re.search(rf"^\| `{command}` \| `{own}` \|", DOCS, re.MULTILINE), command
    for status in ("completed", "unchanged", "running", "failed"):
        assert f"| `{status}` |" in DOCS
