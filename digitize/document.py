"""One document on its way through the scan pipeline, between the OCR runs of its pages.

The pipeline reads the pages of several documents in one Tesseract run (the
model loads once per run, ~0.1 s of CPU, a tenth of a form page), so a
document is no longer scanned start to finish in one call. A `DocumentJob`
keeps what one document has so far: its checked source, its searchable PDF
under construction, its OCR'd pages. `pages()` yields the document's pages
ready for OCR, `add()` takes each page's recognition back, and `finish()`
extracts the fields, writes the PDF and text, files the record and returns
the `DocumentResult`. Any problem becomes the result (`fail()`), never an
exception out of the batch.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from digitize import __version__
from digitize.errors import DigitizeError, ExitCode
from digitize.i18n import translate
from digitize.models import DocumentResult, Extraction, OcrPage, ScannedDocument, ScanStatus
from digitize.ocr.tesseract import Recognition

if TYPE_CHECKING:
    from digitize.ocr.engine import OcrEngine
    from digitize.ocr.ingest import Encoded
    from digitize.pipeline import ScanOptions

__all__ = ["DocumentJob", "PendingPage", "failure"]

log = logging.getLogger(__name__)

#: Keep OCR images for field re-reads only for documents this short (forms are 1–2 pages).
MAX_PAGES_WITH_IMAGES = 8

#: (status, record_id) of a filed document; see `digitize.pipeline.Filer`.
FileFn = Callable[[ScannedDocument], tuple[ScanStatus, str | None]]


@dataclass
class PendingPage:
    """A page prepared for OCR, waiting for its run."""

    job: DocumentJob
    number: int
    ocr_image: np.ndarray
    ocr_dpi: float
    display_image: np.ndarray
    display_dpi: float
    rotation: int
    skew: float
    encoded: Encoded | None


class DocumentJob:
    """The state of one document between `pages()`, the OCR runs and `finish()`."""

    def __init__(self, path: Path, options: ScanOptions, engine: OcrEngine) -> None:
        self.path = path
        self.options = options
        self.engine = engine
        self.started = time.monotonic()
        self.result: DocumentResult | None = None  # set once finished or failed
        self.queued = 0  # pages handed out by pages() and not yet added
        self.prepared_all = False
        self._source: Any = None
        self._builder: Any = None
        self._pages: list[OcrPage] = []
        self._images: list[np.ndarray] = []

    @property
    def done(self) -> bool:
        return self.result is not None

    @property
    def ready(self) -> bool:
        """Every page is prepared and back from OCR: `finish()` may run."""
        return self.prepared_all and not self.queued and not self.done

    def pages(self) -> Iterator[PendingPage]:
        """Load, check and preprocess each page (orientation, deskew, clean-up, leaders)."""
        from digitize.ocr.ingest import iter_pages, open_source
        from digitize.ocr.pdf import PdfMetadata, SearchablePdf
        from digitize.ocr.preprocess import prepare_page

        ocr = self.options.ocr
        self._source = open_source(self.path, ocr, name=str(self.path))
        self._builder = SearchablePdf(
            PdfMetadata(
                title=self.path.stem,
                engine=self.engine.describe(),
                creator=f"digitize {__version__}",
            )
        )
        for page in iter_pages(self._source, ocr):
            prepared = prepare_page(page.image, page.dpi, upscale_below_dpi=ocr.upscale_below_dpi)
            same = prepared.display_image is page.image  # not turned: keep the file's own pixels
            self.queued += 1
            yield PendingPage(
                job=self,
                number=page.number,
                ocr_image=without_leaders(prepared.ocr_image, prepared.ocr_dpi),
                ocr_dpi=prepared.ocr_dpi,
                display_image=prepared.display_image,
                display_dpi=prepared.display_dpi,
                rotation=prepared.rotation,
                skew=prepared.skew,
                encoded=page.encoded if same else None,
            )
            del prepared, page
        self.prepared_all = True

    def add(self, page: PendingPage, rec: Recognition) -> None:
        """Take a page's recognition back: its words, and its PDF page (scan under text)."""
        self.queued -= 1
        h, w = page.ocr_image.shape[:2]
        self._pages.append(
            OcrPage(
                number=page.number,
                width=w,
                height=h,
                dpi=page.ocr_dpi,
                words=rec.words,
                text=rec.text,
                rotation=page.rotation,
                skew=page.skew,
            )
        )
        if self._source.pages <= MAX_PAGES_WITH_IMAGES:
            self._images.append(page.ocr_image)
        self._builder.add_page(
            page.display_image,
            page.display_dpi,
            rec.pdf,
            text_page=rec.pdf_page,
            encoded=page.encoded,
        )

    def finish(self, file: FileFn) -> DocumentResult:
        """Fields, PDF/A and text written, record filed: the document's result."""
        path, options = self.path, self.options
        extraction = self._extract()
        self._images = []
        text = "\f".join(p.text for p in self._pages)
        with tempfile.TemporaryDirectory(prefix="digitize-scan-") as tmp:
            if options.out_dir is not None:
                from digitize.pipeline import output_paths

                pdf_path, txt_path = output_paths(path, options.out_dir)
            else:
                pdf_path, txt_path = Path(tmp) / f"{path.stem}.pdf", None
            self._builder.save(pdf_path)
            if txt_path is not None:
                _write_text(txt_path, text)
            doc = ScannedDocument(
                source=str(path),
                source_path=str(path.resolve()),
                source_sha256=self._source.sha256,
                media_type=self._source.media_type,
                pages=tuple(self._pages),
                pdf_path=str(pdf_path),
                text=text,
                extraction=extraction,
                engine=self.engine.describe(),
                operator_citizen_id=options.citizen_id,
            )
            status, record_id = file(doc)
        self.close()
        code = ExitCode.NEEDS_REVIEW if status == ScanStatus.NEEDS_REVIEW else ExitCode.OK
        self.result = DocumentResult(
            source=str(path),
            status=status,
            pages=len(self._pages),
            extraction=extraction,
            record_id=record_id,
            exit_code=code,
            pdf_path=str(pdf_path) if options.out_dir is not None else None,
            text_path=str(txt_path) if txt_path is not None else None,
            seconds=time.monotonic() - self.started,
        )
        return self.result

    def fail(self, error: BaseException) -> DocumentResult:
        """The document's result for `error`; its other pages are dropped."""
        self.close()
        self.result = failure(self.path, error, self.started)
        return self.result

    def close(self) -> None:
        if self._builder is not None:
            self._builder.close()
            self._builder = None
        self._images = []

    def _extract(self) -> Extraction:
        from digitize.fields import extract

        pages, images = self._pages, self._images
        return extract(
            pages,
            images=images if len(images) == len(pages) else None,
            doc_type=self.options.doc_type,
            citizen_id=self.options.citizen_id,
            config=self.options.fields,
        )


