"""Each file is verified in its own forked worker with a memory limit and a deadline.

Cyclic cross-reference tables and decompression bombs exist in the wild; a
verifier must answer, not hang or swap. The parent imports pyHanko once
(`warm_up`), so forking a worker per file costs a few milliseconds and the
common path stays fast, while a hostile file can only take its own worker
down: over the deadline it is killed, over RLIMIT_AS it dies of MemoryError,
and either way the file gets a verdict (TOTAL_FAILED if it claims a
signature, else ERROR).
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


def _child(conn: Connection, path: Path, options: EngineOptions, display: str, memory_mb: int) -> None:
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        rep = verify_path(path, options, display)
    except MemoryError:
        rep = _over(display, path, "memory")
    conn.send_bytes(pickle.dumps(rep))
    conn.close()


def _claims_signature(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8 << 20)
        return b"%PDF-" in head[:1024] and b"/ByteRange" in head
    except OSError:
        return False


def _over(display: str, path: Path, what: str) -> FileReport:
    verdict = Verdict.TOTAL_FAILED if _claims_signature(path) else Verdict.ERROR
    return FileReport(display, verdict, error=f"{what} budget exceeded",
                      reasons=(reason(f"verify.reason.over_{what}"),))


def run_batch(items: list[tuple[Path, str]], options: EngineOptions, budget: Budget,
              jobs: int = 1) -> Iterator[FileReport]:
    """Verify `(path, display name)` items with up to `jobs` workers; yields reports in input order."""
    warm_up()
    ctx = mp.get_context("fork")
    jobs = max(1, jobs or os.cpu_count() or 1)
    pending = list(enumerate(items))[::-1]
    running: dict[Connection, tuple[int, mp.process.BaseProcess, float, Path, str, float]] = {}
    done: dict[int, FileReport] = {}
    next_out = 0
    while pending or running:
        while pending and len(running) < jobs:
            idx, (path, display) = pending.pop()
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, path, options, display, budget.memory_mb),
                               daemon=True)
            proc.start()
            child.close()
            started = time.monotonic()
            running[parent] = (idx, proc, started + budget.seconds, path, display, started)
        now = time.monotonic()
        timeout = max(0.0, min(r[2] for r in running.values()) - now)
        for conn in wait(list(running), timeout=timeout):
            idx, proc, _, path, display, started = running.pop(conn)
            try:
                rep = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                rep = _over(display, path, "memory")
            done[idx] = replace(rep, seconds=round(time.monotonic() - started, 3))
            conn.close()
            proc.join()
        now = time.monotonic()
        for conn, (idx, proc, deadline, path, display, started) in list(running.items()):
            if now >= deadline:
                proc.kill()
                proc.join()
                conn.close()
                del running[conn]
                done[idx] = replace(_over(display, path, "time"), seconds=round(now - started, 3))
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
