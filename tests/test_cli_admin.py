"""`login` checks the token before keeping it; `mcp` and `local` on ports: defaults, and a busy one."""

from __future__ import annotations

import io
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from cli_support import free_port
from nemovideo import cli_admin
from nemovideo.cli import main
from nemovideo.local.config import LocalConfig
from nemovideo.local.web.server import run_embedded
from nemovideo.store import Store
from test_local_fakes import make_deps


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data")}


@pytest.fixture
def api_url(tmp_path: Path) -> Iterator[str]:
    """A NemoVideo API on a loopback port (the local backend standing in for the cloud)."""
    with run_embedded(config=LocalConfig(tmp_path / "backend"), deps=make_deps()) as backend:
        yield backend.url


def run(capsys: pytest.CaptureFixture[str], env: dict[str, str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    previous, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        code = main(list(argv), env)
    finally:
        sys.stdin = previous
    out, err = capsys.readouterr()
    return code, out, err


def stored(env: dict[str, str], api_url: str) -> tuple[str, bool] | None:
    creds = Store(Path(env["NEMO_DATA_DIR"])).credentials(api_url)
    return (creds.token, creds.anonymous) if creds else None


def test_login_keeps_a_token_the_api_accepts_privately_and_logout_forgets_it(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], api_url: str
) -> None:
    env = {**env, "NEMO_API_URL": api_url}
    token = httpx2.post(f"{api_url}/api/auth/anonymous-token", headers={"X-Client-Id": "c1"}).json()["data"]["token"]
    code, out, err = run(capsys, env, "login", "--token-stdin", stdin=token + "\n")
    assert code == 0 and "the API accepted the token" in out and token not in out + err
    assert stored(env, api_url) == (token, False)
    assert stat.S_IMODE((Path(env["NEMO_DATA_DIR"]) / "credentials.json").stat().st_mode) == 0o600
    code, out, _ = run(capsys, env, "doctor")
    assert "stored (registered" in out and token not in out
    code, out, _ = run(capsys, env, "logout")
    assert code == 0 and "gone" in out and stored(env, api_url) is None


def test_a_token_the_api_refuses_is_not_stored(capsys: pytest.CaptureFixture[str], env: dict[str, str],
                                               api_url: str) -> None:
    env = {**env, "NEMO_API_URL": api_url}
    code, out, err = run(capsys, env, "login", "--token-stdin", stdin="nmv_usr_CANARY_notatoken\n")
    assert code == 1 and out == ""
    assert err == "error: The NemoVideo token was refused (the service said: token invalid); nothing was stored.\n"
    assert stored(env, api_url) is None


def test_when_the_api_cannot_be_reached_login_stores_nothing(capsys: pytest.CaptureFixture[str],
                                                             env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, _, err = run(capsys, {**env, "NEMO_API_URL": url}, "login", "--token-stdin", stdin="nmv_usr_CANARY_token\n")
    assert code == 1
    assert err.startswith(f"error: Could not reach {url[7:]}") and err.endswith("nothing was stored.\n")
    assert stored(env, url) is None


def test_login_local_checks_the_token_with_the_local_backend(capsys: pytest.CaptureFixture[str],
                                                             env: dict[str, str]) -> None:
    assert run(capsys, env, "credits", "--local")[0] == 0  # the local backend gave this data dir a token
    before = stored(env, "local")
    assert before is not None and before[1]
    code, _, err = run(capsys, env, "--local", "login", "--token-stdin", stdin="nmv_usr_CANARY_notatoken\n")
    assert code == 1 and "refused" in err and stored(env, "local") == before
    code, out, _ = run(capsys, env, "login", "--local", "--token-stdin", stdin=before[0] + "\n")
    assert code == 0 and stored(env, "local") == (before[0], False)


def test_login_refuses_something_that_is_not_a_token(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, _, err = run(capsys, env, "login", "--token-stdin", stdin="two words\n")
    assert code == 2 and "does not look like a token" in err


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another program listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("command", [["local", "--data-dir", "{tmp}"], ["mcp", "--transport", "streamable-http"]])
def test_a_busy_port_is_one_line_naming_it_and_the_flag_then_exit_2(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], busy_port: int, tmp_path: Path, command: list[str]
) -> None:
    argv = [part.format(tmp=tmp_path) for part in command] + ["--port", str(busy_port)]
    code, out, err = run(capsys, env, *argv)
    assert code == 2 and out == ""
    assert err == f"Port {busy_port} on 127.0.0.1 is in use; choose another with --port N.\n"


def test_a_port_taken_after_the_check_still_ends_in_one_clear_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], busy_port: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_admin, "port_problem", lambda host, port: None)  # as if taken just after the check
    code, _, err = run(capsys, env, "local", "--port", str(busy_port), "--data-dir", str(tmp_path))
    assert code == 2
    assert err.endswith(f"Could not listen on 127.0.0.1:{busy_port} (see the line above); choose another port "
                        "with --port N.\n")


@pytest.mark.parametrize(("command", "default"), [("local", "8765"), ("mcp", "8766")])
def test_the_local_backend_and_the_mcp_http_server_default_to_different_ports(
    capsys: pytest.CaptureFixture[str], command: str, default: str
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"], {})
    assert f"(default {default}" in " ".join(capsys.readouterr().out.split())
