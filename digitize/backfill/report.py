"""The morning report: what the last runs did, and which documents failed and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digitize.backfill.ledger import LOCK_NAME, Ledger, LockRow, RunInfo, UnitInfo
from digitize.config import ArchiveConfig
from digitize.store.db import database_url, open_engine, session_scope

__all__ = ["Report", "morning_report", "open_ledger"]


@dataclass(frozen=True)
class Report:
    """Last runs (newest first), their failures, and how many units are in each state."""

    runs: tuple[RunInfo, ...]
    failures: tuple[UnitInfo, ...]
    counts: dict[str, int]

    def to_json_lines(self) -> list[dict[str, Any]]:
        """One JSON object per run and per failure (`kind` says which), then the ledger counts."""
        lines: list[dict[str, Any]] = []
        for r in self.runs:
            lines.append({"kind": "run", "run_id": r.run_id, "started_at": _iso(r.started_at),
                          "finished_at": _iso(r.finished_at), "host": r.host,
                          "executor": r.executor, "outcome": r.outcome, "seen": r.seen,
                          "filed": r.filed, "needs_review": r.needs_review,
                          "skipped": r.skipped, "failed": r.failed, "pages": r.pages,
                          "seconds": round(r.seconds, 3)})
        for f in self.failures:
            lines.append({"kind": "failure", "path": f.path, "sha256": f.sha256,
                          "attempts": f.attempts, "error": f.error, "error_key": f.error_key,
                          "exit_code": f.exit_code, "run_id": f.run_id, "worker": f.worker,
                          "at": _iso(f.finished_at)})
        lines.append({"kind": "ledger", **{k: self.counts.get(k, 0) for k in
                      ("pending", "running", "done", "needs_review", "failed")}})
        return lines


def _iso(value: Any) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def open_ledger(config: ArchiveConfig, run_id: str) -> Ledger:
    """The ledger in the archive's index database (SQLite in the archive root by default)."""
    if not config.database:
        Path(config.root).mkdir(parents=True, exist_ok=True)
    return Ledger(open_engine(database_url(config)), run_id)


def morning_report(ledger: Ledger, runs: int = 5) -> Report:
    """The report of the last `runs` runs; a run still `running` without the lock was killed."""
    recent = ledger.recent_runs(runs)
    with session_scope(ledger.engine) as s:
        lock = s.get(LockRow, LOCK_NAME)
        holder = lock.run_id if lock is not None else None
    recent = [replace(r, outcome="killed") if r.outcome == "running" and r.run_id != holder
              else r for r in recent]
    failures = ledger.failures([r.run_id for r in recent])
    return Report(tuple(recent), tuple(failures), ledger.counts())
