"""Running the local backend: `nemovideo local` in the foreground, or embedded in a background thread."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from nemovideo.local.config import ConfigError, LocalConfig, add_arguments
from nemovideo.local.usecases.backend import Dependencies
from nemovideo.local.web.app import create_app

log = logging.getLogger(__name__)
STARTUP_TIMEOUT_S = 20.0


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, data_dir: Path | None = None, *, config: LocalConfig | None = None,
          allow_remote: bool = False, forwarded_allow_ips: str | None = None) -> None:
    """Serve in the foreground until interrupted; a non-loopback host needs allow_remote."""
    # X-Forwarded-For and friends are ignored unless forwarded_allow_ips names the proxies to believe.
    config = config or LocalConfig.from_env(os.environ, data_dir)
    if not is_loopback(host):
        if not allow_remote:
            raise ConfigError(f"{host} is not a loopback address: pass --allow-remote to serve other machines")
        log.warning("serving on %s: anyone who can reach this address can use the API and spend its credits", host)
    app = create_app(config, served_host=host)
    # log_config=None: uvicorn's own config would send access lines to stdout; ours go to stderr.
    # uvicorn trusts proxy headers from 127.0.0.1 by default, and every client of a loopback server is
    # 127.0.0.1: X-Forwarded-For would then choose the address that limits new users.
    uvicorn.run(app, host=host, port=port, log_config=None, log_level="info", timeout_graceful_shutdown=5,
                proxy_headers=forwarded_allow_ips is not None, forwarded_allow_ips=forwarded_allow_ips)


@dataclass
class EmbeddedBackend:
    """A backend running in this process; `url` is its loopback base URL."""

    url: str
    config: LocalConfig
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        """Ask the server to stop and wait for it."""
        self.server.should_exit = True
        self.thread.join(timeout=30)


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening socket on a free port."""
    # IPPROTO_TCP must be explicit: asyncio only sets TCP_NODELAY on sockets that say so, and without it
    # every answer written in two parts waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(128)
    return sock


def start_embedded(config: LocalConfig, deps: Dependencies | None = None) -> EmbeddedBackend:
    """Start the app in a background thread on a free 127.0.0.1 port; returns once it answers."""
    sock = free_socket()
    port = sock.getsockname()[1]
    app = create_app(config, deps)
    uv_config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, lifespan="on",
                               timeout_graceful_shutdown=2, proxy_headers=False)
    server = uvicorn.Server(uv_config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="nemovideo-local", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the embedded local backend did not start; see the log above")
        time.sleep(0.01)
    return EmbeddedBackend(f"http://127.0.0.1:{port}", config, server, thread)


@contextlib.contextmanager
def run_embedded(data_dir: Path | None = None, *, config: LocalConfig | None = None,
                 deps: Dependencies | None = None, env: Mapping[str, str] | None = None) -> Iterator[EmbeddedBackend]:
    """The local backend for the length of a `with` block, e.g. for `NEMO_API_URL=local` (free unless priced).

    `env` is where its settings (NEMO_LOCAL_PRICE_*, …) are read: the caller's own mapping, else os.environ."""
    if config is None:
        config = LocalConfig.from_env(os.environ if env is None else env, data_dir, embedded=True)
    backend = start_embedded(config, deps)
    try:
        yield backend
    finally:
        backend.stop()


def build_parser() -> argparse.ArgumentParser:
    """The flags of `nemovideo local`."""
    parser = argparse.ArgumentParser(prog="nemovideo local", description="Serve the NemoVideo API locally.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    add_proxy_argument(parser)
    add_arguments(parser)
    return parser


def add_proxy_argument(parser: argparse.ArgumentParser) -> None:
    """The flag that lets a reverse proxy's X-Forwarded-For count (off: the peer address counts)."""
    parser.add_argument("--forwarded-allow-ips", metavar="IPS",
                        help="proxy addresses whose X-Forwarded-For headers are believed (default: none)")


def main(argv: Sequence[str] | None = None) -> int:
    """`nemovideo local [--host H] [--port N] [--data-dir DIR] [--allow-remote] ...`; returns an exit code."""
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace, env: Mapping[str, str] | None = None, *, verbose: bool = False) -> int:
    """Serve with the flags of `build_parser` until interrupted; returns an exit code."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        config = LocalConfig.from_env(os.environ if env is None else env).with_args(args)
        serve(args.host, args.port, config=config, allow_remote=args.allow_remote,
              forwarded_allow_ips=getattr(args, "forwarded_allow_ips", None))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
