"""Page preprocessing with OpenCV, array → array: upright, deskewed, cleaned for OCR.

A scanned page arrives at any quarter turn, tilted by a few degrees, at
200-600 dpi, sometimes with an uneven background. Tesseract reads a page at
-3° as almost empty and a page upside down as nonsense, so before OCR:

1. **Angles are estimated on a small copy** (every third pixel at 300 dpi,
   Otsu ink mask, photos and frames left out) so they cost a few tens of
   milliseconds: the text-line direction (0/180 vs 90/270) and the skew come
   from the sharpness of the ink's projection profile over a coarse-to-fine
   angle search (±0.05°); upside down vs upright from the small marks
   (Vietnamese tone marks, circumflexes, the dots of i and j) and whether
   they sit on top of their letter or under it.
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
UPSIDE_DOWN_MARGIN = 0.08  # share of marks above their letter must leave 0.5 by this
MARKS_DPI = 150.0  # a closer look at the marks when 100 dpi leaves doubt
MIN_MARKS = 12  # fewer marks than this say nothing about up and down
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
        step = 1
        ink = _ink_mask(gray, dpi, step)
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
        # Text lines run top-bottom: turn the page a quarter clockwise, then judge up/down.
        chosen, quarter = turned_pts, 90
        skew = _fine_angle(turned_pts, v_angle)
    else:
        chosen, quarter = upright, 0
        skew = _fine_angle(upright, h_angle)
    lines = _count_lines(_rows(chosen, skew))
    if lines < MIN_LINES:  # a word or a stamp: nothing to go by, leave the page as given
        return Angles(0, 0.0, confident=False)
    above, marks = _marks_above(_turned(ink, quarter), dpi / step)
    sure = marks >= MIN_MARKS and abs(above - 0.5) > UPSIDE_DOWN_MARGIN
    fine_step = max(1, round(dpi / MARKS_DPI))
    if not sure and fine_step < step:  # short or crowded page: look closer, once
        above, marks = _marks_above(
            _turned(_ink_mask(gray, dpi, fine_step), quarter), dpi / fine_step
        )
        sure = marks >= MIN_MARKS and abs(above - 0.5) > UPSIDE_DOWN_MARGIN
    upside_down = sure and above < 0.5
    rotation = (quarter + (180 if upside_down else 0)) % 360
    return Angles(rotation, float(skew), confident=sure)


def _turned(mask: np.ndarray, quarter: int) -> np.ndarray:
    return mask if quarter == 0 else np.ascontiguousarray(np.rot90(mask, k=-1))


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


def _rows(pts: np.ndarray, degrees: float) -> np.ndarray:
    """Ink per row after turning the points (x, y) by `degrees` (counter-clockwise)."""
    t = np.deg2rad(degrees)
    y = pts[1] * np.cos(t) + pts[0] * np.sin(t)
    return np.bincount((y - y.min()).astype(np.int32)).astype(np.float64)


def _profile_score(pts: np.ndarray, degrees: float) -> float:
    """Sharpness of the row profile at `degrees`: text lines in line give the steepest edges."""
    d = np.diff(_rows(pts, degrees))
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
    half = 0.6 * _COARSE_STEP  # the coarse best is within half a step of the truth
    fine = np.arange(around - half, around + half + 1e-9, _FINE_STEP)
    scores = [_profile_score(pts, a) for a in fine]
    return float(fine[int(np.argmax(scores))])


def _marks_above(mask: np.ndarray, dpi: float) -> tuple[float, int]:
    """Share of the small marks that sit on top of a letter rather than under one, and their count.

    Vietnamese puts tone marks and circumflexes over most vowels and only the
    dot below under them; Latin adds the dots of i and j. On an upright page
    nearly all marks are above their letter; upside down, nearly all below.
    Each mark is judged locally (the letter right under or over it), so a
    skew of a few degrees does not matter.
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n < 20:
        return 0.5, 0
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    letters = h[h >= max(3.0, 0.03 * dpi)]  # taller than dots and leaders: 0.75 mm
    if letters.size < 10:
        return 0.5, 0
    x_height = float(np.median(letters))
    tall = np.zeros(n, bool)
    tall[1:] = h >= 0.6 * x_height
    w = stats[:, cv2.CC_STAT_WIDTH]
    ht = stats[:, cv2.CC_STAT_HEIGHT]
    small = (ht < 0.5 * x_height) & (w < 1.2 * x_height) & (stats[:, cv2.CC_STAT_AREA] >= 2)
    small[0] = False
    idx = np.flatnonzero(small)
    if idx.size == 0:
        return 0.5, 0
    xc = stats[idx, cv2.CC_STAT_LEFT] + w[idx] // 2
    top = stats[idx, cv2.CC_STAT_TOP]
    bottom = top + ht[idx]
    rows = labels.shape[0]
    reach = max(2, round(0.6 * x_height))
    over = np.zeros(idx.size, bool)  # a letter right below the mark
    under = np.zeros(idx.size, bool)  # a letter right above the mark
    for k in range(reach):
        down = labels[np.minimum(bottom + k, rows - 1), xc]
        up = labels[np.maximum(top - 1 - k, 0), xc]
        over |= tall[down] & (down != idx)
        under |= tall[up] & (up != idx)
    a, b = int(np.count_nonzero(over & ~under)), int(np.count_nonzero(under & ~over))
    return (a / (a + b) if a + b else 0.5), a + b


def _count_lines(rows: np.ndarray) -> int:
    """Runs of inked rows at least 4 rows tall: text lines, give or take."""
    on = rows > 0.02 * max(1.0, float(rows.max()))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    starts, ends = edges[::2], edges[1::2]
    return int(np.count_nonzero(ends - starts >= 4))


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
    h = gray.shape[0]
    band = gray[h // 4 : h // 2 : 2, ::2]  # a quarter of the page, every other pixel, tells
    dark = (band < 128).astype(np.uint8)
    count = int(dark.sum())
    if not count:
        return False
    neighbours = cv2.filter2D(dark, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT)
    isolated = int(np.count_nonzero(dark & (neighbours == 1)))
    return isolated > 0.02 * count
