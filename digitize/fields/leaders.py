"""Dotted leaders off the page image, so Tesseract reads the typed values on form lines.

Printed forms (birth certificates, extracts) carry rows of dots after each
label. Tesseract folds them into the text line, guesses a wrong baseline and
x-height and misreads the value next to them. A leader is a run of at least
four small, same-size blobs on one baseline at regular spacing; a lone dot
(the tone mark under `ị`, an `i`'s dot) is never part of one.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["remove_leaders", "leader_count", "strip_leaders", "MIN_LEADER_DOTS"]

#: A page with fewer leader dots reads fine as it is (not a printed form).
MIN_LEADER_DOTS = 40


def _dots(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Boxes (x, y, w, h) of the blobs that belong to a leader."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, cents = cv2.connectedComponentsWithStats(bw, connectivity=8)
    maxd = max(3, round(dpi * 0.04))  # ~1 mm
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    small = (w <= maxd) & (h <= maxd) & (area >= 2) & (w <= 2.5 * h) & (h <= 2.5 * w)
    small[0] = False
    idx = np.flatnonzero(small)
    if idx.size < 4:
        return np.empty((0, 4), int)
    cy, cx = cents[idx, 1], cents[idx, 0]
    order = np.lexsort((cx, np.round(cy / 3)))
    keep = np.zeros(idx.size, bool)
    gap = maxd * 4
    # chain along rows: consecutive (in x) blobs within `gap` and ±2 px of the same baseline
    rows = np.round(cy[order] / 3)
    start = 0
    for i in range(1, order.size + 1):
        if i == order.size or rows[i] != rows[start]:
            seg = order[start:i]
            xs = cx[seg]
            run = [0]
            for j in range(1, seg.size):
                if xs[j] - xs[j - 1] <= gap and abs(cy[seg[j]] - cy[seg[j - 1]]) <= 2.5:
                    run.append(j)
                else:
                    if len(run) >= 4:
                        keep[seg[run]] = True
                    run = [j]
            if len(run) >= 4:
                keep[seg[run]] = True
            start = i
    return stats[idx[keep], :4]


def leader_count(gray: np.ndarray, dpi: float) -> int:
    return len(_dots(gray, dpi))


def remove_leaders(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """A copy of `gray` with leader dots painted white, and how many dots went."""
    boxes = _dots(gray, dpi)
    if not len(boxes):
        return gray, 0
    out = gray.copy()
    for x, y, w, h in boxes:
        out[max(0, y - 1) : y + h + 1, max(0, x - 1) : x + w + 1] = 255
    return out, len(boxes)


def strip_leaders(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, bool]:
    """`gray` without its leaders when it is a printed form, and whether any were removed.

    A half-resolution count decides first (a quarter of the pixels, ~20 ms), so
    pages that are not forms, or whose leaders are already gone, cost little.
    """
    h, w = gray.shape[:2]
    half = cv2.resize(gray, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    if leader_count(half, dpi / 2) < MIN_LEADER_DOTS:
        return gray, False
    cleaned, n = remove_leaders(gray, dpi)
    return cleaned, n >= MIN_LEADER_DOTS
