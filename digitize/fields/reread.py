"""Re-reading a weak field: its crop, upscaled, as one text line (Tesseract psm 7)."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from digitize.errors import DigitizeError
from digitize.fields.values import Read
from digitize.models import FieldValue, OcrPage
from digitize.ocr.tesseract import recognize

__all__ = ["reread"]


def reread(
    image: np.ndarray, page: OcrPage, read: Read, value: Callable[[Read], FieldValue | None]
) -> FieldValue | None:
    """OCR the crop of `read` again; returns the value it gives, or None."""
    x0, y0, x1, y1 = read.box
    h = max(y1 - y0, 1)
    if h > 1.8 * max(w.height for w in read.words):
        return None  # a value on two lines is not one text line (psm 7)
    pad = int(0.4 * h)
    ih, iw = image.shape[:2]
    crop = image[max(0, y0 - pad) : min(ih, y1 + pad), max(0, x0 - pad) : min(iw, x1 + pad)]
    if crop.size == 0:
        return None
    scale = 2.0 if page.dpi < 400 else 1.0
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    crop = cv2.copyMakeBorder(
        crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255 if crop.ndim == 2 else (255, 255, 255)
    )
    try:
        rec = recognize(crop, dpi=page.dpi * scale, psm=7, pdf=False, timeout=30)
    except DigitizeError:
        return None
    if not rec.words:
        return None
    return value(Read(rec.words, read.page))
