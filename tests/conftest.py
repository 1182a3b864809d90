"""Shared test helpers: paths to the contract fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def load_fixture(name: str) -> Any:
    """A JSON fixture by relative path, e.g. 'api/credits.json'."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def fixtures_dir() -> Path:
    """The fixtures folder."""
    return FIXTURES


def _hypothesis_profiles() -> None:
    """Hypothesis settings for the hostile-request suite: fixed example counts, derandomised in CI."""
    from hypothesis import HealthCheck, settings

    # deadline=None: a request over real HTTP on a shared machine has no steady latency to hold it to.
    settings.register_profile("dev", database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True)
    settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


_hypothesis_profiles()
