"""A data folder written by an earlier nemovideo opens unchanged: its users, tokens, sessions, credits and jobs.

`tests/data/datadir-6727f90/` was written by nemovideo at commit 6727f90 (before the local backend was split into
layers) with `nemovideo --local chat "generate a 15-second video about a coffee shop opening"`, a title edit and an
export. The client's store files and the token key are kept as written; the SQLite file is kept as its `iterdump()`,
whose CREATE statements are the schema of that version word for word.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from nemovideo.local.config import LocalConfig
from nemovideo.store import Store
from test_local_fakes import Wall, api, chat_body, make_deps

WRITTEN = Path(__file__).resolve().parent / "data" / "datadir-6727f90"
WRITTEN_AT = 1796029500.0  # a few seconds after the export, while the stored token was valid
USER = "anon_fc6905eb6ad29f4d"
SESSION = "1796029487019341638"
RENDER = "render_1796029493918"


def old_data_dir(tmp_path: Path) -> Path:
    """A copy of the old data folder, with its SQLite file rebuilt from the dump."""
    root = tmp_path / "data"
    shutil.copytree(WRITTEN, root)
    dump = root / "local" / "nemovideo.sql"
    with sqlite3.connect(root / "local" / "nemovideo.sqlite3") as conn:
        conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()
    dump.unlink()
    return root


def test_the_clients_store_reads_its_client_id_token_session_and_jobs(tmp_path: Path) -> None:
    store = Store(old_data_dir(tmp_path))
    credentials = store.credentials("local")
    session = store.session("local")
    assert store.client_id() == "2e60f639-0ef1-4452-9019-c3c58f28d869"
    assert credentials is not None and credentials.user_id == USER and credentials.token.startswith("nmv_usr_")
    assert session is not None and (session.session_id, session.task_id) == (SESSION, "task_0056ef6d6468")
    assert {job.kind for job in store.jobs()} == {"chat", "render"}


async def test_the_backend_knows_the_old_user_token_session_credits_and_render(tmp_path: Path) -> None:
    root = old_data_dir(tmp_path)
    store = Store(root)
    credentials = store.credentials("local")
    assert credentials is not None
    headers = {"Authorization": f"Bearer {credentials.token}"}
    async with api(LocalConfig(root / "local"), make_deps(wall=Wall(WRITTEN_AT))) as (client, backend):
        issued = await client.post("/api/auth/anonymous-token", headers={"X-Client-Id": store.client_id()})
        balance = await client.get("/api/credits/balance/simple", headers=headers)
        state = await client.get(f"/api/state/nemo_agent/me/{SESSION}/latest", headers=headers)
        render = await client.get(f"/api/render/proxy/lambda/{RENDER}", headers=headers)
        await client.post("/run_sse", headers=headers, json=chat_body(SESSION, "title Still here"))
        after = await client.get(f"/api/state/nemo_agent/me/{SESSION}/latest", headers=headers)
        version = backend.db.migrate()
    assert issued.json()["data"]["user_id"] == USER and issued.json()["data"]["token"] == credentials.token
    assert balance.json()["data"] == {"available": 88, "frozen": 0, "total": 88}
    old = state.json()["data"]["state"]
    assert old["draft_rev"] == 2 and [media["id"] for media in old["generated_media"]] == [RENDER]
    assert "Grand Opening" in str(old["draft"]) and old["canvas_config"]["ratio"] == "16:9"
    assert render.json()["data"]["status"] == "completed"
    assert after.json()["data"]["state"]["draft_rev"] == 3 and version == 3
