"""Renders over real HTTP: submit, poll, download, cancel, failures, and a restart that keeps everything."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from nemovideo.clock import FakeClock, SystemClock
from nemovideo.draft import Draft
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.db import Database
from nemovideo.local.store.renders import MAX_ATTEMPTS, Render, Renders
from nemovideo.local.usecases.backend import Dependencies
from nemovideo.local.web.server import run_embedded
from nemovideo.local.workers.pool import WorkerPool
from test_local_fakes import api, chat_body, login, make_deps, new_session, tiny_png

TESTS = Path(__file__).resolve().parent
DRAFT = {"t": [{"id": "x", "tt": 7, "sg": [{"id": "x1", "d": 1000, "role": "title", "txt": "Hi"}]}], "d": 1000}


@pytest.fixture(autouse=True)
def workers_import_the_fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes find the fake renderers of these tests."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))


def running() -> Dependencies:
    """Test dependencies with the worker pool on the real clock (it polls the queue)."""
    return make_deps(run_workers=True, clock=SystemClock())


def config(tmp_path: Path, renderer: str = "test_local_fakes:fake_render", workers: int = 1) -> LocalConfig:
    """A config whose renders run the given renderer."""
    return LocalConfig(tmp_path, renderer=renderer, render_workers=workers, queue_poll_s=0.05)


async def poll_until(client: httpx2.AsyncClient, headers: dict[str, str], render_id: str,
                     statuses: set[str]) -> dict[str, Any]:
    """Poll a render until it reaches one of the statuses (a worker process is doing real work meanwhile)."""
    with anyio.fail_after(60):
        while True:
            data: dict[str, Any] = (await client.get(f"/api/render/proxy/lambda/{render_id}", headers=headers)).json()
            if data["data"]["status"] in statuses:
                return data["data"]
            await anyio.sleep(0.05)


async def submit(client: httpx2.AsyncClient, headers: dict[str, str], session_id: str, render_id: str,
                 draft: dict[str, Any] | None = None) -> httpx2.Response:
    """Submit a render."""
    body = {"id": render_id, "sessionId": session_id, "draft": draft or DRAFT,
            "output": {"format": "mp4", "quality": "high"}}
    return await client.post("/api/render/proxy/lambda", headers=headers, json=body)


async def test_a_render_runs_in_a_worker_and_its_files_are_served(tmp_path: Path) -> None:
    with run_embedded(config=config(tmp_path), deps=running()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            uploaded = await client.post(f"/api/upload-video/nemo_agent/me/{session_id}", headers=headers,
                                         files=[("files", ("clip.mp4", tiny_png(), "video/mp4"))])
            url = uploaded.json()["data"]["files"][0]["cdn_url"]
            draft = {"t": [{"tt": 0, "sg": [{"id": "v1", "d": 2000, "src": {"kind": "media", "url": url}}]}]}
            submitted = await submit(client, headers, session_id, "render_1790001234567", draft)
            done = await poll_until(client, headers, "render_1790001234567", {"completed", "failed"})
            video = await client.get(done["outputUrl"], headers=headers)
            poster = await client.get(done["posterUrl"], headers=headers)
            without_token = await client.get(done["outputUrl"])
            state = await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)
    assert submitted.json() == {"success": True, "data": {
        "id": "render_1790001234567", "status": "pending", "progress": 0, "outputUrl": None, "posterUrl": None,
        "contactSheetUrl": None, "error": None}}
    assert done["status"] == "completed" and done["progress"] == 100 and done["error"] is None
    assert done["outputUrl"] == "/api/render/proxy/render_1790001234567/download"
    assert video.headers["content-type"] == "video/mp4"
    assert video.content == b"FAKEMP4 " + str(tmp_path.resolve() / "media" / url.rsplit("/", 1)[-1]).encode()
    assert poster.content == tiny_png()
    assert without_token.status_code == 401 and without_token.json()["success"] is False
    assert [m["id"] for m in state.json()["data"]["state"]["generated_media"]] == ["render_1790001234567"]
    outputs = [path for path in (tmp_path / "renders").rglob("*") if path.is_file()]
    assert len(outputs) == 3 and {stat.S_IMODE(path.stat().st_mode) for path in outputs} == {0o600}
    assert stat.S_IMODE((tmp_path / "renders").stat().st_mode) == 0o700


async def test_duplicate_ids_bad_drafts_and_missing_attribution_are_refused(tmp_path: Path) -> None:
    async with api(config(tmp_path)) as (client, _):
        headers = await login(client)
        session_id = await new_session(client, headers)
        first = await submit(client, headers, session_id, "render_1")
        duplicate = await submit(client, headers, session_id, "render_1")
        unattributed_headers = {k: v for k, v in headers.items() if k != "X-Skill-Version"}
        unattributed = await submit(client, unattributed_headers, session_id, "render_2")
        empty = await submit(client, headers, session_id, "render_3", {"t": [{"tt": 0, "sg": []}]})
        bad_id = await submit(client, headers, session_id, "../../etc")
        unknown = await client.get("/api/render/proxy/lambda/render_404", headers=headers)
    assert first.json()["success"] is True
    assert duplicate.status_code == 409
    assert duplicate.json() == {"success": False, "error": "render id already exists", "code": 409}
    assert unattributed.status_code == 402 and unattributed.json()["success"] is False
    assert "X-Skill-Version" in unattributed.json()["error"]
    assert empty.status_code == 400 and "nothing to render" in empty.json()["error"]
    assert bad_id.status_code == 400 and bad_id.json()["code"] == 4000
    assert unknown.status_code == 404
    assert unknown.json() == {"success": False, "error": "render not found", "code": 4005}


async def test_without_a_renderer_a_render_fails_honestly_and_leaves_no_file(tmp_path: Path) -> None:
    with run_embedded(config=config(tmp_path, renderer="nemovideo.local.no_such_renderer:render_draft"),
                      deps=running()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            await submit(client, headers, session_id, "render_none")
            done = await poll_until(client, headers, "render_none", {"completed", "failed"})
            download = await client.get("/api/render/proxy/render_none/download", headers=headers)
    assert (done["status"], done["error"], done["outputUrl"]) == ("failed", "renderer not available", None)
    assert download.status_code == 404
    assert list((tmp_path / "renders").rglob("*.mp4")) == []


async def test_a_running_render_can_be_cancelled(tmp_path: Path) -> None:
    with run_embedded(config=config(tmp_path, renderer="test_local_fakes:slow_render"),
                      deps=running()) as backend:
        async with httpx2.AsyncClient(base_url=backend.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            await submit(client, headers, session_id, "render_slow")
            started = await poll_until(client, headers, "render_slow", {"processing"})
            cancelled = await client.delete("/api/render/proxy/lambda/render_slow", headers=headers)
            done = await poll_until(client, headers, "render_slow", {"completed", "failed"})
    assert started["status"] == "processing" and cancelled.json()["success"] is True
    assert (done["status"], done["error"]) == ("failed", "render cancelled")


async def test_a_restart_keeps_sessions_drafts_tokens_and_renders(tmp_path: Path) -> None:
    with run_embedded(config=config(tmp_path, workers=0), deps=running()) as first:
        async with httpx2.AsyncClient(base_url=first.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            await client.post("/run_sse", headers=headers, json=chat_body(session_id, "title Before restart"))
            before = (await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)).json()
            await submit(client, headers, session_id, "render_queued")
            queued = await poll_until(client, headers, "render_queued", {"pending"})
    with run_embedded(config=config(tmp_path), deps=running()) as second:
        async with httpx2.AsyncClient(base_url=second.url) as client:
            after = (await client.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=headers)).json()
            done = await poll_until(client, headers, "render_queued", {"completed", "failed"})
    assert queued["status"] == "pending"
    assert after == before and after["data"]["state"]["draft_rev"] == 1
    assert done["status"] == "completed"


def dead_pid() -> int:
    """The id of a process that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def seeded_store(tmp_path: Path) -> tuple[Renders, LocalConfig]:
    cfg = config(tmp_path)
    db = Database(cfg.db_path)
    db.migrate()
    with db.write() as conn:
        conn.execute("INSERT INTO users (id, client_id, created_at) VALUES ('anon_1', 'c', 0)")
        conn.execute("INSERT INTO sessions (id, task_id, user_id, task_name, language, created_at)"
                     " VALUES ('1', 't', 'anon_1', 'p', 'en', 0)")
    store = Renders(db, time.time)
    store.submit("render_x", "anon_1", "1", Draft.parse(DRAFT), {})
    return store, cfg


