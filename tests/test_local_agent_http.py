"""The editing agent through the local backend's HTTP API (127.0.0.1, a free port), with real prices.

One test per problem issue 15 found as a new user ("Why"), and the collateral test: every refusal and
question of the request tables changes nothing and costs nothing.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from nemovideo.draft import Draft
from nemovideo.local.config import LocalConfig
from nemovideo.local.probe import MediaInfo
from nemovideo.local.web.server import run_embedded
from test_local_agent_requests import CATALOGUE, PROMO, cases, start
from test_local_fakes import chat_body, login, make_deps, new_session, sse_data

PRICE_GENERATE, PRICE_EDIT = 10, 2
CREDITS = 10_000


def probe_catalogue(path: Path) -> MediaInfo | None:
    """Each uploaded file holds the catalogue key of the upload it stands for; it probes as that upload."""
    upload = CATALOGUE[path.read_text()]
    video = None if upload.kind == "audio" else "h264"
    audio = "aac" if upload.kind != "image" else None
    return MediaInfo(upload.duration_ms or 1, upload.width, upload.height, 30.0, video, audio)


@dataclass
class Project:
    """One session on a running local backend, seen as a user sees it: chat, state, uploads, credits."""

    client: httpx2.AsyncClient
    headers: dict[str, str]
    session_id: str
    backend: Any  # the running Backend, only to lay down a starting draft and to read the ledger

    async def say(self, text: str) -> str:
        """Send a chat message; the agent's words."""
        response = await self.client.post("/run_sse", headers=self.headers | {"Accept": "text/event-stream"},
                                          json=chat_body(self.session_id, text))
        assert response.status_code == 200, response.text
        events = [json.loads(data) for data in sse_data(response.text) if data]
        return " ".join(part.get("text", "") for e in events for part in e.get("content", {}).get("parts", []))

    async def state(self) -> tuple[int, str]:
        """The draft's revision and its JSON as the API serves it."""
        response = await self.client.get(f"/api/state/nemo_agent/me/{self.session_id}/latest", headers=self.headers)
        state = response.json()["data"]["state"]
        return int(state["draft_rev"]), json.dumps(state["draft"], ensure_ascii=False)

    async def draft(self) -> Draft:
        """The current draft."""
        return Draft.parse(json.loads((await self.state())[1]))

    async def upload(self, *keys: str) -> None:
        """Upload catalogue files (surf.mp4, logo.png, ...) into the session."""
        files = [("files", (CATALOGUE[key].filename, key.encode(), "application/octet-stream")) for key in keys]
        response = await self.client.post(f"/api/upload-video/nemo_agent/me/{self.session_id}",
                                          headers=self.headers, files=files)
        assert response.status_code == 200, response.text

    async def available(self) -> int:
        """Credits available."""
        response = await self.client.get("/api/credits/balance/simple", headers=self.headers)
        return int(response.json()["data"]["available"])

    def start_from(self, draft: Draft) -> None:
        """Lay down a starting project as the session's next revision."""
        with self.backend.db.write() as conn:
            self.backend.sessions.add_revision_in(conn, self.session_id, draft, "start", None)

    def ledger(self) -> list[tuple[str, int, int]]:
        """Every ledger line: kind, change of available credits, change of frozen credits."""
        with self.backend.db.read() as conn:
            rows = conn.execute("SELECT kind, d_available, d_frozen FROM ledger ORDER BY rowid").fetchall()
        return [(row["kind"], row["d_available"], row["d_frozen"]) for row in rows]


@dataclass
class Server:
    """A running local backend and a logged-in user of it."""

    client: httpx2.AsyncClient
    headers: dict[str, str]
    backend: Any

    async def project(self, language: str = "en") -> Project:
        """A new, empty project."""
        return Project(self.client, self.headers, await new_session(self.client, self.headers, language),
                       self.backend)


