"""The request tables (fixtures/agent/): ordinary English and Chinese requests, each with the change it must make.

Every case starts from the project the table names, with the uploads it names, and is sent to `respond`
with non-zero prices. A case passes when every expectation holds. The test fails below the accuracy
thresholds, and on any change to an element the request did not name or any charge for a refusal or a
question, whatever the accuracy. `python tests/test_local_agent_requests.py` prints the figures.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from conftest import FIXTURES, load_fixture
from nemovideo.draft import Draft, Segment, Track, TrackType
from nemovideo.draft_text import kind_of
from nemovideo.local.agent import AgentReply, Prices, Upload, respond

PRICES = Prices(generate=10, edit=2)
TABLES = ("dev", "heldout", "heldout-2", "heldout-3")
# Measured figures, rounded down. heldout-3 met the agent clean (94.5%); only its one collateral case was read.
THRESHOLDS = {"dev": 1.0, "heldout": 1.0, "heldout-2": 1.0, "heldout-3": 0.94}
TOLERANCE_MS = 50

PROMO = (
    "Brewtopia is a cozy coffee shop in the heart of Portland. We roast small-batch beans every morning for a "
    "rich, smooth flavour. Our baristas craft every latte by hand, with oat milk and local honey. Free Wi-Fi and "
    "warm light make it the perfect place to work. Visit brewtopia.com and order your first cup today!"
)
PROMO_ZH = (
    "云朵咖啡是一家位于上海的精品咖啡店。我们每天清晨烘焙新鲜咖啡豆，口感醇厚顺滑。"
    "咖啡师手工制作每一杯拿铁，搭配燕麦奶和本地蜂蜜。店里有免费无线网络和温暖的灯光。欢迎到店品尝！"
)
CATALOGUE = {
    "clip": Upload("med_clip", "video", "https://cdn.local/u/surf.mp4", "surf.mp4", 8000, 1920, 1080),
    "clip2": Upload("med_clip2", "video", "https://cdn.local/u/city.mov", "city.mov", 12000, 1920, 1080),
    "photo": Upload("med_photo", "image", "https://cdn.local/u/beach.jpg", "beach.jpg", None, 1600, 1200),
    "portrait": Upload("med_portrait", "image", "https://cdn.local/u/me.jpg", "me.jpg", None, 1080, 1920),
    "logo": Upload("med_logo", "image", "https://cdn.local/u/logo.png", "logo.png", None, 512, 512),
    "song": Upload("med_song", "audio", "https://cdn.local/u/song.mp3", "song.mp3", 95000, None, None),
    "gif": Upload("med_gif", "image", "https://cdn.local/u/dance.gif", "dance.gif", 2000, 480, 480),
}
CANVASES = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}


def bare() -> Draft:
    """Three 5-second colour scenes, 16:9, 15 s; no music, no text."""
    scenes = [{"id": f"s{i}", "st": (i - 1) * 5000, "d": 5000, "role": "scene", "n": f"Scene {i}",
               "src": {"kind": "color", "colors": ["#112233"]}} for i in (1, 2, 3)]
    return Draft.parse({"t": [{"id": "v", "tt": 0, "n": "Video", "sg": scenes}], "d": 15000,
                        "m": {"width": 1920, "height": 1080, "ratio": "16:9", "fps": 30}})


def generated(message: str) -> Draft:
    """A video the agent generates itself from a description."""
    reply = respond(message, Draft(), [], previous=None, language="en", prices=PRICES)
    assert reply.draft is not None, reply.text
    return reply.draft


def promo_price() -> Draft:
    """The promo plus the overlay "Only $4.99" from 5 s to 10 s at the bottom."""
    draft = promo()
    track = Track(id="o", type=TrackType.TEXT, name="Text", segments=[Segment.model_validate({
        "id": "o1", "st": 5000, "d": 5000, "role": "overlay", "txt": "Only $4.99",
        "sty": {"size": 56, "color": "#FFFFFF", "pos": "bottom", "w": "bold"}})])
    return Draft.parse({**draft.dump(), "t": [*draft.dump()["t"], track.model_dump(by_alias=True,
                                                                                exclude_none=True)]})


@cache
def promo() -> Draft:
    """The generated 30-second English promo for Brewtopia."""
    return generated(f"generate a 30-second promotional video from my product description: {PROMO}")


@cache
def promo_zh() -> Draft:
    """The generated 30-second Chinese promo for 云朵咖啡."""
    return generated(f"生成一个30秒的宣传视频：{PROMO_ZH}")


STARTS: dict[str, Callable[[], Draft]] = {
    "empty": Draft,
    "bare": bare,
    "seed": lambda: Draft.parse(load_fixture("drafts/seed_three_tracks.json")),
    "promo": promo,
    "promo_zh": promo_zh,
    "promo_price": promo_price,
}


def start(name: str) -> Draft:
    """A fresh copy of a starting project."""
    return Draft.parse(STARTS[name]().dump())


# Reading a draft the way the table's expectations are written ----------------------------------------

def main_track(draft: Draft) -> Track | None:
    """The video track that holds the scenes."""
    videos = [t for t in draft.tracks if t.type == TrackType.VIDEO]
    return next((t for t in videos if t.segments), videos[0] if videos else None)


def role(track: Track, seg: Segment) -> str:
    """The kind of element a segment is: scene, bgm, title, cta, subtitle, caption, overlay."""
    if track.type == TrackType.VIDEO:
        return "scene"
    if track.type == TrackType.AUDIO:
        return "bgm" if kind_of(track) == "bgm" else "audio"
    if track.type == TrackType.TEXT:
        return seg.role or ("title" if kind_of(track, seg) == "title" else "overlay")
    return seg.role or "other"


def elements(draft: Draft) -> dict[str, list[Any]]:
    """Every element of a draft by its kind, in a form that compares ids and content."""
    found: dict[str, list[Any]] = {}
    meta = draft.meta.model_dump(mode="json", by_alias=True, exclude_none=True)
    found["canvas"] = [meta.pop("width", None), meta.pop("height", None), meta.pop("ratio", None)]
    found["title"] = [meta.pop("title", None)]
    found["other"] = [meta]
    found["length"] = [draft.duration_ms]
    for track in draft.tracks:
        track_info = {"id": track.id, "type": int(track.type), "name": track.name}
        if track.type in (TrackType.VIDEO, TrackType.AUDIO):
            found.setdefault("scene" if track.type == TrackType.VIDEO else "bgm", []).append(track_info)
        for seg in track.segments:
            found.setdefault(role(track, seg), []).append(seg.model_dump(mode="json", by_alias=True,
                                                                         exclude_none=True))
    return {kind: sorted(items, key=json.dumps) for kind, items in found.items()}


def changed_kinds(before: Draft, after: Draft) -> set[str]:
    """The kinds of element that differ between two drafts."""
    old, new = elements(before), elements(after)
    return {kind for kind in set(old) | set(new) if old.get(kind, []) != new.get(kind, [])}


def text_segments(draft: Draft) -> list[tuple[str, Segment]]:
    """Every text segment with its kind, in time order."""
    found = [(role(t, s), s) for t in draft.tracks if t.type == TrackType.TEXT for s in t.segments]
    return sorted(found, key=lambda pair: pair[1].start_ms)


def with_kind(draft: Draft, kind: str) -> list[Segment]:
    """The text segments of one kind."""
    return [seg for found, seg in text_segments(draft) if found == kind]


def near(ms: int, seconds: float) -> bool:
    """Milliseconds equal to seconds within the table's tolerance."""
    return abs(ms - seconds * 1000) <= TOLERANCE_MS


