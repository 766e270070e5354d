"""What a person types in `digitize review set`: which keys a type has, normal forms, re-checks.

A reviewer's value goes through the same normalisers and validators as an
OCR read (names upper-case NFC, dates ISO, IDs 12 digits), so the archive
never holds a typed value in a form the extractor would not produce. Typed
input is not OCR: no look-alike digit repair, a value that does not parse
is refused (usage error, exit 2) rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from digitize.errors import UsageProblem
from digitize.fields import normalize as nz
from digitize.fields.types import birth, card, death, decision, marriage
from digitize.models import DocType
from digitize.text import collapse_spaces, nfc

__all__ = [
    "field_kinds",
    "normalise_input",
    "parse_assignments",
    "split_assignments",
    "REVIEW_ONLY_FLAGS",
]

_KINDS: dict[DocType, Mapping[str, str]] = {
    DocType.BIRTH_CERTIFICATE: birth.KINDS,
    DocType.DEATH_EXTRACT: death.KINDS,
    DocType.MARRIAGE_CERTIFICATE: marriage.KINDS,
    DocType.CITIZEN_ID_CARD: card.KINDS,
    DocType.ADMINISTRATIVE_DECISION: decision.KINDS,
}
#: Flags that only say "a person should look": a confirmation or a typed value settles them.
REVIEW_ONLY_FLAGS = ("low_confidence", "unreadable", "unknown_doc_type", "no_citizen_id")


def field_kinds(doc_type: DocType) -> Mapping[str, str]:
    """Field key → kind of value, as shared/spec/documents.md lists them (empty for unknown)."""
    return _KINDS.get(doc_type, {})


def _date(text: str) -> str | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return nz.date(text)


def _pid(text: str) -> str | None:
    digits = re.sub(r"[\s.\-]", "", text)
    return digits if re.fullmatch(r"\d{12}", digits) else None


def _number(text: str) -> str | None:
    value = nz.free_text(re.sub(r"^\s*S[ốo]\s*:\s*", "", nfc(text), flags=re.IGNORECASE))
    return value if value and re.search(r"\d", value) else None


def _year(text: str) -> str | None:
    t = text.strip()
    return t if re.fullmatch(r"\d{4}", t) and 1850 <= int(t) <= 2100 else None


def _nationality(text: str) -> str | None:
    value = nz.free_text(text)
    if value and re.sub(r"\W", "", value.lower()) in ("việtnam", "vietnam"):
        return "Việt Nam"
    return value


_NORMALISERS = {
    "name": nz.name,
    "date": _date,
    "year": _year,
    "pid": _pid,
    "sex": nz.sex,
    "number": _number,
    "nationality": _nationality,
}


def normalise_input(doc_type: DocType, key: str, text: str) -> str | None:
    """The normal form of a typed value; `""` clears the field (None).

    UsageProblem (exit 2) for a key the type does not have or a value that
    does not parse as its kind (`review.bad_value` names the expected form).
    """
    kinds = field_kinds(doc_type)
    if key not in kinds:
        raise UsageProblem(
            "review.unknown_field", key=key, doc_type=doc_type.value, known=", ".join(kinds)
        )
    text = collapse_spaces(nfc(text))
    if not text:
        return None
    kind = kinds[key]
    value = _NORMALISERS.get(kind, nz.free_text)(text)
    if value is None:
        form = kind if kind in _NORMALISERS and kind != "nationality" else "text"
        raise UsageProblem(f"review.bad_value.{form}", key=key, value=text)
    return value


def split_assignments(items: list[str]) -> dict[str, str]:
    """`["full_name=Nguyễn Văn An", "sex=nam"]` → {key: typed}; an item without `=` → exit 2."""
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or not key:
            raise UsageProblem("review.bad_assignment", item=item)
        out[key] = value
    return out


def parse_assignments(doc_type: DocType, items: list[str]) -> dict[str, str | None]:
    """`["full_name=Nguyễn Văn An", "sex=nam"]` → normalised values (exit 2 when one is bad)."""
    return {k: normalise_input(doc_type, k, v) for k, v in split_assignments(items).items()}