@contextlib.asynccontextmanager
async def served(tmp_path: Path) -> AsyncIterator[Server]:
    """The local backend with the real editing agent and non-zero prices, on a free loopback port."""
    config = LocalConfig(tmp_path, price_generate=PRICE_GENERATE, price_edit=PRICE_EDIT, starting_credits=CREDITS)
    # The real wall clock: uploads are listed by the time they arrived (a fake, frozen one would tie them).
    deps = make_deps(agent=None, probe=probe_catalogue, wall=time.time)
    with run_embedded(config=config, deps=deps) as embedded:
        async with httpx2.AsyncClient(base_url=embedded.url) as client:
            yield Server(client, await login(client), embedded.server.config.app.state.backend)


async def promo(server: Server, language: str = "en") -> Project:
    """A project holding the generated Brewtopia promo (title, four scenes, call to action, lo-fi music)."""
    project = await server.project(language)
    await project.say(f"generate a 30-second promotional video from my product description: {PROMO}")
    return project


def texts(draft: Draft, role: str) -> list[str]:
    """The words of the texts with a role."""
    return [seg.text or "" for t in draft.tracks for seg in t.segments if seg.role == role]


def span(draft: Draft, role: str) -> tuple[float, float]:
    """Start and end, in seconds, of the first text with a role."""
    seg = next(seg for t in draft.tracks for seg in t.segments if seg.role == role)
    return seg.start_ms / 1000, seg.end_ms / 1000


def music_volume(draft: Draft) -> int:
    """The music bed's volume in percent."""
    seg = next(seg for t in draft.tracks for seg in t.segments if seg.role == "bgm")
    return round((seg.volume or 0) * 100)


def scene_files(draft: Draft) -> list[str | None]:
    """The uploaded file each scene shows, in order (None for a generated scene)."""
    video = next(t for t in draft.tracks if t.type == 0 and t.segments)
    return [seg.name if seg.source and seg.source.kind == "media" else None for seg in video.segments]


async def test_a_title_said_in_the_request_names_the_video_and_ratio_words_set_the_canvas(tmp_path: Path) -> None:
    async with served(tmp_path) as server:
        called = await server.project()
        await called.upload("clip", "clip2")
        await called.say("make a video from these clips called 'Summer Vibes'")
        named = await server.project("zh-CN")
        await named.upload("photo", "portrait")
        await named.say("用这两张照片做个视频，标题叫“夏日时光”")
        vertical = await server.project("zh-CN")
        await vertical.say("生成一个15秒的竖屏视频，关于森林徒步")
        reel = await server.project()
        await reel.upload("clip", "photo")
        spent = await reel.available()
        await reel.say("make a reel from these")
        reel_draft, reel_spent = await reel.draft(), spent - await reel.available()
        called_draft, named_draft, vertical_draft = await called.draft(), await named.draft(), await vertical.draft()
    assert texts(called_draft, "title") == ["Summer Vibes"] and scene_files(called_draft) == ["surf.mp4", "city.mov"]
    assert texts(named_draft, "title") == ["夏日时光"]
    assert vertical_draft.meta.ratio == "9:16" and texts(vertical_draft, "title") == ["森林徒步"]
    assert not any("竖屏" in words for role in ("title", "subtitle") for words in texts(vertical_draft, role))
    assert reel_draft.meta.ratio == "9:16" and scene_files(reel_draft) == ["surf.mp4", "beach.jpg"]
    assert reel_spent == PRICE_GENERATE, "a video made from the uploads is a generated video"


async def test_a_product_name_that_opens_the_description_is_the_title_and_on_screen(tmp_path: Path) -> None:
    async with served(tmp_path) as server:
        english = await server.project()
        await english.say("promo for Lumen Lamps: Lumen Lamps makes paper lamps by hand in Kyoto. Order one today!")
        chinese = await server.project("zh-CN")
        await chinese.say("山野茶舍是一家开在杭州的茶馆，主打龙井。帮我做个宣传视频")
        english_draft, chinese_draft = await english.draft(), await chinese.draft()
    assert texts(english_draft, "title") == ["Lumen Lamps"] and english_draft.meta.title == "Lumen Lamps"
    assert texts(chinese_draft, "title") == ["山野茶舍"]


