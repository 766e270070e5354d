"""From label hits to normalised, corrected, scored field values."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from digitize.fields import normalize as nz
from digitize.fields.correct import correct_body, correct_ethnicity, correct_name, correct_place
from digitize.fields.labels import LabelHit
from digitize.fields.lines import Segment, clean_word, is_leader
from digitize.models import FieldValue, OcrWord
from digitize.text import fold

__all__ = ["Read", "words_after", "words_below", "make_value", "KINDS"]

KINDS = (
    "name",
    "date",
    "year",
    "pid",
    "sex",
    "number",
    "text",
    "place",
    "ethnicity",
    "nationality",
)


@dataclass(frozen=True)
class Read:
    """Words read for one field, with where they were found (for a re-OCR of the crop)."""

    words: tuple[OcrWord, ...]
    page: int

    @property
    def text(self) -> str:
        """The value as printed: leaders cut, stray marks trimmed, commas between words kept."""
        parts = []
        for w in self.words:
            t = clean_word(w.text)
            if t:
                parts.append(t + ("," if w.text.rstrip(" .").endswith(",") else ""))
        return " ".join(parts).rstrip(",")

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0) / 100 if self.words else 0.0

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (
            min(w.left for w in self.words),
            min(w.top for w in self.words),
            max(w.right for w in self.words),
            max(w.bottom for w in self.words),
        )


def _glued_value(text: str) -> bool:
    """`Nữ...`, `10/01/1983......`: a value with the leader glued on, not a leader."""
    m = re.match(r"([^\s.…_]+?)(\.{2,}|…|_{2,})", text)
    return m is not None and sum(ch.isalnum() for ch in m.group(1)) >= 2


def _cut(words: Sequence[OcrWord], gap: float = 1.1) -> tuple[OcrWord, ...]:
    """Value words up to the first leader, stray mark or wide gap."""
    out: list[OcrWord] = []
    for w in words:
        t = w.text
        if out and w.left - out[-1].right > gap * max(out[-1].height, w.height):
            break
        if is_leader(t) and not _glued_value(t):
            if out:
                break
            continue
        cleaned = clean_word(t)
        if not cleaned:
            if out:
                break
            continue
        out.append(w)
        if cleaned != t.strip(" ,:;.") and re.search(r"(\.{2,}|…|_{2,})", t):
            break
    return tuple(out)


def words_after(hit: LabelHit, nxt: LabelHit | None) -> tuple[OcrWord, ...]:
    """The words right of a label on its segment, up to the next label."""
    words = hit.segment.words[hit.end : (nxt.start if nxt else None)]
    return _cut(words)


def words_below(
    hit: LabelHit,
    segs: Sequence[Segment],
    stop: set[int],
    max_lines: int = 2,
    tolerance: float = 3.0,
) -> tuple[OcrWord, ...]:
    """Label-above-value layouts (ID card): segments under the label, left-aligned with it.

    `stop` holds the ids of segments that carry a label; reading stops there.
    """
    seg = hit.segment
    x0 = seg.words[hit.start].left
    out: list[OcrWord] = []
    mid = (seg.top + seg.bottom) / 2
    last_bottom = mid + seg.height / 2
    taken = 0
    for s in segs:
        if s.page != seg.page or (s.top + s.bottom) / 2 < mid + 0.6 * seg.height or s is seg:
            continue
        if abs(s.left - x0) > tolerance * seg.height or s.top - last_bottom > 1.6 * s.height:
            continue
        if id(s) in stop:
            break
        out.extend(_cut(s.words, gap=2.5))
        last_bottom = s.bottom
        taken += 1
        if taken >= max_lines:
            break
    return tuple(out)


def make_value(read: Read, kind: str) -> FieldValue | None:
    """Normalise and correct; confidence = weakest word × dictionary evidence × parse success."""
    raw = read.text
    if not raw:
        return None
    conf = read.confidence
    value: str | None
    if kind == "name":
        n = nz.name(raw)
        if n is None:
            return None
        c = correct_name(n)
        value, conf = c.value, conf * c.factor
        if c.changed:
            conf = max(conf, 0.85 * c.factor)
    elif kind == "date":
        value = nz.date(raw)
    elif kind == "year":
        value = nz.year(raw)
    elif kind == "pid":
        value = nz.personal_id(raw)
    elif kind == "sex":
        value = nz.sex(raw)
    elif kind == "number":
        value = nz.doc_number(raw)
    elif kind == "ethnicity":
        c = correct_ethnicity(nz.free_text(raw) or "")
        value, conf = c.value, conf * c.factor
    elif kind == "nationality":
        value = (
            "Việt Nam"
            if re.sub(r"\W", "", raw.lower()) in ("việtnam", "vietnam", "viẹtnam")
            or nz.free_text(raw) == "Việt Nam"
            else nz.free_text(raw)
        )
        if value == "Việt Nam":
            conf = max(conf, 0.9)
        elif value is not None and fold(value) == "nam":  # "Việt" glued to the label
            value, conf = "Việt Nam", min(conf, 0.85)
    elif kind == "place":
        text = nz.free_text(raw)
        if text is None:
            return None
        c = correct_place(text)
        value, conf = c.value, conf * c.factor
        if c.changed and c.factor == 1.0:
            conf = max(conf, 0.85)
    elif kind == "text_upper":  # issuing body, title: administrative words and place names
        text = nz.free_text(raw)
        if text is None:
            return None
        c = correct_body(text)
        value, conf = c.value, conf * c.factor
        if c.changed and c.factor == 1.0:
            conf = max(conf, 0.85)
    else:
        value = nz.free_text(raw)
    if value is None:
        return FieldValue(None, 0.0, raw=raw, page=read.page)
    return FieldValue(value, conf, raw=raw, page=read.page)
