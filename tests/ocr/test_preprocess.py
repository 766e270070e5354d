"""Preprocessing on real rendered pages and the samples: angles measured, images kept faithful.

No OCR here (pure array → array, milliseconds per page); the OCR of skewed,
turned and low-resolution pages is checked end to end in test_scan_pipeline.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers_render import legal_text, render_page
from PIL import Image

from digitize.ocr.preprocess import estimate_angles, prepare_page

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
RESOURCES = ROOT / "tests" / "resources"


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_page(legal_text("qd-1456", max_chars=900))[0]


def _tilt(img: np.ndarray, degrees: float) -> np.ndarray:
    """The page tilted counter-clockwise, as a scanner's feeder does it (new corners white)."""
    return np.asarray(
        Image.fromarray(img).rotate(
            degrees,
            expand=True,
            fillcolor=255 if img.ndim == 2 else (255, 255, 255),
            resample=Image.Resampling.BICUBIC,
        )
    )


def _turn(img: np.ndarray, clockwise: int) -> np.ndarray:
    """The page put on the glass turned `clockwise` degrees."""
    return np.ascontiguousarray(np.rot90(img, k=-clockwise // 90))


@pytest.mark.parametrize("degrees", [-3.0, -1.2, -0.4, 0.6, 2.1, 3.0])
def test_skew_is_measured_within_a_fifth_of_a_degree(page: np.ndarray, degrees: float) -> None:
    angles = estimate_angles(_tilt(page, degrees), 300)
    assert angles.rotation == 0
    assert abs(angles.skew - degrees) <= 0.2


@pytest.mark.parametrize("turned", [90, 180, 270])
@pytest.mark.parametrize("degrees", [0.0, -2.5])
def test_quarter_turns_are_undone(page: np.ndarray, turned: int, degrees: float) -> None:
    angles = estimate_angles(_turn(_tilt(page, degrees), turned), 300)
    assert angles.rotation == (360 - turned) % 360
    assert abs(angles.skew - degrees) <= 0.2


@pytest.mark.parametrize(
    ("name", "turned"), [("khai-sinh-01.png", 180), ("cccd-02.png", 90), ("ket-hon-01.jpg", 270)]
)
def test_sample_scans_turned_on_the_glass(name: str, turned: int) -> None:
    img = np.asarray(Image.open(SAMPLES / name).convert("L"))
    dpi = Image.open(SAMPLES / name).info.get("dpi", (300, 300))[0]
    assert estimate_angles(img, dpi).rotation == 0
    assert estimate_angles(_turn(img, turned), dpi).rotation == (360 - turned) % 360


def test_prepared_page_is_upright_deskewed_and_keeps_the_paper_size(page: np.ndarray) -> None:
    scan = _turn(_tilt(page, 2.0), 90)
    prepared = prepare_page(scan, 300)
    assert prepared.rotation == 270 and abs(prepared.skew - 2.0) <= 0.2
    h, w = scan.shape
    assert prepared.display_image.shape == (w, h)  # portrait again, same pixels per inch
    assert prepared.ocr_image.shape == prepared.display_image.shape and prepared.scale == 1.0
    # upright again: the text block starts at the top-left margin like the original page
    ink_rows = np.flatnonzero((prepared.ocr_image < 128).sum(axis=1) > 5)
    ref_rows = np.flatnonzero((page < 128).sum(axis=1) > 5)
    assert abs(int(ink_rows[0]) - int(ref_rows[0])) < 60


def test_a_straight_page_is_passed_through_untouched(page: np.ndarray) -> None:
    prepared = prepare_page(page, 300)
    assert prepared.display_image is page  # not even copied: its own bytes can go in the PDF
    assert (prepared.rotation, prepared.skew, prepared.scale) == (0, 0.0, 1.0)


def test_colour_scan_stays_colour_in_the_pdf_image(page: np.ndarray) -> None:
    rgb = np.stack([(page * f).astype(np.uint8) for f in (0.8, 0.9, 1.0)], axis=2)  # blue paper
    prepared = prepare_page(_tilt(rgb, 1.5), 300)
    assert abs(prepared.skew - 1.5) <= 0.2
    assert prepared.display_image.ndim == 3 and prepared.ocr_image.ndim == 2
    middle = (slice(1000, 1400), slice(600, 1800))
    paper = prepared.display_image[middle][prepared.ocr_image[middle] > 200]
    assert paper[:, 2].mean() > paper[:, 0].mean() + 30  # the tint of the paper is kept


def test_low_resolution_page_is_upscaled_for_ocr_only() -> None:
    img, _ = render_page(legal_text("qd-715", max_chars=400), dpi=200)
    prepared = prepare_page(img, 200, upscale_below_dpi=250)
    assert prepared.display_image is img and prepared.display_dpi == 200
    assert prepared.ocr_dpi == pytest.approx(300, abs=0.2)
    oh, ow = prepared.ocr_image.shape
    h, w = img.shape
    assert ow / prepared.ocr_dpi == pytest.approx(w / 200, abs=1 / 200)  # same page width
    assert oh / prepared.ocr_dpi == pytest.approx(h / 200, abs=1 / 200)
    assert prepared.scale == pytest.approx(1.5, abs=0.001)
    assert prepare_page(img, 260, upscale_below_dpi=250).scale == 1.0


def test_too_little_text_is_left_as_given() -> None:
    blank = np.full((1200, 900), 250, np.uint8)
    word = np.asarray(Image.open(RESOURCES / "scan" / "viet.tif").convert("L"))
    for img in (blank, word, _turn(word, 180)):
        prepared = prepare_page(img, 300)
        assert (prepared.rotation, prepared.skew) == (0, 0.0)


def test_uneven_background_and_speckle_are_cleaned_for_ocr(page: np.ndarray) -> None:
    h, w = page.shape
    shadow = np.linspace(0.45, 1.0, w, dtype=np.float32)[None, :]  # a book-fold shadow
    rng = np.random.default_rng(7)
    dirty = (page.astype(np.float32) * shadow).astype(np.uint8)
    specks = rng.random(page.shape) < 0.002
    dirty[specks] = 0
    ocr = prepare_page(dirty, 300).ocr_image
    paper = page == 255
    assert np.percentile(ocr[paper], 5) > 200  # the shadowed paper is white again
    ink = page < 100
    assert np.median(ocr[ink]) < 80  # and the text is still black
    isolated = specks & paper
    assert (ocr[isolated] > 128).mean() > 0.9  # lone specks gone
