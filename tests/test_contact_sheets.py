"""The contact sheets in docs/ stay regenerable: the script's requests still make videos, the PNGs are there and small.

Rendering them takes a minute, so the test does not; `python scripts/contact_sheets.py` does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from nemovideo.draft import Draft
from nemovideo.local.agent import Prices, Upload, respond

ROOT = Path(__file__).resolve().parent.parent


def script() -> ModuleType:
    """scripts/contact_sheets.py as a module."""
    spec = importlib.util.spec_from_file_location("contact_sheets", ROOT / "scripts" / "contact_sheets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["contact_sheets"] = module
    spec.loader.exec_module(module)
    return module


def test_every_sheet_is_in_the_docs_small_and_linked() -> None:
    sheets = script().SHEETS
    guide = (ROOT / "docs" / "editing-agent.md").read_text(encoding="utf-8")
    for sheet in sheets:
        png = ROOT / "docs" / "sheets" / f"{sheet.name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 400_000
        assert f"(sheets/{sheet.name}.png)" in guide


def test_the_script_requests_still_make_the_videos_it_promises() -> None:
    module = script()
    ratios = []
    for sheet in module.SHEETS:
        uploads = [Upload(f"m{i}", module.UPLOADS[name][0], f"https://cdn.local/u/{name}", name, None,
                          module.UPLOADS[name][1], module.UPLOADS[name][2]) for i, name in enumerate(sheet.uploads)]
        reply = respond(sheet.request, Draft(), uploads, previous=None, language="en", prices=Prices(0, 0))
        assert reply.draft is not None and reply.action == "generate", reply.text
        ratios.append(reply.draft.meta.ratio)
    assert ratios == ["16:9", "16:9", "9:16"]
