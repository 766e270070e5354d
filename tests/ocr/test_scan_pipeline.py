"""The scan pipeline on real Vietnamese pages with real Tesseract: accuracy, PDF/A, CLI output.

Pages are real legal text rendered in Liberation Serif 12 pt (tests/helpers_render.py);
accuracy is a grapheme-level CER on NFC text. OCR runs are few and small (the
budget of these tests is a few seconds of Tesseract per page).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from helpers_render import cer, graphemes, legal_text, render_page
from PIL import Image
from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import OcrConfig
from digitize.ocr.engine import NullEngine
from digitize.ocr.ingest import iter_pages, open_source
from digitize.pipeline import ScanOptions, scan_many, scan_one

runner = CliRunner()
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
pytestmark = pytest.mark.xdist_group("scan-ocr")


def _save(img: np.ndarray, path: Path, dpi: int) -> Path:
    Image.fromarray(img).save(path, dpi=(dpi, dpi))
    return path


@pytest.fixture(scope="module")
def clean_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    img, lines = render_page(legal_text("qd-715", max_chars=1300))
    return _save(img, tmp_path_factory.mktemp("clean") / "qd-715.png", 300), "\n".join(lines)


@pytest.fixture(scope="module")
def cli_scan(clean_page: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app, ["scan", str(clean_page[0]), "--out", str(out), "--json", "--dry-run", "--jobs", "1"]
    )
    return result, out


def test_grapheme_cer_counts_vietnamese_letters_once() -> None:
    assert graphemes("Nguye\u0302\u0303n") == ["N", "g", "u", "y", "ễ", "n"]
    assert graphemes("\u0301a") == ["\u0301", "a"]
    assert cer("Nguyễn Văn", "Nguyen Văn") == pytest.approx(1 / 10)
    assert cer("a  b\nc", "a b c") == 0.0


def test_clean_300_dpi_page_cer_below_one_percent(cli_scan, clean_page) -> None:  # type: ignore[no-untyped-def]
    result, out = cli_scan
    assert result.exit_code == 0, result.stderr
    text = (out / "qd-715.txt").read_text(encoding="utf-8")
    assert cer(clean_page[1], text) < 0.01


def test_pdftotext_gives_the_vietnamese_text_back(cli_scan, clean_page) -> None:  # type: ignore[no-untyped-def]
    _, out = cli_scan
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out / "qd-715.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert cer(clean_page[1], text) < 0.01


def test_json_line_has_the_spec_shape(cli_scan) -> None:  # type: ignore[no-untyped-def]
    result, _ = cli_scan
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(row) == {
        "source",
        "status",
        "record_id",
        "citizen_ids",
        "doc_type",
        "doc_type_confidence",
        "pages",
        "fields",
        "flags",
        "error",
    }
    assert row["status"] == "dry_run" and row["pages"] == 1 and row["error"] is None
    assert row["doc_type"] in {"administrative_decision", "unknown"}


def test_searchable_pdf_is_pdfa_2b_with_scan_image_and_engine(cli_scan, clean_page) -> None:  # type: ignore[no-untyped-def]
    _, out = cli_scan
    with pikepdf.open(out / "qd-715.pdf") as pdf:
        assert not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert "tesseract" in meta["xmp:CreatorTool"] and "-l vie" in meta["xmp:CreatorTool"]
        assert "tesseract" in str(pdf.docinfo["/Producer"])
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and int(intent.DestOutputProfile.N) == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        page = pdf.pages[0]
        (image,) = page.get_images().values()
        src = Image.open(clean_page[0])
        assert (int(image.Width), int(image.Height)) == src.size  # the scan, not a resample
        assert float(page.mediabox[2]) == pytest.approx(src.size[0] * 72 / 300, rel=0.01)
        fonts = list(page.resources.Font.values())
        assert fonts
        for font in fonts:
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.FontDescriptor
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _first_word_box(pdf: Path) -> tuple[float, float]:
    """(xMin, yMin) in points of the first word of the PDF's text layer (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"', html)
    assert m, html[:500]
    return float(m.group(1)), float(m.group(2))


def _margin_pt(dpi: int) -> tuple[float, float]:
    """Where the rendered text starts on the page: 25 mm in, first line's ink a little lower."""
    img, _ = render_page(legal_text("qd-1397", max_chars=700), dpi=dpi)
    rows = np.flatnonzero((img < 128).any(axis=1))
    cols = np.flatnonzero((img < 128).any(axis=0))
    return float(cols[0]) * 72 / dpi, float(rows[0]) * 72 / dpi