def upload_key(seg: Segment) -> str | None:
    """The catalogue key of the upload a segment shows, or None."""
    src = seg.source
    if src is None or src.kind != "media":
        return None
    return next((key for key, u in CATALOGUE.items() if src.media_id == u.media_id or src.url == u.url), None)


def bgm_segment(draft: Draft) -> Segment | None:
    """The music bed."""
    return next((s for t in draft.tracks if t.type == TrackType.AUDIO for s in t.segments
                 if role(t, s) == "bgm"), None)


def length_s(draft: Draft) -> float:
    """The video's length in seconds."""
    return (draft.duration_ms or draft.end_ms()) / 1000


# Checking one case -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """How one case went: the failed expectations, and whether they include a collateral change or charge."""

    case: dict[str, Any]
    failures: tuple[str, ...]
    collateral: bool
    reply: str

    @property
    def ok(self) -> bool:
        """Every expectation held."""
        return not self.failures


def check_value(key: str, want: Any, after: Draft) -> str | None:
    """The failure of one draft expectation, or None when it holds."""
    title = with_kind(after, "title")
    bgm = bgm_segment(after)
    texts = [seg.text or "" for _, seg in text_segments(after)]
    if key == "ratio":
        got = (after.meta.ratio, after.meta.width, after.meta.height)
        return None if got == (want, *CANVASES[want]) else f"ratio {got}"
    if key == "duration_s":
        return None if abs(length_s(after) - want) <= TOLERANCE_MS / 1000 else f"duration {length_s(after)}"
    if key == "title":
        return None if title and title[0].text == want else f"title {[s.text for s in title]}"
    if key in ("title_start_s", "title_end_s", "title_duration_s", "cta_duration_s"):
        segs = with_kind(after, "cta" if key.startswith("cta") else "title")
        if not segs:
            return f"{key}: none"
        seg = segs[0]
        value = {"title_start_s": seg.start_ms, "title_end_s": seg.end_ms}.get(key, seg.duration_ms)
        return None if near(value, want) else f"{key} {value / 1000}"
    if key == "element_span":
        segs = with_kind(after, want["target"])
        spans = [(s.start_ms / 1000, s.end_ms / 1000) for s in segs]
        hit = segs and near(segs[0].start_ms, want["start_s"]) and near(segs[0].end_ms, want["end_s"])
        return None if hit else f"{want['target']} spans {spans}"
    if key == "bgm_volume":
        got = round((bgm.volume if bgm.volume is not None else 1.0) * 100) if bgm else None
        return None if got == want else f"volume {got}"
    if key == "bgm_style":
        got = bgm.source.style if bgm and bgm.source else None
        return None if got == want else f"style {got}"
    if key == "bgm_source":
        got = upload_key(bgm) if bgm else None
        return None if got == want else f"music source {got}"
    if key in ("scene_sources", "scene_count"):
        track = main_track(after)
        segs = sorted(track.segments, key=lambda s: s.start_ms) if track else []
        got = [upload_key(s) for s in segs] if key == "scene_sources" else len(segs)
        return None if got == want else f"{key} {got}"
    if key in ("text_color", "text_position"):
        segs = with_kind(after, want["target"])
        field = "color" if key == "text_color" else "pos"
        got = [getattr(s.style, "color" if field == "color" else "position", None) if s.style else None
               for s in segs]
        hit = segs and all(str(g).lower() == str(want[field]).lower() for g in got)
        return None if hit else f"{want['target']} {field} {got}"
    if key == "text_added":
        hits = [s for _, s in text_segments(after) if s.text == want["text"]
                and ("start_s" not in want or near(s.start_ms, want["start_s"]))
                and ("end_s" not in want or near(s.end_ms, want["end_s"]))]
        return None if hits else f"no text {want}"
    if key == "text_removed":
        return None if not any(want in t for t in texts) else f"still shows {want!r}"
    if key == "on_screen_contains":
        missing = [w for w in want if not any(w in t for t in texts)]
        return None if not missing else f"not on screen {missing}"
    if key == "on_screen_absent":
        shown = [w for w in want if any(w.lower() in t.lower() for t in texts)]
        return None if not shown else f"on screen {shown}"
    return f"unknown expectation {key}"


