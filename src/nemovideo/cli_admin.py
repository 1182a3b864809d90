"""CLI commands besides the conversation: login, logout, skill, doctor, and the two servers (mcp, local)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import errno
import getpass
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from nemovideo.errors import NemoError, TokenInvalid, TransportError
from nemovideo.settings import LOCAL, Settings
from nemovideo.skill import SkillError, load_skill
from nemovideo.store import Credentials, Store


def _store(env: Mapping[str, str], local: bool = False) -> tuple[Settings, Store]:
    settings = Settings.from_env(env)
    if local:
        settings = dataclasses.replace(settings, api_url=LOCAL)
    return settings, Store(settings.data_dir)


def login(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Store a registered user's token (never taken from the command line, where others could see it)."""
    settings, store = _store(env, args.local)
    token = read_token(args)
    if len(token) < 8 or any(c.isspace() for c in token):
        print("error: that does not look like a token; copy it again from your account page", file=sys.stderr)
        return 2
    refused = _verify_token(env, token, args.local)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    store.save_credentials(settings.api_url, Credentials(token=token, anonymous=False))
    print(f"Logged in: the API accepted the token; it is stored in {settings.data_dir} (readable only by you).")
    return 0


def _verify_token(env: Mapping[str, str], token: str, local: bool) -> str | None:
    """None when the API accepts the token (it answers a credit balance for it); otherwise why nothing is stored."""
    from nemovideo.runtime import open_runtime

    async def probe() -> None:
        async with open_runtime({**env, "NEMO_TOKEN": token}, local=local) as runtime:
            await runtime.client.credits()

    try:
        asyncio.run(probe())
    except TokenInvalid as exc:
        return f"{exc.message.rstrip('.')}; nothing was stored."
    except TransportError as exc:
        return f"{exc.message.rstrip('.')}: the token could not be checked, so nothing was stored."
    except NemoError as exc:
        return f"the token could not be checked ({exc.message.rstrip('.')}), so nothing was stored."
    return None


def logout(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Forget the stored token for the configured backend."""
    settings, store = _store(env, args.local)
    if store.forget_credentials(settings.api_url):
        print("Logged out: the stored token is gone.")
    else:
        print("There was no stored token.")
    return 0


def skill(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Show which SKILL.md is in use and the attribution headers it gives."""
    found = load_skill(env)
    print(f"SKILL.md: {found.path or '(packaged copy)'}")
    for key, value in found.headers().items():
        print(f"{key}: {value}")
    return 0


def doctor(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Check settings, token, SKILL.md, backend and ffmpeg; one line each."""
    settings, store = _store(env, args.local)
    checks = [
        ("settings", True, ", ".join(f"{k}={v}" for k, v in settings.redacted().items())),
        _check_token(settings, store),
        _check_skill(env),
        _check_backend(settings, env, args.local),
        _check_ffmpeg(),
    ]
    for name, ok, detail in checks:
        print(f"{'✅' if ok else '❌'} {name}: {detail}")
    return 0 if all(ok for _, ok, _ in checks) else 1


def _check_token(settings: Settings, store: Store) -> tuple[str, bool, str]:
    if settings.token:
        return "token", True, "NEMO_TOKEN is set"
    creds = store.credentials(settings.api_url)
    if creds is None:
        return "token", True, "none stored: a free anonymous token will be fetched on first use"
    if creds.expired(datetime.now(UTC)):
        return "token", True, "the stored token expired: a new one will be fetched"
    kind = "anonymous" if creds.anonymous else "registered"
    until = f", valid until {creds.expires_at:%Y-%m-%d}" if creds.expires_at else ""
    return "token", True, f"stored ({kind}{until})"


def _check_skill(env: Mapping[str, str]) -> tuple[str, bool, str]:
    try:
        found = load_skill(env)
    except SkillError as exc:
        return "SKILL.md", False, str(exc)
    return "SKILL.md", True, f"{found.path or 'packaged copy'} (v{found.version}, platform {found.platform})"


def _check_backend(settings: Settings, env: Mapping[str, str], local: bool) -> tuple[str, bool, str]:
    from nemovideo.runtime import open_runtime

    async def probe() -> str:
        async with open_runtime(env, local=local) as runtime:
            balance = await runtime.client.credits()
            return f"{runtime.client.api_url} answered ({balance.available:g} credits available)"

    try:
        return "backend", True, asyncio.run(probe())
    except (NemoError, OSError) as exc:
        return "backend", False, str(exc)


def _check_ffmpeg() -> tuple[str, bool, str]:
    try:
        import imageio_ffmpeg

        exe = str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        exe = shutil.which("ffmpeg") or ""
    if not exe:
        return "ffmpeg", False, "not found (needed by the local backend's renderer): pip install imageio-ffmpeg"
    first = subprocess.run([exe, "-version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return "ffmpeg", True, first or exe


def read_token(args: argparse.Namespace) -> str:
    """The token for `login`: from stdin when asked, else a hidden prompt."""
    if args.token_stdin:
        return sys.stdin.readline().strip()
    return getpass.getpass("Paste the token from your NemoVideo account: ").strip()


def mcp(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Serve MCP on stdio, or on streamable HTTP at 127.0.0.1:--port."""
    from nemovideo.mcp_server import serve
    from nemovideo.runtime import open_conversation

    def run() -> int:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a server is stopped: exit 0, as `local` does
            serve(lambda: open_conversation(env, local=args.local), transport=args.transport, port=args.port)
        return 0

    return run() if args.transport == "stdio" else listen("127.0.0.1", args.port, run)


UVICORN_STARTUP_FAILURE = 3  # uvicorn's exit code when it cannot bind (or its start-up fails)


def listen(host: str, port: int, serve: Callable[[], int]) -> int:
    """Run a server after checking that its port is free; a busy port is one line and exit 2."""
    busy = port_problem(host, port)
    if busy:
        print(busy, file=sys.stderr)
        return 2
    try:
        return serve()
    except SystemExit as exc:  # the port was taken between the check and uvicorn's bind
        if exc.code != UVICORN_STARTUP_FAILURE:
            raise
        print(f"Could not listen on {host}:{port} (see the line above); choose another port with --port N.",
              file=sys.stderr)
        return 2


def port_problem(host: str, port: int) -> str | None:
    """One line saying why a server cannot listen on `port` at `host` (usually: another program has it)."""
    if port == 0:
        return None
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:  # as uvicorn binds
        if os.name == "posix":  # as uvicorn does; on Windows the same option would let two servers share a port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except socket.gaierror:
            return None  # an unknown host: the server says so itself
        except OSError as exc:
            why = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
            return f"Port {port} on {host} {why}; choose another with --port N."
    return None
