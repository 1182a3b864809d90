"""The MCP App in-process: negotiated as SEP-1865 says, the page it serves, and the video tool only the app calls."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.extension import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID

from conversation_support import Render
from test_mcp_server import TOOLS, Harness

APP_URI = "ui://nemovideo/app.html"
RENDERING_TOOLS = {"nemo_timeline", "nemo_preview", "nemo_export"}


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def apps_host(server: Any) -> Client:
    """A client that negotiates MCP Apps, as Claude, ChatGPT or VS Code do."""
    return Client(server, extensions=[advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})])


async def test_a_host_that_renders_apps_sees_the_app_on_the_three_video_tools(harness: Harness) -> None:
    async with apps_host(harness.server()) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        resources = {str(r.uri): r for r in (await client.list_resources()).resources}
        extensions = client.server_capabilities.extensions
    assert set(tools) == TOOLS | {"nemo_app_video"}
    assert {name for name, tool in tools.items() if (tool.meta or {}).get("ui")} == RENDERING_TOOLS | {
        "nemo_app_video"}
    assert all(tools[name].meta == {"ui": {"resourceUri": APP_URI}} for name in RENDERING_TOOLS)
    assert tools["nemo_app_video"].meta == {"ui": {"resourceUri": APP_URI, "visibility": ["app"]}}
    assert resources[APP_URI].mime_type == APP_MIME_TYPE
    assert extensions is not None and EXTENSION_ID in extensions


async def test_a_host_without_apps_sees_todays_tools_resources_and_results(harness: Harness) -> None:
    async with Client(harness.server()) as plain, apps_host(harness.server()) as rendering:
        tools = (await plain.list_tools()).tools
        resources = {str(r.uri) for r in (await plain.list_resources()).resources}
        before = await plain.call_tool("nemo_timeline", {})
        with_app = await rendering.call_tool("nemo_timeline", {})
        refused = await plain.call_tool("nemo_app_video", {})
    assert {tool.name for tool in tools} == TOOLS and all(tool.meta is None for tool in tools)
    assert not any(uri.startswith("ui://") for uri in resources)
    assert before.content == with_app.content and before.structured_content == with_app.structured_content
    assert before.structured_content["summary"].startswith("Timeline (3 tracks)")
    assert refused.is_error and "MCP App only" in refused.content[0].text


async def test_the_page_is_one_html_document_with_the_pinned_client_and_nothing_to_fetch(harness: Harness) -> None:
    async with apps_host(harness.server()) as client:
        [content] = (await client.read_resource(APP_URI)).contents
    page = content.text
    assert content.mime_type == APP_MIME_TYPE
    assert content.meta == {"ui": {"csp": {}, "prefersBorder": True}}  # no domains: the spec's restrictive default
    assert page.startswith("<!DOCTYPE html>") and "/*" + "APP_JS*/" not in page
    assert "globalThis.McpApps=Object.freeze({" in page and "App:qB" in page
    assert not re.search(r"<(script|link|img|video)[^>]*\s(src|href)=", page)  # everything inline
    assert "https://cdn" not in page and "unpkg.com" not in page and "esm.sh" not in page
    for button in ("Preview", "Undo", "Export", "New project"):
        assert re.search(rf"<button[^>]*>\s*<span[^>]*>[^<]*</span>\s*{button}</button>", page)


async def test_the_app_gets_the_latest_video_and_its_contact_sheet_as_base64(harness: Harness,
                                                                             tmp_path: Path) -> None:
    harness.api.renders = [Render("r", "completed", 100, "/r.mp4", contact_sheet_url="/s.png")]
    async with apps_host(harness.server()) as client:
        empty = await client.call_tool("nemo_app_video", {})
        exported = await client.call_tool("nemo_export", {"output_path": str(tmp_path / "promo.mp4")})
        media = (await client.call_tool("nemo_app_video", {})).structured_content
    assert empty.structured_content["video"] is None
    assert empty.content[0].text == "No preview or export of this project yet."
    video = Path(exported.structured_content["video_path"])
    assert media["action"] == "export" and media["export_path"] == str(video)
    assert base64.b64decode(media["video"]["data"]) == video.read_bytes()
    assert media["video"]["mime_type"] == "video/mp4" and media["sheet"]["mime_type"] == "image/png"
    assert base64.b64decode(media["sheet"]["data"]) == harness.api.still
