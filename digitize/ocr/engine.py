"""The OCR engine behind a small Protocol, so the pipeline can run with a null engine in tests.

The real engine is Tesseract (`-l vie` only, one thread per process). A
`NullEngine` returns no words and an empty text layer: for tests of input
handling, PDF assembly and the CLI that do not need OCR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from digitize.ocr.tesseract import Recognition

__all__ = ["OcrEngine", "TesseractEngine", "NullEngine"]


@runtime_checkable
class OcrEngine(Protocol):
    """Reads one page image; boxes in the image's pixels, text NFC, plus a text-only PDF page."""

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract with one language model (never `vie+eng`: it strips diacritics)."""

    language: str = "vie"
    timeout: int = 0

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition:
        from digitize.ocr.tesseract import recognize

        return recognize(image, dpi=dpi, language=self.language, timeout=self.timeout)

    def describe(self) -> str:
        from digitize.ocr.tesseract import engine_description

        return engine_description(self.language)


@dataclass(frozen=True)
class NullEngine:
    """Reads nothing: no words, no text layer."""

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition:
        return Recognition(words=(), text="", pdf=b"", engine="null")

    def describe(self) -> str:
        return "null (no OCR)"