async def test_a_font_it_cannot_render_or_a_typo_never_rewrites_another_element(tmp_path: Path) -> None:
    async with served(tmp_path) as server:
        project = await promo(server)
        await project.say('add text "Only $4.99" from 5s to 10s at the bottom')
        before_font, credits_before = await project.state(), await project.available()
        font_reply = await project.say("change the font to Comic Sans")
        after_font, credits_after = await project.state(), await project.available()
        await project.say("chnage the titel to Hello")
        typo = await project.draft()
    assert after_font == before_font and credits_after == credits_before
    assert "Noto Sans SC" in font_reply
    assert texts(typo, "title") == ["Hello"]
    assert texts(typo, "cta") == ["Visit brewtopia.com and order your first cup today!"]
    assert texts(typo, "overlay") == ["Only $4.99"]


@pytest.mark.parametrize(("request_words", "volume", "style"), [
    ("set music volume 60", 60, "lofi"),
    ("music to 45", 45, "lofi"),
    ("音乐音量调到百分之二十", 20, "lofi"),
    ("背景音乐换成舒缓的，音量调到百分之四十", 40, "calm"),
    ("switch to calm music, volume 25", 25, "calm"),
])
async def test_volumes_in_every_form_are_applied(tmp_path: Path, request_words: str, volume: int, style: str) -> None:
    async with served(tmp_path) as server:
        project = await promo(server)
        await project.say(request_words)
        draft = await project.draft()
    bed = next(seg for t in draft.tracks for seg in t.segments if seg.role == "bgm")
    assert music_volume(draft) == volume and bed.source is not None and bed.source.style == style


async def test_my_logo_the_logo_and_logo_png_name_the_upload(tmp_path: Path) -> None:
    async with served(tmp_path) as server:
        found = []
        for words in ("put my logo at the end", "use the logo as scene 2", "在开头加上logo.png"):
            project = await promo(server)
            await project.upload("clip", "logo")
            await project.say(words)
            found.append(scene_files(await project.draft()))
        asking = await promo(server)
        await asking.upload("photo", "portrait")
        spent = await asking.available()
        question = await asking.say("replace scene 1 with the picture")
        asked = (await asking.state())[0], spent - await asking.available()
    assert found == [[None, None, None, None, "logo.png"], [None, "logo.png", None, None],
                     ["logo.png", None, None, None, None]]
    assert "beach.jpg" in question and "me.jpg" in question and asked == (1, 0)


async def test_element_durations_are_not_moves_and_a_new_length_keeps_title_and_cta(tmp_path: Path) -> None:
    async with served(tmp_path) as server:
        lasting = await promo(server)
        await lasting.say("make the title last 5 seconds")
        shorter = await promo(server)
        await shorter.say("make it 20 seconds")
        lasting_draft, shorter_draft = await lasting.draft(), await shorter.draft()
    assert span(lasting_draft, "title") == (0, 5)
    assert shorter_draft.end_ms() == 20000
    assert span(shorter_draft, "title") == (0, 3) and span(shorter_draft, "cta") == (17, 20)


REFUSALS = [case for table in ("dev", "heldout") for case in cases(table)
            if case["expect"]["outcome"] in ("refuse", "question")]


async def test_every_refusal_and_question_of_the_tables_changes_nothing_and_costs_nothing(tmp_path: Path) -> None:
    changed = []
    async with served(tmp_path) as server:
        for case in REFUSALS:
            project = await server.project()
            if case["start"] != "empty":
                project.start_from(start(case["start"]))
            if case["uploads"]:
                await project.upload(*case["uploads"])
            before, credits, lines = await project.state(), await project.available(), len(project.ledger())
            await project.say(case["text"])
            after, spent = await project.state(), credits - await project.available()
            # A turn reserves its estimate and gives it back (two lines that cancel out); nothing else may appear.
            added = project.ledger()[lines:]
            moved = sum(available for _, available, _ in added), sum(frozen for _, _, frozen in added)
            charged = [kind for kind, _, _ in added if kind not in ("freeze", "release")]
            if after != before or spent or moved != (0, 0) or charged:
                changed.append(case["id"])
    assert len(REFUSALS) >= 60 and not changed
