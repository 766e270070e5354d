"""Re-reading a weak field: its crop, upscaled, as one text line (Tesseract psm 7)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from statistics import median

import cv2
import numpy as np

from digitize.errors import DigitizeError
from digitize.fields.values import Read
from digitize.models import FieldValue, OcrPage, OcrWord
from digitize.ocr.tesseract import recognize

__all__ = ["reread", "reread_line", "vote_number"]


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
    read_words = _read_line(crop, page.dpi * scale)
    if read_words is None:
        return None
    # back to page pixels; keep the words over the value, not the context before it
    words = []
    for w in read_words:
        left = cx0 + w.left / scale
        right = cx0 + w.right / scale
        if (left + right) / 2 < x0:
            continue
        words.append(
            dataclasses.replace(
                w,
                left=round(left),
                top=round(cy0 + w.top / scale),
                width=round(right - left),
                height=round(w.height / scale),
            )
        )
    if not words:
        return None
    return value(Read(tuple(words), read.page))


# Register numbers (`Số: 30`): Tesseract's Vietnamese model misreads short digit strings even on
# clean print and with high confidence (`30` → `50` at 92, `181` → `1BÌ`), and no dictionary can
# check them. The evidence is agreement: the crop at several scales and contexts, stacked as lines
# of ONE image (one Tesseract run, ~0.15 s) and read with the English model (digits only need
# Latin glyphs, and it reads them more steadily); the value most lines give wins.
_VARIANTS = ((4.0, 1.0), (4.0, 2.0), (0.0, 1.0), (0.0, 2.0), (6.0, 1.5))  # (context × h, scale)
_REGISTER = re.compile(r"\d{1,6}(/\d{2,4})?")


def vote_number(
    image: np.ndarray, page: OcrPage, read: Read, normalise: Callable[[str], str | None]
) -> tuple[str | None, int, int]:
    """(the register number most re-read lines agree on, its votes, lines + 1 for the first read).

    The first read (`read`) votes too. None when no value has a strict majority of
    at least three.
    """
    x0, y0, x1, y1 = read.box
    h = max(y1 - y0, 1)
    pad = int(0.4 * h)
    ih, iw = image.shape[:2]
    strips, starts = [], []  # value's left edge in each strip
    for ctx, scale in _VARIANTS:
        cx0 = max(0, x0 - int(ctx * h) - pad)
        crop = image[max(0, y0 - pad) : min(ih, y1 + pad), cx0 : min(iw, x1 + 2 * pad)]
        if crop.size == 0:
            return None, 0, 0
        if crop.ndim == 3:
            crop = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
        if scale != 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        strips.append(crop)
        starts.append((x0 - cx0) * scale)
    width = max(s.shape[1] for s in strips) + 80
    rows, tops = [], []
    y = 0
    for s in strips:
        row = cv2.copyMakeBorder(
            s, 30, 30, 40, width - 40 - s.shape[1], cv2.BORDER_CONSTANT, value=255
        )
        tops.append(y)
        y += row.shape[0]
        rows.append(row)
    try:
        rec = recognize(np.vstack(rows), dpi=page.dpi, language="eng", psm=6, pdf=False, timeout=30)
    except DigitizeError:
        return None, 0, 0
    texts = [""] * len(strips)
    for w in rec.words:
        i = max(j for j, t in enumerate(tops) if t <= (w.top + w.bottom) / 2)
        start = starts[i] + 40
        if w.right < start + 0.3 * h:
            continue  # the label
        text = w.text
        if w.left < start - 0.3 * h:  # the label glued to the value (`S0.55`, `50)-55`)
            m = re.match(r"^.*[:;.,)\]]-?(?=\w)", text)
            if m is None and (w.left + w.right) / 2 < start:
                continue
            text = text[m.end() :] if m else text
        texts[i] += text
    first = normalise(read.text)
    values = [normalise(t) for t in texts if t] + [first]
    counts = Counter(v for v in values if v and _REGISTER.fullmatch(v))
    if not counts:
        return None, 0, len(values)
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    if n < 3 or n == rest[0][1]:
        return None, n, len(values)
    return best, n, len(values)


def reread_line(image: np.ndarray, dpi: float, words: Sequence[OcrWord]) -> tuple[OcrWord, ...]:
    """OCR one weak line again on its own (psm 7), in page pixels; () when nothing is read.

    A blotch or a stamp near a line makes the page read garble it (`EÒ: chữ đeui tên:
    KkiếU)`); the line alone reads `Họ, chữ đệm, tên: KIỀU THỊ THỦY`.
    """
    x0, y0 = min(w.left for w in words), min(w.top for w in words)
    x1, y1 = max(w.right for w in words), max(w.bottom for w in words)
    pad = int(0.5 * median(w.height for w in words))
    ih, iw = image.shape[:2]
    cx0, cy0 = max(0, x0 - pad), max(0, y0 - pad)
    crop = image[cy0 : min(ih, y1 + pad), cx0 : min(iw, x1 + pad)]
    if crop.size == 0:
        return ()
    read_words = _read_line(crop, dpi)
    if read_words is None:
        return ()
    return tuple(dataclasses.replace(w, left=w.left + cx0, top=w.top + cy0) for w in read_words)


def _read_line(crop: np.ndarray, dpi: float) -> tuple[OcrWord, ...] | None:
    """One Tesseract run on `crop` as a single text line (psm 7), a white margin around it;
    words in `crop`'s pixels, None when Tesseract fails.
    """
    border = 20
    framed = cv2.copyMakeBorder(
        crop,
        border,
        border,
        border,
        border,
        cv2.BORDER_CONSTANT,
        value=255 if crop.ndim == 2 else (255, 255, 255),
    )
    try:
        rec = recognize(framed, dpi=dpi, psm=7, pdf=False, timeout=30)
    except DigitizeError:
        return None
    return tuple(
        dataclasses.replace(w, left=w.left - border, top=w.top - border) for w in rec.words
    )
