"""One chat turn: send once over SSE, show translated text, and never leave the user in silence."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio

from nemovideo.client.events import KeepAlive, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.clock import Clock
from nemovideo.conversation.caps import MAX_PART, note
from nemovideo.conversation.failures import duration
from nemovideo.conversation.gui import FollowUp, translate
from nemovideo.conversation.messages import say
from nemovideo.conversation.ports import Api, CreditsLike
from nemovideo.conversation.timeline import Edit, edits
from nemovideo.draft import Draft
from nemovideo.draft_text import diff
from nemovideo.errors import ChatTimeout, NemoError, StreamDropped
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
    """What a finished turn says, what it changed and cost, and what it asks the conversation to do next."""

    text: str
    changes: list[str] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    draft: Draft | None = None
    failed: bool = False
    edits: list[Edit] = field(default_factory=list)
    credits_spent: float | None = None


class _Transcript:
    """Collects a stream's text so partial and final text are not shown twice, keeping at most `limit`
    characters (an agent that sends megabytes of text must not fill memory, the jobs file or the reply)."""

    def __init__(self, limit: int = MAX_PART) -> None:
        self.final: list[str] = []
        self.partial: list[str] = []
        self.tools: list[str] = []
        self.limit = limit
        self.size = 0  # characters kept
        self.cut = 0  # characters left out
        self._partial_cut = 0

    def add_text(self, event: TextEvent) -> None:
        if event.partial:
            kept = self._keep(event.text)
            self._partial_cut += len(event.text) - len(kept)
            self.partial.append(kept)
            return
        pending = "".join(self.partial)
        self.partial = []
        if pending and not event.text.startswith(pending.strip()[:20]):
            self.final.append(pending)
        else:  # the final text repeats the partial text: only the final one counts
            self.size -= len(pending)
            self.cut -= self._partial_cut
        self._partial_cut = 0
        self.final.append(self._keep(event.text))

    def _keep(self, text: str) -> str:
        kept = text[: max(self.limit - self.size, 0)]
        self.size += len(kept)
        self.cut += len(text) - len(kept)
        return kept

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
        """Send the message once and produce what the user reads, with what changed and what it cost."""
        before = (await self.api.state()).draft
        balance = await self._balance()
        await report(say("thinking", self.lang))
        transcript = _Transcript()
        try:
            await self._consume(message, transcript, report)
        except StreamDropped:
            outcome = await self._recover_dropped(before, transcript, report)
        else:
            outcome = await self._finished(before, transcript)
        outcome.credits_spent = spent(balance, await self._balance())
        return outcome

    async def _finished(self, before: Draft, transcript: _Transcript) -> TurnOutcome:
        # What changed comes from the state before and after, whatever the agent said: a reply that claims an
        # edit the draft does not show is not an edit, and a silent edit is one.
        after = (await self.api.state()).draft
        changes = [c.render(self.lang) for c in diff(before, after, self.lang)]
        found = edits(before, after)
        text = transcript.text()
        if text:
            translation = translate(text)
            cut = "\n" + note("text", transcript.cut, self.lang) if transcript.cut else ""
            return TurnOutcome(translation.text + cut, changes=changes, follow_ups=translation.follow_ups,
                               tools=transcript.tools, draft=after, edits=found)
        # About 30% of edits end with tool events and no text: say what changed.
        text = "\n".join(changes) if changes else say("no_change", self.lang)
        return TurnOutcome(text, changes=changes, tools=transcript.tools, draft=after, edits=found)

    async def _balance(self) -> CreditsLike | None:
        try:
            return await self.api.credits()
        except NemoError as exc:  # the cost is then unknown; the turn itself goes on
            log.info("the balance could not be read around a chat turn: %s", exc)
            return None

    async def _consume(self, message: str, transcript: _Transcript, report: ReportFn) -> None:
        # The limits are checked as each event arrives (on the injected clock) and, in case nothing arrives at
        # all, by a watch on the event loop's own timer: its deadline is the cap, or the keep-alive limit after
        # the last real event, whichever comes first.
        limits = self.limits
        opened = anyio.current_time()
        with anyio.CancelScope(deadline=opened + min(limits.cap, limits.keepalive_only)) as watch:
            await self._events(message, transcript, report, watch, opened)
        if watch.cancelled_caught:
            raise self._timed_out(anyio.current_time() - opened >= limits.cap)

    async def _events(self, message: str, transcript: _Transcript, report: ReportFn, watch: anyio.CancelScope,
                      opened: float) -> None:
        # This loop runs once per event of streams thousands of events long: attributes are looked up once.
        now_of, limits, tools, loop_time = self.clock.now, self.limits, transcript.tools, anyio.current_time
        started = last_event = last_notice = now_of()
        # Re-arming the watch's timer for every event is measurable on long streams: it is moved forward only
        # once it has fallen behind by a hundredth of the keep-alive limit.
        armed, slack = opened, limits.keepalive_only / 100
        events = self.api.chat(message)
        try:
            async for event in events:
                now = now_of()
                if now - started > limits.cap:
                    raise self._timed_out(True)
                if isinstance(event, KeepAlive):
                    if now - last_event >= limits.keepalive_only:
                        raise self._timed_out(False)
                else:
                    last_event = now
                    real = loop_time()
                    if real - armed > slack:
                        armed = real
                        watch.deadline = min(opened + limits.cap, real + limits.keepalive_only)
                    if isinstance(event, _TOOL_EVENTS):
                        tools.append(event.name)
                    elif isinstance(event, TextEvent):
                        transcript.add_text(event)
                if now - last_notice >= limits.still_working_every:
                    last_notice = now
                    await report(say("still_working", self.lang))
        finally:
            close = getattr(events, "aclose", None)
            if close is not None:  # end the stream now, also when the watch cut it
                with anyio.CancelScope(shield=True):
                    await close()

    def _timed_out(self, capped: bool) -> ChatTimeout:
        # `reason` and `values` let the reply word the limit in the language of the request (failures.py).
        limits = self.limits
        if capped:
            return ChatTimeout(f"The request ran past the {duration(limits.cap, joint='-')} limit.", reason="cap",
                               values={"limit_seconds": limits.cap})
        return ChatTimeout(f"Nothing but keep-alives arrived for {duration(limits.keepalive_only)}.",
                           reason="quiet", values={"limit_seconds": limits.keepalive_only})

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
                return TurnOutcome(text, changes=changes, tools=transcript.tools, draft=after,
                                   edits=edits(before, after))
            await report(say("still_working", self.lang))
        return TurnOutcome(say("dropped_failed", self.lang), tools=transcript.tools, failed=True)


def spent(before: CreditsLike | None, after: CreditsLike | None) -> float | None:
    """Credits a turn cost, the drop in the total balance; None when the balances cannot tell."""
    # They cannot when one is missing, when credits are still frozen (the price is not settled yet), or when the
    # balance grew (something else changed it).
    if before is None or after is None or after.frozen > before.frozen:
        return None
    cost = before.total - after.total
    return cost if cost >= 0 else None
