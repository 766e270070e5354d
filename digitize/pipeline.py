"""The scan pipeline, one recipe: load → preprocess → OCR → extract → build PDF → file.

`scan_one()` digitizes one document and never raises for a bad document: it
returns a `DocumentResult` whose `exit_code` says what happened (4 for an
unreadable input, 1 for a failure). `scan_batch()` does the same for a few
documents whose pages share Tesseract runs (`digitize.document` keeps each
document's state between runs). Both are top-level, picklable functions, so
backfill workers and the process pool of `scan_many()` call them in fresh
processes. `scan_many()` spreads batches over a process pool (Tesseract runs
single-threaded in each) and yields results in input order.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digitize.config import ArchiveConfig, FieldsConfig, OcrConfig
from digitize.document import DocumentJob, PendingPage, failure, without_leaders
from digitize.models import DocType, DocumentResult, ScannedDocument, ScanStatus
from digitize.ocr.engine import OcrEngine, TesseractEngine, recognize_pages

__all__ = ["ScanOptions", "scan_one", "scan_batch", "scan_many", "output_paths", "Filer"]

log = logging.getLogger(__name__)

#: Pages per Tesseract run: the model loads once per run; more pages would only hold
#: more page images in memory.
PAGES_PER_RUN = 8
#: Documents per pool task, at most (fewer towards the end of a batch).
DOCS_PER_TASK = 4

_without_leaders = without_leaders  # the name the tests know

#: The archive's filing function: takes the scanned document and the options, returns
#: (status, record_id). Wired by `_default_filer()` once digitize/store provides one.
Filer = Callable[[ScannedDocument, "ScanOptions"], tuple[ScanStatus, str | None]]


@dataclass(frozen=True)
class ScanOptions:
    """Everything one scan needs; frozen and picklable so worker processes get it as is."""

    ocr: OcrConfig = field(default_factory=OcrConfig)
    fields: FieldsConfig = field(default_factory=FieldsConfig)
    archive: ArchiveConfig | None = None
    doc_type: DocType | None = None  # None = recognise
    citizen_id: str | None = None
    out_dir: Path | None = None
    dry_run: bool = False
    jobs: int = 0  # 0 = all cores
    operator: str = ""


def output_paths(source: Path, out_dir: Path) -> tuple[Path, Path]:
    """`DIR/<input name>.pdf` and `.txt`; never the input itself (a PDF scanned in its folder)."""
    pdf = out_dir / f"{source.stem}.pdf"
    if pdf.resolve() == source.resolve():
        pdf = out_dir / f"{source.stem}.ocr.pdf"
    return pdf, pdf.with_suffix(".txt")


def scan_one(
    path: Path, options: ScanOptions, *, engine: OcrEngine | None = None, filer: Filer | None = None
) -> DocumentResult:
    """Digitize one document; every problem becomes the result's status, error and exit code."""
    return scan_batch([path], options, engine=engine, filer=filer)[0]


def scan_batch(
    paths: Sequence[Path],
    options: ScanOptions,
    *,
    engine: OcrEngine | None = None,
    filer: Filer | None = None,
    pages_per_run: int = PAGES_PER_RUN,
) -> list[DocumentResult]:
    """Digitize a few documents, their pages read in as few Tesseract runs as possible.

    Pages are prepared document after document and handed to the engine
    `pages_per_run` at a time, across document boundaries (a run loads the
    model once); each document is finished as soon as its last page is back.
    Results come in the order of `paths`; one bad document never stops the others.
    """
    _one_thread()
    engine = engine or TesseractEngine(options.ocr.language, options.ocr.page_timeout_seconds)
    jobs = [DocumentJob(Path(p), options, engine) for p in paths]
    run: list[PendingPage] = []
    for job in jobs:
        try:
            for page in job.pages():
                run.append(page)
                if len(run) >= pages_per_run:
                    _read(run, engine, options, filer)
                    run = []
        except Exception as e:  # noqa: BLE001 - one bad document never stops a batch
            job.fail(e)
        _finish_ready([job], options, filer)
    _read(run, engine, options, filer)
    return [job.result for job in jobs if job.result is not None]


