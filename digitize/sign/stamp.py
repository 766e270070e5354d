"""The visible certification statement (lời chứng) and the page that carries it.

The statement is a template (the official forms change: Decree 280/2025 issued
new ones) filled with the register entry. It goes on a page appended after the
scanned original, so it never hides any of the original's content, together
with the boxes of the signature fields. The font must cover Vietnamese and
have unitsPerEm 1000: pyHanko 0.38 writes glyph widths unscaled, so a 2048-unit
font (DejaVu Sans) would render with doubled spacing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digitize.errors import ConfigProblem, EnvironmentProblem

__all__ = [
    "DEFAULT_FONT",
    "DEFAULT_TEMPLATE",
    "StampText",
    "render_statement",
    "load_template",
    "check_font",
    "PAGE_SIZE",
    "OFFICIAL_BOX",
    "BODY_BOX",
    "font_for",
]

DEFAULT_FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")

# Lời chứng of a copy certified from the original (Decree 23/2015, form of Circular 01/2020).
DEFAULT_TEMPLATE = """\
{body_superior}
{body_name}
LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC
Chứng thực bản sao đúng với bản chính.
Số chứng thực: {number}    Quyển số: {book_number}
{place_date}
{official_title}
(Ký, ghi rõ họ tên và đóng dấu)
{official_name}
"""

_FIELDS = ("body_superior", "body_name", "number", "book_number", "place_date", "day", "month",
           "year", "place", "official_title", "official_name")

PAGE_SIZE = (595, 842)  # A4 in points
OFFICIAL_BOX = (72, 90, 292, 170)
BODY_BOX = (323, 90, 543, 170)


@dataclass(frozen=True)
class StampText:
    """What the statement says: one register entry and who certifies."""

    number: int
    book_number: str
    certified_at: datetime
    official_name: str
    official_title: str
    body_name: str = ""
    body_superior: str = ""
    place: str = ""


def load_template(path: Path | None) -> str:
    """The configured template, or the default; unknown placeholders are a configuration error."""
    if path is None:
        return DEFAULT_TEMPLATE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigProblem(source=str(path), detail=f"stamp template unreadable: {e}") from e
    try:
        text.format(**{k: "" for k in _FIELDS})
    except (KeyError, IndexError, ValueError) as e:
        raise ConfigProblem(source=str(path),
                            detail=f"stamp template: unknown placeholder {e}; known: "
                                   + ", ".join(_FIELDS)) from e
    return text


def render_statement(template: str, s: StampText) -> str:
    """The statement's lines, NFC, blank lines from empty optional values dropped."""
    d = s.certified_at
    date = f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    place_date = f"{s.place}, {date}" if s.place else date.capitalize()
    text = template.format(
        body_superior=s.body_superior.upper(), body_name=s.body_name.upper(), number=s.number,
        book_number=s.book_number, place_date=place_date, day=f"{d.day:02d}",
        month=f"{d.month:02d}", year=d.year, place=s.place, official_title=s.official_title,
        official_name=s.official_name,
    )
    lines = [ln.rstrip() for ln in text.splitlines()]
    return unicodedata.normalize("NFC", "\n".join(ln for ln in lines if ln.strip()))


def check_font(path: Path) -> Path:
    """The font file, refused (exit 5) when missing or when its unitsPerEm is not 1000."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        upm = TTFont(str(path), lazy=True)["head"].unitsPerEm
    except (OSError, TTLibError, KeyError) as e:
        raise EnvironmentProblem(detail=f"stamp font {path} unreadable: {e}") from e
    if upm != 1000:
        raise EnvironmentProblem(
            detail=f"stamp font {path} has unitsPerEm {upm}; pyHanko needs 1000 "
                   "(use Noto Sans from fonts-noto-core)")
    return path


# Latin, Vietnamese (precomposed and combining), punctuation, currency: what a statement uses.
_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EFF), (0x2000, 0x206F),
           (0x20AB, 0x20AC), (0x2116, 0x2116))


def font_for(font: Path, texts: Iterable[str]) -> Path:
    """A cached Latin+Vietnamese cut of `font` if it covers all of `texts`, else `font` itself.

    Why: pyHanko subsets the font for every appearance it writes, and with Noto
    Sans's large layout tables that is most of the signing time; a pre-cut font
    (made once per machine, in the user's cache) makes it several times cheaper.
    A character outside the cut keeps the full font, so nothing renders as a box.
    """
    chars = {ord(c) for t in texts for c in t if not c.isspace()}
    if not all(any(a <= c <= b for a, b in _RANGES) for c in chars):
        return font
    return _cut(font) or font


@functools.lru_cache(maxsize=8)
def _cut(font: Path) -> Path | None:
    try:
        st = font.stat()
        key = hashlib.sha256(f"v1:{font.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()
                             ).hexdigest()[:16]
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache = Path(base) / "digitize" / "fonts"
        target = cache / f"{font.stem}-vi-{key}.ttf"
        if target.exists():
            return target
        cache.mkdir(parents=True, exist_ok=True)
        from fontTools import subset
        from fontTools.ttLib import TTFont

        opts = subset.Options()
        opts.layout_features = ["kern", "ccmp", "mark", "mkmk"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        tt = TTFont(str(font))
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=[c for a, b in _RANGES for c in range(a, b + 1)])
        sub.subset(tt)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".ttf")
        with os.fdopen(fd, "wb") as fh:
            tt.save(fh)
        os.replace(tmp, target)  # parallel first runs: the last identical file wins
        return target
    except Exception:  # noqa: BLE001 - a cache is an optimisation: fall back to the full font
        return None
