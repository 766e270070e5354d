"""Re-reading a weak field: its crop, upscaled, as one text line (Tesseract psm 7)."""

from __future__ import annotations

import dataclasses
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
    context = 4 * h  # the label before the value: Tesseract reads a line better than a fragment
    ih, iw = image.shape[:2]
    cx0, cy0 = max(0, x0 - context), max(0, y0 - pad)
    crop = image[cy0 : min(ih, y1 + pad), cx0 : min(iw, x1 + 2 * pad)]
    if crop.size == 0:
        return None
    scale = 2.0 if page.dpi < 400 else 1.0
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    border = 20
    crop = cv2.copyMakeBorder(
        crop,
        border,
        border,
        border,
        border,
        cv2.BORDER_CONSTANT,
        value=255 if crop.ndim == 2 else (255, 255, 255),
    )
    try:
        rec = recognize(crop, dpi=page.dpi * scale, psm=7, pdf=False, timeout=30)
    except DigitizeError:
        return None
    # back to page pixels; keep the words over the value, not the context before it
    words = []
    for w in rec.words:
        left = cx0 + (w.left - border) / scale
        right = cx0 + (w.right - border) / scale
        if (left + right) / 2 < x0:
            continue
        words.append(
            dataclasses.replace(
                w,
                left=round(left),
                top=round(cy0 + (w.top - border) / scale),
                width=round(right - left),
                height=round(w.height / scale),
            )
        )
    if not words:
        return None
    return value(Read(tuple(words), read.page))
