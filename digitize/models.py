"""Typed results that cross module boundaries: OCR words, extracted fields, per-document results.

These are the project's vocabulary. They are frozen dataclasses so a result
handed from OCR to field extraction to the archive cannot be changed on the
way; `DocumentResult.to_json()` is the JSON shape fixed by shared/spec/cli.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from digitize.errors import ExitCode

__all__ = [
    "DocType",
    "ScanStatus",
    "OcrWord",
    "OcrPage",
    "FieldValue",
    "Extraction",
    "DocumentResult",
    "ScannedDocument",
]


class DocType(StrEnum):
    """Document type codes of shared/spec/documents.md."""

    BIRTH_CERTIFICATE = "birth_certificate"
    MARRIAGE_CERTIFICATE = "marriage_certificate"
    DEATH_EXTRACT = "death_extract"
    CITIZEN_ID_CARD = "citizen_id_card"
    ADMINISTRATIVE_DECISION = "administrative_decision"
    UNKNOWN = "unknown"


class ScanStatus(StrEnum):
    """`status` of a scanned document (shared/spec/cli.md)."""

    FILED = "filed"
    NEEDS_REVIEW = "needs_review"
    DRY_RUN = "dry_run"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as Tesseract read it: NFC text, confidence 0..100, box in page pixels."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    block: int = 0
    paragraph: int = 0
    line: int = 0
    word: int = 0

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class OcrPage:
    """The OCR of one page: its words (reading order as Tesseract gave it) and geometry.

    `width`/`height` are the pixel size of the image the boxes refer to and
    `dpi` its resolution, so extractors can reason in millimetres.
    """

    number: int  # 1-based
    width: int
    height: int
    dpi: float
    words: tuple[OcrWord, ...]
    text: str = ""
    rotation: int = 0  # degrees applied to upright the page (0/90/180/270)
    skew: float = 0.0  # degrees of deskew applied


@dataclass(frozen=True)
class FieldValue:
    """An extracted field: its normal form, a 0..1 confidence, and what was read."""

    value: str | None
    confidence: float
    raw: str | None = None
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class Extraction:
    """What field extraction made of a document."""

    doc_type: DocType = DocType.UNKNOWN
    doc_type_confidence: float = 0.0
    fields: dict[str, FieldValue] = field(default_factory=dict)
    citizen_ids: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentResult:
    """The outcome for one input document; `to_json()` is one JSON line of `digitize scan`.

    `exit_code` is the document's own contribution to the batch exit code
    (4 for unreadable input, 1 for a failure, 3 for review, 0 otherwise).
    """

    source: str
    status: ScanStatus
    pages: int = 0
    extraction: Extraction = field(default_factory=Extraction)
    record_id: str | None = None
    error: str | None = None
    error_key: str | None = None
    exit_code: ExitCode = ExitCode.OK
    pdf_path: str | None = None
    text_path: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        ex = self.extraction
        return {
            "source": self.source,
            "status": self.status.value,
            "record_id": self.record_id,
            "citizen_ids": list(ex.citizen_ids),
            "doc_type": ex.doc_type.value,
            "doc_type_confidence": round(ex.doc_type_confidence, 2),
            "pages": self.pages,
            "fields": {k: v.to_json() for k, v in ex.fields.items()},
            "flags": list(ex.flags),
            "error": self.error,
        }


@dataclass(frozen=True)
class ScannedDocument:
    """Everything the scan pipeline made of one input, handed to the archive for filing.

    `pdf_path` and `text` are the searchable PDF and plain text; `source_path`
    is the original file as received (kept in the archive too, byte for
    byte); `source_sha256` identifies the content whatever its name.
    """

    source: str
    source_path: str
    source_sha256: str
    media_type: str
    pages: tuple[OcrPage, ...]
    pdf_path: str
    text: str
    extraction: Extraction
    engine: str
    operator_citizen_id: str | None = None
