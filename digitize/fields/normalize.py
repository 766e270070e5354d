"""Normal forms of shared/spec/documents.md: names, dates, years, IDs, sex, numbers, text."""

from __future__ import annotations

import datetime as dt
import re

from digitize.text import collapse_spaces, fold, nfc

__all__ = ["name", "date", "year", "personal_id", "sex", "doc_number", "free_text", "words_to_number"]

_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1",
                            "|": "1", "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2",
                            "g": "9", "q": "9", "G": "6", "b": "6", "T": "7", "A": "4"})
_NUMWORDS = {"khong": 0, "mot": 1, "mốt": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
             "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi1": 10}


def name(s: str) -> str | None:
    """Personal name: NFC, upper case, single spaces; letters only."""
    s = re.sub(r"[^\w\s]|\d|_", " ", nfc(s))
    s = collapse_spaces(s).upper()
    return s or None


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _fix_digits(s: str) -> str:
    return s.translate(_DIGIT_FIX)


def words_to_number(words: list[str]) -> int | None:
    """Vietnamese number words (`mười lăm` → 15, `hai mươi mốt` → 21, `một nghìn chín trăm…`)."""
    total, cur, seen = 0, 0, False
    for w in words:
        f = fold(w)
        if f in ("nghin", "ngan"):
            total += max(cur, 1) * 1000
            cur = 0
        elif f == "tram":
            cur = max(cur, 1) * 100 + 0 if cur < 10 else cur // 10 * 10 + cur % 10 * 100
        elif f in ("muoi", "muoi"):
            cur = cur - cur % 10 + max(cur % 10, 1) * 10 if cur % 100 < 10 else cur
        elif f == "linh" or f == "le":
            continue
        elif f in _NUMWORDS:
            v = _NUMWORDS[f]
            if f == "tu" and not seen:
                return None
            cur += v
        else:
            return None
        seen = True
    return total + cur if seen else None


def date(s: str) -> str | None:
    """ISO date from `15/8/1990`, `15-08-1990`, `ngày 15 tháng 8 năm 1990` or written-out words."""
    f = fold(s)
    m = re.search(r"ngay\s*(\S{1,2})\s*thang\s*(\S{1,2})\s*nam\s*(\S{4})", f)
    if m:
        d, mo, y = (_fix_digits(g) for g in m.groups())
        if d.isdigit() and mo.isdigit() and y.isdigit():
            return _valid(int(y), int(mo), int(d))
    m = re.search(r"(\w{1,2})\s*[/.\-]\s*(\w{1,2})\s*[/.\-]\s*(\w{4})", s)
    if m:
        d, mo, y = (_fix_digits(g) for g in m.groups())
        if d.isdigit() and mo.isdigit() and y.isdigit():
            return _valid(int(y), int(mo), int(d))
    m = re.search(r"ngay (.+?),? thang (.+?),? nam (.+)$", f)
    if m:
        parts = [words_to_number(g.split()) for g in m.groups()]
        if all(p is not None for p in parts):
            d2, mo2, y2 = parts
            return _valid(y2, mo2, d2)  # type: ignore[arg-type]
    return None


def year(s: str) -> str | None:
    m = re.search(r"\b(\w{4})\b", s)
    if not m:
        return None
    y = _fix_digits(m.group(1))
    return y if y.isdigit() and 1850 <= int(y) <= 2100 else None


def personal_id(s: str) -> str | None:
    """Exactly 12 digits once spaces and look-alike letters are fixed, else None."""
    compact = re.sub(r"[\s.\-]", "", s)
    m = re.search(r"[0-9OoDQlIi|SsBZzgqGbTA]{12,}", compact)
    if not m:
        return None
    digits = _fix_digits(m.group(0))
    return digits if len(digits) == 12 and digits.isdigit() else None


def sex(s: str) -> str | None:
    f = fold(s)
    if re.search(r"\b(nu|female|f)\b", f):
        return "Nữ"
    if re.search(r"\b(nam|male|m)\b", f):
        return "Nam"
    return None


_CODE_FIX = {"qd": "QĐ", "od": "QĐ", "0d": "QĐ", "qđ": "QĐ", "ubnd": "UBND", "ndcp": "NĐ-CP"}


def doc_number(s: str) -> str | None:
    """`Số: 45/QĐ-UBND` → `45/QĐ-UBND`; `Số: 125/2023` → `125/2023`; OCR's QD/OĐ fixed to QĐ."""
    s = nfc(s).strip()
    s = re.sub(r"^\s*S\S{0,2}\s*[:;.,]\s*", "", s, flags=re.IGNORECASE)
    s = re.sub(r"\s*([/\-])\s*", r"\1", s).split(" ")[0].strip(" .,:;")
    if not s or not re.match(r"\w", s):
        return None
    parts = re.split(r"([/\-])", s)
    fixed = [_CODE_FIX.get(fold(p).replace("đ", "d"), p) if i % 2 == 0 and i > 0 else p
             for i, p in enumerate(parts)]
    out = "".join(fixed)
    first = out.split("/")[0]
    if first and not first.isdigit():
        first_fixed = _fix_digits(first)
        out = (first_fixed if first_fixed.isdigit() else first) + out[len(first):]
    return out


def free_text(s: str) -> str | None:
    """NFC, single spaces, trimmed, case as printed; trailing stray punctuation dropped."""
    s = collapse_spaces(nfc(s)).strip(" .,;:-_")
    return s or None
