"""Running the backend: embedded on a free loopback port, `nemovideo local` flags, and the OpenAPI listing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.routing import Route

from nemovideo.local.config import LocalConfig
from nemovideo.local.web import server
from nemovideo.local.web.app import create_app
from nemovideo.local.web.server import main, run_embedded
from test_local_fakes import api, chat_body, login, make_deps, new_session


async def test_every_route_appears_in_openapi_json_with_its_methods(tmp_path: Path) -> None:
    app = create_app(LocalConfig(tmp_path), make_deps())
    async with api(LocalConfig(tmp_path)) as (client, _):
        document = (await client.get("/openapi.json")).json()
    listed = {(path, method) for path, item in document["paths"].items() for method in item}
    routes = [route for route in app.routes if isinstance(route, Route)]
    expected = {(route.path, method.lower()) for route in routes for method in route.methods or () if method != "HEAD"}
    assert len(routes) >= 16
    assert expected == listed
    assert ("/api/render/proxy/lambda/{rid}", "delete") in listed
    assert document["paths"]["/run_sse"]["post"]["summary"].startswith("Send a message")
    assert "security" not in document["paths"]["/api/auth/anonymous-token"]["post"]


async def test_the_embedded_backend_serves_on_a_free_loopback_port_and_stops(tmp_path: Path) -> None:
    with run_embedded(config=LocalConfig(tmp_path), deps=make_deps()) as backend:
        assert backend.url.startswith("http://127.0.0.1:")
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            health = await client.get("/health")
    assert health.json()["data"]["status"] == "ok"
    assert not backend.thread.is_alive()


async def test_the_embedded_backend_charges_nothing_unless_prices_are_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NEMO_LOCAL_PRICE_GENERATE", "NEMO_LOCAL_PRICE_EDIT", "NEMO_LOCAL_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    with run_embedded(tmp_path / "free", deps=make_deps(agent=None)) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            for message in ("generate a 15-second video about a lighthouse", "make it vertical", "undo"):
                await client.post("/run_sse", headers=headers, json=chat_body(session_id, message))
            state = (await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)).json()
            balance = (await client.get("/api/credits/balance/simple", headers=headers)).json()["data"]
    monkeypatch.setenv("NEMO_LOCAL_PRICE_EDIT", "3")
    with run_embedded(tmp_path / "priced", deps=make_deps()) as priced:
        prices = (priced.config.price_generate, priced.config.price_edit)
    assert state["data"]["state"]["draft_rev"] == 3
    assert balance == {"available": 100, "frozen": 0, "total": 100}
    assert prices == (0, 3)


def test_a_remote_host_needs_allow_remote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    assert code == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_allow_remote_serves_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kwargs: served.append(kwargs))
    with caplog.at_level(logging.WARNING, logger="nemovideo.local.web.server"):
        code = main(["--host", "0.0.0.0", "--port", "9999", "--allow-remote", "--data-dir", str(tmp_path)])
    assert code == 0
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9999
    assert "anyone who can reach this address" in caplog.text


def test_loopback_is_the_default_and_flags_reach_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[Any] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kwargs: served.append((app, kwargs)))
    code = main(["--data-dir", str(tmp_path), "--price-edit", "3", "--faults", "silent=0.5", "--fault-seed", "9"])
    app, kwargs = served[0]
    config = app.state.backend.config
    assert code == 0 and kwargs["host"] == "127.0.0.1"
    assert config.price_edit == 3 and config.faults.silent == 0.5 and config.faults.seed == 9
    assert config.price_generate == 10, "nemovideo local keeps its prices"
    assert (tmp_path / "nemovideo.sqlite3").is_file()


def test_a_bad_fault_spec_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path), "--faults", "sometimes=0.5"])
    assert code == 2
    assert "fault 'sometimes=0.5' is not NAME=VALUE" in capsys.readouterr().err


def test_proxy_headers_are_believed_only_from_the_proxies_a_flag_names(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kwargs: served.append(kwargs))
    main(["--data-dir", str(tmp_path)])
    main(["--data-dir", str(tmp_path), "--forwarded-allow-ips", "10.0.0.2"])
    assert (served[0]["proxy_headers"], served[0]["forwarded_allow_ips"]) == (False, None)
    assert (served[1]["proxy_headers"], served[1]["forwarded_allow_ips"]) == (True, "10.0.0.2")
