"""Normal forms of shared/spec/documents.md: names, dates, years, IDs, sex, numbers, text."""

from __future__ import annotations

import datetime as dt
import re

from digitize.text import collapse_spaces, fold, nfc

__all__ = [
    "name",
    "date",
    "year",
    "personal_id",
    "sex",
    "doc_number",
    "free_text",
    "words_to_number",
]

_DIGIT_FIX = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "g": "9",
        "q": "9",
        "G": "6",
        "b": "6",
        "T": "7",
        "A": "4",
    }
)
_NUMWORDS = {
    "khong": 0,
    "mot": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi1": 10,
}


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
    total, section, last, prev_digit, seen = 0, 0, 0, False, False
    for w in words:
        f = fold(w).strip(",.")
        if f in ("nghin", "ngan"):
            total += (section or 1) * 1000
            section, prev_digit = 0, False
        elif f == "tram" and prev_digit:
            section += last * 99
            prev_digit = False
        elif f == "muoi":
            if prev_digit:
                section += last * 9
            else:
                section += 10
            prev_digit = False
        elif f in ("linh", "le"):
            continue
        elif f in _NUMWORDS and _NUMWORDS[f] < 10:
            last = _NUMWORDS[f]
            section += last
            prev_digit = True
        else:
            return None
        seen = True
    return total + section if seen else None


def date(s: str) -> str | None:
    """ISO date from `15/8/1990`, `15-08-1990`, `ngày 15 tháng 8 năm 1990` or written-out words."""
    f = fold(s)
    m = re.search(
        r"ng\w{1,2}\s*(\S{1,2})\s*th\w{2,3}\s*(\S{1,2})\s*(?:n\w{1,2}|\w{2,3}\s+(?=\d))\s*(\S{4})",
        f,
    )
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
    for tok in re.findall(r"\b\w{4}\b", s):
        if sum(c.isdigit() for c in tok) >= 2:
            y = _fix_digits(tok)
            if y.isdigit() and 1850 <= int(y) <= 2100:
                return y
    return None


def personal_id(s: str) -> str | None:
    """Exactly 12 digits once spaces and look-alike letters are fixed, else None."""
    compact = re.sub(r"[\s.\-]", "", s)
    compact = re.sub(r"^[(\[{](?=\d{11}$)", "0", compact)  # a 0 whose left half faded: `(34…`
    m = re.search(r"[0-9OoDQlIi|SsBZzgqGbTA]{12,}", compact)
    if not m:
        return None
    digits = _fix_digits(m.group(0))
    return digits if len(digits) == 12 and digits.isdigit() else None


def sex(s: str) -> str | None:
    """`Nam`/`Nữ` from the value, also when glued to the next label (`NaImQuốc` → Nam)."""
    from digitize.fields.labels import levenshtein

    f = fold(s)
    first = re.sub(r"[^a-z]", "", f.split(" ")[0]) if f else ""
    first = re.sub(r"(quoc|qu6c|dan ?toc).*$", "", first) or first
    if len(first) == 4 and levenshtein(first, "nam") == 1 and first.startswith("na"):
        return "Nam"
    if first.startswith("nu") and len(first) <= 6:
        return "Nữ"
    if first.startswith("nam") and len(first) <= 9:
        return "Nam"
    if re.search(r"\b(nu|female|f)\b", f):
        return "Nữ"
    if re.search(r"\b(nam|male|m)\b", f):
        return "Nam"
    return None


_CODE_FIX = {"qd": "QĐ", "od": "QĐ", "0d": "QĐ", "qđ": "QĐ", "ubnd": "UBND", "ndcp": "NĐ-CP"}
# Issuer and document-kind codes of Decree 30 numbers; a damaged code is mapped to one of these
# only when a single one is within one edit.
KNOWN_CODES = (
    "QĐ",
    "UBND",
    "HĐND",
    "CT",
    "TTg",
    "NĐ",
    "CP",
    "TT",
    "BTP",
    "BCA",
    "BTC",
    "BNV",
    "BVHTTDL",
    "STP",
    "STNMT",
    "SNV",
    "VP",
    "TB",
    "KH",
    "BC",
    "TTr",
    "NQ",
    "CV",
    "THNVDT",
    "BTNMT",
    "BXD",
)


def _fix_code(part: str) -> str:
    core = re.sub(r"[^A-ZĐa-z]", "", part)
    if part in KNOWN_CODES or not core:
        return part
    key = fold(core).replace("đ", "d")
    if key in _CODE_FIX:
        return _CODE_FIX[key]
    from digitize.fields.labels import levenshtein

    near = [c for c in KNOWN_CODES if levenshtein(fold(c), key) <= (1 if len(key) >= 3 else 0)]
    if len(near) == 1:
        return near[0]
    # glued junk after a known code ("UBNDã", "UBNNãä"): keep the known prefix
    for c in sorted(KNOWN_CODES, key=len, reverse=True):
        if len(c) >= 3 and levenshtein(fold(c), key[: len(c)]) <= 1:
            return c
    return part


def doc_number(s: str) -> str | None:
    """`Số: 45/QĐ-UBND` → `45/QĐ-UBND`; `Số: 125/2023` → `125/2023`; OCR's QD/OĐ fixed to QĐ."""
    s = nfc(s).strip()
    s = re.sub(r"^\s*S\S{0,2}\s*[:;.,]\s*|^\s*S[ốoôồỗ]\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"\s*([/\-])\s*", r"\1", s).split(" ")[0].strip(" .,:;")
    if not s or not re.match(r"\w", s) or not re.search(r"\d", s):
        return None
    parts = re.split(r"([/\-])", s.rstrip("_.,;:"))
    fixed = [
        _fix_code(p) if i % 2 == 0 and i > 0 and not p.isdigit() else p for i, p in enumerate(parts)
    ]
    out = "".join(fixed)
    # `4QĐÐ-UBND`: the slash of `số/QĐ-…` lost between the digits and the kind code
    out = re.sub(r"^(\d+)Q[ĐÐD]{1,2}-(?=[A-ZĐ]+$)", r"\1/QĐ-", out)
    first = out.split("/")[0]
    if first and not first.isdigit():
        first_fixed = _fix_digits(first)
        out = (first_fixed if first_fixed.isdigit() else first) + out[len(first) :]
    return out


def free_text(s: str) -> str | None:
    """NFC, single spaces, trimmed, case as printed; trailing stray punctuation dropped."""
    s = collapse_spaces(nfc(s)).strip(" .,;:-_")
    return s or None
