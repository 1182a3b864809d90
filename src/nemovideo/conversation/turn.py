"""One chat turn: send once over SSE, show translated text, and never leave the user in silence."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from nemovideo.client.events import KeepAlive, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.clock import Clock
from nemovideo.conversation.gui import FollowUp, translate
from nemovideo.conversation.messages import say
from nemovideo.conversation.ports import Api
from nemovideo.draft import Draft
from nemovideo.draft_text import diff
from nemovideo.errors import ChatTimeout, StreamDropped
from nemovideo.language import Language

log = logging.getLogger(__name__)

ReportFn = Callable[[str], Awaitable[None]]
_TOOL_EVENTS = (ToolCallEvent, ToolResultEvent)


@dataclass(frozen=True)
class TurnLimits:
    """How long a turn may take (seconds); the defaults are the contract's."""

    cap: float = 15 * 60
    keepalive_only: float = 10 * 60
    still_working_every: float = 2 * 60
    dropped_first_wait: float = 30
    dropped_next_wait: float = 60
    dropped_reads: int = 5


@dataclass
class TurnOutcome:
    """What a finished turn says, and what it asks the conversation to do next."""

    text: str
    changes: list[str] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    draft: Draft | None = None
    failed: bool = False


class _Transcript:
    """Collects a stream's text so partial and final text are not shown twice."""

    def __init__(self) -> None:
        self.final: list[str] = []
        self.partial: list[str] = []
        self.tools: list[str] = []

    def add_text(self, event: TextEvent) -> None:
        if event.partial:
            self.partial.append(event.text)
            return
        pending = "".join(self.partial)
        self.partial = []
        if pending and not event.text.startswith(pending.strip()[:20]):
            self.final.append(pending)
        self.final.append(event.text)

    def text(self) -> str:
        return " ".join(t.strip() for t in self.final + ["".join(self.partial)] if t.strip())


class ChatTurn:
    """Sends one message and turns the stream into a TurnOutcome."""

    def __init__(self, api: Api, clock: Clock, lang: Language, limits: TurnLimits | None = None) -> None:
        self.api = api
        self.clock = clock
        self.lang = lang
        self.limits = limits or TurnLimits()

    async def run(self, message: str, report: ReportFn) -> TurnOutcome:
        """Send the message once and produce what the user reads."""
        before = (await self.api.state()).draft
        await report(say("thinking", self.lang))
        transcript = _Transcript()
        try:
            await self._consume(message, transcript, report)
        except StreamDropped:
            return await self._recover_dropped(before, transcript, report)
        text = transcript.text()
        if text:
            translation = translate(text)
            return TurnOutcome(translation.text, follow_ups=translation.follow_ups, tools=transcript.tools)
        return await self._silent_edit(before, transcript)

    async def _consume(self, message: str, transcript: _Transcript, report: ReportFn) -> None:
        # This loop runs once per event of streams thousands of events long: attributes are looked up once.
        now_of, limits, tools = self.clock.now, self.limits, transcript.tools
        started = last_event = last_notice = now_of()
        async for event in self.api.chat(message):
            now = now_of()
            if now - started > limits.cap:
                raise ChatTimeout(f"The request ran past the {limits.cap / 60:.0f}-minute limit.")
            if isinstance(event, _TOOL_EVENTS):
                tools.append(event.name)
                last_event = now
            elif isinstance(event, KeepAlive):
                if now - last_event >= limits.keepalive_only:
                    raise ChatTimeout(f"Only keep-alives arrived for {limits.keepalive_only / 60:.0f} minutes.")
            else:
                last_event = now
                if isinstance(event, TextEvent):
                    transcript.add_text(event)
            if now - last_notice >= limits.still_working_every:
                last_notice = now
                await report(say("still_working", self.lang))

    async def _silent_edit(self, before: Draft, transcript: _Transcript) -> TurnOutcome:
        # About 30% of edits end with tool events and no text: read the state and say what changed.
        after = (await self.api.state()).draft
        changes = [c.render(self.lang) for c in diff(before, after, self.lang)]
        text = "\n".join(changes) if changes else say("no_change", self.lang)
        return TurnOutcome(text, changes=changes, tools=transcript.tools, draft=after)

    async def _recover_dropped(self, before: Draft, transcript: _Transcript, report: ReportFn) -> TurnOutcome:
        # Never re-send (that would charge twice): watch the state instead.
        await report(say("dropped_wait", self.lang))
        for attempt in range(self.limits.dropped_reads):
            wait = self.limits.dropped_first_wait if attempt == 0 else self.limits.dropped_next_wait
            await self.clock.sleep(wait)
            after = (await self.api.state()).draft
            changes = [c.render(self.lang) for c in diff(before, after, self.lang)]
            if changes:
                text = say("dropped_applied", self.lang) + "\n" + "\n".join(changes)
                return TurnOutcome(text, changes=changes, tools=transcript.tools, draft=after)
            await report(say("still_working", self.lang))
        return TurnOutcome(say("dropped_failed", self.lang), tools=transcript.tools, failed=True)
