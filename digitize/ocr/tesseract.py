"""The only module that runs Tesseract (through pytesseract).

`probe()` answers "is it installed, which version, is `vie` there?" without
running OCR, for `digitize doctor` and start-up checks; `recognize()` runs
one Tesseract process on one page and returns, from that single run, the
words with boxes and confidences (TSV) and the text-only PDF layer that the
searchable PDF is assembled from. Tesseract runs single-threaded
(`OMP_THREAD_LIMIT=1`): parallelism is across pages, which is ~6× better on
2 cores than Tesseract's own OpenMP threads.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image

from digitize.errors import DocumentFailed, EnvironmentProblem
from digitize.models import OcrWord

__all__ = [
    "TesseractInfo",
    "Recognition",
    "probe",
    "recognize",
    "recognize_many",
    "require",
    "engine_description",
]

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class TesseractInfo:
    """What `probe()` found."""

    installed: bool
    version: str = ""
    languages: tuple[str, ...] = ()
    path: str = ""

    @property
    def has_vie(self) -> bool:
        return "vie" in self.languages


@dataclass(frozen=True)
class Recognition:
    """One Tesseract run on one page: words, plain text, and the text-only PDF page."""

    words: tuple[OcrWord, ...]
    text: str
    pdf: bytes
    engine: str
    pdf_page: int = 0  # this page's index in `pdf` (a multi-page run shares one PDF)


def probe() -> TesseractInfo:
    """Find Tesseract and its language data; never raises."""
    try:
        version = _version()
        langs = tuple(sorted(pytesseract.get_languages(config="")))
    except (pytesseract.TesseractNotFoundError, OSError, subprocess.SubprocessError):
        return TesseractInfo(installed=False)
    return TesseractInfo(
        installed=True,
        version=version,
        languages=langs,
        path=str(pytesseract.pytesseract.tesseract_cmd),
    )


def require(language: str = "vie") -> TesseractInfo:
    """`probe()`, raising the environment error (exit 5) that tells what to install."""
    info = probe()
    if not info.installed:
        raise EnvironmentProblem("error.tesseract_missing")
    if language not in info.languages:
        raise EnvironmentProblem("error.tesseract_lang_missing", lang=language)
    return info


def recognize(
    image: np.ndarray | Image.Image,
    *,
    dpi: float,
    language: str = "vie",
    psm: int = 3,
    timeout: int = 0,
    pdf: bool = True,
) -> Recognition:
    """OCR one page image. Boxes are in the pixels of `image`; text is NFC.

    `language` must be a single model (`vie`): `vie+eng` strips diacritics.
    """
    return recognize_many([image], dpi=dpi, language=language, psm=psm, timeout=timeout, pdf=pdf)[0]


def recognize_many(
    images: Sequence[np.ndarray | Image.Image],
    *,
    dpi: float,
    language: str = "vie",
    psm: int = 3,
    timeout: int = 0,
    pdf: bool = True,
) -> list[Recognition]:
    """OCR pages of one resolution in ONE Tesseract run, one `Recognition` per page.

    Loading the model costs ~0.1 s of CPU per run, a tenth of a form page, so
    the pipeline hands Tesseract several pages (of one or more documents) at a
    time as a list file. Pages come out exactly as in single runs (the LSTM
    model keeps no state between pages). `timeout` is per page. All pages share
    one text-only PDF; each `Recognition.pdf_page` says which page is its own.
    """
    if not images:
        return []
    config = f"--psm {psm} --dpi {round(dpi)} -c tessedit_create_tsv=1"
    if pdf:
        config += " -c textonly_pdf=1"
    with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as tmp:
        # Uncompressed PNM: writing a PNG of an A4 page costs ~0.15 s of CPU for nothing;
        # the resolution is given to Tesseract with --dpi.
        pages = [_write_pnm(image, Path(tmp), i) for i, image in enumerate(images)]
        src = pages[0]
        if len(pages) > 1:  # a text file of image paths: Tesseract's own multi-page input
            src = Path(tmp) / "pages.txt"
            src.write_text("".join(f"{page}\n" for page in pages), encoding="utf-8")
        base = Path(tmp) / "out"
        try:
            pytesseract.pytesseract.run_tesseract(
                str(src),
                str(base),
                "pdf" if pdf else "",
                language,
                config=config,
                timeout=timeout * len(pages),
            )
        except pytesseract.TesseractNotFoundError as e:
            raise EnvironmentProblem("error.tesseract_missing") from e
        except RuntimeError as e:  # pytesseract raises RuntimeError on timeout
            raise DocumentFailed("error.ocr_timeout", source="", seconds=timeout) from e
        except pytesseract.TesseractError as e:
            raise DocumentFailed(source="", detail=f"tesseract: {e.message}".strip()) from e
        tsv = (base.with_suffix(".tsv")).read_text(encoding="utf-8")
        pdf_bytes = base.with_suffix(".pdf").read_bytes() if pdf else b""
    label = _version_label(language)
    per_page = split_tsv(tsv, len(pages))
    return [
        Recognition(words=w, text=words_to_text(w), pdf=pdf_bytes, engine=label, pdf_page=i)
        for i, w in enumerate(per_page)
    ]


def _write_pnm(image: np.ndarray | Image.Image, folder: Path, index: int) -> Path:
    """The page as binary PGM/PPM: a header and the raw bytes, no encoding at all."""
    if isinstance(image, Image.Image):
        mode = "L" if image.mode in ("L", "1") else "RGB"
        image = np.asarray(image if image.mode == mode else image.convert(mode))
    arr = np.ascontiguousarray(image, dtype=np.uint8)
    gray = arr.ndim == 2
    if not gray and arr.shape[2] == 4:
        arr = np.ascontiguousarray(arr[:, :, :3])
    path = folder / (f"page-{index:04d}.pgm" if gray else f"page-{index:04d}.ppm")
    h, w = arr.shape[:2]
    with path.open("wb") as fh:
        fh.write(f"{'P5' if gray else 'P6'}\n{w} {h}\n255\n".encode("ascii"))
        fh.write(arr.data)
    return path


@functools.cache
def _version_label(language: str) -> str:
    """`tesseract 5.3.0 -l vie`, asked once per process (not once per page)."""
    return f"tesseract {_version()} -l {language}"


@functools.cache
def _version() -> str:
    """`tesseract --version`, asked once per process (probe and PDF metadata both need it)."""
    return str(pytesseract.get_tesseract_version())


@functools.cache
def engine_description(language: str = "vie") -> str:
    """Engine, version and model for the PDF metadata: which model read this document.

    The model is identified by the SHA-256 of its traineddata file, since
    distribution packages do not carry a version inside the file.
    """
    label = _version_label(language)
    model = _traineddata(language)
    if model is None:
        return label
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    return f"{label} (model {model.name} sha256:{digest})"


def _traineddata(language: str) -> Path | None:
    """Where Tesseract finds `<language>.traineddata` (TESSDATA_PREFIX or the usual places)."""
    candidates = []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(Path(os.environ["TESSDATA_PREFIX"]))
    candidates += [
        Path("/usr/share/tesseract-ocr/5/tessdata"),
        Path("/usr/share/tesseract-ocr/4.00/tessdata"),
        Path("/usr/share/tessdata"),
        Path("/usr/local/share/tessdata"),
    ]
    for base in candidates:
        for path in (
            base / f"{language}.traineddata",
            base / "tessdata" / f"{language}.traineddata",
        ):
            if path.is_file():
                return path
    return None


def parse_tsv(tsv: str) -> tuple[OcrWord, ...]:
    """Words (level 5 rows with text) from Tesseract TSV, NFC-normalised (all pages)."""
    return tuple(w for page in _tsv_pages(tsv).values() for w in page)


def split_tsv(tsv: str, pages: int) -> list[tuple[OcrWord, ...]]:
    """The words of each page of a multi-page run (TSV `page_num` is 1-based)."""
    by_page = _tsv_pages(tsv)
    return [tuple(by_page.get(n, ())) for n in range(1, pages + 1)]


def _tsv_pages(tsv: str) -> dict[int, list[OcrWord]]:
    pages: dict[int, list[OcrWord]] = {}
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)
    for row in reader:
        if len(row) < 12 or row[0] != "5":
            continue
        text = unicodedata.normalize("NFC", row[11]).strip()
        if not text:
            continue
        pages.setdefault(int(row[1]), []).append(
            OcrWord(
                text=text,
                confidence=max(0.0, float(row[10])),
                left=int(row[6]),
                top=int(row[7]),
                width=int(row[8]),
                height=int(row[9]),
                block=int(row[2]),
                paragraph=int(row[3]),
                line=int(row[4]),
                word=int(row[5]),
            )
        )
    return pages


def words_to_text(words: tuple[OcrWord, ...]) -> str:
    """Plain text in Tesseract's reading order: a line per (block, paragraph, line)."""
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    last_block = None
    for w in words:
        key = (w.block, w.paragraph, w.line)
        if key != current:
            if last_block is not None and w.block != last_block:
                lines.append("")
            lines.append(w.text)
            current, last_block = key, w.block
        else:
            lines[-1] += " " + w.text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
