"""Shared test helpers: paths to the contract fixtures."""

from __future__ import annotations

import json
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
