"""Reading scanned inputs safely: sniff the real type, enforce limits, yield pages lazily.

Inputs come from scanners, e-mail and USB sticks, so nothing about them is
trusted: the type is read from the magic bytes (never the extension), and a
file that is empty, truncated, encrypted, absurdly large (bytes, pages,
pixels: decompression bombs) or not a scan at all is refused with an
`InputRejected` (exit 4) and a one-line reason before any heavy work.
Pages are produced one at a time, so a 500-page PDF never sits in memory.

Accepted: PNG, JPEG, TIFF (multi-page) and PDF (multi-page). GIF, BMP, WebP
and everything else are refused on purpose: no scanner in a commune office
produces them, and accepting them would only widen the attack surface.
"""

from __future__ import annotations

import hashlib
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitize.config import OcrConfig
from digitize.errors import InputRejected

__all__ = [
    "Source",
    "SourcePage",
    "Encoded",
    "open_source",
    "iter_pages",
    "find_documents",
    "DOCUMENT_SUFFIXES",
    "sniff",
]

DOCUMENT_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"})
MIN_SIDE_PX = 100  # smaller than ~8 mm at 300 dpi: not a scanned page
DEFAULT_DPI = 300.0  # when an image does not say
MAX_PAGE_MM = 5000.0  # a page wider or taller than 5 m is not a paper record

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "a program"),
)


@dataclass(frozen=True)
class Source:
    """One input document as checked: real media type, page count, content hash."""

    path: Path
    name: str  # as given by the user, for messages
    media_type: str
    pages: int
    size: int
    sha256: str


@dataclass(frozen=True)
class Encoded:
    """The page's own compressed pixels, to put in the PDF as they are (no re-encoding, no loss).

    `filter` is the PDF filter that decodes `data`: DCTDecode for a JPEG file,
    FlateDecode with PNG predictors for the IDAT stream of a PNG file.
    """

    data: bytes
    filter: str  # "DCTDecode" | "FlateDecode"
    colors: int  # 1 (gray) or 3 (RGB)
    png_predictor: bool = False


@dataclass(frozen=True)
class SourcePage:
    """One page image at its native resolution (uint8, gray or RGB)."""

    number: int  # 1-based
    image: np.ndarray
    dpi: float
    encoded: Encoded | None = None  # the file's own pixels, when they are exactly `image`


def sniff(head: bytes) -> str:
    """The media type from the first bytes; a description of the content when it is not accepted."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    try:
        head[:512].decode("utf-8")
    except UnicodeDecodeError:
        return "unknown binary data"
    return "text"


def find_documents(inputs: list[Path]) -> list[Path]:
    """Expand folders (recursively, sorted) to their document files; named files are kept as given.

    In a folder only files with a document suffix are taken (a README next
    to the scans is not a document); a named file is always tried and sniffed.
    A folder with no document at all is an input error.
    """
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            docs = sorted(
                p
                for p in item.rglob("*")
                if p.suffix.lower() in DOCUMENT_SUFFIXES
                and not p.name.startswith(".")
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
                and (p.is_file() or p.is_symlink())
            )
            if not docs:
                raise InputRejected("scan.reject.no_documents", source=str(item))
            found.extend(docs)
        else:
            found.append(item)
    return found


def open_source(path: Path, limits: OcrConfig, *, name: str | None = None) -> Source:
    """Check `path` without decoding pixels: readable, not empty, known type, within limits."""
    label = name or str(path)
    try:
        if not path.exists() and not path.is_symlink():
            raise InputRejected("scan.reject.missing", source=label)
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except InputRejected:
        raise
    except OSError as e:
        raise InputRejected(
            "scan.reject.unreadable", source=label, detail=e.strerror or str(e)
        ) from e
    if path.is_dir():
        raise InputRejected("scan.reject.no_documents", source=label)
    if size == 0:
        raise InputRejected("scan.reject.empty", source=label)
    if size > limits.max_file_bytes:
        raise InputRejected(
            "scan.reject.too_big",
            source=label,
            size=size // 2**20,
            limit=limits.max_file_bytes // 2**20,
        )
    kind = sniff(head)
    if kind == "application/pdf":
        from digitize.ocr.pdfsource import check_pdf

        pages = check_pdf(path, limits, label)
    elif kind.startswith("image/"):
        pages = _check_image(path, limits, label)
    else:
        raise InputRejected("scan.reject.unsupported", source=label, kind=kind)
    return Source(
        path=path, name=label, media_type=kind, pages=pages, size=size, sha256=_sha256(path)
    )


def iter_pages(source: Source, limits: OcrConfig) -> Iterator[SourcePage]:
    """The pages of `source`, one at a time, at native resolution; late damage is still exit 4."""
    if source.media_type == "application/pdf":
        from digitize.ocr.pdfsource import iter_pdf_pages

        yield from iter_pdf_pages(source, limits)
    else:
        yield from _iter_image_pages(source, limits)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextmanager
def _quiet_pillow() -> Iterator[None]:
    """Pillow's warnings about damaged metadata stay quiet; a bomb warning is an error."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open_image(path: Path, limits: OcrConfig, label: str):  # type: ignore[no-untyped-def]
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
    try:
        with _quiet_pillow():
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise InputRejected(
            "scan.reject.pixels",
            source=label,
            page=1,
            pixels="?",
            limit=limits.max_page_pixels // 1_000_000,
        ) from e
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise InputRejected("scan.reject.corrupt_image", source=label, detail=_short(e)) from e


