"""The app's page, served as one HTML document: app.html with its stylesheet, its script and the pinned MCP Apps
client (vendor/) inlined, since the sandboxed iframe a host renders it in loads nothing from anywhere."""

from __future__ import annotations

import functools
import hashlib
import re
from importlib.resources import files

from mcp.server.apps import ResourceCsp

URI = "ui://nemovideo/app.html"
BUNDLE = "vendor/ext-apps-app-with-deps.js"
PIN = "vendor/ext-apps.pin"
EXPORTS = re.compile(r"export\s*\{([^{}]*)\}\s*;?\s*$")
NO_DOMAINS = ResourceCsp()  # the spec's restrictive default: no network, images and media from data: only


def read(name: str) -> str:
    """A file of the app's package data."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def pin() -> dict[str, str]:
    """The pinned client: package, version, file in the package, sha256."""
    lines = (line.partition("=") for line in read(PIN).splitlines() if line and not line.startswith("#"))
    return {key: value for key, _, value in lines}


def client_script() -> str:
    """The pinned MCP Apps client, checked against its sha256, as a plain script: its closing `export {...}`
    becomes `globalThis.McpApps`, so the app's own script, inline too, can use it (an inline script cannot import
    one of its own)."""
    source = files(__package__).joinpath(BUNDLE).read_bytes()
    expected = pin()["sha256"]
    if hashlib.sha256(source).hexdigest() != expected:
        raise RuntimeError(f"{BUNDLE} is not the pinned build (sha256 {expected}): run scripts/refresh_ext_apps.sh")
    text = source.decode("utf-8")
    exports = EXPORTS.search(text)
    if exports is None:
        raise RuntimeError(f"{BUNDLE} does not end with the export list this page expects")
    names = (item.strip().partition(" as ") for item in exports.group(1).split(",") if item.strip())
    members = ",".join(f"{exported or local}:{local}" for local, _, exported in names)
    return text[:exports.start()] + f"globalThis.McpApps=Object.freeze({{{members}}});\n"


@functools.cache
def html() -> str:
    """The whole page, made once per process on first use."""
    parts = {"/*APP_CSS*/": read("app.css"), "/*MCP_APPS_CLIENT*/": client_script(), "/*APP_JS*/": read("app.js")}
    page = read("app.html")
    for marker, text in parts.items():
        if "</script" in text.lower():
            raise RuntimeError(f"{marker} would end its script early")
        page = page.replace(marker, text)
    return page
