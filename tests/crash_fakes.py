"""Fakes the crash suite controls through files in the folder named by NEMO_CRASH_GATE.

`gated_render` writes `started-<pid>` when a worker starts rendering, then waits: `finish` makes it
complete, `exit` makes it end its process at once without recording anything (as a crash would), and
`ignore-cancel` makes it carry on when asked to stop (as a render stuck in I/O would). `GatedAgent`
answers a chat turn only once `respond` exists.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nemovideo.draft import Draft
from nemovideo.local.usecases.chat import PriceTable, UploadRef
from test_local_fakes import FakeAgent, FakeAgentReply, RenderCancelled, fake_render

LIMIT_S = 60.0


def gate() -> Path:
    """The folder of control files."""
    return Path(os.environ["NEMO_CRASH_GATE"])


def gated_render(draft: Draft, output: Path, *, resolve_media: Any, preview: bool, on_progress: Any,
                 should_cancel: Any) -> Any:
    """A render the test steers through the gate files (at most a minute)."""
    (gate() / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + LIMIT_S
    while time.monotonic() < deadline:
        on_progress(10.0)
        if (gate() / "exit").exists():
            os._exit(3)
        if (gate() / "finish").exists():
            return fake_render(draft, output, resolve_media=resolve_media, preview=preview,
                               on_progress=on_progress, should_cancel=should_cancel)
        if should_cancel() and not (gate() / "ignore-cancel").exists():
            raise RenderCancelled("stopped")
        time.sleep(0.02)
    raise RuntimeError("the test never opened the gate")


class GatedAgent(FakeAgent):
    """The fake agent, answering only once the `respond` file exists (at most a minute)."""

    def respond(self, message: str, draft: Draft, uploads: Sequence[UploadRef], *, previous: Draft | None,
                language: str, prices: PriceTable) -> FakeAgentReply:
        """Wait for the gate, then answer like the fake agent."""
        deadline = time.monotonic() + LIMIT_S
        while not (gate() / "respond").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return super().respond(message, draft, uploads, previous=previous, language=language, prices=prices)