def failure(path: Path | str, error: BaseException, started: float) -> DocumentResult:
    """A document's result for an error: exit 4 for bad input, 1 for a failure; never a raise."""
    seconds = time.monotonic() - started
    if isinstance(error, DigitizeError):
        return DocumentResult(
            source=str(path),
            status=ScanStatus.FAILED,
            error=error.render(),
            error_key=error.key,
            exit_code=error.exit_code,
            seconds=seconds,
        )
    kind = "MemoryError" if isinstance(error, MemoryError) else type(error).__name__
    log.debug("unexpected error on %s", path, exc_info=error)
    return DocumentResult(
        source=str(path),
        status=ScanStatus.FAILED,
        error=translate("error.unexpected", kind=kind),
        error_key="error.unexpected",
        exit_code=ExitCode.FAILED,
        seconds=seconds,
    )


def without_leaders(image: np.ndarray, dpi: float) -> np.ndarray:
    """The OCR image without the dotted leaders of printed forms, before the one Tesseract run.

    Leaders garble the values next to them; removed here, field extraction finds
    none left and does not read the page a second time (a whole Tesseract run).
    """
    from digitize.fields.leaders import strip_leaders

    return strip_leaders(image, dpi)[0]  # type: ignore[no-any-return]


def _write_text(path: Path, text: str) -> None:
    from digitize.store.files import write_atomic

    write_atomic(path, text.encode("utf-8"))