def render_x(store: Renders) -> Render:
    """The seeded render as stored now."""
    return store.get("render_x", "anon_1")


def test_a_render_whose_worker_died_is_queued_again_then_failed_after_three_attempts(tmp_path: Path) -> None:
    store, cfg = seeded_store(tmp_path)
    pool = WorkerPool(store, cfg, FakeClock())
    statuses = []
    for _ in range(MAX_ATTEMPTS):
        render = store.claim_next()
        assert render is not None
        store.set_worker(render.key, dead_pid())
        pool.recover()
        statuses.append(render_x(store).status)
    loaded = render_x(store)
    assert statuses == ["pending"] * (MAX_ATTEMPTS - 1) + ["failed"]
    assert loaded is not None and loaded.error == f"render worker stopped ({MAX_ATTEMPTS} attempts)"


async def test_a_render_interrupted_by_a_stop_runs_again_after_the_restart(tmp_path: Path) -> None:
    with run_embedded(config=config(tmp_path, renderer="test_local_fakes:slow_render"), deps=running()) as first:
        async with httpx2.AsyncClient(base_url=first.url) as client:
            headers = await login(client)
            session_id = await new_session(client, headers)
            await submit(client, headers, session_id, "render_interrupted")
            await poll_until(client, headers, "render_interrupted", {"processing"})
    with run_embedded(config=config(tmp_path), deps=running()) as second:
        async with httpx2.AsyncClient(base_url=second.url) as client:
            done = await poll_until(client, headers, "render_interrupted", {"completed", "failed"})
    assert done["status"] == "completed"


