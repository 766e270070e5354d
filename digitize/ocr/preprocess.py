"""Page preprocessing with OpenCV, array → array: upright, deskewed, cleaned for OCR.

A scanned page arrives at any quarter turn, tilted by a few degrees, at
200-600 dpi, sometimes with an uneven background. Tesseract reads a page at
-3° as almost empty and a page upside down as nonsense, so before OCR:

1. **Angles are estimated on a small copy** (~100 dpi, Otsu ink mask) so
   they cost a few milliseconds: the text-line direction (0/180 vs 90/270)
   and the skew come from the sharpness of the ink's projection profile over
   a coarse-to-fine angle search (±0.05°); upside down vs upright from the
   text lines themselves (ascenders, capitals and Vietnamese tone marks put
   more ink above the x-height band than descenders put below it).
2. **The display image** (kept in the PDF) is the faithful scan: rotated by
   the quarter turn (lossless) and deskewed when the tilt is worth it, nothing
   else.
3. **The OCR image** is the display image in gray with the background
   flattened and the contrast stretched, lightly denoised, and upscaled to
   300 dpi when the scan is below `upscale_below_dpi`. It has the same page
   geometry as the display image (only the pixel density differs), so
   Tesseract's text layer lies exactly over the scan.

Tesseract's own OSD (osd.traineddata) is not used: it needs another package
and costs a second Tesseract pass per page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

__all__ = ["PreparedPage", "prepare_page", "estimate_angles", "OCR_DPI"]

OCR_DPI = 300.0  # what low-resolution pages are upscaled to
ANALYSIS_DPI = 100.0  # angle estimation works on a copy this small
MAX_SKEW = 10.0  # degrees searched either side
UNEVEN_BACKGROUND = 40  # grey levels of background variation worth flattening
MIN_LINES = 3  # fewer text lines than this: angles are not estimated
UPSIDE_DOWN_MARGIN = 0.06  # share of ink above the x-height band must leave 0.5 by this
MIN_DESKEW = 0.1  # below this the scan is left untouched (no resampling for nothing)
_COARSE_STEP = 0.5
_FINE_STEP = 0.05


@dataclass(frozen=True)
class PreparedPage:
    """One page ready for OCR, and the faithful image to keep in the PDF.

    `ocr_image` and `display_image` cover the same page area: boxes found on
    the OCR image map to the display image by `1 / scale`.
    """

    ocr_image: np.ndarray  # uint8 gray
    ocr_dpi: float
    display_image: np.ndarray  # the scan (gray or RGB), upright and deskewed
    display_dpi: float
    rotation: int = 0  # quarter turn applied, degrees clockwise (0/90/180/270)
    skew: float = 0.0  # tilt removed, degrees counter-clockwise (0.0 when none applied)
    scale: float = 1.0  # ocr pixels per display pixel


@dataclass(frozen=True)
class Angles:
    """What the angle estimation found on the page as given."""

    rotation: int  # clockwise quarter turn that makes the text upright
    skew: float  # remaining tilt of the text lines, counter-clockwise degrees
    confident: bool  # False on pages with too little text to tell


def prepare_page(
    image: np.ndarray,
    dpi: float,
    *,
    upscale_below_dpi: float = 250,
    target_dpi: float = OCR_DPI,
) -> PreparedPage:
    """Upright and deskew the page, then derive the OCR image (gray, clean, ≥ 300 dpi)."""
    gray = _gray(image)
    angles = estimate_angles(gray, dpi)
    display = _quarter_turn(image, angles.rotation)
    gray = _quarter_turn(gray, angles.rotation)
    skew = angles.skew if abs(angles.skew) >= MIN_DESKEW else 0.0
    if skew:
        display = _rotate(display, skew)
        gray = _gray(display) if display.ndim == 3 else display
    scale = 1.0
    if dpi < upscale_below_dpi:
        scale = target_dpi / dpi
    ocr = _clean(gray)
    if scale != 1.0:
        h, w = ocr.shape
        ocr = cv2.resize(ocr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_CUBIC)
        scale = ocr.shape[1] / w
    return PreparedPage(
        ocr_image=ocr,
        ocr_dpi=dpi * scale,
        display_image=display,
        display_dpi=dpi,
        rotation=angles.rotation,
        skew=round(skew, 2),
        scale=scale,
    )


def estimate_angles(gray: np.ndarray, dpi: float) -> Angles:
    """Quarter turn and skew of a gray page, from a ~100 dpi ink mask."""
    step = max(1, round(dpi / ANALYSIS_DPI))
    ink = _ink_mask(gray, dpi, step)
    if int(ink.sum()) < 2000 and step > 1:  # a small image: look at every pixel
        ink = _ink_mask(gray, dpi, 1)
    ys, xs = np.nonzero(ink)
    if ys.size < 200:  # blank page, or nearly
        return Angles(0, 0.0, confident=False)
    pts = np.stack([xs, ys]).astype(np.float32)
    pts -= pts.mean(axis=1, keepdims=True)
    upright = pts
    turned_pts = np.stack([-pts[1], pts[0]])  # the page turned a quarter clockwise
    h_angle, h_score = _coarse_angle(upright)
    v_angle, v_score = _coarse_angle(turned_pts)
    if v_score > h_score * 1.15:
        # Text lines run top-bottom: turn the mask a quarter clockwise, then judge up/down.
        turned = np.ascontiguousarray(np.rot90(ink, k=-1))
        skew, quarter = _fine_angle(turned_pts, v_angle), 90
    else:
        turned, skew, quarter = ink, _fine_angle(upright, h_angle), 0
    if abs(skew) >= MIN_DESKEW:
        turned = _rotate(turned, skew, border=0)
    lines, above = _lines_and_ascent(turned)
    if lines < MIN_LINES:  # a word or a stamp: nothing to go by, leave the page as given
        return Angles(0, 0.0, confident=False)
    upside_down = above < 0.5 - UPSIDE_DOWN_MARGIN
    sure = abs(above - 0.5) > UPSIDE_DOWN_MARGIN
    rotation = (quarter + (180 if upside_down else 0)) % 360
    return Angles(rotation, float(skew), confident=sure)


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def _ink_mask(gray: np.ndarray, dpi: float, step: int) -> np.ndarray:
    """Dark marks (text) as 1s on every `step`-th pixel; photos, emblems and frames left out."""
    small = gray[::step, ::step]  # sampling, not averaging: thin strokes survive, and it is free
    _, mask = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if mask.mean() > 0.5:  # white text on dark: not a page of text
        return np.zeros_like(mask)
    # Photos, emblems, stamps and solid blocks are no text lines: drop blobs big both ways.
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    big_px = 0.4 * dpi / step  # 1 cm: taller than any letter of body text
    big = (stats[:, cv2.CC_STAT_WIDTH] > big_px) & (stats[:, cv2.CC_STAT_HEIGHT] > big_px)
    big[0] = False
    if big.any():
        mask = np.where(big[labels], 0, mask).astype(np.uint8)
    return mask


def _profile_score(pts: np.ndarray, degrees: float) -> float:
    """Sharpness of the row profile after turning the points by `degrees` (counter-clockwise)."""
    t = np.deg2rad(degrees)
    y = pts[1] * np.cos(t) + pts[0] * np.sin(t)
    rows = np.bincount((y - y.min()).astype(np.int32))
    d = np.diff(rows.astype(np.float64))
    return float(np.dot(d, d))


def _coarse_angle(pts: np.ndarray) -> tuple[float, float]:
    """The tilt (to `_COARSE_STEP`) that makes text lines sharpest, and how sharp; few points do."""
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _COARSE_STEP)
    few = pts[:, :: max(1, pts.shape[1] // 8000)]
    scores = [_profile_score(few, a) for a in coarse]
    i = int(np.argmax(scores))
    return float(coarse[i]), float(scores[i])


def _fine_angle(pts: np.ndarray, around: float) -> float:
    """The tilt to `_FINE_STEP` near the coarse one, with every point."""
    fine = np.arange(around - _COARSE_STEP, around + _COARSE_STEP + 1e-9, _FINE_STEP)
    scores = [_profile_score(pts, a) for a in fine]
    return float(fine[int(np.argmax(scores))])


def _lines_and_ascent(mask: np.ndarray) -> tuple[int, float]:
    """Text lines of a level `mask`, and the share of their off-core ink that lies above the core.

    In each text line the rows denser than half the line's peak are the
    x-height band; ink above it (ascenders, capitals, tone marks) outweighs
    ink below it (descenders, the dot below) in Vietnamese by about 2:1, so a
    share well under one half means the page is upside down.
    """
    rows = mask.sum(axis=1).astype(np.float64)
    on = rows > 0.02 * max(1.0, float(rows.max()))
    above = below = 0.0
    lines = 0
    i, n = 0, rows.size
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j < n and on[j]:
            j += 1
        line = rows[i:j]
        if line.size >= 4:
            lines += 1
            core = np.flatnonzero(line >= 0.5 * line.max())
            above += line[: core[0]].sum()
            below += line[core[-1] + 1 :].sum()
        i = j
    total = above + below
    return lines, (above / total if total else 0.5)


def _quarter_turn(image: np.ndarray, clockwise: int) -> np.ndarray:
    if clockwise == 0:
        return image
    code = {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }[clockwise]
    return cv2.rotate(image, code)


def _rotate(image: np.ndarray, degrees: float, *, border: int | None = None) -> np.ndarray:
    """Turn by `degrees` clockwise to undo a counter-clockwise tilt; same size, paper corners."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), -degrees, 1.0)
    if border is None:
        border = int(np.percentile(image[:: max(1, h // 64), :: max(1, w // 64)], 90))
    fill = (border,) * (3 if image.ndim == 3 else 1)
    interp = cv2.INTER_NEAREST if border == 0 else cv2.INTER_LINEAR
    return cv2.warpAffine(
        image, m, (w, h), flags=interp, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )


def _clean(gray: np.ndarray) -> np.ndarray:
    """Background flattened, contrast stretched, speckle removed: for Tesseract's eyes only.

    Each step runs only when the page needs it, so a clean scan costs a few milliseconds.
    """
    if _is_bilevel(gray):
        return gray
    h, w = gray.shape
    small = np.ascontiguousarray(gray[::8, ::8])
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # text removed: paper only
    lo_bg, hi_bg = np.percentile(background, (2, 98))
    out = gray
    if hi_bg - lo_bg > UNEVEN_BACKGROUND:  # shadows, yellowed paper, a fold: divide them out
        full = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)[:h, :w]
        out = cv2.divide(gray, np.maximum(full, 1), scale=255)
    lo, hi = np.percentile(out[::4, ::4], (0.5, 99.5))
    if 16 < hi - lo < 224:  # faint or grey print: stretch to full contrast
        lut = np.clip((np.arange(256) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)
        out = cv2.LUT(out, lut)
    return cv2.medianBlur(out, 3) if _is_noisy(out) else out


def _is_bilevel(gray: np.ndarray) -> bool:
    sample = gray[::7, ::7]
    return bool(np.all((sample == 0) | (sample == 255)))


def _is_noisy(gray: np.ndarray) -> bool:
    """Salt-and-pepper speckle: many isolated dark pixels on the paper."""
    band = gray[: gray.shape[0] // 2 : 2]  # half the page is plenty to tell
    dark = (band < 128).astype(np.uint8)
    count = int(dark.sum())
    if not count:
        return False
    neighbours = cv2.filter2D(dark, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT)
    isolated = int(np.count_nonzero(dark & (neighbours == 1)))
    return isolated > 0.02 * count
