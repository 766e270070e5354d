"""Label-and-value forms (birth certificate, death extract): fuzzy labels, values to their right.

The same label (`Năm sinh`, `Dân tộc`) means different fields in different
parts of the form (the child's, the mother's, the father's), so labels are
walked in reading order with the current section as context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from digitize.fields.labels import Label, LabelHit, find_labels
from digitize.fields.lines import Segment
from digitize.fields.values import Read, words_after, words_below
from digitize.text import fold

__all__ = ["walk", "label_hits"]


def label_hits(
    segs: Sequence[Segment], labels: list[Label]
) -> list[tuple[Segment, list[LabelHit]]]:
    """Each segment with its label hits, in reading order (page, top, left)."""
    out = []
    for s in segs:
        hits = find_labels(s, labels)
        if hits:
            out.append((s, hits))
    return out


def walk(
    segs: Sequence[Segment],
    labels: list[Label],
    route: Callable[[str, str], tuple[str | None, str]],
    start: str = "main",
    below: bool = False,
) -> dict[str, Read]:
    """Read every labelled value; `route(section, label_key)` → (field key or None, new section).

    The first value found for a field wins (forms print each once; a later
    duplicate is a body mention). With `below`, an empty value is looked
    for under the label (label-above-value layouts).
    """
    found: dict[str, Read] = {}
    section = start
    per_seg = label_hits(segs, labels)
    labelled = {id(s) for s, _ in per_seg}
    for seg, hits in per_seg:
        for i, hit in enumerate(hits):
            key, section = route(section, hit.label.key)
            if key is None or key in found:
                continue
            words = words_after(hit, hits[i + 1] if i + 1 < len(hits) else None)
            if not words and below and i + 1 == len(hits):
                words = words_below(hit, segs, labelled)
            if words:
                found[key] = Read(words, seg.page)
    if "number" in {lab.key for lab in labels} and "number" not in found:
        _number_fallback(segs, found)
    return found


def _number_fallback(segs: Sequence[Segment], found: dict[str, Read]) -> None:
    """`Số: 123` whose `Số` OCR damaged (`Sö:`, `S6:`, `GỖ:`).

    Evidence, not a guess: a short line opening `S?:` and a number; or, when
    the label is damaged beyond that, a short line `XX: 123` printed right
    above `Quyển số` and aligned with it (the place the form gives the number).
    """
    for s in segs:
        m = re.match(r"^s\S?\s*[:;.]\s*(\d)", s.folded)
        if m and s.words and len(s.words) <= 3:
            words = tuple(w for w in s.words if re.search(r"\d", w.text))
            found["number"] = Read(words, s.page)
            return
    book = found.get("book_number")
    if book is None:
        return
    line = next((s for s in segs if book.words[0] in s.words), None)
    if line is None:
        return
    h = line.height
    for s in segs:
        above = 0 < line.top - s.bottom < 1.5 * h
        if s.page != line.page or not above or abs(s.left - line.left) > h:
            continue
        first = s.words[0].text
        if 2 <= len(s.words) <= 3 and len(first) <= 4 and first.endswith((":", ";")):
            words = tuple(w for w in s.words[1:] if re.fullmatch(r"\d[\d/.\-]*", w.text))
            if words:
                found["number"] = Read(words, s.page)
                return
        if 2 <= len(s.words) <= 3 and re.fullmatch(r"s\w{0,2}\W?", fold(first)):
            # `SŨ ng`, `S0 5Ð`: label and value both damaged; the value's crop is re-read
            found["number"] = Read(tuple(s.words[1:]), s.page)
            return