def run_case(case: dict[str, Any]) -> Result:
    """Send one case to the agent and check every expectation."""
    before = start(case["start"])
    uploads = [CATALOGUE[key] for key in case["uploads"]]
    reply: AgentReply = respond(case["text"], before, uploads, previous=None, language="en", prices=PRICES)
    expect = case["expect"]
    failures: list[str] = []
    collateral = False
    if expect["outcome"] in ("refuse", "question"):
        if reply.draft is not None or reply.price != 0:
            failures.append(f"changed the draft or charged {reply.price}")
            collateral = True
        if expect["outcome"] == "question" and not any(mark in reply.text for mark in "?？"):
            failures.append("did not ask which")
        return Result(case, tuple(failures), collateral, reply.text)
    if reply.draft is None:
        return Result(case, ("nothing changed",), False, reply.text)
    after = reply.draft
    wanted_price = PRICES.generate if case["start"] == "empty" else PRICES.edit
    if reply.price != wanted_price:
        failures.append(f"charged {reply.price}, not {wanted_price}")
    if "touched" in expect:
        stray = changed_kinds(before, after) - set(expect["touched"])
        if stray:
            failures.append(f"changed {sorted(stray)} (allowed {expect['touched']})")
            collateral = True
    for key, want in expect.items():
        if key not in ("outcome", "touched"):
            failure = check_value(key, want, after)
            if failure:
                failures.append(failure)
    return Result(case, tuple(failures), collateral, reply.text)


def cases(table: str) -> Iterator[dict[str, Any]]:
    """The cases of one table."""
    path = Path(FIXTURES) / "agent" / f"requests-{table}.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        yield json.loads(line)


def measure(table: str) -> list[Result]:
    """Every case of a table, run."""
    return [run_case(case) for case in cases(table)]


def accuracy(results: list[Result]) -> float:
    """The share of cases that passed."""
    return sum(r.ok for r in results) / len(results)


def report(results: dict[str, list[Result]], listed: tuple[str, ...] = TABLES) -> str:
    """Accuracies, then every failing case of the `listed` tables with what went wrong and what the agent said."""
    lines = [f"{table}: {accuracy(found):.1%} ({sum(r.ok for r in found)}/{len(found)}), "
             f"{sum(r.collateral for r in found)} collateral changes or charged refusals"
             for table, found in results.items()]
    for table, found in results.items():
        if table not in listed:
            continue
        for result in found:
            if not result.ok:
                mark = "COLLATERAL " if result.collateral else ""
                lines.append(f"  {table} {result.case['id']} {mark}{result.case['text']!r}: "
                             f"{'; '.join(result.failures)} | said {result.reply!r}")
    return "\n".join(lines)


def test_the_request_tables_are_understood_and_nothing_else_changes() -> None:
    results = {table: measure(table) for table in TABLES}
    low = [t for t in TABLES if accuracy(results[t]) < THRESHOLDS[t]]
    stray = [r for found in results.values() for r in found if r.collateral]
    assert not low and not stray, report(results)


if __name__ == "__main__":
    # Accuracies of both tables; the failing cases only of the tables named (e.g. `dev`), none by default.
    print(report({table: measure(table) for table in TABLES}, tuple(sys.argv[1:])))
