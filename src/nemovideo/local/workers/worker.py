"""A render worker process: `python -m nemovideo.local.workers.worker --data-dir DIR --render ID [--renderer MOD:FUNC]`.

It renders one claimed render, reports progress and a heartbeat to the database from a side thread,
stops when the render is cancelled, and always leaves the render completed or failed.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from nemovideo.draft import Source
from nemovideo.local.config import DEFAULT_RENDERER, LocalConfig
from nemovideo.local.store.db import Database
from nemovideo.local.store.files import private_dir, private_file
from nemovideo.local.store.media import MediaLibrary
from nemovideo.local.store.renders import CANCELLED, Render, Renders

log = logging.getLogger("nemovideo.local.workers.worker")
BEAT_S = 1.0


class Beat:
    """Carries progress to the database and cancel requests back, about once a second."""

    def __init__(self, store: Renders, key: int, interval: float = BEAT_S,
                 parent_pid: Callable[[], int] = os.getppid) -> None:
        self.store = store
        self.key = key
        self.interval = interval
        self.progress: float | None = None
        self.cancelled = threading.Event()
        self.orphaned = threading.Event()
        self._parent_pid = parent_pid
        self._parent = parent_pid()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="render-beat", daemon=True)

    def __enter__(self) -> Beat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def on_progress(self, percent: float) -> None:
        """Remember the latest progress (called from the rendering thread)."""
        self.progress = percent

    def should_cancel(self) -> bool:
        """True once the render was cancelled."""
        return self.cancelled.is_set()

    def _run(self) -> None:
        while True:
            if self._parent_pid() != self._parent:
                # The backend that started us is gone (its process was killed): stop ffmpeg and leave the
                # render as it is, so the next start of the backend finds it interrupted and runs it again.
                self.orphaned.set()
                self.cancelled.set()
                return
            try:
                if self.store.beat(self.key, self.progress):
                    self.cancelled.set()
            except Exception:  # a busy database must not kill the render; the next beat retries
                log.warning("render heartbeat failed for render %s", self.key, exc_info=True)
            if self._stop.wait(self.interval):
                return


def load_renderer(spec: str) -> Callable[..., Any] | str:
    """The render function named 'module:function', or the reason it is not available."""
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        log.warning("renderer %s cannot be imported: %s", module_name, exc)
        return "renderer not available"
    function = getattr(module, attr or "render_draft", None)
    return function if callable(function) else "renderer not available"


def render_one(config: LocalConfig, store: Renders, render: Render, renderer_spec: str) -> None:
    """Render one queued render and record how it ended."""
    renderer = load_renderer(renderer_spec)
    if isinstance(renderer, str):
        store.finish(render.key, error=renderer)
        return
    media = MediaLibrary(store.db, config.media_dir, time.time)
    folder = private_dir(config.renders_dir / render.user_id / render.id)  # render ids are per user

    def resolve(source: Source) -> Path | None:
        return media.resolve(source, render.user_id)

    with Beat(store, render.key) as beat:
        try:
            result = renderer(render.parsed_draft(), folder / f"{render.id}.mp4", resolve_media=resolve, preview=False,
                            on_progress=beat.on_progress, should_cancel=beat.should_cancel)
        except Exception as exc:
            if beat.orphaned.is_set():
                # Give the render back (only if it is still ours): the backend's next start runs it again.
                store.requeue(render.key, "render interrupted: the backend stopped", worker_pid=os.getpid())
            else:
                store.finish(render.key, error=failure_text(exc))
            return
    for path in folder.iterdir():
        private_file(path)  # the renderer (ffmpeg) writes with the umask's mode
    store.finish(render.key, video=_stored(config, result, "video"), poster=_stored(config, result, "poster"),
                 sheet=_stored(config, result, "contact_sheet"))


def failure_text(exc: Exception) -> str:
    """What a poll shows for a failed render."""
    if type(exc).__name__ == "RenderCancelled":
        return CANCELLED
    text = str(exc).strip() or type(exc).__name__
    return text[-800:] if type(exc).__name__ == "RenderError" else f"render crashed: {type(exc).__name__}: {text[:300]}"


def _stored(config: LocalConfig, result: object, name: str) -> str | None:
    """A result file as the database keeps it: relative to the data dir, so the folder can move."""
    value = getattr(result, name, None)
    if not value:
        return None
    path = Path(value)
    return str(path.relative_to(config.data_dir)) if path.is_relative_to(config.data_dir) else str(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one render to its end; exit 0 when its status was recorded."""
    parser = argparse.ArgumentParser(prog="python -m nemovideo.local.workers.worker")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--render", required=True, type=int, help="the render's key")
    parser.add_argument("--renderer", default=DEFAULT_RENDERER)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s worker %(levelname)s %(message)s")
    config = LocalConfig(data_dir=Path(args.data_dir))
    store = Renders(Database(config.db_path), time.time)
    render = store.load(args.render)
    if render is None or render.status != "processing":
        log.warning("render %s is not waiting for a worker", args.render)
        return 1
    render_one(config, store, render, args.renderer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
