"""Bad inputs: each kind gives exit 4 and exactly one line on stderr, never a traceback.

The files are made here from real ones (samples/, pikepdf, Pillow) and then
damaged the way real inputs get damaged: cut short, renamed, encrypted,
inflated headers (decompression bombs), scripts.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import OcrConfig
from digitize.errors import InputRejected
from digitize.ocr.ingest import find_documents, iter_pages, open_source, sniff
from digitize.pipeline import ScanOptions, scan_one

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
runner = CliRunner()


def _png_bytes(size: tuple[int, int] = (400, 300), mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 255).save(buf, format="PNG")
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb() -> bytes:
    """A 100 000 × 100 000 PNG header over a few bytes of data: 10 gigapixels declared."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    )


def _pdf(build: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    pdf = pikepdf.new()
    build(pdf)
    buf = io.BytesIO()
    pdf.save(buf, **save)  # type: ignore[arg-type]
    return buf.getvalue()


def _one_page(pdf: pikepdf.Pdf) -> None:
    pdf.add_blank_page(page_size=(595, 842))


def _huge_image_page(pdf: pikepdf.Pdf) -> None:
    """A page with an image XObject declaring 50 000 × 50 000 pixels over a tiny stream."""
    page = pdf.add_blank_page(page_size=(595, 842))
    img = pikepdf.Stream(
        pdf,
        zlib.compress(b"\x00" * 1000),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=50_000,
        Height=50_000,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    name = page.add_resource(img, pikepdf.Name.XObject)
    page.contents_add(f"q 595 0 0 842 0 0 cm {name} Do Q".encode())


def _absurd_page(pdf: pikepdf.Pdf) -> None:
    """A page 70 m wide: beyond the PDF limit, a bomb when rendered."""
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.MediaBox = pikepdf.Array([0, 0, 200_000, 200_000])


def _javascript(pdf: pikepdf.Pdf) -> None:
    _one_page(pdf)
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("while(true){}")
    )


def _damaged_middle(data: bytes) -> bytes:
    """100 bytes garbled in the middle of the compressed pixels (the end of the file intact)."""
    out = bytearray(data)
    for i in range(len(out) // 2, len(out) // 2 + 100):
        out[i] = 0xFF if i % 7 == 0 else out[i] ^ 0x55
    return bytes(out)


def _bad_files(tmp: Path) -> dict[str, Path]:
    """name → path of one bad input of each kind."""
    jpeg = (SAMPLES / "cccd-01.jpg").read_bytes()
    png = (SAMPLES / "cccd-02.png").read_bytes()
    tif = (SAMPLES / "quyet-dinh-01.tif").read_bytes()
    pdf = (SAMPLES / "quyet-dinh-02.pdf").read_bytes()
    files: dict[str, bytes] = {
        "empty.png": b"",
        "text-renamed.png": "Họ và tên: NGUYỄN VĂN A\n".encode() * 20,
        "truncated.png": png[: len(png) // 3],
        "truncated.jpg": jpeg[: len(jpeg) // 3],
        "damaged-middle.png": _damaged_middle(png),
        "damaged-middle.jpg": _damaged_middle(jpeg),
        "corrupt.tif": tif[:8] + os.urandom(400),
        "garbage-body.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
        "truncated.pdf": pdf[: len(pdf) // 2],
        "encrypted.pdf": _pdf(_one_page, encryption=pikepdf.Encryption(owner="o", user="secret")),
        "zero-pages.pdf": _pdf(lambda p: None),
        "bomb.png": _png_bomb(),
        "bomb-image.pdf": _pdf(_huge_image_page),
        "absurd-page.pdf": _pdf(_absurd_page),
        "javascript.pdf": _pdf(_javascript),
        "tiny.png": _png_bytes((1, 1)),
        "picture.gif": b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00" + b";",
        "bitmap.bmp": _bmp(),
        "word-renamed.pdf": b"PK\x03\x04" + os.urandom(200),
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    loop = tmp / "loop.png"
    loop.symlink_to(tmp / "loop.png")
    out["loop.png"] = loop
    out["missing.png"] = tmp / "missing.png"
    (tmp / "no-docs").mkdir()
    (tmp / "no-docs" / "notes.txt").write_text("nothing to scan")
    out["no-docs"] = tmp / "no-docs"
    return out


def _bmp() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buf, format="BMP")
    return buf.getvalue()


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _bad_files(tmp_path_factory.mktemp("bad"))


EXPECTED_KEYS = {
    "empty.png": "scan.reject.empty",
    "text-renamed.png": "scan.reject.unsupported",
    "truncated.png": "scan.reject.corrupt_image",
    "truncated.jpg": "scan.reject.corrupt_image",
    "damaged-middle.png": "scan.reject.corrupt_image",
    "damaged-middle.jpg": "scan.reject.corrupt_image",
    "corrupt.tif": "scan.reject.corrupt_image",
    "garbage-body.pdf": "scan.reject.corrupt_pdf",
    "truncated.pdf": "scan.reject.corrupt_pdf",
    "encrypted.pdf": "scan.reject.encrypted",
    "zero-pages.pdf": "scan.reject.no_pages",
    "bomb.png": "scan.reject.pixels",
    "bomb-image.pdf": "scan.reject.pixels",
    "absurd-page.pdf": "scan.reject.page_size",
    "javascript.pdf": "scan.reject.scripts",
    "tiny.png": "scan.reject.too_small",
    "picture.gif": "scan.reject.unsupported",
    "bitmap.bmp": "scan.reject.unsupported",
    "word-renamed.pdf": "scan.reject.unsupported",
    "loop.png": "scan.reject.unreadable",
    "missing.png": "scan.reject.missing",
    "no-docs": "scan.reject.no_documents",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_KEYS))
def test_bad_input_exit_4_one_line(bad_files: dict[str, Path], name: str) -> None:
    result = runner.invoke(app, ["scan", str(bad_files[name]), "--dry-run"])
    assert result.exit_code == 4, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert bad_files[name].name in lines[0]


@pytest.mark.parametrize("name", sorted(k for k in EXPECTED_KEYS if k != "no-docs"))
def test_bad_input_reason_is_the_right_one(bad_files: dict[str, Path], name: str) -> None:
    result = scan_one(bad_files[name], ScanOptions(dry_run=True))
    assert result.error_key == EXPECTED_KEYS[name], result.error
    assert result.exit_code == 4
    assert result.status.value == "failed"
    assert "\n" not in (result.error or "")


def test_json_lines_for_rejected_inputs(bad_files: dict[str, Path]) -> None:
    names = ["empty.png", "encrypted.pdf", "bomb.png"]
    result = runner.invoke(
        app, ["scan", "--json", "--dry-run", *(str(bad_files[n]) for n in names)]
    )
    assert result.exit_code == 4
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]).name for r in rows] == names
    assert all(r["status"] == "failed" and r["error"] and r["pages"] == 0 for r in rows)


def test_too_many_pages_and_too_big_from_config(tmp_path: Path) -> None:
    frames = [Image.new("L", (300, 300), 255) for _ in range(3)]
    tif = tmp_path / "three.tif"
    frames[0].save(tif, save_all=True, append_images=frames[1:])
    limits = OcrConfig(max_pages=2)
    with pytest.raises(InputRejected) as err:
        open_source(tif, limits)
    assert err.value.key == "scan.reject.too_many_pages"
    with pytest.raises(InputRejected) as err:
        open_source(tif, OcrConfig(max_file_bytes=100))
    assert err.value.key == "scan.reject.too_big"
    cfg = tmp_path / "digitize.toml"
    cfg.write_text("[ocr]\nmax_pages = 2\n")
    result = runner.invoke(app, ["--config", str(cfg), "scan", str(tif), "--dry-run"])
    assert result.exit_code == 4 and "too many pages" in result.stderr


def test_one_bad_document_does_not_stop_the_batch(
    bad_files: dict[str, Path], tmp_path: Path
) -> None:
    good = tmp_path / "blank.png"
    good.write_bytes(_png_bytes((600, 400)))
    result = runner.invoke(
        app,
        ["scan", "--json", "--dry-run", "--jobs", "1", str(bad_files["truncated.jpg"]), str(good)],
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["failed", "dry_run"]
    assert result.exit_code == 4


def test_the_real_process_prints_one_line_per_bad_file(
    bad_files: dict[str, Path], tmp_path: Path
) -> None:
    """All bad kinds in one batch, through the installed command: libraries that write to the
    process's stderr themselves (OpenCV, libjpeg) would show here, not under CliRunner."""
    import subprocess
    import sys

    bad = [bad_files[k] for k in sorted(EXPECTED_KEYS) if k not in ("missing.png", "no-docs")]
    good = tmp_path / "blank.png"
    good.write_bytes(_png_bytes((600, 400)))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "digitize",
            "scan",
            "--dry-run",
            "--json",
            "--jobs",
            "2",
            *map(str, bad),
            str(good),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DIGITIZE_LANG": "en"},
        timeout=300,
    )
    assert done.returncode == 4, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(bad), done.stderr
    assert sorted(line.split(":")[0] for line in lines) == sorted(map(str, bad))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"] for r in rows] == [*map(str, bad), str(good)]
    assert rows[-1]["status"] == "dry_run"


def test_plain_png_and_jpeg_pages_go_into_the_pdf_as_they_are(tmp_path: Path) -> None:
    """No re-encoding: the PDF's image stream is the JPEG file, or the PNG's IDAT data."""
    from helpers_render import legal_text, render_page

    from digitize.ocr.engine import NullEngine

    img, _ = render_page(legal_text("qd-784", max_chars=400))  # straight: nothing to turn
    jpeg, png = tmp_path / "from-jpeg.jpg", tmp_path / "from-png.png"
    Image.fromarray(img).save(jpeg, quality=85, dpi=(300, 300))
    Image.fromarray(img).save(png, dpi=(300, 300))
    out = tmp_path / "out"
    for src in (jpeg, png):
        scan_one(src, ScanOptions(dry_run=True, out_dir=out), engine=NullEngine())
    with pikepdf.open(out / "from-jpeg.pdf") as pdf:
        (image,) = pdf.pages[0].Resources.XObject.values()
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.read_raw_bytes() == jpeg.read_bytes()
    with pikepdf.open(out / "from-png.pdf") as pdf:
        (image,) = pdf.pages[0].Resources.XObject.values()
        assert image.Filter == pikepdf.Name.FlateDecode
        raw, pos, idat = png.read_bytes(), 8, b""
        while pos < len(raw):  # the PNG's IDAT chunks, joined
            (length,) = struct.unpack(">I", raw[pos : pos + 4])
            idat += raw[pos + 8 : pos + 8 + length] if raw[pos + 4 : pos + 8] == b"IDAT" else b""
            pos += 12 + length
        assert image.read_raw_bytes() == idat
        pixels = np.asarray(pikepdf.PdfImage(image).as_pil_image())
        assert np.array_equal(pixels, img)


def test_sniffing_ignores_the_extension(tmp_path: Path) -> None:
    assert sniff(_png_bytes()) == "image/png"
    assert sniff((SAMPLES / "cccd-01.jpg").read_bytes()[:64]) == "image/jpeg"
    assert sniff(b"\x00\x00%PDF-1.4\n") == "application/pdf"
    assert sniff(b"hello") == "text"
    renamed = tmp_path / "really-a-png.pdf"
    renamed.write_bytes(_png_bytes((500, 500)))
    src = open_source(renamed, OcrConfig())
    assert src.media_type == "image/png" and src.pages == 1


def test_folders_take_documents_only(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.PNG").write_bytes(_png_bytes())
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "README.md").write_text("not a scan")
    (tmp_path / ".hidden.png").write_bytes(_png_bytes())
    assert find_documents([tmp_path]) == [tmp_path / "a" / "x.PNG", tmp_path / "b.pdf"]


def test_multipage_tiff_pages_are_lazy_and_native(tmp_path: Path) -> None:
    frames = [Image.fromarray(np.full((400, 300), 40 * i, np.uint8)) for i in range(3)]
    tif = tmp_path / "three.tif"
    frames[0].save(tif, save_all=True, append_images=frames[1:], dpi=(200, 200))
    src = open_source(tif, OcrConfig())
    pages = iter_pages(src, OcrConfig())
    first = next(pages)
    assert (first.number, first.image.shape, round(first.dpi)) == (1, (400, 300), 200)
    assert [p.image[0, 0] for p in pages] == [40, 80]
