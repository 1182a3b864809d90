"""`nemovideo mcp` as a subprocess, spoken to over stdio with the SDK's own client."""

from __future__ import annotations

import sys
from pathlib import Path

from mcp import Client, StdioServerParameters


async def test_stdio_server_lists_tools_and_answers_a_call(tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "nemovideo", "mcp"],
        env={"HOME": str(tmp_path), "NEMO_API_URL": "local", "NEMO_DATA_DIR": str(tmp_path / "data")},
    )
    async with Client(params, read_timeout_seconds=60) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        result = await client.call_tool("nemo_credits", {})
    assert {"nemo_chat", "nemo_export", "nemo_status"} <= names
    assert result.structured_content is not None
    assert result.structured_content["credits"]["available"] == 100
