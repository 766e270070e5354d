"""The OCR engine behind a small Protocol, so the pipeline can run with a null engine in tests.

The real engine is Tesseract (`-l vie` only, one thread per process). A
`NullEngine` returns no words and an empty text layer: for tests of input
handling, PDF assembly and the CLI that do not need OCR. An engine may also
read several pages at once (`recognize_many`); `recognize_pages()` uses that
when it can and falls back to page by page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from digitize.errors import DigitizeError
from digitize.ocr.tesseract import Recognition

__all__ = ["OcrEngine", "TesseractEngine", "NullEngine", "recognize_pages", "PageImage"]

#: One page for OCR: the image and its resolution.
PageImage = tuple[np.ndarray, float]


@runtime_checkable
class OcrEngine(Protocol):
    """Reads one page image; boxes in the image's pixels, text NFC, plus a text-only PDF page."""

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition: ...

    def describe(self) -> str: ...


def recognize_pages(
    engine: OcrEngine, pages: Sequence[PageImage]
) -> list[Recognition | DigitizeError]:
    """Each page's recognition, or the error that page alone got.

    Pages of one resolution go to the engine in one run when it can read
    several (`recognize_many`); if that run fails, the pages are read one by
    one so that a single bad page fails only its own document.
    """
    results: list[Recognition | DigitizeError | None] = [None] * len(pages)
    many = getattr(engine, "recognize_many", None)
    groups: dict[int, list[int]] = {}
    for i, (_, dpi) in enumerate(pages):
        groups.setdefault(round(dpi), []).append(i)
    for indexes in groups.values():
        if many is not None and len(indexes) > 1:
            try:
                recs = many([pages[i][0] for i in indexes], dpi=pages[indexes[0]][1])
            except DigitizeError:
                pass  # read them one by one below: find the page that fails
            else:
                for i, rec in zip(indexes, recs, strict=True):
                    results[i] = rec
                continue
        for i in indexes:
            image, dpi = pages[i]
            try:
                results[i] = engine.recognize(image, dpi=dpi)
            except DigitizeError as e:
                results[i] = e
    return [r for r in results if r is not None]


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract with one language model (never `vie+eng`: it strips diacritics)."""

    language: str = "vie"
    timeout: int = 0

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition:
        from digitize.ocr.tesseract import recognize

        return recognize(image, dpi=dpi, language=self.language, timeout=self.timeout)

    def recognize_many(self, images: Sequence[np.ndarray], *, dpi: float) -> list[Recognition]:
        """Pages of one resolution in one Tesseract run (the model loads once)."""
        from digitize.ocr.tesseract import recognize_many

        return recognize_many(images, dpi=dpi, language=self.language, timeout=self.timeout)

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