def _check_frame(im, number: int, limits: OcrConfig, label: str) -> None:  # type: ignore[no-untyped-def]
    w, h = im.size
    if w * h > limits.max_page_pixels:
        raise InputRejected(
            "scan.reject.pixels",
            source=label,
            page=number,
            pixels=round(w * h / 1e6),
            limit=limits.max_page_pixels // 1_000_000,
        )
    if min(w, h) < MIN_SIDE_PX:
        raise InputRejected("scan.reject.too_small", source=label, page=number, width=w, height=h)


def _check_image(path: Path, limits: OcrConfig, label: str) -> int:
    """Header checks of every frame (sizes, count); pixels are decoded later, page by page."""
    im = _open_image(path, limits, label)
    try:
        with _quiet_pillow():
            frames = getattr(im, "n_frames", 1)
            if frames < 1:
                raise InputRejected("scan.reject.no_pages", source=label)
            if frames > limits.max_pages:
                raise InputRejected(
                    "scan.reject.too_many_pages", source=label, pages=frames, limit=limits.max_pages
                )
            for i in range(frames):
                im.seek(i)
                _check_frame(im, i + 1, limits, label)
            return frames
    except InputRejected:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as e:
        raise InputRejected("scan.reject.corrupt_image", source=label, detail=_short(e)) from e
    finally:
        im.close()


def _iter_image_pages(source: Source, limits: OcrConfig) -> Iterator[SourcePage]:
    from PIL import Image, ImageOps

    im = _open_image(source.path, limits, source.name)
    try:
        fast = _fast_page(im, source)
        if fast is not None:
            yield fast
            return
        for i in range(source.pages):
            try:
                with _quiet_pillow():
                    im.seek(i)
                    _check_frame(im, i + 1, limits, source.name)
                    frame = ImageOps.exif_transpose(im) if i == 0 else im.copy()
                    frame.load()
                    dpi = _dpi_of(im)
                    arr = _to_array(frame)
            except InputRejected:
                raise
            except (
                OSError,
                ValueError,
                SyntaxError,
                EOFError,
                struct.error,
                Image.DecompressionBombError,
            ) as e:
                raise InputRejected(
                    "scan.reject.corrupt_image", source=source.name, detail=_short(e)
                ) from e
            yield SourcePage(number=i + 1, image=arr, dpi=dpi, encoded=_own_jpeg(im, source))
    finally:
        im.close()


