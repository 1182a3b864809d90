"""The one error table drives both directions: the local backend answers each class with its code and status
over real HTTP, and the client maps that answer back to the same class."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from nemovideo import errors
from nemovideo.client.envelope import Answer, ErrorContext, api_data, render_data
from nemovideo.local.config import LocalConfig
from nemovideo.local.usecases.backend import Dependencies
from nemovideo.local.web import server
from nemovideo.local.web.app import create_app
from nemovideo.local.web.routes.render import render_shape
from test_local_fakes import make_deps

SRC = Path(__file__).resolve().parent.parent / "src"
BY_NAME = {kind.__name__: kind for kind in errors.WIRE_ERRORS}


async def raise_named(request: Request) -> Response:
    """A tiny route that fails with the error class named in its path."""
    raise BY_NAME[request.path_params["name"]](f"{request.path_params['name']} raised by the test")


def app_with_error_routes(config: LocalConfig, deps: Dependencies | None = None) -> Starlette:
    """The real app plus one route per answer shape that raises any class of the table."""
    app = create_app(config, deps)
    app.router.routes.append(Route("/api/test/raise/{name}", raise_named, methods=["GET"]))
    app.router.routes.append(Route("/api/render/proxy/test/{name}", render_shape(raise_named), methods=["GET"]))
    return app


def test_the_table_gives_each_code_one_class_and_leaves_no_class_out() -> None:
    codes = [kind.wire_code for kind in errors.WIRE_ERRORS]
    assert len(codes) == len(set(codes)) and None not in codes
    coded = {kind for kind in _subclasses(errors.NemoError) if kind.wire_code is not None}
    assert coded == set(errors.WIRE_ERRORS)
    assert errors.error_class(1002) is errors.SessionNotFound and errors.error_class(7777) is None


def test_every_class_without_a_code_is_named_here() -> None:
    # An API error without a code is read from the answer's shape (RenderRejected) or is a code this client does
    # not know; the others are the client's own (no usable answer, a deadline, an oversized answer, a failure
    # nobody foresaw) and never come over the wire. A new class of errors.py joins the table or this list, never
    # neither (errors other modules derive for their own use, such as the render engine's, are never answered).
    uncoded = {kind for kind in _subclasses(errors.NemoError)
               if kind.wire_code is None and kind.__module__ == errors.__name__}
    assert uncoded == {
        errors.ApiError, errors.RenderRejected, errors.UnknownApiError,
        errors.TransportError, errors.ApiTimeout, errors.DeadlineExceeded, errors.StreamDropped,
        errors.MalformedResponse, errors.ResponseTooLarge, errors.ChatFailed, errors.ChatTimeout,
        errors.RenderFailed, errors.DownloadIncomplete, errors.InputError, errors.UnexpectedError,
    }


async def test_every_class_of_the_table_goes_over_http_and_comes_back_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "create_app", app_with_error_routes)
    seen: list[tuple[str, str, int, object, str]] = []
    with server.run_embedded(config=LocalConfig(tmp_path / "server"), deps=make_deps()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as http:
            for kind in errors.WIRE_ERRORS:
                ctx = ErrorContext(token_call=kind is errors.MissingClientId)
                for shape, path, read in (("envelope", "/api/test/raise/", api_data),
                                          ("render", "/api/render/proxy/test/", render_data)):
                    response = await http.get(path + kind.__name__)
                    with pytest.raises(errors.ApiError) as caught:
                        read(Answer.of(response), ctx)
                    seen.append((kind.__name__, shape, response.status_code, response.json()["code"],
                                 type(caught.value).__name__))
                    assert caught.value.code == kind.wire_code
                    assert f"{kind.__name__} raised by the test" in caught.value.message
    expected = [(kind.__name__, shape, kind.http_status, kind.wire_code, kind.__name__)
                for kind in errors.WIRE_ERRORS for shape in ("envelope", "render")]
    assert seen == expected


def test_no_wire_code_is_spelled_outside_the_table() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "nemovideo" / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_code_literal(node):
                found.append(f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}")
    assert found == []


def _is_code_literal(node: ast.AST) -> bool:
    """`code=1001` in a call or `"code": 1001` in a dict (0, success, is not an error code)."""
    def number(value: ast.AST | None) -> bool:
        return isinstance(value, ast.Constant) and type(value.value) is int and value.value != 0

    if isinstance(node, ast.keyword):
        return node.arg == "code" and number(node.value)
    if isinstance(node, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value == "code" and number(v)
                   for k, v in zip(node.keys, node.values, strict=True))
    return False


def _subclasses(root: type[errors.NemoError]) -> set[type[errors.NemoError]]:
    found = set(root.__subclasses__())
    for kind in list(found):
        found |= _subclasses(kind)
    return found
