"""Every command the README shows, run as written against the local backend: offline, in a temporary home.

The shell blocks run line by line in one environment, like a person's shell following the README (its
`export NEMO_API_URL=local` line makes everything local); then each row of the CLI table runs with its
placeholders filled in, optional parts included. Servers start on free loopback ports, are asked over HTTP
(or stdio) whether they are ready, and are stopped with Ctrl-C.
"""

from __future__ import annotations

import json
import re
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest

from cli_support import clean_env, free_port, nemovideo
from nemovideo.cli import build_parser
from nemovideo.store import Store
from test_local_fakes import tiny_png

README = Path(__file__).resolve().parent.parent / "README.md"
CORPUS = README.parent / "fixtures" / "routing" / "dev.jsonl"  # what `route --eval FILE` reads: a labelled corpus
TIMEOUT = 120.0  # a command that takes longer has hung
SHELL_LANGUAGES = ("", "sh", "bash", "shell", "console")

# Lines of the README's shell blocks that are not run, and why. Any other line must be a nemovideo command.
NOT_RUN = {
    "pip install": "it would install into the environment running this test (make test installed the checkout)",
    "uvx ": "uv builds its environment from PyPI, and this test never uses the network",
    "pipx ": "pipx builds its environment from PyPI, and this test never uses the network",
    "claude mcp add": "it changes the MCP configuration of Claude Code on this machine",
    "make demo": "tests/test_demo.py runs the demo",
    "make test": "this test is part of it",
    "make conformance": "it downloads Node 22 and the conformance suite from npm, and this test never uses the network",
}
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "readme-test", "version": "1"}}}


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of each fenced block, in order."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)


def shell_lines(text: str) -> list[str]:
    """The lines of the shell blocks, without blank lines and comment lines."""
    return [line.strip() for language, body in fenced_blocks(text) if language in SHELL_LANGUAGES
            for line in body.splitlines() if line.strip() and not line.strip().startswith("#")]


def host_configs(text: str) -> list[dict[str, Any]]:
    """The MCP server entries of the JSON host configurations."""
    entries = []
    for language, body in fenced_blocks(text):
        if language == "json":
            config = json.loads(body)
            entries += list((config.get("mcpServers") or config.get("servers") or {}).values())
    return entries


def section(text: str, title: str) -> str:
    """The body of a `## title` section."""
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def table_commands(text: str) -> list[str]:
    """The commands of the CLI table's first column (`state` after `nemovideo credits` / means `nemovideo state`)."""
    commands = []
    for row in section(text, "CLI").splitlines():
        if row.startswith("| `nemovideo"):
            for span in re.findall(r"`([^`]+)`", row.split("|")[1]):
                commands.append(span if span.startswith("nemovideo") else f"nemovideo {span}")
    return commands


def prose_commands(text: str) -> list[str]:
    """`nemovideo ...` in running text: outside the fenced blocks and the CLI table."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S).replace(section(text, "CLI"), "")
    return re.findall(r"`(nemovideo [^`]+)`", prose)


@dataclass
class Shell:
    """A person's shell following the README: environment, folder, and what the commands answered."""

    home: Path
    env: dict[str, str]
    ran: list[str] = field(default_factory=list)
    last_output: str = ""

    def line(self, line: str) -> None:
        """Run one line of a shell block."""
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            self.env.update(word.split("=", 1) for word in words[1:])
            self.ran.append(line)
        elif words[0] == "nemovideo":
            self.nemovideo(words[1:])
        elif not line.startswith(tuple(NOT_RUN)):
            pytest.fail(f"the README line {line!r} is neither a nemovideo command nor listed in NOT_RUN")

    def nemovideo(self, args: list[str], env: dict[str, str] | None = None) -> None:
        """Run a nemovideo command: to its end, or as a server until it answers."""
        parsed = build_parser().parse_args(args)
        shown = shlex.join(["nemovideo", *args])
        if parsed.command == "mcp" and parsed.transport == "stdio":
            self.stdio_server(args, env or self.env)
        elif parsed.command in ("mcp", "local"):
            self.http_server(args, parsed.command)
        elif parsed.command == "chat" and not parsed.message:
            self.run(args, stdin="credits\nexit\n")
            assert "Credits:" in self.last_output, f"`{shown}` answered {self.last_output!r}"
        elif parsed.command == "login":
            token = Store(Path(self.env["NEMO_DATA_DIR"])).credentials("local")
            assert token is not None, "login needs the token an earlier command got from the local backend"
            self.run(args, stdin=token.token + "\n")
        else:
            self.run(args)
        self.ran.append(shown)

    def run(self, args: list[str], stdin: str = "") -> None:
        """Run a command to its end; it must exit 0."""
        done = subprocess.run(nemovideo(*args), input=stdin, env=self.env, cwd=self.home, capture_output=True,
                              text=True, timeout=TIMEOUT)
        assert done.returncode == 0, f"`nemovideo {shlex.join(args)}` exited {done.returncode}:\n" \
                                     f"{done.stdout}{done.stderr}"
        self.last_output = done.stdout

    def stdio_server(self, args: list[str], env: dict[str, str]) -> None:
        """Start an MCP server on stdio, initialize it, and let it end with its input."""
        done = subprocess.run(nemovideo(*args), input=json.dumps(INITIALIZE) + "\n", env=env, cwd=self.home,
                              capture_output=True, text=True, timeout=TIMEOUT)
        answer = json.loads(done.stdout.splitlines()[0]) if done.stdout else {}
        assert answer.get("result", {}).get("serverInfo", {}).get("name") == "nemovideo", done.stdout + done.stderr
        assert done.returncode == 0, done.stderr

    def http_server(self, args: list[str], command: str) -> None:
        """Start a server (on a free port unless the command names one), wait until it answers, stop it."""
        if "--port" not in args:
            args = [*args, "--port", str(free_port())]
        port = int(args[args.index("--port") + 1])
        log_path = self.home / f"{command}-{port}.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(nemovideo(*args), env=self.env, cwd=self.home, stdout=log, stderr=log)
            try:
                answer = wait_until_serving(server, port, command)
            finally:
                server.send_signal(signal.SIGINT)  # Ctrl-C
                try:
                    code = server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
                    raise
        assert code == 0, log_path.read_text()
        assert ("serverInfo" in answer) if command == "mcp" else ('"status":"ok"' in answer), answer


