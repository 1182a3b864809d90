"""Deciding when an injected fault fires: one seeded random stream per fault, so runs repeat exactly."""

from __future__ import annotations

import random

from nemovideo.local.config import PROBABILITY_FAULTS, Faults


class FaultInjector:
    """Draws for each fault from its own stream; a fault switched off never draws."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        base = faults.seed if faults.seed is not None else random.SystemRandom().randrange(2**63)
        self._streams = {name: random.Random(f"{base}:{name}") for name in PROBABILITY_FAULTS}

    def fires(self, name: str) -> bool:
        """True when the named fault should happen now."""
        share = float(getattr(self.faults, name))
        if share <= 0.0:
            return False
        return self._streams[name].random() < share

    @property
    def long_keepalive_s(self) -> float:
        """Seconds of keep-alives only that every chat turn starts with."""
        return self.faults.long_keepalive