@pytest.mark.parametrize(
    ("case", "max_cer"),
    [("200dpi", 0.01), ("skew+3", 0.02), ("skew-3", 0.02), ("rot90", 0.02), ("rot180+2", 0.02)],
)
def test_low_resolution_skewed_and_turned_pages(case: str, max_cer: float, tmp_path: Path) -> None:
    """Bare Tesseract reads a page at -3° or turned as (almost) nothing; preprocessing fixes it.

    The text layer must also lie over the text of the image kept in the PDF.
    """
    dpi = 200 if case == "200dpi" else 300
    img, lines = render_page(legal_text("qd-1397", max_chars=700), dpi=dpi)
    if "skew" in case or "+" in case:
        angle = float(case.split("skew")[-1] if "skew" in case else case.split("+")[1])
        img = np.asarray(
            Image.fromarray(img).rotate(
                angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC
            )
        )
    if case.startswith("rot"):
        img = np.ascontiguousarray(np.rot90(img, k=int(case[3:6].rstrip("+")) // 90))
    src = _save(img, tmp_path / f"{case}.png", dpi)
    result = scan_one(src, ScanOptions(out_dir=tmp_path, dry_run=True))
    assert result.exit_code == 0, result.error
    assert cer("\n".join(lines), (tmp_path / f"{case}.txt").read_text(encoding="utf-8")) < max_cer
    with pikepdf.open(tmp_path / f"{case}.pdf") as pdf:
        box = pdf.pages[0].mediabox
        assert float(box[3]) > float(box[2])  # portrait
    if case in ("200dpi", "rot90"):  # geometry unchanged by the tilt: compare with the render
        x, y = _first_word_box(tmp_path / f"{case}.pdf")
        want_x, want_y = _margin_pt(dpi)
        assert abs(x - want_x) < 3 and abs(y - want_y) < 6, (x, y, want_x, want_y)


def test_tesseract_unit_test_image(tmp_path: Path) -> None:
    """Tesseract's own Vietnamese test image (1-bit G4 TIFF) through the whole pipeline."""
    truth = (RESOURCES / "scan" / "viet.gt.txt").read_text(encoding="utf-8").strip()
    result = scan_one(RESOURCES / "scan" / "viet.tif", ScanOptions(out_dir=tmp_path, dry_run=True))
    assert result.exit_code == 0 and result.pages == 1
    assert (tmp_path / "viet.txt").read_text(encoding="utf-8").strip() == truth


def test_pdf_input_uses_embedded_scans_at_native_resolution(tmp_path: Path) -> None:
    pages = [
        Image.fromarray(render_page(legal_text("qd-715", skip_chars=i * 50, max_chars=80))[0])
        for i in range(2)
    ]
    pdf_path = tmp_path / "two.pdf"
    pages[0].save(pdf_path, save_all=True, append_images=pages[1:], resolution=300)
    src = open_source(pdf_path, OcrConfig())
    got = list(iter_pages(src, OcrConfig()))
    assert [(p.number, p.image.shape, round(p.dpi)) for p in got] == [
        (1, (3508, 2480), 300),
        (2, (3508, 2480), 300),
    ]
    # the embedded JPEG itself, decoded (Pillow stores gray pages as JPEG): no resampling
    assert np.abs(got[0].image.astype(int) - np.asarray(pages[0]).astype(int)).mean() < 1.0


def test_vector_pdf_is_rendered_and_null_engine_builds_pdf(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(420, 595))
    page.contents_add(b"0 0 0 rg 50 50 100 100 re f")
    pdf.save(tmp_path / "vector.pdf")
    (result,) = list(
        scan_many(
            [tmp_path / "vector.pdf"],
            ScanOptions(out_dir=tmp_path / "o", dry_run=True),
            engine=NullEngine(),
        )
    )
    assert result.exit_code == 0 and result.pages == 1, result.error
    with pikepdf.open(tmp_path / "o" / "vector.pdf") as out:
        (image,) = out.pages[0].get_images().values()
        assert int(image.Width) == round(420 / 72 * 300)


def test_scan_many_keeps_input_order_across_processes(tmp_path: Path) -> None:
    paths = []
    for i, size in enumerate([(900, 700), (300, 200), (700, 900)]):
        paths.append(tmp_path / f"p{i}.png")
        Image.new("L", size, 255).save(paths[-1])
    paths.insert(1, tmp_path / "missing.png")
    seen = []
    results = list(
        scan_many(
            paths, ScanOptions(dry_run=True, jobs=2), engine=NullEngine(), on_progress=seen.append
        )
    )
    assert [r.source for r in results] == [str(p) for p in paths] == [r.source for r in seen]
    assert [int(r.exit_code) for r in results] == [0, 4, 0, 0]


def test_form_leaders_go_before_ocr_and_other_pages_stay_untouched() -> None:
    """Dots removed before the one Tesseract run, so field extraction never re-reads the page."""
    from digitize.fields.leaders import MIN_LEADER_DOTS as LEADER_DOTS
    from digitize.fields.leaders import leader_count, strip_leaders
    from digitize.pipeline import _without_leaders

    form = np.asarray(
        Image.open(RESOURCES.parent.parent / "samples" / "khai-sinh-01.png").convert("L")
    )
    assert leader_count(form, 300) >= LEADER_DOTS
    assert leader_count(_without_leaders(form, 300), 300) < LEADER_DOTS
    page, _ = render_page(legal_text("qd-715", max_chars=600))
    assert _without_leaders(page, 300) is page
    # what the pipeline cleaned, field extraction finds clean: no second Tesseract run
    assert strip_leaders(_without_leaders(form, 300), 300)[1] is False
