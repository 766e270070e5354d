"""The scan pipeline, one recipe: load → preprocess → OCR → extract → build PDF → file.

`scan_one()` digitizes one document and never raises for a bad document: it
returns a `DocumentResult` whose `exit_code` says what happened (4 for an
unreadable input, 1 for a failure). It is a top-level, picklable function,
so backfill workers and the process pool of `scan_many()` call it in fresh
processes. `scan_many()` spreads documents over a process pool (Tesseract
runs single-threaded in each) and yields results in input order.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from digitize import __version__
from digitize.config import ArchiveConfig, FieldsConfig, OcrConfig
from digitize.errors import DigitizeError, ExitCode
from digitize.i18n import translate
from digitize.models import (
    DocType,
    DocumentResult,
    Extraction,
    OcrPage,
    ScannedDocument,
    ScanStatus,
)
from digitize.ocr.engine import OcrEngine, TesseractEngine

__all__ = ["ScanOptions", "scan_one", "scan_many", "output_paths", "Filer"]

log = logging.getLogger(__name__)

#: Keep OCR images for field re-reads only for documents this short (forms are 1–2 pages).
MAX_PAGES_WITH_IMAGES = 8

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
    started = time.monotonic()
    _one_thread()
    try:
        return _scan(
            Path(path),
            options,
            engine or TesseractEngine(options.ocr.language, options.ocr.page_timeout_seconds),
            filer,
            started,
        )
    except DigitizeError as e:
        status = ScanStatus.FAILED
        return DocumentResult(
            source=str(path),
            status=status,
            error=e.render(),
            error_key=e.key,
            exit_code=e.exit_code,
            seconds=time.monotonic() - started,
        )
    except MemoryError:
        return _unexpected(path, "MemoryError", started)
    except Exception as e:  # noqa: BLE001 - one bad document never stops a batch
        log.debug("unexpected error on %s", path, exc_info=True)
        return _unexpected(path, type(e).__name__, started)


def _one_thread() -> None:
    """OpenCV's own threads, like Tesseract's, only fight the other workers for the cores."""
    import cv2

    cv2.setNumThreads(1)


def _unexpected(path: Path, kind: str, started: float) -> DocumentResult:
    return DocumentResult(
        source=str(path),
        status=ScanStatus.FAILED,
        error=translate("error.unexpected", kind=kind),
        error_key="error.unexpected",
        exit_code=ExitCode.FAILED,
        seconds=time.monotonic() - started,
    )


def _scan(
    path: Path, options: ScanOptions, engine: OcrEngine, filer: Filer | None, started: float
) -> DocumentResult:
    from digitize.ocr.ingest import iter_pages, open_source
    from digitize.ocr.pdf import PdfMetadata, SearchablePdf
    from digitize.ocr.preprocess import prepare_page

    source = open_source(path, options.ocr, name=str(path))  # load
    builder = SearchablePdf(
        PdfMetadata(title=path.stem, engine=engine.describe(), creator=f"digitize {__version__}")
    )
    pages: list[OcrPage] = []
    images = []
    try:
        for page in iter_pages(source, options.ocr):
            prepared = prepare_page(  # preprocess
                page.image, page.dpi, upscale_below_dpi=options.ocr.upscale_below_dpi
            )
            ocr_image = _without_leaders(prepared.ocr_image, prepared.ocr_dpi)
            rec = engine.recognize(ocr_image, dpi=prepared.ocr_dpi)  # OCR
            h, w = ocr_image.shape[:2]
            pages.append(
                OcrPage(
                    number=page.number,
                    width=w,
                    height=h,
                    dpi=prepared.ocr_dpi,
                    words=rec.words,
                    text=rec.text,
                    rotation=prepared.rotation,
                    skew=prepared.skew,
                )
            )
            if source.pages <= MAX_PAGES_WITH_IMAGES:
                images.append(ocr_image)
            same = prepared.display_image is page.image  # not turned: keep the file's own pixels
            builder.add_page(  # build PDF
                prepared.display_image,
                prepared.display_dpi,
                rec.pdf,
                encoded=page.encoded if same else None,
            )
            del prepared, page
        extraction = _extract(pages, images, options)  # extract
        del images
        text = "\f".join(p.text for p in pages)
        with tempfile.TemporaryDirectory(prefix="digitize-scan-") as tmp:
            if options.out_dir is not None:
                pdf_path, txt_path = output_paths(path, options.out_dir)
            else:
                pdf_path, txt_path = Path(tmp) / f"{path.stem}.pdf", None
            builder.save(pdf_path)
            if txt_path is not None:
                _write_text(txt_path, text)
            doc = ScannedDocument(
                source=str(path),
                source_path=str(path.resolve()),
                source_sha256=source.sha256,
                media_type=source.media_type,
                pages=tuple(pages),
                pdf_path=str(pdf_path),
                text=text,
                extraction=extraction,
                engine=engine.describe(),
                operator_citizen_id=options.citizen_id,
            )
            status, record_id = _file(doc, options, filer)  # file
    finally:
        builder.close()
    code = ExitCode.NEEDS_REVIEW if status == ScanStatus.NEEDS_REVIEW else ExitCode.OK
    return DocumentResult(
        source=str(path),
        status=status,
        pages=len(pages),
        extraction=extraction,
        record_id=record_id,
        exit_code=code,
        pdf_path=str(pdf_path) if options.out_dir is not None else None,
        text_path=str(txt_path) if txt_path is not None else None,
        seconds=time.monotonic() - started,
    )


def _without_leaders(image, dpi: float):  # type: ignore[no-untyped-def]
    """The OCR image without the dotted leaders of printed forms, before the one Tesseract run.

    Leaders garble the values next to them; removed here, field extraction finds
    none left and does not read the page a second time (a whole Tesseract run).
    """
    from digitize.fields.leaders import strip_leaders

    return strip_leaders(image, dpi)[0]


def _extract(pages: list[OcrPage], images: list, options: ScanOptions) -> Extraction:  # type: ignore[type-arg]
    from digitize.fields import extract

    return extract(
        pages,
        images=images if len(images) == len(pages) else None,
        doc_type=options.doc_type,
        citizen_id=options.citizen_id,
        config=options.fields,
    )


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


def _write_text(path: Path, text: str) -> None:
    from digitize.store.files import write_atomic

    write_atomic(path, text.encode("utf-8"))


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
    """Scan documents in parallel (`options.jobs` processes), yielding results in input order."""
    paths = list(paths)
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        for p in paths:
            result = scan_one(p, options, engine=engine, filer=filer)
            if on_progress:
                on_progress(result)
            yield result
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm(options, engine)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(scan_one, p, options, engine=engine, filer=filer) for p in paths]
        for p, fut in zip(paths, futures, strict=True):
            try:
                result = fut.result()
            except Exception as e:  # noqa: BLE001 - a worker that died (OOM kill) fails its document only
                result = _unexpected(p, type(e).__name__, time.monotonic())
            if on_progress:
                on_progress(result)
            yield result