def test_stopping_a_backend_gives_the_render_its_attempt_back(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path)
    for _ in range(MAX_ATTEMPTS + 2):  # many short-lived CLI processes, each stopping on exit
        assert store.claim_next() is not None
        store.requeue(render_x(store).key, "render worker stopped", count_attempt=False)
    loaded = render_x(store)
    assert loaded is not None and loaded.status == "pending" and loaded.attempts == 0


def test_a_render_just_claimed_by_another_live_backend_is_left_alone(tmp_path: Path) -> None:
    store, cfg = seeded_store(tmp_path)
    claimed = store.claim_next()  # before the claiming process has started its worker
    assert claimed is not None and claimed.worker_pid == os.getpid()
    WorkerPool(store, cfg, FakeClock()).recover()  # another backend starting meanwhile
    loaded = render_x(store)
    assert loaded is not None and loaded.status == "processing"


async def test_render_ids_belong_to_their_user(tmp_path: Path) -> None:
    async with api(config(tmp_path)) as (client, _):
        alice = await login(client, "alice")
        bob = await login(client, "bob")
        alice_session = await new_session(client, alice)
        bob_session = await new_session(client, bob)
        first = await submit(client, alice, alice_session, "render_1")
        same_id = await submit(client, bob, bob_session, "render_1")  # was 409: it told bob that alice had one
        again = await submit(client, bob, bob_session, "render_1")
        cancelled = await client.delete("/api/render/proxy/lambda/render_1", headers=bob)
        alices = await client.get("/api/render/proxy/lambda/render_1", headers=alice)
    assert (first.status_code, same_id.status_code, again.status_code) == (200, 200, 409)
    assert cancelled.json()["data"]["status"] == "failed"
    assert alices.json()["data"]["status"] == "pending"
