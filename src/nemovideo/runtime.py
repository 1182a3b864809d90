"""Assembles the product for a surface: settings, store, skill, API client (and the embedded backend)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx2

from nemovideo.client import NemoClient
from nemovideo.clock import Clock
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.settings import LOCAL, Settings
from nemovideo.skill import Skill, load_skill
from nemovideo.store import Store

log = logging.getLogger(__name__)

LOCAL_POLL_INTERVAL = 1.0  # the local renderer finishes in seconds; the cloud is polled every 30 s


@dataclass
class Runtime:
    """Everything a surface needs, open and ready."""

    settings: Settings
    store: Store
    skill: Skill
    client: NemoClient
    conversation: Conversation


@contextlib.asynccontextmanager
async def open_runtime(
    env: Mapping[str, str],
    *,
    local: bool = False,
    transport: httpx2.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    downloads: Path | None = None,
    language: str | None = None,
) -> AsyncIterator[Runtime]:
    """Open the product; with `local` (or NEMO_API_URL=local) an embedded backend serves the API."""
    settings = Settings.from_env(env)
    if local:
        settings = dataclasses.replace(settings, api_url=LOCAL)
    store = Store(settings.data_dir)
    skill = load_skill(env)
    async with contextlib.AsyncExitStack() as stack:
        base_url = "http://127.0.0.1" if settings.is_local and transport is not None else None
        if settings.is_local and transport is None:
            from nemovideo.local.web.server import run_embedded  # only local users pay for the backend's imports

            backend = stack.enter_context(run_embedded(settings.data_dir / "local", env=env))
            base_url = backend.url
            log.info("local backend listening on %s", base_url)
        client = await stack.enter_async_context(
            NemoClient(settings, store, skill, transport=transport, clock=clock, base_url=base_url)
        )
        config = ConversationConfig(
            web_url=settings.web_url,
            downloads=downloads or settings.videos_dir,
            poll_interval=LOCAL_POLL_INTERVAL if settings.is_local else 30.0,
            claim_links=not settings.is_local,
        )
        conversation = Conversation(client, store, config, clock=clock, language=language or settings.language)
        try:
            yield Runtime(settings, store, skill, client, conversation)
        finally:
            await conversation.aclose()


@contextlib.asynccontextmanager
async def open_conversation(env: Mapping[str, str], *, local: bool = False) -> AsyncIterator[Conversation]:
    """Just the Conversation (what the MCP server needs)."""
    async with open_runtime(env, local=local) as runtime:
        yield runtime.conversation
