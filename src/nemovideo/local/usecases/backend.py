"""The composition root: every service of one local backend, built once per app from the config and the injected
dependencies."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

from nemovideo.clock import Clock, SystemClock
from nemovideo.local.config import LocalConfig
from nemovideo.local.probe import MediaInfo, probe_media
from nemovideo.local.store.accounts import Accounts, load_secret
from nemovideo.local.store.credits import Ledger
from nemovideo.local.store.db import Database
from nemovideo.local.store.files import TempArea, private_dir
from nemovideo.local.store.media import MediaLibrary
from nemovideo.local.store.renders import Renders
from nemovideo.local.store.sessions import Sessions
from nemovideo.local.usecases.chat import Agent, ChatTurns, PriceTable
from nemovideo.local.usecases.urlfetch import Resolver, UrlFetcher, system_resolver
from nemovideo.local.workers.pool import WorkerPool

STALE_HOLD_S = 20 * 60.0  # longer than the 15-minute cap of a chat turn


@dataclass
class Dependencies:
    """What tests replace: the agent, time (and time limits), media probing and the network of URL uploads."""

    agent: Agent | None = None
    clock: Clock = field(default_factory=SystemClock)
    wall: Callable[[], float] = time.time
    probe: Callable[[Path], MediaInfo | None] = probe_media
    resolver: Resolver = system_resolver
    url_transport: httpx2.AsyncBaseTransport | None = None
    run_workers: bool = True
    body_timeout_s: float = 30.0  # longest wait for the next piece of a request body that was announced


class Backend:
    """The services of one local backend over one data dir."""

    def __init__(self, config: LocalConfig, deps: Dependencies) -> None:
        self.config = config
        self.deps = deps
        self.clock = deps.clock
        self.wall = deps.wall
        for folder in (config.data_dir, config.media_dir, config.renders_dir, config.tmp_dir):
            private_dir(folder)  # 0700 whatever the umask: the database and uploads are the users' own
        self.db = Database(config.db_path)
        self.db.migrate()
        self.temp = TempArea(config.tmp_dir)
        self.temp.sweep()  # temp files of a backend that was killed mid-upload
        self.ledger = Ledger(self.db, deps.wall)
        self.accounts = Accounts(self.db, load_secret(config.secret_path), config, self.ledger, deps.wall)
        self.sessions = Sessions(self.db, deps.wall)
        self.media = MediaLibrary(self.db, config.media_dir, deps.wall, deps.probe)
        self.fetcher = UrlFetcher(config.max_upload_bytes, config.url_timeout_s,
                                  resolver=deps.resolver, transport=deps.url_transport)
        self.renders = Renders(self.db, deps.wall)
        self.workers = WorkerPool(self.renders, config, deps.clock)
        prices = PriceTable(config.price_generate, config.price_edit)
        self.turns = ChatTurns(self.db, self.sessions, self.ledger, self.media, prices, deps.agent)
        self.ledger.release_stale(STALE_HOLD_S)
