"""A minimal MCP Apps host for the browser test (and scripts/app_screenshot.py): a page on 127.0.0.1 that loads the
app in a sandboxed iframe under the spec's CSP, speaks the host side of its postMessage JSON-RPC, and passes its
tool calls to the real nemovideo MCP server through a small bridge endpoint and an in-process MCP client that
negotiated MCP Apps.

The reference host bridge (`@modelcontextprotocol/ext-apps/app-bridge`) is not vendored: unlike the app's client
it ships no self-contained bundle (it imports the MCP SDK and zod), and the few host messages a test needs are
written out below.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import anyio
import uvicorn
from mcp import Client
from mcp.client.extension import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

APP_URI = "ui://nemovideo/app.html"

HOST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>test host</title>
<style>
  body { margin: 0; padding: 16px; font: 14px system-ui, sans-serif; background: #f0f1f4; }
  body.dark { background: #0b0c0f; }
  iframe { display: block; border: 0; border-radius: 12px; background: transparent; height: 300px; }
</style></head>
<body>
<iframe id="view" sandbox="allow-scripts" src="/view" title="nemovideo"></iframe>
<script>
const params = new URLSearchParams(location.search);
const view = document.getElementById("view");
const width = Number(params.get("width") || 720);
let theme = params.get("theme") || "light";
view.style.width = `${width}px`;
document.body.classList.toggle("dark", theme === "dark");
window.toolCalls = [];
window.downloads = [];
const firstCall = fetch("/mcp", {method: "POST", body: JSON.stringify({method: "tools/call",
  params: {name: params.get("tool") || "nemo_timeline", arguments: {}}})}).then((r) => r.json());

function send(message) { view.contentWindow.postMessage({jsonrpc: "2.0", ...message}, "*"); }
window.setTheme = (next) => {
  theme = next;
  document.body.classList.toggle("dark", theme === "dark");
  send({method: "ui/notifications/host-context-changed", params: {theme}});
};
async function bridge(method, params) {
  const response = await fetch("/mcp", {method: "POST", body: JSON.stringify({method, params})});
  return response.json();
}
window.addEventListener("message", async (event) => {
  const message = event.data;
  if (event.source !== view.contentWindow || message?.jsonrpc !== "2.0") return;
  const answer = (result) => send({id: message.id, result});
  switch (message.method) {
    case "ui/initialize":
      return answer({protocolVersion: message.params.protocolVersion, hostInfo: {name: "test-host", version: "1"},
        hostCapabilities: {serverTools: {}, serverResources: {}, downloadFile: {}, logging: {}},
        hostContext: {theme, displayMode: "inline", platform: "web", containerDimensions: {width}}});
    case "ui/notifications/initialized": {
      const result = await firstCall;
      send({method: "ui/notifications/tool-input", params: {arguments: {}}});
      return send({method: "ui/notifications/tool-result", params: result.result});
    }
    case "ui/notifications/size-changed":
      view.style.height = `${message.params.height}px`;
      return;
    case "tools/call":
    case "resources/read": {
      window.toolCalls.push(message.params.name || message.params.uri);
      const outcome = await bridge(message.method, message.params);
      return send({id: message.id, ...outcome});
    }
    case "ui/download-file":
      window.downloads.push(message.params);
      return answer({});
    case "ping":
      return answer({});
    default:
      if (message.id !== undefined) send({id: message.id, error: {code: -32601, message: message.method}});
  }
});
</script>
</body></html>
"""


def csp_of(meta: dict[str, Any] | None) -> str:
    """The Content-Security-Policy the spec has a host build from a resource's `_meta.ui.csp`."""
    csp = ((meta or {}).get("ui") or {}).get("csp") or {}

    def domains(key: str) -> str:
        return " ".join(csp.get(key) or [])

    resources, connect = domains("resourceDomains"), domains("connectDomains")
    return "; ".join([
        "default-src 'none'", f"script-src 'self' 'unsafe-inline' {resources}",
        f"style-src 'self' 'unsafe-inline' {resources}", f"connect-src 'self' {connect}",
        f"img-src 'self' data: {resources}", f"font-src 'self' {resources}", f"media-src 'self' data: {resources}",
        f"frame-src {domains('frameDomains') or chr(39) + 'none' + chr(39)}", "object-src 'none'",
        f"base-uri {domains('baseUriDomains') or chr(39) + 'self' + chr(39)}",
    ])


def apps_client(server: Any) -> Client:
    """An in-process client that negotiates MCP Apps, as a host that renders them does."""
    return Client(server, extensions=[advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})])


def host_app(client: Client) -> Starlette:
    """The host page, the app's page under its CSP, and the bridge that passes the app's requests to the server."""

    async def page(request: Request) -> Response:
        return HTMLResponse(HOST_PAGE)

    async def view(request: Request) -> Response:
        [content] = (await client.read_resource(APP_URI)).contents
        return HTMLResponse(getattr(content, "text", ""), headers={"Content-Security-Policy": csp_of(content.meta)})

    async def mcp(request: Request) -> Response:
        message = json.loads(await request.body())
        params = message["params"]
        if message["method"] == "tools/call":
            result: Any = await client.call_tool(params["name"], params.get("arguments") or {})
        elif message["method"] == "resources/read":
            result = await client.read_resource(params["uri"])
        else:
            return JSONResponse({"error": {"code": -32601, "message": message["method"]}})
        return JSONResponse({"result": result.model_dump(mode="json", by_alias=True, exclude_none=True)})

    return Starlette(routes=[Route("/", page), Route("/view", view), Route("/mcp", mcp, methods=["POST"])])


@contextlib.asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[str]:
    """`app` on a free 127.0.0.1 port for the length of the block; its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", ws="none", log_level="warning"))
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve, [sock])
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
    sock.close()
