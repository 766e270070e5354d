"""Several pages, of one or more documents, in one Tesseract run: same words, right pages.

`recognize_many` hands Tesseract a list of page images (the model loads once
per run); these tests check with real Tesseract that each page gets exactly
the words a single run gives it and its own page of the text-only PDF, that a
document spanning runs and a run spanning documents put every page in the
right PDF, and that one bad document or page in a batch fails alone.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from helpers_render import cer, legal_text, render_page
from PIL import Image

from digitize.errors import DocumentFailed
from digitize.ocr.tesseract import Recognition, recognize, recognize_many
from digitize.pipeline import DOCS_PER_TASK, ScanOptions, _batches, scan_batch

pytestmark = pytest.mark.xdist_group("scan-ocr")

SMALL = (105.0, 90.0)  # mm: a few lines of 12 pt text, cheap to OCR


def _page(name: str, skip: int = 0) -> tuple[np.ndarray, str]:
    img, lines = render_page(
        legal_text(name, skip_chars=skip, max_chars=260), page_mm=SMALL, margin_mm=8
    )
    return img, "\n".join(lines)


@pytest.fixture(scope="module")
def pages() -> list[tuple[np.ndarray, str]]:
    return [_page("qd-715"), _page("qd-1397"), _page("qd-2083")]


def _pdftotext(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_one_run_gives_each_page_the_words_of_its_own_single_run(pages) -> None:  # type: ignore[no-untyped-def]
    together = recognize_many([img for img, _ in pages], dpi=300)
    assert [rec.pdf_page for rec in together] == [0, 1, 2]
    assert len({id(rec.pdf) for rec in together}) == 1  # one text-only PDF shared by the run
    with pikepdf.open(io.BytesIO(together[0].pdf)) as layer:
        assert len(layer.pages) == 3
    for (img, truth), rec in zip(pages, together, strict=True):
        alone = recognize(img, dpi=300)
        assert rec.words == alone.words
        assert cer(truth, rec.text) < 0.02


def test_documents_spanning_runs_keep_their_own_pages(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 3-page TIFF and a PNG, two pages per run: runs [1, 2], [3, png]."""
    tiff = tmp_path / "three.tiff"
    frames = [Image.fromarray(img) for img, _ in pages]
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(300, 300))
    png = tmp_path / "single.png"
    img, truth = _page("qd-1456")
    Image.fromarray(img).save(png, dpi=(300, 300))
    out = tmp_path / "out"
    results = scan_batch([tiff, png], ScanOptions(dry_run=True, out_dir=out), pages_per_run=2)
    assert [r.source for r in results] == [str(tiff), str(png)]
    assert [r.pages for r in results] == [3, 1]
    assert all(r.exit_code == 0 for r in results), results
    for number, (_, page_truth) in enumerate(pages, start=1):
        assert cer(page_truth, _pdftotext(out / "three.pdf", number)) < 0.02
    assert cer(truth, _pdftotext(out / "single.pdf")) < 0.02
    with pikepdf.open(out / "three.pdf") as pdf:
        assert len(pdf.pages) == 3


def test_a_bad_document_in_a_batch_fails_alone(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = []
    for i, (img, _) in enumerate(pages[:2]):
        good.append(tmp_path / f"good-{i}.png")
        Image.fromarray(img).save(good[-1], dpi=(300, 300))
    broken = tmp_path / "broken.png"
    broken.write_bytes(good[0].read_bytes()[:400])  # truncated
    results = scan_batch([good[0], broken, good[1]], ScanOptions(dry_run=True))
    assert [r.source for r in results] == [str(good[0]), str(broken), str(good[1])]
    assert [r.exit_code for r in results] == [0, 4, 0]
    assert results[1].error and "\n" not in results[1].error


class _OnePageFails:
    """An engine whose multi-page run fails and whose single run fails on one page only."""

    def __init__(self, bad_shape: tuple[int, ...]) -> None:
        self.bad_shape = bad_shape
        self.runs: list[int] = []

    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition:
        self.runs.append(1)
        if image.shape == self.bad_shape:
            raise DocumentFailed(source="", detail="tesseract: page could not be read")
        return Recognition(words=(), text="", pdf=b"", engine="fake")

    def recognize_many(self, images: list[np.ndarray], *, dpi: float) -> list[Recognition]:
        self.runs.append(len(images))
        raise DocumentFailed(source="", detail="tesseract: page could not be read")

    def describe(self) -> str:
        return "fake"


def test_a_failed_run_is_read_again_page_by_page(tmp_path: Path) -> None:
    paths = []
    for i, size in enumerate([(300, 400), (320, 400), (340, 400)]):
        paths.append(tmp_path / f"p{i}.png")
        Image.fromarray(np.full(size, 255, np.uint8)).save(paths[-1], dpi=(300, 300))
    engine = _OnePageFails(bad_shape=(320, 400))
    results = scan_batch(paths, ScanOptions(dry_run=True), engine=engine)
    assert engine.runs == [3, 1, 1, 1]
    assert [r.exit_code for r in results] == [0, 1, 0]


def test_batches_cover_every_document_once_and_shrink_at_the_end() -> None:
    paths = [Path(f"{i}.png") for i in range(32)]
    batches = list(_batches(paths, 2))
    assert [p for b in batches for p in b] == paths
    sizes = [len(b) for b in batches]
    assert max(sizes) == DOCS_PER_TASK and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True)
    assert list(_batches(paths[:1], 2)) == [paths[:1]]
