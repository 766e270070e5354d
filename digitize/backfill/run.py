"""The backfill driver, one recipe: lock → recover → discover → admit → dispatch → record → report.

The driver is the only process that touches the ledger. For each candidate
it hashes the content (or reuses the cached hash of an unchanged path),
skips what the ledger or the archive already holds, claims the unit
(committed) and hands it to the executor; a bounded window of units is in
flight at a time and results are recorded as they arrive and then dropped.
A transient failure (worker lost, timeout, pipeline error) is retried with
exponential backoff up to `max_attempts`; an unreadable input fails at once.
SIGTERM (the `stop` event) stops dispatching, lets in-flight units finish
for `grace_seconds`, then releases the rest back to `pending`.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from digitize.backfill.executors import Completion, Executor
from digitize.backfill.ledger import Ledger, UnitState
from digitize.backfill.sources import Candidate, discover
from digitize.backfill.work import UnitTask
from digitize.errors import ExitCode, InputRejected, combine_exit_codes
from digitize.i18n import translate
from digitize.models import ScanStatus

__all__ = ["BackfillRequest", "Summary", "SourceLookup", "run_backfill", "new_run_id",
           "hash_file"]

log = logging.getLogger(__name__)


class SourceLookup(Protocol):
    """The archive's answer to 'do you already hold this content?' (`Archive.find_source`)."""

    def find_source(self, sha256: str) -> str | None: ...


@dataclass(frozen=True)
class BackfillRequest:
    """What to backfill and how (resolved from the CLI and `[backfill]`)."""

    sources: tuple[Path, ...] = ()
    manifests: tuple[Path, ...] = ()
    options: Any = None  # digitize.pipeline.ScanOptions
    since: datetime | None = None
    limit: int = 0  # 0 = no limit on documents dispatched
    timeout: float = 600.0
    max_attempts: int = 3
    backoff_seconds: float = 5.0
    grace_seconds: float = 30.0
    retry_failed: bool = False
    engine: Any = None
    filer: Any = None


@dataclass
class Summary:
    """The counts of one run; `to_json()` is the summary line of shared/spec/cli.md plus extras."""

    run_id: str
    seen: int = 0
    filed: int = 0
    needs_review: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    retried: int = 0
    recovered: int = 0
    seconds: float = 0.0
    stopped: bool = False
    limit_reached: bool = False
    peak_rss_kb: int = 0
    codes: set[ExitCode] = field(default_factory=set)

    @property
    def exit_code(self) -> ExitCode:
        """1 if any failed, else 4 if any unreadable, else 3 if any needs review, else 0 (spec)."""
        return combine_exit_codes(list(self.codes))

    def counts(self) -> dict[str, int | float]:
        return {"seen": self.seen, "filed": self.filed, "needs_review": self.needs_review,
                "skipped": self.skipped, "failed": self.failed, "pages": self.pages,
                "seconds": round(self.seconds, 3)}

    def to_json(self) -> dict[str, Any]:
        pages_per_minute = self.pages * 60.0 / self.seconds if self.seconds > 0 else 0.0
        return {**self.counts(), "retried": self.retried, "recovered": self.recovered,
                "stopped": self.stopped, "limit_reached": self.limit_reached,
                "pages_per_minute": round(pages_per_minute, 1),
                "peak_worker_rss_mib": round(self.peak_rss_kb / 1024, 1), "run_id": self.run_id}


def new_run_id() -> str:
    """A unique run id (time-ordered prefix for humans)."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]


def hash_file(path: Path) -> str:
    """SHA-256 of a file's content, streamed."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class _Active:
    cand: Candidate
    attempts: int
    in_flight: bool = True


