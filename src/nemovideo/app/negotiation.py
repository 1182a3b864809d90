"""MCP Apps only where the host negotiated them (SEP-1865): a host that did not sees today's tools and resources,
without `_meta.ui`, the app-only tools or the `ui://` page."""

from __future__ import annotations

from typing import Any

from mcp.server.apps import client_supports_apps
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from pydantic import BaseModel


async def apps_where_negotiated(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Server middleware: the tools and resources lists without the app's parts for a host without MCP Apps."""
    result = await call_next(ctx)
    if ctx.method not in ("tools/list", "resources/list") or result is None or client_supports_apps(ctx):
        return result
    data = result.model_dump(mode="json", by_alias=True, exclude_none=True) if isinstance(result, BaseModel) else result
    if ctx.method == "tools/list":
        return {**data, "tools": [plain_tool(tool) for tool in data.get("tools", []) if for_the_model(tool)]}
    return {**data, "resources": [r for r in data.get("resources", []) if not str(r.get("uri", "")).startswith("ui://")]}


def for_the_model(tool: dict[str, Any]) -> bool:
    """False for a tool only an app may call (`_meta.ui.visibility` without "model")."""
    ui = (tool.get("_meta") or {}).get("ui") or {}
    return "model" in ui.get("visibility", ["model"])


def plain_tool(tool: dict[str, Any]) -> dict[str, Any]:
    """The tool as a host without MCP Apps sees it: no `_meta.ui`."""
    meta = {key: value for key, value in (tool.get("_meta") or {}).items() if key != "ui"}
    plain = {key: value for key, value in tool.items() if key != "_meta"}
    return {**plain, "_meta": meta} if meta else plain
