"""Write generated documents to files (PNG, JPEG, multi-page TIFF, PDF) with their dpi."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from synth.canvas import family_names
from synth.degrade import degrade
from synth.people import Record, make_record
from synth.render import dpi_of, render

__all__ = ["Generated", "generate", "save"]


@dataclass(frozen=True)
class Generated:
    record: Record
    pages: tuple[Image.Image, ...]
    dpi: int
    family: str
    level: str


def generate(
    doc_type: str, seed: int, level: str, pages: int = 1, family: str | None = None
) -> Generated:
    """One document: fictional record, rendered with a seeded font and layout, degraded."""
    rng = random.Random(f"{doc_type}:{seed}")
    rec = make_record(doc_type, rng)
    fam = family or rng.choice(family_names())
    images = render(rec, fam, rng, pages)
    out, dpi = [], dpi_of(doc_type)
    for im in images:
        d, new_dpi = degrade(im, level, rng, dpi_of(doc_type))
        out.append(d)
        dpi = new_dpi
    return Generated(rec, tuple(out), dpi, fam, level)


def save(g: Generated, path: Path, quality: int = 80, compact: bool = False) -> None:
    """Write by suffix: .png .jpg .tif(f) (all pages) .pdf (all pages).

    `compact` (samples/): PNG with 16 grey levels, bilevel CCITT G4 TIFF.
    """
    suffix = path.suffix.lower()
    first, rest = g.pages[0], list(g.pages[1:])
    dpi = (g.dpi, g.dpi)
    if suffix in (".jpg", ".jpeg"):
        first.save(path, quality=quality, dpi=dpi)
    elif suffix in (".tif", ".tiff") and compact:
        bil = [_bilevel(p) for p in g.pages]
        bil[0].save(path, save_all=True, append_images=bil[1:], compression="group4", dpi=dpi)
    elif suffix in (".tif", ".tiff"):
        first.save(path, save_all=True, append_images=rest, compression="tiff_lzw", dpi=dpi)
    elif suffix == ".pdf" and compact:
        bil = [_bilevel(p) for p in g.pages]
        bil[0].save(path, save_all=True, append_images=bil[1:], resolution=g.dpi)
    elif suffix == ".pdf":
        # JPEG-compressed images inside the PDF keep it small
        pages = [Image.open(io.BytesIO(_jpeg(p, quality))) for p in g.pages]
        pages[0].save(path, save_all=True, append_images=pages[1:], resolution=g.dpi)
    elif compact:
        first.quantize(16, dither=Image.Dither.NONE).save(path, optimize=True, bits=4, dpi=dpi)
    else:
        first.save(path, optimize=True, dpi=dpi)


def _bilevel(im: Image.Image) -> Image.Image:
    return im.point(lambda v: 255 if v > 150 else 0).convert("1")


def _jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
