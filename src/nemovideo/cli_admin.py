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

from nemovideo.cli_output import print_reply
from nemovideo.cli_replies import Check, DoctorReply, SkillInfo, SkillReply, emit, failed
from nemovideo.conversation.reply import ErrorInfo, Reply
from nemovideo.errors import InputError, NemoError, TokenInvalid, TransportError
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
        why = InputError("that does not look like a token; copy it again from your account page")
        return emit(failed("login", why), args.json, 2)
    refused = _verify_token(env, token, args.local)
    if refused:
        return emit(refused, args.json, 1)
    store.save_credentials(settings.api_url, Credentials(token=token, anonymous=False))
    text = f"Logged in: the API accepted the token; it is stored in {settings.data_dir} (readable only by you)."
    return emit(Reply(action="login", status="completed", text=text), args.json, 0)


def _verify_token(env: Mapping[str, str], token: str, local: bool) -> Reply | None:
    """None when the API accepts the token (it answers a credit balance for it); otherwise why nothing is stored."""
    from nemovideo.runtime import open_runtime

    async def probe() -> None:
        async with open_runtime({**env, "NEMO_TOKEN": token}, local=local) as runtime:
            await runtime.client.credits()

    try:
        asyncio.run(probe())
    except TokenInvalid as exc:
        return failed("login", exc, f"{exc.message.rstrip('.')}; nothing was stored.")
    except TransportError as exc:
        text = f"{exc.message.rstrip('.')}: the token could not be checked, so nothing was stored."
        return failed("login", exc, text)
    except NemoError as exc:
        text = f"the token could not be checked ({exc.message.rstrip('.')}), so nothing was stored."
        return failed("login", exc, text)
    return None


def logout(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Forget the stored token for the configured backend."""
    settings, store = _store(env, args.local)
    if store.forget_credentials(settings.api_url):
        reply = Reply(action="logout", status="completed", text="Logged out: the stored token is gone.")
    else:
        reply = Reply(action="logout", status="unchanged", text="There was no stored token.")
    return emit(reply, args.json, 0)


def skill(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Show which SKILL.md is in use and the attribution headers it gives."""
    found = load_skill(env)
    headers = found.headers()
    lines = [f"SKILL.md: {found.path or '(packaged copy)'}", *(f"{key}: {value}" for key, value in headers.items())]
    info = SkillInfo(path=str(found.path) if found.path else None, name=found.name, version=found.version,
                     platform=found.platform, headers=headers)
    return emit(SkillReply(action="skill", status="unchanged", text="\n".join(lines), skill=info), args.json, 0)


def doctor(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Check settings, token, SKILL.md, backend and ffmpeg; one line each."""
    settings, store = _store(env, args.local)
    checks = [
        Check(name="settings", ok=True, detail=", ".join(f"{k}={v}" for k, v in settings.redacted().items())),
        _check_token(settings, store),
        _check_skill(env),
        _check_backend(settings, env, args.local),
        _check_ffmpeg(),
    ]
    text = "\n".join(f"{'✅' if check.ok else '❌'} {check.name}: {check.detail}" for check in checks)
    broken = [check.name for check in checks if not check.ok]
    error = ErrorInfo(type="CheckFailed", hint=f"Fix what failed: {', '.join(broken)}.") if broken else None
    reply = DoctorReply(action="doctor", status="failed" if broken else "unchanged", text=text, checks=checks,
                        error=error)
    if args.json:
        print_reply(reply, True)
    else:  # on stdout even when a check failed: the report is the answer, one line a check
        print(text)
    return 1 if broken else 0


def _check_token(settings: Settings, store: Store) -> Check:
    if settings.token:
        return Check(name="token", ok=True, detail="NEMO_TOKEN is set")
    creds = store.credentials(settings.api_url)
    if creds is None:
        return Check(name="token", ok=True, detail="none stored: a free anonymous token will be fetched on first use")
    if creds.expired(datetime.now(UTC)):
        return Check(name="token", ok=True, detail="the stored token expired: a new one will be fetched")
    kind = "anonymous" if creds.anonymous else "registered"
    until = f", valid until {creds.expires_at:%Y-%m-%d}" if creds.expires_at else ""
    return Check(name="token", ok=True, detail=f"stored ({kind}{until})")


def _check_skill(env: Mapping[str, str]) -> Check:
    try:
        found = load_skill(env)
    except SkillError as exc:
        return Check(name="SKILL.md", ok=False, detail=str(exc))
    detail = f"{found.path or 'packaged copy'} (v{found.version}, platform {found.platform})"
    return Check(name="SKILL.md", ok=True, detail=detail)


def _check_backend(settings: Settings, env: Mapping[str, str], local: bool) -> Check:
    from nemovideo.runtime import open_runtime

    async def probe() -> str:
        async with open_runtime(env, local=local) as runtime:
            balance = await runtime.client.credits()
            return f"{runtime.client.api_url} answered ({balance.available:g} credits available)"

    try:
        return Check(name="backend", ok=True, detail=asyncio.run(probe()))
    except (NemoError, OSError) as exc:
        return Check(name="backend", ok=False, detail=str(exc))


def _check_ffmpeg() -> Check:
    try:
        import imageio_ffmpeg

        exe = str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        exe = shutil.which("ffmpeg") or ""
    if not exe:
        return Check(name="ffmpeg", ok=False,
                     detail="not found (needed by the local backend's renderer): pip install imageio-ffmpeg")
    first = subprocess.run([exe, "-version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return Check(name="ffmpeg", ok=True, detail=first or exe)


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
