"""An OpenAPI 3.1 description generated from the app's own routes, so no route can be left out."""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute, Route

PARAM = re.compile(r"{(\w+)(?::\w+)?}")
PUBLIC = {"/api/auth/anonymous-token", "/media/{name}", "/openapi.json", "/health"}


def openapi_path(path: str) -> str:
    """A Starlette path with its converters removed: /a/{x:path} -> /a/{x}."""
    return PARAM.sub(r"{\1}", path)


def operation(route: Route, method: str) -> dict[str, Any]:
    """One operation object: summary from the handler's docstring, path parameters, security."""
    path = openapi_path(route.path)
    doc = inspect.getdoc(route.endpoint) or route.name
    op: dict[str, Any] = {
        "summary": doc.splitlines()[0],
        "operationId": method.lower() + re.sub(r"\W+", "_", path).rstrip("_"),
        "responses": {"200": {"description": "success (see docs/local-backend.md for the body)"}},
    }
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in PARAM.findall(route.path)]
    if params:
        op["parameters"] = params
    if path not in PUBLIC:
        op["security"] = [{"bearer": []}]
    return op


def build_openapi(routes: Sequence[BaseRoute], version: str) -> dict[str, Any]:
    """The whole document."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        if not isinstance(route, Route):
            continue
        methods = sorted((route.methods or set()) - {"HEAD"})
        for method in methods:
            paths.setdefault(openapi_path(route.path), {})[method.lower()] = operation(route, method)
    return {
        "openapi": "3.1.0",
        "info": {"title": "NemoVideo local backend", "version": version,
                 "description": "The NemoVideo agent API on loopback; see docs/local-backend.md."},
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
