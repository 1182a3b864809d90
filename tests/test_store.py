"""The on-disk store: atomic, private, and forgiving of corrupt files."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nemovideo.store import Credentials, JobRecord, SessionRecord, Store

API = "https://api.example"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_client_id_is_created_once_and_kept_as_a_plain_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = store.client_id()
    assert (tmp_path / "client_id").read_text().strip() == first
    assert Store(tmp_path).client_id() == first
    assert store.client_id(override="from-env-123") == "from-env-123"


def test_client_id_written_by_the_public_skill_is_reused(tmp_path: Path) -> None:
    (tmp_path / "client_id").write_text("3f2504e0-4f89-11d3-9a0c-0305e82c3301\n")
    assert Store(tmp_path).client_id() == "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def test_token_file_is_mode_0600_and_round_trips(tmp_path: Path) -> None:
    store = Store(tmp_path)
    expiry = datetime(2026, 12, 6, tzinfo=UTC)
    store.save_credentials(API, Credentials(token="nmv_usr_x", user_id="anon_1", expires_at=expiry))
    assert mode(tmp_path / "credentials.json") == 0o600
    assert mode(tmp_path) == 0o700
    creds = store.credentials(API)
    assert creds is not None and creds.token == "nmv_usr_x" and creds.anonymous
    assert creds.expired(expiry + timedelta(seconds=1)) and not creds.expired(expiry - timedelta(days=1))
    assert store.credentials("https://other.example") is None


def test_logout_forgets_only_that_backend(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_credentials(API, Credentials(token="a", anonymous=False))
    store.save_credentials("local", Credentials(token="b"))
    assert store.forget_credentials(API)
    assert store.credentials(API) is None and store.credentials("local") is not None
    assert not store.forget_credentials(API)


def test_sessions_and_jobs_persist(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_session(API, SessionRecord(session_id="42", task_id="task_1", language="zh"))
    store.save_job(JobRecord(id="render_1", kind="render", api_url=API, session_id="42"))
    store.save_job(JobRecord(id="render_2", kind="render", api_url=API, session_id="42", status="completed"))
    again = Store(tmp_path)
    record = again.session(API)
    assert record is not None and record.language == "zh"
    assert [j.id for j in again.jobs(unfinished_only=True)] == ["render_1"]
    assert {j.id for j in again.jobs()} == {"render_1", "render_2"}
    assert mode(tmp_path / "jobs.json") == 0o600


def test_corrupt_file_is_moved_aside_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "credentials.json").write_text("{not json")
    store = Store(tmp_path)
    with caplog.at_level(logging.WARNING):
        assert store.credentials(API) is None
    assert "moved it aside" in caplog.text
    assert list(tmp_path.glob("credentials.json.corrupt-*"))
    store.save_credentials(API, Credentials(token="fresh"))
    creds = store.credentials(API)
    assert creds is not None and creds.token == "fresh"


def test_wrong_shape_and_garbage_client_id_do_not_crash(tmp_path: Path) -> None:
    (tmp_path / "sessions.json").write_text("[1, 2, 3]")
    (tmp_path / "client_id").write_text("\x00\x01 not an id")
    store = Store(tmp_path)
    assert store.session(API) is None
    assert len(store.client_id()) == 36
    (tmp_path / "jobs.json").write_text('{"x": {"id": 5}}')
    assert store.jobs() == []


def test_writes_are_atomic_no_temp_files_left(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for i in range(5):
        store.save_session(API, SessionRecord(session_id=str(i)))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".lock")) == ["sessions.json"]
