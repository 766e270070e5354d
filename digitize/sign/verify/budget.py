"""Files are verified in forked workers with a memory limit (RLIMIT_AS) and a per-file deadline.

Cyclic cross-reference tables and decompression bombs exist in the wild; a
verifier must answer, not hang or swap. The parent imports pyHanko once
(`warm_up`) and forks `jobs` long-lived workers, so the common path costs no
more than validating in-process; a hostile file can only take its own worker
down: over the deadline the worker is killed and replaced, over RLIMIT_AS it
dies or raises MemoryError, and either way the file gets a verdict
(TOTAL_FAILED if it claims a signature, else ERROR).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path

from digitize.sign.verify.engine import EngineOptions, verify_path
from digitize.sign.verify.report import FileReport, Verdict, reason

__all__ = ["Budget", "run_batch", "warm_up"]


@dataclass(frozen=True)
class Budget:
    """Per-file limits, from `[verify] time_budget_seconds` / `memory_budget_mb`."""

    seconds: float = 10.0
    memory_mb: int = 1024


def warm_up() -> None:
    """Import the heavy validation stack once, before forking, so workers start warm."""
    import pyhanko.sign.diff_analysis  # noqa: F401
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko.sign.validation.dss  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401


def _serve(conn: Connection, options: EngineOptions, memory_mb: int) -> None:
    """Worker loop: verify each (path, name) received, send the pickled report back."""
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, display = task
        try:
            rep = verify_path(path, options, display)
        except MemoryError:
            rep = _over(display, path, "memory")
        conn.send_bytes(pickle.dumps(rep))


class _Worker:
    """One long-lived forked worker; killed and replaced when a file exceeds its budget."""

    def __init__(self, ctx, options: EngineOptions, memory_mb: int) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, options, memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, Path, str, float] | None = None

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _claims_signature(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8 << 20)
        return b"%PDF-" in head[:1024] and b"/ByteRange" in head
    except OSError:
        return False


def _over(display: str, path: Path, what: str) -> FileReport:
    verdict = Verdict.TOTAL_FAILED if _claims_signature(path) else Verdict.ERROR
    return FileReport(
        display,
        verdict,
        error=f"{what} budget exceeded",
        reasons=(reason(f"verify.reason.over_{what}"),),
    )


def run_batch(
    items: list[tuple[Path, str]], options: EngineOptions, budget: Budget, jobs: int = 1
) -> Iterator[FileReport]:
    """Verify `(path, display name)` items with up to `jobs` workers; reports in input order."""
    warm_up()
    ctx = mp.get_context("fork")
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items) or 1))
    pending = list(enumerate(items))[::-1]
    workers = [_Worker(ctx, options, budget.memory_mb) for _ in range(jobs)]
    done: dict[int, FileReport] = {}
    next_out = 0
    try:
        while pending or any(w.task for w in workers):
            for w in workers:
                if w.task is None and pending:
                    idx, (path, display) = pending.pop()
                    w.task = (idx, path, display, time.monotonic())
                    w.conn.send((path, display))
            busy = [w for w in workers if w.task]
            deadline = min(w.task[3] for w in busy) + budget.seconds  # type: ignore[index]
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
            now = time.monotonic()
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                idx, path, display, started = w.task
                if w.conn in ready:
                    try:
                        rep = pickle.loads(w.conn.recv_bytes())
                    except (EOFError, OSError, pickle.UnpicklingError):
                        rep = _over(display, path, "memory")  # the worker died (RLIMIT_AS, crash)
                        w.task = None
                        w.stop(kill=True)
                        workers[i] = _Worker(ctx, options, budget.memory_mb)
                    w.task = None
                    done[idx] = replace(rep, seconds=round(now - started, 3))
                elif now - started >= budget.seconds:
                    w.task = None
                    w.stop(kill=True)
                    workers[i] = _Worker(ctx, options, budget.memory_mb)
                    done[idx] = replace(
                        _over(display, path, "time"), seconds=round(now - started, 3)
                    )
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop(kill=bool(w.task))
