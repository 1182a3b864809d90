"""The draft model: parsing, summary, diff and exportability on the fixtures."""

from __future__ import annotations

import copy

from conftest import load_fixture
from nemovideo.draft import Draft, TrackType
from nemovideo.draft_text import diff, overview, summary

SEED = "drafts/seed_three_tracks.json"


def seed() -> Draft:
    return Draft.parse(load_fixture(SEED))


def test_seed_summary_matches_the_spec() -> None:
    assert summary(seed()) == (
        'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) '
        '3. Title: "Urban Dreams" (0-3s)'
    )


def test_the_overview_adds_length_ratio_and_size_under_the_unchanged_summary_line() -> None:
    assert overview(seed()).splitlines() == [summary(seed()), "Length 10s, 16:9, 1920x1080."]
    assert overview(seed(), "zh").splitlines() == [summary(seed(), "zh"), "时长10秒，16:9，1920x1080。"]
    vertical = seed()
    vertical.meta.ratio, vertical.meta.width, vertical.meta.height = "9:16", 1080, 1920
    assert overview(vertical).endswith("\nLength 10s, 9:16, 1080x1920.")
    assert overview(Draft.parse(None)) == "Timeline is empty."  # nothing to measure yet


def test_seed_summary_in_chinese() -> None:
    text = summary(seed(), "zh")
    assert text.startswith("时间线（3 条轨道）：1. 视频：city timelapse（0-10秒）")
    assert "背景音乐：Lo-fi（0-10秒，35%）" in text and "标题：\"Urban Dreams\"（0-3秒）" in text


def test_empty_draft_is_not_exportable() -> None:
    empty = Draft.parse(load_fixture("drafts/empty.json"))
    assert not empty.is_exportable()
    assert summary(empty) == "Timeline is empty."
    assert summary(Draft.parse(None), "zh") == "时间线为空。"
    assert seed().is_exportable()


def test_long_draft_summary_is_bounded_and_canvas_read() -> None:
    long = Draft.parse(load_fixture("drafts/long.json"))
    text = summary(long)
    assert "… and 6 more" in text and "Scene 1 (0-2.5s)" in text and "BGM: Upbeat (0-30s, 50%)" in text
    assert long.canvas() == (1080, 1920) and long.ratio() == "9:16" and long.end_ms() == 30000


def test_unknown_keys_survive_a_round_trip() -> None:
    raw = load_fixture("drafts/long.json")
    assert Draft.parse(raw).dump() == raw


def test_segment_fields_parse_to_named_attributes() -> None:
    title = seed().tracks[2].segments[0]
    assert seed().tracks[2].type == TrackType.TEXT
    assert (title.start_ms, title.end_ms, title.text, title.role) == (0, 3000, "Urban Dreams", "title")
    assert title.style is not None and title.style.position == "center" and title.style.weight == "bold"
    bgm = seed().tracks[1].segments[0]
    assert bgm.volume == 0.35 and bgm.fade_out_ms == 2000 and bgm.source is not None
    assert bgm.source.kind == "music" and bgm.source.style == "lofi"


def test_diff_names_an_added_title() -> None:
    before = load_fixture(SEED)
    after = copy.deepcopy(before)
    after["t"][2]["sg"].append({"id": "x2", "st": 3000, "d": 2000, "role": "title", "txt": "Paradise Found"})
    changes = diff(Draft.parse(before), Draft.parse(after))
    assert [c.render() for c in changes] == ['✅ Title added: "Paradise Found" (3-5s)']
    assert diff(Draft.parse(before), Draft.parse(after), "zh")[0].render("zh") == (
        '✅ 已添加标题："Paradise Found"（3-5秒）'
    )


def test_diff_names_removed_and_changed_segments() -> None:
    before = load_fixture(SEED)
    after = copy.deepcopy(before)
    after["t"][1]["sg"][0]["vol"] = 0.5
    after["t"][2]["sg"][0]["txt"] = "City Dreams"
    del after["t"][0]["sg"][0]
    rendered = [c.render() for c in diff(Draft.parse(before), Draft.parse(after))]
    assert "✅ BGM changed: Lo-fi (0-10s, 50%) (volume 35% → 50%)" in rendered
    assert '✅ Title changed: "City Dreams" (0-3s) ("Urban Dreams" → "City Dreams")' in rendered
    assert "✅ Video removed: city timelapse (0-10s)" in rendered


def test_diff_reports_a_new_aspect_ratio() -> None:
    before = load_fixture(SEED)
    after = copy.deepcopy(before)
    after["m"].update({"width": 1080, "height": 1920, "ratio": "9:16"})
    assert [c.render() for c in diff(Draft.parse(before), Draft.parse(after))] == [
        "✅ Canvas changed: 16:9 → 9:16"
    ]


def test_identical_drafts_have_no_diff() -> None:
    assert diff(seed(), seed()) == []


def test_a_text_track_labels_each_kind_of_text() -> None:
    raw = load_fixture(SEED)
    raw["t"][2]["sg"].append({"id": "x2", "st": 3000, "d": 2000, "role": "caption", "txt": "Fresh roast"})
    assert summary(Draft.parse(raw)).endswith('3. Title: "Urban Dreams" (0-3s); Text: "Fresh roast" (3-5s)')
    assert summary(Draft.parse(raw), "zh").endswith('3. 标题："Urban Dreams"（0-3秒）；文字："Fresh roast"（3-5秒）')
