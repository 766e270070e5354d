"""`digitize backfill SOURCE...`: thin command over `digitize.backfill.run.run_backfill`.

SIGTERM (systemd stop, `kill`) and a first Ctrl-C ask the run to stop cleanly:
no new documents, in-flight ones finish within `[backfill] stop_grace_seconds`,
the rest go back to pending. A held lock is exit 5 (the archive is busy; a
cron wrapper can tell "did not run" from "ran and something failed").
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from digitize.cli.app import command, state
from digitize.cli.common import JsonOpt, emit_json, finish, stderr, stdout
from digitize.errors import EnvironmentProblem, UsageProblem
from digitize.i18n import t

__all__ = ["backfill"]

#: Without a terminal, one progress line per this many seconds.
LOG_EVERY_SECONDS = 30.0


@command(name="backfill", help_key="backfill.help")
def backfill(
    sources: Annotated[list[Path] | None,
                       typer.Argument(help=t("backfill.opt.sources"), show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0,
                                         help=t("backfill.opt.workers"))] = 0,
    cluster: Annotated[str | None,
                       typer.Option("--cluster", help=t("backfill.opt.cluster"))] = None,
    json_out: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help=t("backfill.opt.limit"))] = 0,
    since: Annotated[str | None, typer.Option("--since", help=t("backfill.opt.since"))] = None,
    manifest: Annotated[list[Path] | None, typer.Option(
        "--manifest", help=t("backfill.opt.manifest"), dir_okay=False)] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed",
                                               help=t("backfill.opt.retry_failed"))] = False,
    report: Annotated[bool, typer.Option("--report", help=t("backfill.opt.report"))] = False,
    runs: Annotated[int, typer.Option("--runs", min=1, help=t("backfill.opt.runs"))] = 5,
) -> None:
    sources, manifests = list(sources or []), list(manifest or [])
    if report:
        if sources or manifests:
            raise UsageProblem("backfill.usage.report_with_sources")
        _report(runs, json_out)
        return
    if not sources and not manifests:
        raise UsageProblem("backfill.usage.no_sources")
    if workers and cluster:
        raise UsageProblem("backfill.usage.workers_and_cluster")
    _run(sources, manifests, workers, cluster, json_out, limit, since, retry_failed)


def _run(sources: list[Path], manifests: list[Path], workers: int, cluster: str | None,
         json_out: bool, limit: int, since: str | None, retry_failed: bool) -> None:
    from digitize.backfill.executors import DaskCluster, LocalPool
    from digitize.backfill.report import open_ledger
    from digitize.backfill.run import BackfillRequest, new_run_id, run_backfill
    from digitize.backfill.sources import parse_since
    from digitize.ocr.tesseract import require
    from digitize.pipeline import ScanOptions, _default_filer

    config = state().config
    cutoff = parse_since(since)
    require(config.ocr.language)
    if _default_filer() is None:
        raise EnvironmentProblem("backfill.no_archive")
    from digitize.store.archive import Archive  # type: ignore[import-not-found]

    bf = config.backfill
    options = ScanOptions(ocr=config.ocr, fields=config.fields, archive=config.archive,
                          jobs=1, operator=config.archive.operator)
    request = BackfillRequest(
        sources=tuple(sources), manifests=tuple(manifests), options=options, since=cutoff,
        limit=limit, timeout=float(bf.document_timeout_seconds), max_attempts=bf.max_attempts,
        backoff_seconds=bf.retry_backoff_seconds, grace_seconds=bf.stop_grace_seconds,
        retry_failed=retry_failed)
    with Archive.open(config.archive, operator=config.archive.operator) as archive:
        ledger = open_ledger(config.archive, new_run_id())
        executor: Any = (DaskCluster(cluster) if cluster
                         else LocalPool(workers or bf.workers))
        stop = threading.Event()
        with _signals(stop, bf.stop_grace_seconds), _Progress() as progress:
            summary = run_backfill(request, executor, ledger, archive, stop=stop,
                                   on_progress=progress.update, on_failure=progress.failure)
    if json_out:
        emit_json(summary.to_json())
    else:
        stdout.print(t("backfill.summary", seen=summary.seen, filed=summary.filed,
                       review=summary.needs_review, skipped=summary.skipped,
                       failed=summary.failed, pages=summary.pages,
                       seconds=round(summary.seconds, 1)), markup=False, soft_wrap=True)
    finish(summary.exit_code)


class _signals:
    """SIGTERM and the first SIGINT set `stop`; a second SIGINT interrupts at once."""

    def __init__(self, stop: threading.Event, grace: float) -> None:
        self.stop, self.grace = stop, grace
        self.saved: dict[int, Any] = {}

    def _handler(self, signum: int, _frame: object) -> None:
        if self.stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        if not self.stop.is_set():
            stderr.print(t("backfill.stopping", seconds=int(self.grace)), markup=False)
        self.stop.set()

    def __enter__(self) -> _signals:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.saved[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self.saved.items():
            signal.signal(sig, old)


class _Progress:
    """A rich bar on a terminal; otherwise a log line every LOG_EVERY_SECONDS. Failures always."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.next_line = time.monotonic() + LOG_EVERY_SECONDS

    def __enter__(self) -> _Progress:
        if stderr.is_terminal:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                TextColumn("{task.fields[line]}"), TimeElapsedColumn(),
                                console=stderr, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(t("backfill.progress"), total=None, line="")
        return self

    def _line(self, s: Any) -> str:
        rate = round(s.pages * 60.0 / s.seconds, 1) if s.seconds > 0 else 0.0
        return t("backfill.progress.line", seen=s.seen, filed=s.filed, review=s.needs_review,
                 skipped=s.skipped, failed=s.failed, pages=s.pages, rate=rate)

    def update(self, s: Any) -> None:
        if self.bar is not None:
            self.bar.update(self.task, line=self._line(s))
        elif time.monotonic() >= self.next_line:
            stderr.print(self._line(s), markup=False, soft_wrap=True, highlight=False)
            self.next_line = time.monotonic() + LOG_EVERY_SECONDS

    def failure(self, path: str, error: str) -> None:
        stderr.print(error if path in error else f"{path}: {error}", markup=False,
                     soft_wrap=True, highlight=False)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _report(runs: int, json_out: bool) -> None:
    from digitize.backfill.report import morning_report, open_ledger

    config = state().config
    rep = morning_report(open_ledger(config.archive, "report"), runs)
    if json_out:
        for line in rep.to_json_lines():
            emit_json(line)
        return
    from rich.table import Table

    if not rep.runs:
        stdout.print(t("backfill.report.none"), markup=False)
        return
    table = Table(title=t("backfill.report.runs"))
    for key in ("run", "started", "outcome", "counts", "pages", "seconds"):
        table.add_column(t(f"backfill.col.{key}"), overflow="fold")
    for r in rep.runs:
        table.add_row(r.run_id, r.started_at.strftime("%Y-%m-%d %H:%M:%S"),
                      t(f"backfill.outcome.{r.outcome}"),
                      f"{r.seen} / {r.filed} / {r.needs_review} / {r.skipped} / {r.failed}",
                      str(r.pages), f"{r.seconds:.0f}")
    stdout.print(table)
    if rep.failures:
        fails = Table(title=t("backfill.report.failures"))
        for key in ("file", "attempts", "reason"):
            fails.add_column(t(f"backfill.col.{key}"), overflow="fold")
        for f in rep.failures:
            fails.add_row(f.path, str(f.attempts), _reason(f))
        stdout.print(fails)
    else:
        stdout.print(t("backfill.report.no_failures"), markup=False)
    counts = ", ".join(f"{t(f'backfill.state.{k}')} {v}" for k, v in sorted(rep.counts.items()))
    stdout.print(t("backfill.report.state", counts=counts), markup=False, soft_wrap=True)


def _reason(f: Any) -> str:
    """The stored (English) reason; its path prefix dropped since the path has its own column."""
    error = f.error or f.error_key or ""
    return error[len(f.path) + 2:] if error.startswith(f.path + ": ") else error
