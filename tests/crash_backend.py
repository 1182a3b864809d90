"""The backend of the crash suite: `python crash_backend.py DATA_DIR RENDERER`; prints its URL, serves until stdin ends.

The editing agent is the gated fake of `crash_fakes`, so a chat turn can be held open while the test kills
this process; render jobs run in real worker processes with the renderer named on the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crash_fakes import GatedAgent
from nemovideo.local.config import LocalConfig
from nemovideo.local.usecases.backend import Dependencies
from nemovideo.local.web.server import start_embedded


def main() -> None:
    """Serve until stdin closes (or SIGKILL)."""
    config = LocalConfig(Path(sys.argv[1]), renderer=sys.argv[2], queue_poll_s=0.05, price_edit=3)
    backend = start_embedded(config, Dependencies(agent=GatedAgent()))
    print(backend.url, flush=True)
    sys.stdin.read()
    backend.stop()


if __name__ == "__main__":
    main()