class _Driver:
    def __init__(self, req: BackfillRequest, executor: Executor, ledger: Ledger,
                 lookup: SourceLookup, on_progress: Callable[[Summary], None] | None,
                 on_failure: Callable[[str, str], None] | None) -> None:
        self.req, self.executor, self.ledger, self.lookup = req, executor, ledger, lookup
        self.on_progress = on_progress or (lambda s: None)
        self.on_failure = on_failure or (lambda path, error: None)
        self.summary = Summary(run_id=ledger.run_id)
        self.active: dict[str, _Active] = {}
        self.delayed: list[tuple[float, str]] = []
        self.dispatched = 0
        self.finished_states = {UnitState.DONE.value, UnitState.NEEDS_REVIEW.value}
        if not req.retry_failed:
            self.finished_states.add(UnitState.FAILED.value)

    # --- admission -----------------------------------------------------------------------------

    def admit(self, cand: Candidate) -> None:
        """Decide what to do with one candidate: skip it, fail it, or dispatch it."""
        s = self.summary
        s.seen += 1
        if cand.problem:
            self._fail_path(cand, cand.problem, ExitCode.BAD_INPUT, value=cand.detail)
            return
        try:
            st = cand.path.stat()
            path = str(cand.path)
            sha, state = self.ledger.known(path, st.st_size, st.st_mtime_ns)
            if state in self.finished_states:
                s.skipped += 1  # unchanged file, content already done: one read, no hashing
                return
            if sha is None:
                sha = hash_file(cand.path)
                self.ledger.remember_sha(path, st.st_size, st.st_mtime_ns, sha)
        except FileNotFoundError:
            s.skipped += 1  # gone since it was listed: nothing to digitize
            return
        except OSError as e:
            self._fail_path(cand, "scan.reject.unreadable", ExitCode.BAD_INPUT,
                            detail=e.strerror or str(e))
            return
        if sha in self.active:
            s.skipped += 1  # a copy of content this run is already working on
            return
        if self.ledger.admit(sha, path, st.st_size, retry_failed=self.req.retry_failed):
            s.skipped += 1
            return
        record_id = self.lookup.find_source(sha)
        if record_id is not None:
            self.ledger.finish(sha, UnitState.DONE, record_id=record_id)
            s.skipped += 1
            return
        self.dispatched += 1
        self._dispatch(sha, cand)

    def _fail_path(self, cand: Candidate, key: str, code: ExitCode, **params: str) -> None:
        """A source problem with no content to key on: kept under a key derived from the path."""
        error = translate(key, lang="en", source=str(cand.path), **params)
        unit = "path:" + hashlib.sha256(str(cand.path).encode()).hexdigest()
        self.ledger.admit(unit, str(cand.path), 0, retry_failed=True)
        self.ledger.finish(unit, UnitState.FAILED, error=error, error_key=key,
                           exit_code=int(code))
        self.summary.failed += 1
        self.summary.codes.add(code)
        self.on_failure(str(cand.path), translate(key, source=str(cand.path), **params))

    def _dispatch(self, sha: str, cand: Candidate) -> None:
        attempts = self.ledger.claim(sha, self.executor.name)
        self.active[sha] = _Active(cand, attempts)
        self.executor.submit(UnitTask(
            sha256=sha, path=str(cand.path), options=self.req.options,
            citizen_id=cand.citizen_id, doc_type=cand.doc_type, timeout=self.req.timeout,
            engine=self.req.engine, filer=self.req.filer))

    # --- results -------------------------------------------------------------------------------

    def record(self, c: Completion) -> None:
        """Store one completion in the ledger and the counts; schedule a retry when transient."""
        act = self.active[c.sha256]
        act.in_flight = False
        s, o = self.summary, c.outcome
        if o is not None:
            s.peak_rss_kb = max(s.peak_rss_kb, o.peak_rss_kb)
        if o is not None and o.status in (ScanStatus.FILED, ScanStatus.NEEDS_REVIEW):
            review = o.status == ScanStatus.NEEDS_REVIEW
            self.ledger.finish(c.sha256, UnitState.NEEDS_REVIEW if review else UnitState.DONE,
                               record_id=o.record_id, pages=o.pages, worker=o.worker,
                               seconds=o.seconds)
            del self.active[c.sha256]
            s.pages += o.pages
            if review:
                s.needs_review += 1
                s.codes.add(ExitCode.NEEDS_REVIEW)
            else:
                s.filed += 1
            return
        if o is None:
            key = "backfill.worker_lost"
            error, code, transient = translate(key, lang="en", kind=c.crash), ExitCode.FAILED, True
        elif o.status == ScanStatus.DRY_RUN:
            key, code, transient = "backfill.not_filed", ExitCode.FAILED, False
            error = translate(key, lang="en", source=act.cand.path)
        else:
            key, error = o.error_key or "error.document_failed", o.error or ""
            code = ExitCode(o.exit_code) if o.exit_code else ExitCode.FAILED
            transient = code != ExitCode.BAD_INPUT
        if transient and act.attempts < self.req.max_attempts:
            self.ledger.finish(c.sha256, UnitState.PENDING, error=error, error_key=key,
                               exit_code=int(code), worker=o.worker if o else None)
            delay = self.req.backoff_seconds * 2 ** (act.attempts - 1)
            heapq.heappush(self.delayed, (time.monotonic() + delay, c.sha256))
            s.retried += 1
            log.info("retrying %s in %.1f s (%s)", act.cand.path, delay, key)
            return
        self.ledger.finish(c.sha256, UnitState.FAILED, error=error, error_key=key,
                           exit_code=int(code), worker=o.worker if o else None,
                           seconds=o.seconds if o else None)
        del self.active[c.sha256]
        s.failed += 1
        s.codes.add(code)
        self.on_failure(str(act.cand.path), error)

    def retry_due(self) -> bool:
        """Dispatch the next delayed retry if its time has come."""
        if not self.delayed or self.delayed[0][0] > time.monotonic():
            return False
        _, sha = heapq.heappop(self.delayed)
        act = self.active.pop(sha)
        self._dispatch(sha, act.cand)
        return True

    def release_in_flight(self) -> None:
        """Clean stop: give back every unit still running (its attempt does not count)."""
        for sha, act in list(self.active.items()):
            if act.in_flight:
                self.ledger.release(sha)


