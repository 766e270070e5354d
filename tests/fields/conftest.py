"""Helpers for field tests: OCR pages built from text at known positions (no Tesseract)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from digitize.models import OcrPage, OcrWord

Line = tuple[float, float, str]  # x mm, y mm (top), text


def make_page(
    lines: list[Line],
    *,
    number: int = 1,
    dpi: int = 300,
    conf: float = 95.0,
    width_mm: float = 210,
    height_mm: float = 297,
) -> OcrPage:
    """Words laid out as a monospaced printer would: 40 px high, 22 px a character, 14 px spaces."""
    px = dpi / 25.4
    words = []
    for x, y, text in lines:
        left = round(x * px)
        for w in text.split():
            width = 22 * len(w)
            words.append(OcrWord(w, conf, left, round(y * px), width, 40))
            left += width + 14
    return OcrPage(number, round(width_mm * px), round(height_mm * px), dpi, tuple(words))


@pytest.fixture
def page() -> Callable[..., OcrPage]:
    return make_page
