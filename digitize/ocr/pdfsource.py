"""PDF inputs: checks before rendering, and pages as images at their native resolution.

A scanned PDF is usually one full-page image per page; that image is taken
out as it is (pikepdf.PdfImage), at the resolution it was scanned at, which
is faster and more faithful than rendering. Anything else (vector pages,
rotated or clipped placements, exotic encodings) is rendered with Poppler at
the configured resolution. Page sizes and embedded image sizes are checked
before anything is decoded, so a decompression bomb is refused, not rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from digitize.config import OcrConfig
from digitize.errors import InputRejected

if TYPE_CHECKING:
    import pikepdf

    from digitize.ocr.ingest import Source, SourcePage

__all__ = ["check_pdf", "iter_pdf_pages"]

# qpdf's repair warnings go to the "pikepdf" logger; the user gets our one-line reason instead.
logging.getLogger("pikepdf").addHandler(logging.NullHandler())
logging.getLogger("pikepdf").propagate = False

_MM_PER_PT = 25.4 / 72


def _open(path: Path, label: str) -> pikepdf.Pdf:
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as e:
        raise InputRejected("scan.reject.encrypted", source=label) from e
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as e:
        raise InputRejected(
            "scan.reject.corrupt_pdf", source=label, detail=_short(e).replace(f"{path}: ", "")
        ) from e
    if pdf.is_encrypted:
        pdf.close()
        raise InputRejected("scan.reject.encrypted", source=label)
    return pdf


def check_pdf(path: Path, limits: OcrConfig, label: str) -> int:
    """Page count, page sizes, scripts and embedded image sizes, without decoding any pixels."""
    import pikepdf

    pdf = _open(path, label)
    try:
        n = len(pdf.pages)
        if n == 0:
            raise InputRejected("scan.reject.no_pages", source=label)
        if n > limits.max_pages:
            raise InputRejected(
                "scan.reject.too_many_pages", source=label, pages=n, limit=limits.max_pages
            )
        if _has_javascript(pdf):
            raise InputRejected("scan.reject.scripts", source=label)
        for i, page in enumerate(pdf.pages, start=1):
            w_pt, h_pt = _page_size(page)
            if not (1 <= w_pt * _MM_PER_PT <= 5000 and 1 <= h_pt * _MM_PER_PT <= 5000):
                raise InputRejected(
                    "scan.reject.page_size",
                    source=label,
                    page=i,
                    width=round(w_pt * _MM_PER_PT),
                    height=round(h_pt * _MM_PER_PT),
                )
            render_px = (w_pt / 72 * limits.rasterize_dpi) * (h_pt / 72 * limits.rasterize_dpi)
            if render_px > limits.max_page_pixels:
                raise InputRejected(
                    "scan.reject.pixels",
                    source=label,
                    page=i,
                    pixels=round(render_px / 1e6),
                    limit=limits.max_page_pixels // 1_000_000,
                )
            for _name, img in page.get_images().items():
                iw, ih = int(img.get("/Width", 0)), int(img.get("/Height", 0))
                if iw * ih > limits.max_page_pixels:
                    raise InputRejected(
                        "scan.reject.pixels",
                        source=label,
                        page=i,
                        pixels=round(iw * ih / 1e6),
                        limit=limits.max_page_pixels // 1_000_000,
                    )
        return n
    except InputRejected:
        raise
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, AttributeError, RuntimeError) as e:
        raise InputRejected("scan.reject.corrupt_pdf", source=label, detail=_short(e)) from e
    finally:
        pdf.close()


def iter_pdf_pages(source: Source, limits: OcrConfig) -> Iterator[SourcePage]:
    """Each page as an image: the embedded scan when the page is one, else rendered by Poppler."""
    from digitize.ocr.ingest import SourcePage
    from digitize.ocr.poppler import rasterize

    for number in range(1, source.pages + 1):
        native = _native_image(source, number)
        if native is not None:
            image, dpi = native
        else:
            dpi = float(limits.rasterize_dpi)
            image = rasterize(
                source.path,
                number,
                dpi=dpi,
                timeout=limits.page_timeout_seconds,
                source=source.name,
            )
        if image.ndim == 3 and _is_gray(image):
            image = np.ascontiguousarray(image[:, :, 0])
        yield SourcePage(number=number, image=image, dpi=dpi)


def _native_image(source: Source, number: int) -> tuple[np.ndarray, float] | None:
    """The page's single full-page image and its dpi, or None when the page must be rendered.

    Reopening the file per page keeps memory bounded and the iterator free
    of open handles between pages (pikepdf opens lazily; this is cheap).
    """
    import pikepdf
    from pikepdf import PdfImage

    pdf = _open(source.path, source.name)
    try:
        page = pdf.pages[number - 1]
        if int(page.obj.get("/Rotate", 0)) % 360:
            return None
        images = list(page.get_images(recursive=False).values())
        if len(images) != 1 or "/Font" in page.resources:
            return None
        raw = images[0]
        if raw.get("/ImageMask", False) or "/SMask" in raw or "/Mask" in raw:
            return None
        w_pt, h_pt = _page_size(page)
        iw, ih = int(raw.Width), int(raw.Height)
        if abs((iw / ih) - (w_pt / h_pt)) > 0.02 * (w_pt / h_pt):
            return None  # not a full-page placement (or rotated): let Poppler compose it
        if not _draws_full_page(page, w_pt, h_pt):
            return None
        dpi = iw / (w_pt / 72)
        if not 75 <= dpi <= 2400:
            return None
        pim = PdfImage(raw).as_pil_image()
        if pim.mode not in ("L", "RGB", "1", "P"):
            return None
        arr = np.asarray(pim.convert("L" if pim.mode in ("1", "L") else "RGB"))
        return arr, dpi
    except (
        pikepdf.PdfError,
        NotImplementedError,
        ValueError,
        KeyError,
        OSError,
        AttributeError,
        TypeError,
        ZeroDivisionError,
    ):
        return None  # anything unusual: rendering is the safe path
    finally:
        pdf.close()


def _draws_full_page(page: pikepdf.Page, w_pt: float, h_pt: float) -> bool:
    """The content is `q W 0 0 H x y cm /Im Do Q` (give or take): one upright full-page image."""
    import pikepdf

    ops = pikepdf.parse_content_stream(page)
    cms = [operands for operands, op in ops if str(op) == "cm"]
    dos = [operands for operands, op in ops if str(op) == "Do"]
    if len(dos) != 1 or len(cms) != 1:
        return False
    a, b, c, d, _e, _f = (float(x) for x in cms[0])
    return (
        abs(b) < 1e-6
        and abs(c) < 1e-6
        and a > 0
        and d > 0
        and abs(a - w_pt) <= 0.02 * w_pt
        and abs(d - h_pt) <= 0.02 * h_pt
    )


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    box = page.mediabox
    return abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))


def _has_javascript(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        return True
    import pikepdf

    action = root.get("/OpenAction")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.JavaScript:
        return True
    return "/AA" in root


def _is_gray(image: np.ndarray) -> bool:
    """An RGB page whose channels agree (a gray scan stored or rendered as colour)."""
    sample = image[::7, ::7]
    return bool(
        np.array_equal(sample[:, :, 0], sample[:, :, 1])
        and np.array_equal(sample[:, :, 1], sample[:, :, 2])
    )


def _short(e: BaseException) -> str:
    return (" ".join(str(e).split()) or type(e).__name__)[:160]
