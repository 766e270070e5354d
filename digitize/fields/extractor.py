"""The extraction recipe: segments → type → labelled reads → values → re-reads → checks → flags."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections import Counter
from collections.abc import Sequence

import cv2
import numpy as np

from digitize.config import FieldsConfig
from digitize.errors import DigitizeError
from digitize.fields import normalize as nz
from digitize.fields import validate
from digitize.fields.classify import classify
from digitize.fields.labels import Label, find_labels
from digitize.fields.leaders import strip_leaders
from digitize.fields.lines import Segment, page_segments
from digitize.fields.reread import reread, reread_line, vote_number
from digitize.fields.types import birth, card, death, decision, form, marriage
from digitize.fields.values import Read, make_value
from digitize.models import DocType, Extraction, FieldValue, OcrPage
from digitize.ocr.tesseract import recognize
from digitize.text import fold

__all__ = ["extract_document", "read_fields"]

log = logging.getLogger(__name__)


def read_fields(
    doc_type: DocType, segs: list[Segment], page_width: int
) -> tuple[dict[str, Read], dict[str, str]]:
    """The raw reads of one type and the kind of each field."""
    if doc_type == DocType.BIRTH_CERTIFICATE:
        return form.walk(segs, birth.LABELS, birth.route), birth.KINDS
    if doc_type == DocType.DEATH_EXTRACT:
        return form.walk(segs, death.LABELS, death.route), death.KINDS
    if doc_type == DocType.MARRIAGE_CERTIFICATE:
        return marriage.extract_reads(segs), marriage.KINDS
    if doc_type == DocType.CITIZEN_ID_CARD:
        return card.extract_reads(segs), card.KINDS
    if doc_type == DocType.ADMINISTRATIVE_DECISION:
        return decision.extract_reads(segs, page_width), decision.KINDS
    return {}, {}


def _without_leaders(
    pages: Sequence[OcrPage], images: Sequence[np.ndarray]
) -> tuple[list[OcrPage], list[np.ndarray]]:
    """Re-OCR pages whose dotted leaders are still on the image (they garble the values nearby).

    A scan pipeline that removes leaders before OCR makes this a no-op.
    """
    out_pages, out_images = list(pages), list(images)
    for i, (page, img) in enumerate(zip(pages, images, strict=True)):
        gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        cleaned, removed = strip_leaders(gray, page.dpi)
        if not removed:
            continue
        try:
            rec = recognize(cleaned, dpi=page.dpi, pdf=False)
        except DigitizeError:
            continue
        out_pages[i] = dataclasses.replace(page, words=rec.words, text=rec.text)
        out_images[i] = cleaned
    return out_pages, out_images


def _value(read: Read, kind: str, key: str) -> FieldValue | None:
    """A date no calendar or life allows (`1350-07-11`) is weak evidence: re-read it, flag it."""
    fv = make_value(read, kind)
    if fv is None or fv.value is None or not ("date" in key or key.endswith("_of_birth")):
        return fv
    if validate.check_dates({key: fv.value}):
        return dataclasses.replace(fv, confidence=min(fv.confidence, 0.5))
    return fv


_REGISTERS = (
    DocType.BIRTH_CERTIFICATE,
    DocType.DEATH_EXTRACT,
    DocType.MARRIAGE_CERTIFICATE,
)


def _unsure(fv: FieldValue | None) -> bool:
    """A register number below 0.95 (Tesseract scores misread short numbers up to ~0.92)."""
    return fv is None or fv.value is None or fv.confidence < 0.95 or not fv.value[:1].isdigit()


def _vote(
    images: Sequence[np.ndarray], page: OcrPage | None, read: Read, fv: FieldValue | None
) -> tuple[FieldValue | None, bool]:
    """The register number that most re-read lines agree on; the first read when none does."""
    if page is None or not 0 < read.page <= len(images):
        return fv, False
    best, votes, total = vote_number(images[read.page - 1], page, read, nz.doc_number)
    if best is None:
        return fv, True
    conf = votes / total
    if fv is not None and fv.value == best:
        conf = max(conf, fv.confidence)
    return FieldValue(best, round(conf, 2), raw=read.text, page=read.page), True


_UNITS = ("xa", "phuong", "thi", "huyen", "quan", "tinh", "thanh", "thon", "ap")


def _better(fv: FieldValue | None, again: FieldValue | None, kind: str) -> bool:
    """Does the re-read replace the first read? More confident, not much shorter, no word of a
    name lost, no administrative unit word of a place lost (`xã Nghi Phong` → `Nghi Phong`).
    """
    if again is None or again.value is None:
        return False
    if fv is None or fv.value is None:
        return True
    if again.confidence <= fv.confidence or len(again.value) < 0.8 * len(fv.value):
        return False
    if kind == "name" and len(again.value.split()) < len(fv.value.split()):
        return False  # `LÝ KIM ÁNH` re-read as `LÝ KIMÁNH`: a space lost, not a better read
    if kind == "place":
        units = Counter(w for w in fold(again.value).split() if w in _UNITS)
        units.subtract(w for w in fold(fv.value).split() if w in _UNITS)
        return min(units.values(), default=0) >= 0
    return True


_WEAK_LINE = 0.5  # a line's mean word confidence below which it is read again on its own
_WEAK_LINES_PER_PAGE = 4  # bounds the cost (~0.1 s each) on a badly damaged page


#: What every record of a type carries: a record without one of them goes to a person
#: (`missing:<key>`) instead of being filed short of it. Other fields may be blank on real
#: records (an unknown father, no ID yet) and are simply left out.
ESSENTIAL: dict[DocType, tuple[str, ...]] = {
    DocType.BIRTH_CERTIFICATE: ("number", "full_name", "date_of_birth", "sex"),
    DocType.DEATH_EXTRACT: ("number", "full_name", "date_of_death"),
    DocType.MARRIAGE_CERTIFICATE: ("number", "husband_name", "wife_name"),
    DocType.CITIZEN_ID_CARD: ("full_name", "date_of_birth", "sex"),
    DocType.ADMINISTRATIVE_DECISION: ("number", "issuing_body", "issue_date"),
}

_LABELS = {
    DocType.BIRTH_CERTIFICATE: birth.LABELS,
    DocType.DEATH_EXTRACT: death.LABELS,
    DocType.MARRIAGE_CERTIFICATE: marriage.LABELS + marriage.ROW_LABELS,
    DocType.CITIZEN_ID_CARD: card.LABELS,
}


def _weak_lines_again(
    segs: list[Segment],
    pages: Sequence[OcrPage],
    images: Sequence[np.ndarray],
    labels: list[Label],
) -> list[Segment]:
    """Re-read alone the weakest lines of a page whose label OCR lost (`EÒ: chữ đeui tên:`).

    The re-read is kept when it finds a label of the form there and reads more
    confidently: the form's own wording is the evidence that the line is now read right.
    A line whose label was found is left as read (its value has its own re-read).
    """
    dpi = {p.number: p.dpi for p in pages}
    out = list(segs)
    for number in dpi:
        if not 0 < number <= len(images):
            continue
        weak = sorted(
            (
                (s.confidence, i)
                for i, s in enumerate(segs)
                if s.page == number
                and len(s.words) >= 2
                and s.confidence < _WEAK_LINE
                and not find_labels(s, labels)
                and not re.search(r"\d{6}", s.text)  # IDs: the structure checks judge them
            ),
        )[:_WEAK_LINES_PER_PAGE]
        for conf, i in weak:
            words = reread_line(images[number - 1], dpi[number], segs[i].words)
            again = Segment(words, number) if words else None
            if again is not None and again.confidence > conf + 0.2 and find_labels(again, labels):
                out[i] = again
    return out


def _faded_zero(key: str, fv: FieldValue, fields: dict[str, FieldValue]) -> FieldValue | None:
    """11 digits read where a 12-digit ID is printed: its leading 0 faded (`79061170518`).

    Restored only when the 12 digits agree with the birth date and sex read on the same
    document (province code, century and sex digit, year): three checks, not a guess.
    """
    digits = re.sub(r"\D", "", fv.raw or "")
    who = key.removesuffix("personal_id")
    birth = fields.get(f"{who}date_of_birth")
    sex = {"husband_": "Nam", "wife_": "Nữ"}.get(who) or (
        fields["sex"].value if "sex" in fields else None
    )
    if len(digits) != 11 or birth is None or birth.value is None or sex is None:
        return None
    pid = "0" + digits
    if validate.check_personal_id(pid, birth=birth.value, sex=sex):
        return None
    return dataclasses.replace(fv, value=pid, confidence=max(fv.confidence, 0.8))


def extract_document(
    pages: Sequence[OcrPage],
    *,
    images: Sequence[np.ndarray] | None,
    doc_type: DocType | None,
    citizen_id: str | None,
    config: FieldsConfig,
) -> Extraction:
    if images is not None:
        pages, images = _without_leaders(pages, images)
    segs = [s for p in pages for s in page_segments(p)]
    flags: list[str] = []
    if doc_type is None or doc_type == DocType.UNKNOWN:
        c = classify(segs)
        dtype, dconf = c.doc_type, c.confidence
        if dconf < config.type_threshold and dtype != DocType.UNKNOWN:
            flags.append("low_confidence:doc_type")
    else:
        dtype, dconf = doc_type, 1.0
    if dtype == DocType.UNKNOWN:
        flags.append("unknown_doc_type")
    width = pages[0].width if pages else 0
    if images is not None and dtype in _LABELS:
        segs = _weak_lines_again(segs, pages, images, _LABELS[dtype])
    reads, kinds = read_fields(dtype, segs, width)
    fields: dict[str, FieldValue] = {}
    by_page = {p.number: p for p in pages}
    faded: list[tuple[str, FieldValue]] = []
    for key, kind in kinds.items():
        read = reads.get(key)
        if read is None:
            continue
        fv = _value(read, kind, key)
        voted = False
        if images is not None and kind == "number" and dtype in _REGISTERS and _unsure(fv):
            fv, voted = _vote(images, by_page.get(read.page), read, fv)
        if images is not None and not voted and (
            fv is None or fv.value is None or fv.confidence < config.review_threshold
        ):
            page = by_page.get(read.page)
            if page is not None and 0 < read.page <= len(images):
                again = functools.partial(_value, kind=kind, key=key)
                better = reread(images[read.page - 1], page, read, again)
                if _better(fv, better, kind):
                    fv = better
        if fv is None:
            continue
        if fv.value is None and kind == "pid":
            faded.append((key, fv))  # checked against the birth date and sex read after it
            continue
        if fv.value is None:
            flags.append(f"unreadable:{key}")
            continue
        fields[key] = fv
    if dtype == DocType.ADMINISTRATIVE_DECISION and "number" in fields:
        n, body = fields["number"], fields.get("issuing_body")
        fixed = decision.restore_code(n.value or "", body.value if body else None)
        if fixed is not None:
            conf = max(n.confidence, 0.85)
            fields["number"] = dataclasses.replace(n, value=fixed, confidence=conf)
    for key, fv in faded:
        restored = _faded_zero(key, fv, fields)
        if restored is None:
            flags.append(f"unreadable:{key}")
        else:
            fields[key] = restored
    flags += _checks(dtype, fields)
    flags += [
        f"missing:{key}"
        for key in ESSENTIAL.get(dtype, ())
        if key not in fields and f"unreadable:{key}" not in flags
    ]
    ids = _citizen_ids(dtype, fields, citizen_id)
    if not ids and dtype != DocType.UNKNOWN:
        flags.append("no_citizen_id")
    for key, fv in fields.items():
        if fv.confidence < config.review_threshold:
            flags.append(f"low_confidence:{key}")
    log.debug("extracted %s: %s", dtype.value, {k: v.value for k, v in fields.items()})
    return Extraction(
        doc_type=dtype,
        doc_type_confidence=dconf,
        fields=fields,
        citizen_ids=ids,
        flags=tuple(dict.fromkeys(flags)),
    )


def _checks(dtype: DocType, fields: dict[str, FieldValue]) -> list[str]:
    return validate.check_values(dtype, {k: v.value for k, v in fields.items()})


def _citizen_ids(
    dtype: DocType, fields: dict[str, FieldValue], operator: str | None
) -> tuple[str, ...]:
    if operator:
        return (operator,)
    return validate.citizen_ids_of(dtype, {k: v.value for k, v in fields.items()})
