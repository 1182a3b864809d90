"""One chat turn, from credit hold to settle: freeze the estimate, ask the editing agent, then save the new
revision and settle its price in one transaction (or release the hold).

The agent is a port: the server talks to anything with `respond` and `estimate`. The real one,
`nemovideo.local.agent`, is imported only when the first turn needs it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from anyio.to_thread import run_sync

from nemovideo.draft import Draft
from nemovideo.errors import AgentUnavailable, BadRequest, OutOfCredits
from nemovideo.local.store.credits import HoldClosed, Ledger
from nemovideo.local.store.db import Database
from nemovideo.local.store.media import MediaLibrary, MediaRecord
from nemovideo.local.store.sessions import RevisionConflict, Session, Sessions

log = logging.getLogger(__name__)
MAX_DIGITS = 30
MAX_MESSAGE_CHARS = 32_000  # pages of text; the agent reads edit requests, and reading costs time per character
LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1}}}")


@dataclass(frozen=True)
class PriceTable:
    """Credits per kind of change."""

    generate: int
    edit: int


@dataclass(frozen=True)
class UploadRef:
    """A session's upload as the agent sees it."""

    media_id: str
    kind: str
    url: str
    filename: str
    duration_ms: int | None
    width: int | None
    height: int | None


class AgentReply(Protocol):
    """What the editing agent answers to one message: the new draft (if any), its text, the tool it used, its price."""

    @property
    def draft(self) -> Draft | None: ...
    @property
    def text(self) -> str: ...
    @property
    def tool_name(self) -> str: ...
    @property
    def tool_args(self) -> dict[str, object]: ...
    @property
    def action(self) -> str: ...
    @property
    def price(self) -> int: ...


class Agent(Protocol):
    """The editing agent."""

    def respond(
        self, message: str, draft: Draft, uploads: Sequence[UploadRef], *, previous: Draft | None, language: str,
        prices: PriceTable,
    ) -> AgentReply: ...

    def estimate(self, message: str, prices: PriceTable) -> int: ...


class ModuleAgent:
    """The real agent module behind the port (its own Upload and Prices types)."""

    def __init__(self, module: Any) -> None:
        self.module = module

    def respond(
        self, message: str, draft: Draft, uploads: Sequence[UploadRef], *, previous: Draft | None, language: str,
        prices: PriceTable,
    ) -> AgentReply:
        """Ask the agent module."""
        converted = [self.module.Upload(**vars(upload)) for upload in uploads]
        reply: AgentReply = self.module.respond(message, draft, converted, previous=previous, language=language,
                                           prices=self._prices(prices))
        return reply

    def estimate(self, message: str, prices: PriceTable) -> int:
        """Ask the agent module what to freeze."""
        return int(self.module.estimate(message, self._prices(prices)))

    def _prices(self, prices: PriceTable) -> Any:
        return self.module.Prices(generate=prices.generate, edit=prices.edit)


def load_agent() -> Agent:
    """The real editing agent; AgentUnavailable when it is not installed."""
    try:
        module = importlib.import_module("nemovideo.local.agent")
    except ImportError:
        log.exception("the editing agent cannot be imported")
        raise AgentUnavailable("the editing agent is not available in this installation") from None
    return ModuleAgent(module)


def check_message(message: str) -> None:
    """Refuse a message over MAX_MESSAGE_CHARS or with a number longer than MAX_DIGITS digits (BadRequest, 4000)."""
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    # No edit needs such a number, and the agent reading hundreds of digits as a time or a volume overflows.
    if LONG_NUMBER.search(message):
        raise BadRequest(f"a number in the message is longer than {MAX_DIGITS} digits")


@dataclass(frozen=True)
class TurnResult:
    """How a turn ended: a reply with the saved revision (if any), or an error for the stream."""

    reply: AgentReply | None
    revision: int | None
    error_code: str | None = None
    error: str | None = None


class ChatTurns:
    """Runs chat turns: the hold opens in `start` and closes in `run`, which runs in a worker thread."""

    def __init__(self, db: Database, sessions: Sessions, ledger: Ledger, media: MediaLibrary, prices: PriceTable,
                 agent: Agent | None = None) -> None:
        self.db = db
        self.sessions = sessions
        self.ledger = ledger
        self.media = media
        self.prices = prices
        self._agent = agent

    @property
    def agent(self) -> Agent:
        """The editing agent (the real one is loaded on first use)."""
        if self._agent is None:
            self._agent = load_agent()
        return self._agent

    async def start(self, session: Session, user_id: str, message: str) -> asyncio.Future[TurnResult]:
        """Freeze the turn's estimate, then run it in a worker thread; the future always ends with the hold closed.

        A message too long to read (BadRequest), OutOfCredits and AgentUnavailable are raised here, before anything
        is streamed.
        """
        check_message(message)
        agent = self.agent
        try:
            # Reading a long message takes the agent a while: in a thread, so other requests go on meanwhile.
            estimate = max(0, int(await run_sync(agent.estimate, message, self.prices)))
        except Exception:
            log.exception("the editing agent could not estimate a message in session %s", session.id)
            failed: asyncio.Future[TurnResult] = asyncio.get_running_loop().create_future()
            failed.set_result(TurnResult(None, None, "AGENT_ERROR", "the editing agent could not read this message; "
                                                                    "nothing was changed or charged"))
            return failed
        uploads = await run_sync(self.media.for_session, session.id)
        hold_id = await run_sync(self.ledger.freeze, user_id, estimate, f"chat in session {session.id}")
        return asyncio.get_running_loop().run_in_executor(None, self.run, agent, session, message, uploads, hold_id)

    def run(self, agent: Agent, session: Session, message: str, uploads: list[MediaRecord], hold_id: str) -> TurnResult:
        """Ask the agent and commit its change, or release the hold; never raises."""
        try:
            return self._run(agent, session, message, uploads, hold_id)
        except Exception:
            log.exception("chat turn failed in session %s", session.id)
            self._release(hold_id)
            return TurnResult(None, None, "AGENT_ERROR", "the editing agent failed; nothing was changed or charged")

    def _run(
        self, agent: Agent, session: Session, message: str, uploads: list[MediaRecord], hold_id: str
    ) -> TurnResult:
        latest = self.sessions.latest(session.id)
        base = self.sessions.revision(session.id, latest.base) if latest.base is not None else None
        refs = [UploadRef(m.id, m.kind, m.url, m.filename, m.duration_ms, m.width, m.height) for m in uploads]
        reply = agent.respond(message, latest.draft, refs, previous=base.draft if base else None,
                              language=session.language, prices=self.prices)
        if reply.draft is None:
            self._release(hold_id)
            return TurnResult(reply, None)
        undo = reply.action == "undo" and base is not None
        new_base = base.base if undo and base is not None else latest.rev
        try:
            with self.db.write() as conn:
                self.ledger.settle_in(conn, hold_id, max(0, int(reply.price)))
                rev = self.sessions.add_revision_in(conn, session.id, reply.draft, reply.action, new_base, latest.rev)
        except OutOfCredits as exc:
            self._release(hold_id)
            return TurnResult(None, None, "INSUFFICIENT_CREDITS", exc.message)
        except RevisionConflict:
            self._release(hold_id)
            return TurnResult(None, None, "CONFLICT", "the project changed while this request ran; nothing was "
                                                      "changed or charged, send it again")
        return TurnResult(reply, rev)

    def _release(self, hold_id: str) -> None:
        try:
            self.ledger.release(hold_id)
        except HoldClosed:
            return
