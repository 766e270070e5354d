"""Vietnamese text helpers: NFC, space collapsing and the ONE accent-folding function.

Search (the archive index) and field matching (labels, dictionaries) both
compare text with accents folded away, so an OCR-damaged `Ho, chu dem, ten`
or a user typing `nguyen van a` finds `Nguyễn Văn A`. Keeping the folding in
one place guarantees the archive and the extractor agree on what "the same
text" means.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfc", "collapse_spaces", "fold", "strip_marks"]

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own in Unicode (no decomposition), so fold them by hand.
_D = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(s: str) -> str:
    """Unicode NFC: the form all Vietnamese text is kept in from OCR onwards."""
    return unicodedata.normalize("NFC", s)


def collapse_spaces(s: str) -> str:
    """Runs of whitespace → one space, trimmed."""
    return _SPACES.sub(" ", s).strip()


def strip_marks(s: str) -> str:
    """Drop every diacritic (tone and vowel marks) and map đ→d, keeping case."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.translate(_D))


def fold(s: str) -> str:
    """Accent-folded, case-folded, space-collapsed form for matching and search.

    `fold("Nguyễn  Thị ĐÀO") == "nguyen thi dao"`.
    """
    return collapse_spaces(strip_marks(s).casefold())