def wait_until_serving(server: subprocess.Popen[bytes], port: int, command: str) -> str:
    """The server's first answer (an MCP initialize, or the local backend's /health), polled for a bounded time."""
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    with httpx2.Client(timeout=10) as client:
        while True:
            try:
                if command == "mcp":
                    return client.post(f"{url}/mcp", json=INITIALIZE,
                                       headers={"Accept": "application/json, text/event-stream"}).text
                return client.get(f"{url}/health").text
            except httpx2.TransportError:
                assert server.poll() is None, f"the server ended with {server.returncode} before it answered"
                assert time.monotonic() < deadline, f"nothing answered on {url} within 30 s"
                time.sleep(0.05)


@dataclass
class Placeholders:
    """Values for the placeholders of the CLI table, from test fixtures and earlier replies."""

    shell: Shell
    picture: Path
    export_path: Path

    def fill(self, command: str) -> list[str]:
        """The command's words with optional parts included and placeholders replaced."""
        words = shlex.split(re.sub(r"\[([^\]]*)\]", r"\1", command.replace("...", "")))
        return [self.value(words[i - 1] if i else "", word) for i, word in enumerate(words)][1:]

    def value(self, before: str, word: str) -> str:
        """One word: itself, or what its placeholder stands for here."""
        values = {
            "message": "generate a 3-second video about tea with this picture",  # short: it is rendered below
            "FILE": str(self.export_path if before in ("-o", "--output") else CORPUS if before == "--eval"
                        else self.picture),
            "FILE_OR_URL": str(self.picture),
            "S": "0",  # export answers `running` and an id at once: the status row then uses that id
            "ID": self.last_id(),
            "N": str(free_port()),
            "DIR": str(self.shell.home / "local-data"),
        }
        if word in values:
            return values[word]
        assert not re.fullmatch(r"[A-Z][A-Z_]*", word), f"the README has a placeholder {word} this test cannot fill"
        return word

    def last_id(self) -> str:
        found = re.search(r"nemovideo status (\S+?)`", self.shell.last_output)
        return found.group(1) if found else "(no id in the previous reply)"


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    # Anything run before the README's `export NEMO_API_URL=local` meets a closed loopback port, not the cloud.
    return Shell(tmp_path, clean_env(tmp_path, NEMO_API_URL=f"http://127.0.0.1:{free_port()}"))


@pytest.mark.slow
def test_every_readme_command_works_as_written(shell: Shell, tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    for line in shell_lines(text):
        shell.line(line)
    assert shell.env.get("NEMO_API_URL") == "local", "the README says how to work offline: export NEMO_API_URL=local"
    assert (tmp_path / "promo.mp4").read_bytes()[4:8] == b"ftyp"  # the Quick start's export

    started = set()
    for entry in host_configs(text):
        assert entry["command"] == "nemovideo", entry
        if json.dumps([entry["args"], entry.get("env")]) not in started:  # Cursor's and VS Code's are the same
            started.add(json.dumps([entry["args"], entry.get("env")]))
            shell.nemovideo(list(entry["args"]), {**shell.env, **entry.get("env", {})})

    picture = tmp_path / "logo.png"
    picture.write_bytes(tiny_png(64, 64))
    placeholders = Placeholders(shell, picture, tmp_path / "table export.mp4")
    for command in table_commands(text):
        shell.nemovideo(placeholders.fill(command))
    assert (tmp_path / "table export.mp4").read_bytes()[4:8] == b"ftyp"  # rendered by export --wait 0, then status

    print("README commands run:", *shell.ran, sep="\n  ")


def test_each_line_left_out_is_in_the_readme() -> None:
    lines = shell_lines(README.read_text(encoding="utf-8"))
    for prefix in NOT_RUN:
        assert any(line.startswith(prefix) for line in lines), f"NOT_RUN lists {prefix!r}, which the README lost"


def test_commands_named_in_the_readme_text_parse_and_are_run_from_the_cli_table() -> None:
    text = README.read_text(encoding="utf-8")
    in_table = {command.split()[1] for command in table_commands(text)}
    named = prose_commands(text)
    assert len(named) >= 5
    for command in named:
        assert build_parser().parse_args(shlex.split(command)[1:]).command in in_table, command