def _own_jpeg(im, source: Source) -> Encoded | None:  # type: ignore[no-untyped-def]
    """A plain one-page JPEG's own bytes, to go into the PDF as they are (no re-encoding)."""
    if source.pages != 1 or im.format != "JPEG" or im.mode not in ("L", "RGB"):
        return None
    if im.getexif().get(0x0112, 1) != 1:  # turned upright above: the pixels are not the file's
        return None
    return Encoded(source.path.read_bytes(), "DCTDecode", 1 if im.mode == "L" else 3)


def _fast_page(im, source: Source) -> SourcePage | None:  # type: ignore[no-untyped-def]
    """A plain one-page 8-bit PNG, decoded by OpenCV (about twice as fast as Pillow).

    Only a PNG whose every chunk checks out (CRC, IEND at the end): OpenCV and
    libpng would print their own warnings on stderr for a damaged file, and
    Pillow names the damage in one line. JPEG goes through Pillow too: OpenCV
    decodes a corrupt JPEG into garbage without failing. The PNG's compressed
    pixels are kept for the PDF. Anything unusual takes the general path.
    """
    if source.pages != 1 or im.format != "PNG" or im.mode not in ("L", "RGB"):
        return None
    if im.info.get("interlace") or "transparency" in im.info:
        return None
    raw = source.path.read_bytes()
    idat = _png_idat(raw)  # None for a damaged file, a 16-bit one, or one with EXIF
    if idat is None:
        return None
    import cv2

    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    arr = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_UNCHANGED)
    colors = 1 if im.mode == "L" else 3
    if arr is None or arr.dtype != np.uint8 or arr.shape[:2] != im.size[::-1]:
        return None  # let Pillow decode it and name the damage
    if (arr.ndim == 2) != (colors == 1) or (arr.ndim == 3 and arr.shape[2] != 3):
        return None
    if colors == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)
    encoded = Encoded(idat, "FlateDecode", colors, png_predictor=True)
    return SourcePage(number=1, image=arr, dpi=_dpi_of(im), encoded=encoded)


def _png_idat(raw: bytes) -> bytes | None:
    """The concatenated IDAT data of an intact 8-bit PNG without EXIF, else None.

    IDAT is zlib with PNG row filters: PDF FlateDecode with predictor 15. Every
    chunk's CRC is checked (zlib.crc32, < 1 ms a page) and IEND must end the file.
    """
    pos, parts = 8, []
    while pos + 12 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        end = pos + 12 + length
        if end > len(raw):
            return None  # truncated
        (crc,) = struct.unpack(">I", raw[end - 4 : end])
        if zlib.crc32(raw[pos + 4 : end - 4]) != crc:
            return None  # damaged
        if kind == b"IDAT":
            parts.append(raw[pos + 8 : end - 4])
        elif kind == b"IHDR" and raw[pos + 8 + 8] != 8:  # bit depth other than 8
            return None
        elif kind == b"eXIf":  # an orientation to apply: the general path turns the page
            return None
        elif kind == b"IEND":
            return (b"".join(parts) or None) if end == len(raw) else None
        pos = end
    return None


def _dpi_of(im) -> float:  # type: ignore[no-untyped-def]
    """The resolution the scanner wrote; 300 when absent or nonsense (1 or 72 from screenshots)."""
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 75 <= value <= 2400 else DEFAULT_DPI


def _to_array(im) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Gray stays gray (8-bit), everything else becomes RGB; alpha is flattened on white."""
    mode = im.mode
    if mode in ("1", "L", "I;16", "I;16B", "I", "F"):
        if mode in ("I;16", "I;16B", "I"):
            arr = np.asarray(im, dtype=np.float64)
            top = arr.max() or 1.0
            return np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
        return np.asarray(im.convert("L"))
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info):
        from PIL import Image

        rgba = im.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(bg, rgba).convert("RGB"))
    return np.asarray(im.convert("RGB"))


def _short(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:160]
