"""The preview through the real local backend and renderer: a small MP4 and its contact sheet, free."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemovideo.local.probe import probe_media
from nemovideo.local.store.db import Database
from nemovideo.local.store.renders import Renders
from nemovideo.runtime import open_runtime

pytestmark = pytest.mark.slow


async def test_a_preview_is_a_small_quick_render_with_its_contact_sheet(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data"), "NEMO_RENDER_CACHE": str(tmp_path / "c")}
    async with open_runtime(env, local=True, downloads=tmp_path / "videos") as runtime:
        conversation = runtime.conversation
        await conversation.new_project("en")
        made = await conversation.handle("generate a 3-second video about a coffee shop opening")
        assert made.status == "completed", made.text
        before = (await conversation.credits()).credits
        preview = await conversation.preview(wait=120)
        after = (await conversation.credits()).credits
    assert preview.status == "completed" and preview.action == "preview", preview.text
    info = probe_media(Path(preview.video_path or ""))
    assert info is not None and (info.width, info.height) == (854, 480), "480p, not the export's 1080p"
    assert preview.contact_sheet_path and Path(preview.contact_sheet_path).stat().st_size < 700_000
    assert preview.contact_sheet_path in preview.text
    assert before is not None and after is not None and after.available == before.available, "a preview is free"


def test_a_render_remembers_the_characters_it_left_out(tmp_path: Path) -> None:
    from nemovideo.draft import Draft

    db = Database(tmp_path / "db.sqlite3")
    db.migrate()
    with db.write() as conn:
        conn.execute("INSERT INTO users (id, created_at) VALUES ('u', 0)")
        conn.execute("INSERT INTO sessions (id, task_id, user_id, task_name, language, created_at)"
                     " VALUES ('s', 't', 'u', 'n', 'en', 0)")
    renders = Renders(db, lambda: 1.0)
    draft = Draft.parse({"t": [{"tt": 7, "sg": [{"d": 1000, "txt": "Hi \ue000"}]}]})
    renders.submit("render_1", "u", "s", draft, {"format": "mp4", "preview": True})
    claimed = renders.claim_next()
    assert claimed is not None and claimed.preview
    renders.finish(claimed.key, video="v.mp4", dropped="\ue000")
    assert renders.get("render_1", "u").wire()["droppedCharacters"] == "\ue000"
