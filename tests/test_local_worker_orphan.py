"""A render worker whose backend died stops rendering and leaves the render to be run again."""

from __future__ import annotations

from typing import Any

from nemovideo.local.workers.worker import Beat


class Store:
    def __init__(self) -> None:
        self.beats = 0

    def beat(self, key: int, progress: float | None) -> bool:
        self.beats += 1
        return False


def test_beat_notices_the_parent_is_gone_and_asks_the_render_to_stop() -> None:
    parents = iter([100, 1])  # started by pid 100; then re-parented to init
    store: Any = Store()
    with Beat(store, 1, interval=0, parent_pid=lambda: next(parents)) as beat:
        beat._thread.join()
    assert beat.orphaned.is_set() and beat.should_cancel()
    assert store.beats == 0  # nothing more is written for that render


def test_beat_keeps_going_while_the_parent_lives() -> None:
    store: Any = Store()
    with Beat(store, 1, interval=0, parent_pid=lambda: 100) as beat:
        while store.beats < 3:
            pass
    assert not beat.orphaned.is_set() and not beat.should_cancel()
