"""Collateral safety: an edit that would change an element the request did not name changes nothing."""

from __future__ import annotations

import pytest

from conftest import load_fixture
from nemovideo.draft import Draft
from nemovideo.local.agent import Prices, editor, grammar, respond
from nemovideo.local.agent.guard import Allowance, allowance, strays
from nemovideo.local.agent.parse import Op
from nemovideo.local.agent.scenes import apply_ratio
from nemovideo.local.agent.types import Turn
from nemovideo.local.render.fonts import DEFAULT_FAMILY

PRICES = Prices(generate=10, edit=2)


def seed() -> Draft:
    return Draft.parse(load_fixture("drafts/seed_three_tracks.json"))


def test_an_operation_that_touches_more_than_it_was_asked_is_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def careless_ratio(turn: Turn, op: Op) -> str:
        said = apply_ratio(turn, op)
        turn.draft.tracks[2].segments[0].text = "Oops"  # a bug that also rewrites the title
        return said

    monkeypatch.setitem(editor.APPLY, "set_ratio", careless_ratio)
    reply = respond("make it vertical and make the music quieter", seed(), [], previous=None, language="en",
                    prices=PRICES)
    assert reply.draft is None and reply.price == 0
    assert reply.text.startswith("I could not do that without also changing the title")


def test_strays_name_the_kinds_changed_outside_the_allowance() -> None:
    before = seed()
    after = Draft.parse(before.dump())
    after.meta.width, after.meta.height, after.meta.ratio = 1080, 1920, "9:16"
    after.tracks[1].segments[0].volume = 0.2
    ratio_only = allowance(Op("set_ratio", ratio="9:16"), before, [])
    assert strays(before, after, ratio_only) == ["bgm"]
    assert strays(before, after, Allowance({"canvas", "bgm"})) == []
    assert strays(before, after, Allowance({"canvas"}, {"a1"})) == [], "a single segment can be allowed by id"


def test_a_length_change_may_not_touch_the_title_unless_it_no_longer_fits() -> None:
    assert "title" not in allowance(Op("set_duration", length_ms=20000), seed(), []).kinds
    assert "title" in allowance(Op("set_duration", length_ms=2000), seed(), []).kinds


def test_the_only_shipped_font_is_the_one_the_renderer_bundles() -> None:
    assert set(grammar.SHIPPED_FONTS.values()) == {DEFAULT_FAMILY}
