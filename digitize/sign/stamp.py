"""The visible certification statement (lời chứng) and the page that carries it.

The statement is a template (the official forms change: Decree 280/2025 issued
new ones) filled with the register entry. It goes on a page appended after the
scanned original, so it never hides any of the original's content, together
with the boxes of the signature fields. The font must cover Vietnamese and
have unitsPerEm 1000: pyHanko 0.38 writes glyph widths unscaled, so a 2048-unit
font (DejaVu Sans) would render with doubled spacing.
"""

from __future__ import annotations

import unicodedata
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
