"""Where units run: one small interface over a local process pool, a Dask cluster, or in-process.

The driver only submits `UnitTask`s and collects `Completion`s; scheduling,
worker start-up and replacement are the pool's or Dask's job (no home-made
scheduler). Both real executors bound what is in flight (`capacity`), so the
driver never holds more than a window of futures, and neither keeps results
once they are collected.

Local pool: `ProcessPoolExecutor` with the spawn start method and
`max_tasks_per_child`, so a worker's memory cannot grow with the number of
documents; workers die with the driver (PR_SET_PDEATHSIG). A worker killed
by the kernel breaks the pool: its in-flight units come back as errors (the
driver retries them) and a fresh pool is started.

Dask: `distributed.Client(ADDRESS)` on an existing scheduler. A worker lost
mid-task is the scheduler's business (it reruns the task elsewhere); a task
that keeps killing workers comes back as an error and is retried or failed
by the driver like any other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

from digitize.backfill.work import UnitOutcome, UnitTask, process_unit, worker_init

__all__ = ["Completion", "Executor", "LocalPool", "DaskCluster", "InlineExecutor"]


@dataclass(frozen=True)
class Completion:
    """A finished unit: its outcome, or why the worker never returned one."""

    sha256: str
    outcome: UnitOutcome | None
    crash: str | None = None  # exception type name when the worker died / the task errored


class Executor(Protocol):
    """What the driver needs from a place to run units."""

    name: str
    capacity: int

    def submit(self, task: UnitTask) -> None: ...

    def completed(self, timeout: float) -> list[Completion]: ...

    def in_flight(self) -> int: ...

    def close(self, *, abandon: bool = False) -> None: ...


class LocalPool:
    """`--workers N`: a process pool on this machine."""

    def __init__(self, workers: int, *, max_tasks_per_child: int = 50,
                 fn: Callable[[UnitTask], UnitOutcome] = process_unit) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.capacity = self.workers * 2
        self.name = f"local:{self.workers}"
        self.max_tasks_per_child = max_tasks_per_child
        self.fn = fn
        self.futures: dict[Future[UnitOutcome], str] = {}
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker_init,
            max_tasks_per_child=self.max_tasks_per_child,
        )

    def submit(self, task: UnitTask) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            fut = self.pool.submit(self.fn, task)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            fut = self.pool.submit(self.fn, task)
        self.futures[fut] = task.sha256

    def completed(self, timeout: float) -> list[Completion]:
        if not self.futures:
            return []
        done, _ = wait(list(self.futures), timeout=timeout, return_when=FIRST_COMPLETED)
        out = []
        for fut in done:
            sha = self.futures.pop(fut)
            exc = fut.exception()
            if exc is None:
                out.append(Completion(sha, fut.result()))
            else:
                out.append(Completion(sha, None, type(exc).__name__))
        return out

    def in_flight(self) -> int:
        return len(self.futures)

    def close(self, *, abandon: bool = False) -> None:
        if abandon:
            for proc in list(getattr(self.pool, "_processes", {}).values()):
                proc.kill()  # no public API before 3.14 (terminate_workers)
        self.pool.shutdown(wait=True, cancel_futures=abandon)
        self.futures.clear()


class DaskCluster:
    """`--cluster ADDRESS`: the same units on an existing Dask distributed cluster."""

    def __init__(self, address: str, *, capacity: int = 0, connect_timeout: float = 30.0,
                 fn: Callable[[UnitTask], UnitOutcome] = process_unit) -> None:
        from distributed import Client

        from digitize.errors import EnvironmentProblem

        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise EnvironmentProblem("backfill.cluster_unreachable", address=address,
                                     detail=str(e)) from e
        threads = sum(w.get("nthreads", 1)
                      for w in self.client.scheduler_info().get("workers", {}).values())
        self.capacity = capacity or max(2, 2 * threads)
        self.name = f"dask:{address}"
        self.fn = fn
        self.futures: dict[Any, str] = {}

    def submit(self, task: UnitTask) -> None:
        # pure=False: a retry is a new task; key names the unit for the dashboard.
        fut = self.client.submit(self.fn, task, pure=False, retries=0,
                                 key=f"backfill-{task.sha256[:16]}-{os.urandom(4).hex()}")
        self.futures[fut] = task.sha256

    def completed(self, timeout: float) -> list[Completion]:
        from distributed import wait as dask_wait

        if not self.futures:
            return []
        try:
            with self.client.as_current():
                done, _ = dask_wait(list(self.futures), timeout=timeout,
                                    return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        out = []
        for fut in done:
            sha = self.futures.pop(fut)
            if fut.status == "finished":
                out.append(Completion(sha, fut.result()))
            else:
                exc = fut.exception() if fut.status == "error" else None
                out.append(Completion(sha, None, type(exc).__name__ if exc else fut.status))
            fut.release()
        return out

    def in_flight(self) -> int:
        return len(self.futures)

    def close(self, *, abandon: bool = False) -> None:
        if abandon and self.futures:
            self.client.cancel(list(self.futures))
        self.futures.clear()
        self.client.close()


class InlineExecutor:
    """Runs each unit in the driver's own process: for tests with injected fakes, and debugging."""

    def __init__(self, fn: Callable[[UnitTask], UnitOutcome] = process_unit) -> None:
        self.name = "inline"
        self.capacity = 1
        self.fn = fn
        self.done: list[Completion] = []

    def submit(self, task: UnitTask) -> None:
        try:
            self.done.append(Completion(task.sha256, self.fn(task)))
        except Exception as e:  # noqa: BLE001 - a crashing unit is reported like a dead worker
            self.done.append(Completion(task.sha256, None, type(e).__name__))

    def completed(self, timeout: float) -> list[Completion]:
        out, self.done = self.done, []
        return out

    def in_flight(self) -> int:
        return len(self.done)

    def close(self, *, abandon: bool = False) -> None:
        self.done.clear()
