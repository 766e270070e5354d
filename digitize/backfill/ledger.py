"""The backfill ledger: durable state of every unit of work, in the archive's index database.

A unit is one document *content*, keyed by its SHA-256, so a file that was
renamed or copied is the same unit. Every transition is committed before
the next step depends on it (claim before dispatch, result before the next
claim), which is what makes a run killed at any moment resumable: the next
run holds the lock, so any unit still `running` was left by a dead run and
goes back to `pending` (a stale lease). Filing itself is idempotent in the
archive (same source content → same record), so a document that was filed
just before a kill is recognised, never filed twice.

The run lock is a row of this database (not an fcntl lock file) because a
cluster run's archive lives on shared storage where POSIX locks are only as
good as the NFS lock daemon, while the index (PostgreSQL at scale) is the
one thing every machine of the deployment already reaches. The row holds
host, pid, process start time and a heartbeat: it is taken over when its
holder is provably dead (same host, process gone) or its heartbeat is older
than `LOCK_TTL`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from digitize.backfill.tables import LockRow, PathRow, RunRow, UnitRow
from digitize.errors import EnvironmentProblem
from digitize.store.db import create_schema, session_scope

__all__ = [
    "UnitState",
    "Ledger",
    "BackfillLocked",
    "UnitRow",
    "RunRow",
    "LockRow",
    "RunInfo",
    "UnitInfo",
    "LOCK_TTL",
    "utcnow",
]

#: A lock whose heartbeat is older than this is stale (its holder hung or its machine died).
LOCK_TTL = timedelta(minutes=5)
LOCK_NAME = "backfill"


def utcnow() -> datetime:
    """Naive UTC (SQLite drops time zones; every timestamp of the ledger is UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


class UnitState(StrEnum):
    """Where a unit of work stands."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


class BackfillLocked(EnvironmentProblem):
    """Another backfill run holds the lock (exit 5: the archive is busy, nothing was done)."""

    key = "backfill.locked"


@dataclass(frozen=True)
class RunInfo:
    """A run as the morning report shows it."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None
    host: str
    executor: str
    outcome: str
    seen: int
    filed: int
    needs_review: int
    skipped: int
    failed: int
    pages: int
    seconds: float


@dataclass(frozen=True)
class UnitInfo:
    """A unit as the morning report shows it (no personal data: path, state, reason)."""

    sha256: str
    path: str
    state: str
    attempts: int
    error: str | None
    error_key: str | None
    exit_code: int | None
    run_id: str | None
    worker: str | None
    finished_at: datetime | None


def _process_started(pid: int) -> float | None:
    """Start time of process `pid`, None when it does not exist (psutil, to survive pid reuse)."""
    import psutil

    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


class Ledger:
    """Ledger operations of one run; each method is one short transaction."""

    def __init__(self, engine, run_id: str, *, now: Callable[[], datetime] = utcnow) -> None:  # type: ignore[no-untyped-def]
        self.engine = engine
        self.run_id = run_id
        self.now = now
        create_schema(engine)

    # --- the run lock -------------------------------------------------------------------------

    def acquire_lock(self) -> None:
        """Take the run lock or raise `BackfillLocked` naming the holder."""
        host, pid = socket.gethostname(), os.getpid()
        started = _process_started(pid) or 0.0
        now = self.now()
        mine = {"run_id": self.run_id, "host": host, "pid": pid, "pid_started": started,
                "acquired_at": now, "heartbeat_at": now}
        try:
            with session_scope(self.engine) as s:
                s.add(LockRow(name=LOCK_NAME, **mine))
            return
        except IntegrityError:
            pass
        with session_scope(self.engine) as s:
            held = s.get(LockRow, LOCK_NAME)
            if held is None:  # released in between: try once more from scratch
                s.add(LockRow(name=LOCK_NAME, **mine))
                return
            if not self._stale(held, host, now):
                raise BackfillLocked(run_id=held.run_id, host=held.host, pid=held.pid,
                                     since=held.acquired_at.strftime("%Y-%m-%d %H:%M:%S UTC"))
            taken = s.execute(
                update(LockRow)
                .where(LockRow.name == LOCK_NAME, LockRow.run_id == held.run_id)
                .values(**mine)
            ).rowcount  # type: ignore[attr-defined]
        if taken != 1:
            raise BackfillLocked(run_id="?", host="?", pid=0, since="?")

    @staticmethod
    def _stale(held: LockRow, host: str, now: datetime) -> bool:
        if held.host == host:
            started = _process_started(held.pid)
            if started is None or abs(started - held.pid_started) > 1.0:
                return True  # its process is gone (or the pid now belongs to another process)
        return now - held.heartbeat_at > LOCK_TTL

    def heartbeat(self) -> None:
        """Prove the lock holder is alive."""
        with session_scope(self.engine) as s:
            s.execute(update(LockRow).where(LockRow.name == LOCK_NAME,
                                            LockRow.run_id == self.run_id)
                      .values(heartbeat_at=self.now()))

    def release_lock(self) -> None:
        """Give the lock back (only ours)."""
        with session_scope(self.engine) as s:
            row = s.get(LockRow, LOCK_NAME)
            if row is not None and row.run_id == self.run_id:
                s.delete(row)

    # --- runs ----------------------------------------------------------------------------------

    def start_run(self, *, executor: str, sources: str) -> None:
        """Record the run as started."""
        with session_scope(self.engine) as s:
            s.add(RunRow(run_id=self.run_id, started_at=self.now(), host=socket.gethostname(),
                         pid=os.getpid(), executor=executor[:200], sources=sources))

    def finish_run(self, counts: dict[str, int | float], outcome: str) -> None:
        """Store the run's summary (also periodically, so a killed run shows its progress)."""
        with session_scope(self.engine) as s:
            row = s.get(RunRow, self.run_id)
            if row is None:
                return
            for key in ("seen", "filed", "needs_review", "skipped", "failed", "pages", "seconds"):
                setattr(row, key, counts.get(key, 0))
            row.outcome = outcome
            if outcome != "running":
                row.finished_at = self.now()

    def recover_stale(self) -> int:
        """Units left `running` by a dead run go back to `pending` (we hold the lock)."""
        with session_scope(self.engine) as s:
            return int(s.execute(
                update(UnitRow).where(UnitRow.state == UnitState.RUNNING.value)
                .values(state=UnitState.PENDING.value)
            ).rowcount or 0)  # type: ignore[attr-defined]

    # --- units ---------------------------------------------------------------------------------

    def known(self, path: str, size: int, mtime_ns: int) -> tuple[str | None, str | None]:
        """(content hash, unit state) of an unchanged `path`, in one read: the nightly fast path.

        (None, None) when the path is new or changed since its hash was cached.
        """
        q = (select(PathRow.sha256, UnitRow.state)
             .outerjoin(UnitRow, UnitRow.sha256 == PathRow.sha256)
             .where(PathRow.path == path, PathRow.size == size, PathRow.mtime_ns == mtime_ns))
        with self.engine.connect() as c:
            row = c.execute(q).first()
        return (row[0], row[1]) if row is not None else (None, None)

    def remember_sha(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        """Cache a freshly computed hash for `path`."""
        with session_scope(self.engine) as s:
            s.merge(PathRow(path=path, size=size, mtime_ns=mtime_ns, sha256=sha256))

    def admit(self, sha256: str, path: str, size: int, *, retry_failed: bool = False) -> str | None:
        """Register a unit; returns its state when it needs no work (done, needs_review, failed)."""
        with session_scope(self.engine) as s:
            row = s.get(UnitRow, sha256)
            if row is None:
                s.add(UnitRow(sha256=sha256, state=UnitState.PENDING.value, path=path, size=size,
                              attempts=0, first_seen=self.now(), run_id=self.run_id))
                return None
            if row.state in (UnitState.DONE.value, UnitState.NEEDS_REVIEW.value):
                return row.state
            if row.state == UnitState.FAILED.value and not retry_failed:
                return row.state
            if row.state == UnitState.FAILED.value:
                row.attempts = 0
            row.path = path
            return None

    def claim(self, sha256: str, worker: str) -> int:
        """Mark the unit running before it is dispatched; returns its attempt number."""
        with session_scope(self.engine) as s:
            row = s.get(UnitRow, sha256)
            assert row is not None
            row.state = UnitState.RUNNING.value
            row.attempts += 1
            row.run_id = self.run_id
            row.worker = worker[:200]
            row.started_at = self.now()
            return row.attempts

    def finish(self, sha256: str, state: UnitState, *, record_id: str | None = None,
               pages: int = 0, error: str | None = None, error_key: str | None = None,
               exit_code: int | None = None, worker: str | None = None,
               seconds: float | None = None) -> None:
        """Store a unit's outcome (`pending` again when it will be retried)."""
        with session_scope(self.engine) as s:
            row = s.get(UnitRow, sha256)
            assert row is not None
            row.state = state.value
            row.run_id = self.run_id
            row.record_id = record_id or row.record_id
            row.pages = pages or row.pages
            row.last_error = error
            row.error_key = error_key
            row.exit_code = exit_code
            if worker:
                row.worker = worker[:200]
            row.seconds = seconds
            row.finished_at = self.now()

    def release(self, sha256: str) -> None:
        """Give back a unit claimed but not finished (clean stop); the attempt is undone."""
        with session_scope(self.engine) as s:
            s.execute(update(UnitRow)
                      .where(UnitRow.sha256 == sha256, UnitRow.state == UnitState.RUNNING.value)
                      .values(state=UnitState.PENDING.value,
                              attempts=func.max(UnitRow.attempts - 1, 0)
                              if self.engine.dialect.name == "sqlite"
                              else func.greatest(UnitRow.attempts - 1, 0)))

    # --- the morning report --------------------------------------------------------------------

    def recent_runs(self, limit: int = 5) -> list[RunInfo]:
        """The last `limit` runs, newest first."""
        with session_scope(self.engine) as s:
            rows = s.scalars(select(RunRow).order_by(RunRow.started_at.desc()).limit(limit))
            return [RunInfo(r.run_id, r.started_at, r.finished_at, r.host, r.executor, r.outcome,
                            r.seen, r.filed, r.needs_review, r.skipped, r.failed, r.pages,
                            r.seconds) for r in rows]

    def failures(self, run_ids: list[str] | None = None, limit: int = 1000) -> list[UnitInfo]:
        """Failed units (of the given runs, or all), newest first."""
        with session_scope(self.engine) as s:
            q = select(UnitRow).where(UnitRow.state == UnitState.FAILED.value)
            if run_ids is not None:
                q = q.where(UnitRow.run_id.in_(run_ids))
            rows = s.scalars(q.order_by(UnitRow.finished_at.desc()).limit(limit))
            return [_unit_info(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many units are in each state."""
        with session_scope(self.engine) as s:
            rows = s.execute(select(UnitRow.state, func.count()).group_by(UnitRow.state))
            return {state: int(n) for state, n in rows}

    def units(self) -> Iterator[UnitInfo]:
        """Every unit (tests and exports); streamed."""
        with session_scope(self.engine) as s:
            for r in s.scalars(select(UnitRow).order_by(UnitRow.sha256)).yield_per(500):
                yield _unit_info(r)


def _unit_info(r: UnitRow) -> UnitInfo:
    return UnitInfo(r.sha256, r.path, r.state, r.attempts, r.last_error, r.error_key,
                    r.exit_code, r.run_id, r.worker, r.finished_at)
