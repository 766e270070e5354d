"""The ledger on its own: the run lock (live, dead, hung holders), stale units, PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from backfill_helpers import FakeArchive, inline_run, make_docs

from digitize.backfill.ledger import LOCK_TTL, BackfillLocked, Ledger, UnitState
from digitize.backfill.report import morning_report
from digitize.store.db import open_engine

pytestmark = pytest.mark.xdist_group("backfill-core")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 22, 0)

    def __call__(self) -> datetime:
        return self.now


def test_lock_excludes_a_live_run_and_is_released(db_url: str) -> None:
    engine = open_engine(db_url)
    first, second = Ledger(engine, "run-a"), Ledger(engine, "run-b")
    first.acquire_lock()
    with pytest.raises(BackfillLocked) as err:
        second.acquire_lock()
    assert err.value.exit_code == 5 and "run-a" in str(err.value)
    first.release_lock()
    second.acquire_lock()
    first.release_lock()  # not its lock any more: no effect
    with pytest.raises(BackfillLocked):
        first.acquire_lock()


def test_lock_of_a_hung_holder_expires_with_its_heartbeat(db_url: str) -> None:
    engine, clock = open_engine(db_url), Clock()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        hung = Ledger(engine, "hung", now=clock)
        hung.acquire_lock()
        from digitize.backfill.ledger import LOCK_NAME, LockRow
        from digitize.store.db import session_scope

        with session_scope(engine) as s:  # pretend the holder runs on another machine
            row = s.get(LockRow, LOCK_NAME)
            row.host, row.pid = "other-host", holder.pid
        late = Ledger(engine, "late", now=clock)
        clock.now += LOCK_TTL - timedelta(seconds=1)
        with pytest.raises(BackfillLocked):
            late.acquire_lock()
        hung.heartbeat()
        clock.now += LOCK_TTL - timedelta(seconds=1)
        with pytest.raises(BackfillLocked):  # the heartbeat kept it alive
            late.acquire_lock()
        clock.now += timedelta(seconds=2)
        late.acquire_lock()  # no heartbeat for longer than LOCK_TTL: taken over
    finally:
        holder.kill()
        holder.wait()


def test_units_left_running_by_a_dead_run_are_retried(tmp_path: Path, db_url: str,
                                                      fake_archive: FakeArchive) -> None:
    from digitize.backfill.run import hash_file

    docs = make_docs(tmp_path / "in", 3)
    inline_run(db_url, fake_archive, [tmp_path / "in"], limit=1)
    dead = Ledger(open_engine(db_url), "dead-run")
    dead.start_run(executor="local:1", sources="x")
    admitted = [p for p in docs if dead.admit(hash_file(p), p.name, 1) is None]
    assert len(admitted) == 2  # the third was filed by the first run
    dead.claim(hash_file(admitted[0]), "local:1")  # ...and the run was SIGKILLed here
    s = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (s.recovered, s.filed, s.skipped) == (1, 2, 1)
    report = morning_report(Ledger(open_engine(db_url), "report"))
    assert [r.outcome for r in report.runs][:2] == ["finished", "killed"]
    assert report.counts == {UnitState.DONE.value: 3}


def test_ledger_on_postgresql(tmp_path: Path, postgres_url: str,
                              fake_archive: FakeArchive) -> None:
    from sqlalchemy import text

    engine = open_engine(postgres_url)
    with engine.begin() as c:  # the session server is shared by this worker's tests
        for table in ("backfill_units", "backfill_runs", "backfill_lock", "backfill_paths"):
            c.execute(text(f"drop table if exists {table}"))
    make_docs(tmp_path / "in", 3)
    stop_after_one = inline_run(postgres_url, fake_archive, [tmp_path / "in"], limit=1)
    assert stop_after_one.filed == 1
    rest = inline_run(postgres_url, fake_archive, [tmp_path / "in"])
    assert (rest.filed, rest.skipped) == (2, 1)
    ledger = Ledger(engine, "pg")
    ledger.acquire_lock()
    sha = next(iter(ledger.units())).sha256
    ledger.claim(sha, "x")
    ledger.release(sha)  # clean stop on PostgreSQL (greatest())
    assert ledger.counts() == {"done": 2, "pending": 1}
    ledger.release_lock()
