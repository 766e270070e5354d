"""What a worker does with one unit: run the scan pipeline under a time limit, report back small.

`process_unit` is a top-level function of picklable arguments, so the same
code runs in a local process pool and on Dask workers. It never raises for a
bad document (the pipeline turns problems into a result) and returns a small
`UnitOutcome`, never the OCR text, so neither the driver nor the Dask
scheduler keeps document data around.

The per-document time limit interrupts the pipeline with `DocumentTimeout`:
by SIGALRM in a process's main thread (local pool), or by an asynchronous
exception in the worker thread (Dask runs tasks in threads). Either way the
exception lands between Python bytecodes; Tesseract itself is bounded by the
per-page timeout of `[ocr]`, so a hung page cannot outlive both.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digitize.errors import ExitCode
from digitize.i18n import translate
from digitize.models import DocType, ScanStatus

__all__ = [
    "UnitTask", "UnitOutcome", "DocumentTimeout", "process_unit", "worker_init", "time_limit",
]


class DocumentTimeout(BaseException):
    """The document took longer than its limit (BaseException: the pipeline must not swallow it)."""


@dataclass(frozen=True)
class UnitTask:
    """One unit of work as shipped to a worker."""

    sha256: str
    path: str
    options: Any  # digitize.pipeline.ScanOptions (kept Any: importing the pipeline is heavy)
    citizen_id: str | None = None
    doc_type: DocType | None = None
    timeout: float = 0.0
    engine: Any = None  # an injected OcrEngine (tests, benchmarks); None = Tesseract
    filer: Any = None  # an injected filer (tests); None = the archive's


@dataclass(frozen=True)
class UnitOutcome:
    """What happened to one unit, small enough to ship back by the thousand."""

    sha256: str
    status: ScanStatus
    exit_code: int
    record_id: str | None = None
    pages: int = 0
    error: str | None = None
    error_key: str | None = None
    seconds: float = 0.0
    worker: str = ""
    peak_rss_kb: int = 0


def worker_name() -> str:
    """host:pid of this worker, for the ledger."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_init() -> None:
    """Local pool worker set-up: die with the parent (a SIGKILLed run leaves no orphan filing)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
    # The driver decides when to stop: Ctrl-C and a SIGTERM sent to the whole process group
    # (systemd's default KillMode) must not kill a document half-way; the driver kills workers
    # itself (SIGKILL) when it abandons them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread after `seconds` (0 = no limit)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        def _alarm(_sig: int, _frame: object) -> None:
            raise DocumentTimeout()

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    target = threading.get_ident()
    done = threading.Event()

    def _interrupt() -> None:
        if not done.wait(seconds):
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                       ctypes.py_object(DocumentTimeout))

    watchdog = threading.Thread(target=_interrupt, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()


def process_unit(task: UnitTask) -> UnitOutcome:
    """Digitize and file one document; every outcome (even a timeout) is a `UnitOutcome`."""
    from digitize.pipeline import scan_one

    started = time.monotonic()
    options = task.options
    if task.citizen_id or task.doc_type:
        options = replace(options, citizen_id=task.citizen_id or options.citizen_id,
                          doc_type=task.doc_type or options.doc_type)
    try:
        with time_limit(task.timeout):
            result = scan_one(Path(task.path), options, engine=task.engine, filer=task.filer)
    except DocumentTimeout:
        return UnitOutcome(
            sha256=task.sha256, status=ScanStatus.FAILED, exit_code=int(ExitCode.FAILED),
            error=translate("backfill.timeout", lang="en", source=task.path,
                            seconds=int(task.timeout)),
            error_key="backfill.timeout", seconds=time.monotonic() - started,
            worker=worker_name(), peak_rss_kb=_peak_rss_kb())
    return UnitOutcome(
        sha256=task.sha256, status=result.status, exit_code=int(result.exit_code),
        record_id=result.record_id, pages=result.pages,
        error=result.error, error_key=result.error_key,
        seconds=time.monotonic() - started, worker=worker_name(), peak_rss_kb=_peak_rss_kb())


def _peak_rss_kb() -> int:
    """Peak RSS of this worker or its largest OCR child (Tesseract), whichever is larger."""
    return int(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
