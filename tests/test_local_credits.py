"""The credit ledger: freeze, settle, release; exact and never negative when several processes spend at once."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from nemovideo.errors import OutOfCredits
from nemovideo.local.config import LocalConfig
from nemovideo.local.store.credits import Balance, HoldClosed, Ledger
from nemovideo.local.store.db import Database
from test_local_fakes import api, login, make_deps, token

PROCESSES = 4
ATTEMPTS = 15


def ledger_with_user(path: Path, credits: int = 100) -> Ledger:
    """A migrated database with one user holding some credits."""
    db = Database(path)
    db.migrate()
    with db.write() as conn:
        conn.execute("INSERT INTO users (id, client_id, created_at) VALUES ('anon_1', 'c', 0)")
        Ledger(db, time.time).open_account_in(conn, "anon_1", credits)
    return Ledger(db, time.time)


def settle(ledger: Ledger, hold_id: str, price: int) -> None:
    """Charge the real price for a hold in its own transaction (a chat turn does it with its revision)."""
    with ledger.db.write() as conn:
        ledger.settle_in(conn, hold_id, price)


def audit(ledger: Ledger, user_id: str) -> tuple[Balance, Balance]:
    """The stored balance and the balance recomputed from the ledger (they must be equal)."""
    with ledger.db.read() as conn:
        sums = conn.execute(
            "SELECT COALESCE(SUM(d_available), 0) AS a, COALESCE(SUM(d_frozen), 0) AS f FROM ledger"
            " WHERE user_id = ?",
            (user_id,),
        ).fetchone()
    return ledger.balance(user_id), Balance(int(sums["a"]), int(sums["f"]))


def test_freeze_then_settle_charges_the_real_price_and_returns_the_rest(tmp_path: Path) -> None:
    ledger = ledger_with_user(tmp_path / "db.sqlite3")
    hold = ledger.freeze("anon_1", 10, "generate")
    assert ledger.balance("anon_1") == Balance(available=90, frozen=10)
    settle(ledger, hold, 7)
    assert ledger.balance("anon_1") == Balance(available=93, frozen=0)
    stored, replayed = audit(ledger, "anon_1")
    assert stored == replayed


def test_release_gives_everything_back_and_a_hold_closes_once(tmp_path: Path) -> None:
    ledger = ledger_with_user(tmp_path / "db.sqlite3")
    hold = ledger.freeze("anon_1", 30, "edit")
    ledger.release(hold)
    assert ledger.balance("anon_1") == Balance(100, 0)
    with pytest.raises(HoldClosed):
        settle(ledger, hold, 30)
    assert ledger.balance("anon_1").total == 100


def test_freezing_more_than_available_is_2001_and_changes_nothing(tmp_path: Path) -> None:
    ledger = ledger_with_user(tmp_path / "db.sqlite3", credits=5)
    with pytest.raises(OutOfCredits) as caught:
        ledger.freeze("anon_1", 6, "generate")
    assert caught.value.code == 2001 and "needs 6" in caught.value.message and "5 are available" in caught.value.message
    assert ledger.balance("anon_1") == Balance(5, 0)


def test_settling_above_the_hold_takes_the_rest_only_if_it_is_there(tmp_path: Path) -> None:
    ledger = ledger_with_user(tmp_path / "db.sqlite3", credits=12)
    hold = ledger.freeze("anon_1", 2, "edit")
    settle(ledger, hold, 10)
    assert ledger.balance("anon_1") == Balance(2, 0)
    hold = ledger.freeze("anon_1", 2, "edit")
    with pytest.raises(OutOfCredits):
        settle(ledger, hold, 10)
    assert ledger.balance("anon_1") == Balance(0, 2)  # the failed settle rolled back: the hold is still open
    ledger.release(hold)
    assert ledger.balance("anon_1") == Balance(2, 0)


def test_stale_holds_of_a_dead_process_are_released(tmp_path: Path) -> None:
    ledger = ledger_with_user(tmp_path / "db.sqlite3")
    ledger.freeze("anon_1", 10, "turn that never ended")
    later = Ledger(ledger.db, lambda: time.time() + 3600)
    assert later.release_stale(1200) == 1
    assert ledger.balance("anon_1") == Balance(100, 0)


def spend(db_path: str, barrier: Barrier, results: multiprocessing.Queue[tuple[int, int]]) -> None:
    """One competing process: freeze 5, settle 3, as often as it can."""
    ledger = Ledger(Database(Path(db_path), busy_timeout_s=60), time.time)
    barrier.wait()
    charged = refused = 0
    for _ in range(ATTEMPTS):
        try:
            hold = ledger.freeze("anon_1", 5, "race")
        except OutOfCredits:
            refused += 1
            continue
        settle(ledger, hold, 3)
        charged += 1
    results.put((charged, refused))


def test_processes_spending_at_once_keep_the_ledger_exact_and_never_negative(tmp_path: Path) -> None:
    db_path = tmp_path / "db.sqlite3"
    ledger = ledger_with_user(db_path)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results: multiprocessing.Queue[tuple[int, int]] = context.Queue()
    workers = [context.Process(target=spend, args=(str(db_path), barrier, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    charged = sum(charged for charged, _ in outcomes)
    assert sum(refused for _, refused in outcomes) == PROCESSES * ATTEMPTS - charged
    balance = ledger.balance("anon_1")
    assert balance == Balance(available=100 - 3 * charged, frozen=0)
    assert 0 <= balance.available < 5  # everyone kept trying until fewer than 5 were left
    stored, replayed = audit(ledger, "anon_1")
    assert stored == replayed
    with ledger.db.read() as conn:
        kinds = dict(conn.execute("SELECT kind, COUNT(*) FROM ledger GROUP BY kind").fetchall())
    assert kinds == {"grant": 1, "freeze": charged, "settle": charged}


FREEZE_AND_DIE = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from nemovideo.local.store.credits import Ledger\n"
    "from nemovideo.local.store.db import Database\n"
    "Ledger(Database(Path(sys.argv[1])), time.time).freeze(sys.argv[2], 10, 'chat in a turn that was killed')\n"
)


async def test_credits_frozen_by_a_process_that_died_are_released_at_the_next_start(tmp_path: Path) -> None:
    async with api(LocalConfig(tmp_path), make_deps(wall=time.time)) as (client, backend):
        headers = await login(client)
        user = (await token(client))["user_id"]
        backend.ledger.freeze(user, 5, "a turn of this live process")
    subprocess.run([sys.executable, "-c", FREEZE_AND_DIE, str(tmp_path / "nemovideo.sqlite3"), user], check=True)
    async with api(LocalConfig(tmp_path), make_deps(wall=time.time)) as (client, backend):
        balance = (await client.get("/api/credits/balance/simple", headers=headers)).json()["data"]
        stored, replayed = audit(backend.ledger, user)
    # The dead process's 10 are back at once (not 20 minutes later); this live process's 5 stay frozen.
    assert balance == {"available": 95, "frozen": 5, "total": 100}
    assert stored == replayed
