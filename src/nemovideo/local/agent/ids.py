"""Ids for new tracks and segments: deterministic (seeded by the request), never reusing one in the draft."""

from __future__ import annotations

import hashlib

from nemovideo.draft import Draft


def ids_in(draft: Draft) -> set[str]:
    """Every track and segment id in a draft."""
    found = {track.id for track in draft.tracks if track.id}
    found |= {seg.id for track in draft.tracks for seg in track.segments if seg.id}
    return found


class IdMaker:
    """Makes fresh ids such as `x-3f9a2c`, the same ones for the same request on the same draft."""

    def __init__(self, draft: Draft, seed: str) -> None:
        self.taken = ids_in(draft)
        self.seed = seed + "|" + ",".join(sorted(self.taken))
        self.counter = 0

    def new(self, prefix: str) -> str:
        """A fresh id starting with `prefix`."""
        while True:
            self.counter += 1
            digest = hashlib.sha256(f"{self.seed}#{self.counter}".encode()).hexdigest()[:6]
            candidate = f"{prefix}-{digest}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def preferred(self, wanted: str, prefix: str) -> str:
        """`wanted` if it is free (short, readable track ids like `v`), else a fresh one."""
        if wanted in self.taken:
            return self.new(prefix)
        self.taken.add(wanted)
        return wanted