def _read(
    run: list[PendingPage], engine: OcrEngine, options: ScanOptions, filer: Filer | None
) -> None:
    """One OCR run over `run`; pages go back to their documents, finished ones finish."""
    run = [page for page in run if not page.job.done]
    if not run:
        return
    recs = recognize_pages(engine, [(page.ocr_image, page.ocr_dpi) for page in run])
    for page, rec in zip(run, recs, strict=True):
        job = page.job
        if job.done:
            continue
        if isinstance(rec, Exception):  # this page alone could not be read
            job.fail(rec)
            continue
        try:
            job.add(page, rec)
        except Exception as e:  # noqa: BLE001 - fails this document only
            job.fail(e)
    _finish_ready({page.job: None for page in run}, options, filer)


def _finish_ready(jobs: Iterable[DocumentJob], options: ScanOptions, filer: Filer | None) -> None:
    for job in jobs:
        if not job.ready:
            continue
        try:
            job.finish(lambda doc: _file(doc, options, filer))
        except Exception as e:  # noqa: BLE001 - fails this document only
            job.fail(e)


def _one_thread() -> None:
    """OpenCV's own threads, like Tesseract's, only fight the other workers for the cores."""
    import cv2

    cv2.setNumThreads(1)


def _file(
    doc: ScannedDocument, options: ScanOptions, filer: Filer | None
) -> tuple[ScanStatus, str | None]:
    """Hand the document to the archive; `dry_run` when asked, or while no archive is wired."""
    if options.dry_run:
        return ScanStatus.DRY_RUN, None
    filer = filer or _default_filer()
    if filer is None:
        return ScanStatus.DRY_RUN, None
    return filer(doc, options)


def _default_filer() -> Filer | None:
    """The archive's filing function (digitize.store.filing.file_scanned), when it exists."""
    try:
        from digitize.store.filing import file_scanned  # type: ignore[import-not-found,attr-defined]
    except ImportError:
        return None
    return file_scanned  # type: ignore[no-any-return]


def _warm(options: ScanOptions, engine: OcrEngine | None) -> None:
    """Import the workers' modules and ask Tesseract its version once, before the pool forks.

    Forked workers inherit both, so a batch pays for them once instead of once per worker.
    """
    import digitize.fields
    import digitize.ocr.ingest
    import digitize.ocr.pdf
    import digitize.ocr.preprocess  # noqa: F401

    try:
        (engine or TesseractEngine(options.ocr.language)).describe()
    except Exception:  # noqa: BLE001 - a missing Tesseract is each document's error to report
        log.debug("could not describe the OCR engine", exc_info=True)


def scan_many(
    paths: Iterable[Path],
    options: ScanOptions,
    *,
    on_progress: Callable[[DocumentResult], None] | None = None,
    engine: OcrEngine | None = None,
    filer: Filer | None = None,
) -> Iterator[DocumentResult]:
    """Scan documents in parallel (`options.jobs` processes), yielding results in input order.

    Each task is a small batch of documents (`scan_batch`: one Tesseract run
    for their pages); batches shrink towards the end so that no core idles
    while the other finishes a long one.
    """
    paths = list(paths)
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(paths)))
    batches = list(_batches(paths, jobs))
    if jobs == 1:
        for batch in batches:
            for result in scan_batch(batch, options, engine=engine, filer=filer):
                if on_progress:
                    on_progress(result)
                yield result
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm(options, engine)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(scan_batch, batch, options, engine=engine, filer=filer) for batch in batches
        ]
        for batch, fut in zip(batches, futures, strict=True):
            try:
                results = fut.result()
            except Exception as e:  # noqa: BLE001 - a worker that died (OOM kill) fails its documents only
                results = [failure(p, e, time.monotonic()) for p in batch]
            for result in results:
                if on_progress:
                    on_progress(result)
                yield result


def _batches(paths: list[Path], jobs: int) -> Iterator[list[Path]]:
    """Guided chunks: up to DOCS_PER_TASK documents, fewer as the work left shrinks."""
    i = 0
    while i < len(paths):
        size = max(1, min(DOCS_PER_TASK, (len(paths) - i) // jobs))
        yield paths[i : i + size]
        i += size
