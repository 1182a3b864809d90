"""`logging/setLevel` and the log records as `notifications/message`: per connection, masked, never on stdout."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, EmptyResult, LoggingMessageNotificationParams, Request

from cli_support import clean_env, free_port, nemovideo
from nemovideo.mcp_logs import LEVELS, mcp_level
from nemovideo.mcp_server import NemoMcp
from test_mcp_server import Harness
from test_readme import wait_until_serving

# Logging is deprecated from protocol 2026-07-28 on; hosts on 2025 versions (the ones in use) still set a level.
pytestmark = pytest.mark.filterwarnings("ignore::mcp.shared.exceptions.MCPDeprecationWarning")

log = logging.getLogger("nemovideo.test")


class Received:
    """The log notifications a client got."""

    def __init__(self) -> None:
        self.messages: list[LoggingMessageNotificationParams] = []
        self.arrived = anyio.Event()

    async def __call__(self, params: LoggingMessageNotificationParams) -> None:
        self.messages.append(params)
        self.arrived.set()

    async def some(self) -> None:
        """Wait until something has arrived (a bounded wait, not a sleep)."""
        with anyio.fail_after(10):
            await self.arrived.wait()

    def take(self) -> list[tuple[str, str | None, Any]]:
        """(level, logger, data) of what arrived since the last look."""
        taken = [(m.level, m.logger, m.data) for m in self.messages]
        self.messages.clear()
        return taken


def logging_server(harness: Harness) -> Any:
    """The server with one more tool, `say`, that logs its text at a level."""
    server = harness.server()

    @server.tool(name="say")
    def say(level: str, text: str) -> str:
        log.log(logging.getLevelName(level.upper()), text)
        return "said"

    return server


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def test_mcp_levels_map_to_python_levels_and_back() -> None:
    assert [mcp_level(LEVELS[name]) for name in LEVELS] == list(LEVELS)
    assert (mcp_level(logging.DEBUG), mcp_level(logging.INFO), mcp_level(logging.WARNING)) == ("debug", "info",
                                                                                              "warning")
    assert (mcp_level(5), mcp_level(27), mcp_level(logging.CRITICAL)) == ("debug", "notice", "critical")


async def test_the_logging_capability_is_declared(harness: Harness) -> None:
    async with Client(harness.server(), mode="legacy") as client:
        assert client.server_capabilities is not None and client.server_capabilities.logging is not None


async def test_before_any_level_is_set_nothing_is_sent(harness: Harness) -> None:
    received = Received()
    async with Client(logging_server(harness), mode="legacy", logging_callback=received) as client:
        await client.call_tool("say", {"level": "error", "text": "something broke"})
    assert received.take() == []


async def test_records_at_or_above_the_level_arrive_before_the_answer(harness: Harness) -> None:
    received = Received()
    async with Client(logging_server(harness), mode="legacy", logging_callback=received) as client:
        assert await client.set_logging_level("warning") == EmptyResult()
        await client.call_tool("say", {"level": "info", "text": "an info line"})
        assert received.take() == []
        await client.call_tool("say", {"level": "warning", "text": "a warning line"})
        assert received.take() == [("warning", "nemovideo.test", "a warning line")]
        await client.set_logging_level("debug")
        await client.call_tool("say", {"level": "debug", "text": "a debug line"})
        assert received.take() == [("debug", "nemovideo.test", "a debug line")]


async def test_a_record_from_a_worker_thread_of_the_request_arrives_with_the_request(harness: Harness) -> None:
    server = harness.server()

    @server.tool(name="thread")
    async def thread(text: str) -> str:
        await anyio.to_thread.run_sync(log.warning, text)  # as the poster's thumbnail is made
        return "done"

    received = Received()
    async with Client(server, mode="legacy", logging_callback=received) as client:
        await client.set_logging_level("warning")
        await client.call_tool("thread", {"text": "from a thread"})
        assert received.take() == [("warning", "nemovideo.test", "from a thread")]


async def test_a_real_failure_reaches_the_host_at_its_level_and_tokens_are_masked(harness: Harness) -> None:
    harness.api.fail["credits"] = KeyError("available")  # type: ignore[assignment]
    received = Received()
    async with Client(logging_server(harness), mode="legacy", logging_callback=received) as client:
        await client.set_logging_level("warning")
        await client.call_tool("nemo_credits", {})  # logs the failure at WARNING, its traceback at INFO
        await client.call_tool("say", {"level": "error", "text": "token nmv_usr_0123456789abcdef, Bearer abc.def"})
    (failure, *rest) = received.take()
    assert failure[:2] == ("warning", "nemovideo") and "stopped on KeyError" in failure[2]
    assert rest == [("error", "nemovideo.test", "token nmv_usr_…(24 chars), Bearer …")]


async def test_records_made_outside_a_request_reach_every_connection_that_asked(harness: Harness) -> None:
    received = Received()
    server = logging_server(harness)
    async with Client(server, mode="legacy", logging_callback=received) as client:
        await client.set_logging_level("info")
        log.debug("not asked for")
        log.info("made by the server itself")
        await received.some()  # outside a request, the record goes on the connection's own channel
        assert received.take() == [("info", "nemovideo.test", "made by the server itself")]


async def test_two_connections_keep_their_own_levels_and_a_closed_one_is_forgotten(harness: Harness) -> None:
    app = NemoMcp(harness.open, sleep=harness.sleep)
    server = app.build()

    @server.tool(name="say")
    def say(text: str) -> str:
        log.debug(text)
        return "said"

    first, second = Received(), Received()
    async with Client(server, mode="legacy", logging_callback=first) as one:
        await one.set_logging_level("warning")
        async with Client(server, mode="legacy", logging_callback=second) as two:
            await two.set_logging_level("debug")
            assert len(app.logs.listeners) == 2
            await one.call_tool("say", {"text": "for the first"})
            await two.call_tool("say", {"text": "for the second"})
        assert len(app.logs.listeners) == 1
    assert first.take() == [] and second.take() == [("debug", "nemovideo.test", "for the second")]


async def test_an_unknown_level_is_a_json_rpc_error(harness: Harness) -> None:
    async with Client(harness.server(), mode="legacy") as client:
        with pytest.raises(MCPError) as refused:
            await client.session.send_request(
                Request[dict[str, Any], str](method="logging/setLevel", params={"level": "loud"}), EmptyResult)
    assert refused.value.code == INVALID_PARAMS


async def test_the_logger_makes_what_a_host_asked_for_and_is_put_back_after(harness: Harness) -> None:
    logger = logging.getLogger("nemovideo")
    before = logger.level
    async with Client(logging_server(harness), mode="legacy") as client:
        assert logger.level == before
        await client.set_logging_level("debug")
        assert logger.isEnabledFor(logging.DEBUG)
    assert logger.level == before


@contextmanager
def http_server(tmp_path: Path) -> Iterator[str]:
    """`nemovideo mcp --transport streamable-http` on a free loopback port, with the local backend."""
    port = free_port()
    env = clean_env(tmp_path, NEMO_API_URL="local")
    with (tmp_path / "server.log").open("w") as output:
        server = subprocess.Popen(nemovideo("mcp", "--transport", "streamable-http", "--port", str(port)), env=env,
                                  cwd=tmp_path, stdout=output, stderr=output)
        try:
            wait_until_serving(server, port, "mcp")
            yield f"http://127.0.0.1:{port}/mcp"
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.slow
async def test_each_streamable_http_session_has_its_own_level_and_its_own_records(tmp_path: Path) -> None:
    quiet, chatty = Received(), Received()
    with http_server(tmp_path) as url:
        async with (Client(url, mode="legacy", logging_callback=quiet) as first,
                    Client(url, mode="legacy", logging_callback=chatty) as second):
            await first.set_logging_level("info")
            await second.set_logging_level("debug")
            await first.call_tool("nemo_credits", {})  # the API client logs each request at DEBUG
            assert quiet.take() == [] and chatty.take() == []
            await second.call_tool("nemo_credits", {})
            assert quiet.take() == []
            lines = chatty.take()
    assert lines and all(level == "debug" and name == "nemovideo.client" for level, name, _ in lines)
    assert any(data.startswith("GET /api/") for _, _, data in lines)


@pytest.mark.slow
def test_over_stdio_stdout_carries_only_the_protocol_and_stderr_keeps_its_threshold(tmp_path: Path) -> None:
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "logging/setLevel", "params": {"level": "debug"}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nemo_credits", "arguments": {}}},
    ]
    server = subprocess.Popen(nemovideo("mcp"), env=clean_env(tmp_path, NEMO_API_URL="local"), cwd=tmp_path,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    answers = []
    for message in messages:
        server.stdin.write(json.dumps(message) + "\n")
        server.stdin.flush()
        while "id" in message and not (answers and answers[-1].get("id") == message["id"]):
            answers.append(json.loads(server.stdout.readline()))  # any line that is not JSON-RPC fails here
    stdout, stderr = server.communicate(timeout=60)  # end of input: the server stops
    assert stdout == "" and server.returncode == 0
    assert all(answer["jsonrpc"] == "2.0" for answer in answers)
    logged = [a["params"] for a in answers if a.get("method") == "notifications/message"]
    assert logged and {entry["level"] for entry in logged} == {"debug"}
    assert answers[-1]["id"] == 3 and answers[-1]["result"]["structuredContent"]["credits"]["available"] == 100
    assert "GET /api/" not in stderr  # the host asked for debug records; stderr still shows warnings only