def run_backfill(
    req: BackfillRequest,
    executor: Executor,
    ledger: Ledger,
    lookup: SourceLookup,
    *,
    stop: threading.Event | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    on_failure: Callable[[str, str], None] | None = None,
    heartbeat_seconds: float = 10.0,
) -> Summary:
    """Run one backfill to the end (or to a clean stop); the executor is closed on return."""
    for source in (*req.sources, *req.manifests):
        if not source.exists():
            executor.close()
            raise InputRejected("scan.reject.missing", source=str(source))
    stop = stop or threading.Event()
    started = time.monotonic()
    try:
        ledger.acquire_lock()
    except BaseException:
        executor.close()
        raise
    d = _Driver(req, executor, ledger, lookup, on_progress, on_failure)
    s = d.summary
    outcome, abandon = "failed", False
    try:
        s.recovered = ledger.recover_stale()
        ledger.start_run(executor=executor.name,
                         sources=" ".join(str(p) for p in (*req.sources, *req.manifests)))
        candidates = discover(req.sources, req.manifests, req.since)
        exhausted = False
        next_beat = time.monotonic() + heartbeat_seconds
        stop_deadline: float | None = None
        while True:
            if stop.is_set() and stop_deadline is None:
                s.stopped = True
                stop_deadline = time.monotonic() + req.grace_seconds
            fill_until = time.monotonic() + 0.5  # long runs of skips still collect and beat
            while (stop_deadline is None and executor.in_flight() < executor.capacity
                   and time.monotonic() < fill_until):
                if d.retry_due():
                    continue
                if req.limit and d.dispatched >= req.limit:
                    s.limit_reached = not exhausted
                    break
                cand = next(candidates, None)
                if cand is None:
                    exhausted = True
                    break
                d.admit(cand)
            if executor.in_flight() == 0 and (stop_deadline is not None or (
                    not d.delayed and (exhausted or s.limit_reached))):
                break
            if stop_deadline is not None and time.monotonic() > stop_deadline:
                d.release_in_flight()
                abandon = True
                break
            if executor.in_flight():
                for c in executor.completed(timeout=0.5):
                    d.record(c)
            elif d.delayed:
                time.sleep(max(0.0, min(0.5, d.delayed[0][0] - time.monotonic())))
            s.seconds = time.monotonic() - started
            d.on_progress(s)
            if time.monotonic() >= next_beat:
                ledger.heartbeat()
                ledger.finish_run(s.counts(), "running")
                next_beat = time.monotonic() + heartbeat_seconds
        outcome = "stopped" if s.stopped else "finished"
    finally:
        executor.close(abandon=abandon)
        s.seconds = time.monotonic() - started
        try:
            ledger.finish_run(s.counts(), outcome)
        finally:
            ledger.release_lock()
    d.on_progress(s)
    return s


def default_workers() -> int:
    """All cores (the machine is dedicated to the nightly run)."""
    return os.cpu_count() or 1
