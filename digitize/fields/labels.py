"""Fuzzy label matching on folded text: OCR damages labels (`Ho, chữ đêm, tên`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein as _Levenshtein

from digitize.fields.lines import Segment
from digitize.text import fold

__all__ = ["Label", "LabelHit", "levenshtein", "find_labels", "word_key"]

_NON = re.compile(r"[^0-9a-z]")


def word_key(text: str) -> str:
    """Folded, letters and digits only: the form labels are compared in."""
    return _NON.sub("", fold(text).replace("ø", "o"))


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute, unit costs), in C: label matching calls it
    tens of thousands of times per document.
    """
    return _Levenshtein.distance(a, b)


@dataclass(frozen=True)
class Label:
    """A printed label: its key, the folded words, and how much damage is tolerated."""

    key: str
    text: str  # as printed, e.g. "Họ, chữ đệm, tên"
    tolerance: float = 0.25
    anchored: bool = False  # must open its segment (short labels such as "Số")

    @property
    def target(self) -> str:
        return word_key(self.text)

    @property
    def nwords(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class LabelHit:
    label: Label
    segment: Segment
    start: int  # index of the label's first word in the segment
    end: int  # index after its last word
    distance: float  # normalised edit distance 0..1

    @property
    def right(self) -> int:
        return self.segment.words[self.end - 1].right


def _best_in(seg: Segment, label: Label, keys: list[str]) -> LabelHit | None:
    target = label.target
    best: LabelHit | None = None
    n = label.nwords
    for s in range(1 if label.anchored else len(keys)):
        for k in range(max(1, n - 2), n + 3):
            if s + k > len(keys):
                break
            cand = "".join(keys[s : s + k])
            if not cand or abs(len(cand) - len(target)) > label.tolerance * len(target) + 1:
                continue
            d = levenshtein(cand, target) / len(target)
            # inside a line, a damaged label must at least end in its colon
            if s > 0 and d > 0 and not seg.words[s + k - 1].text.rstrip().endswith((":", ";", ".")):
                continue
            tol = label.tolerance if len(target) > 8 else min(label.tolerance, 0.15)
            if d <= tol and (
                best is None or d < best.distance or (d == best.distance and s + k > best.end)
            ):
                best = LabelHit(label, seg, s, s + k, d)
        if best is not None and best.distance == 0:
            break
    return best


def find_labels(seg: Segment, labels: list[Label]) -> list[LabelHit]:
    """Non-overlapping label hits in a segment, left to right; longer labels win ties."""
    keys = [word_key(w.text) for w in seg.words]
    hits = [h for lab in labels if (h := _best_in(seg, lab, keys))]
    hits.sort(key=lambda h: (h.distance - 0.02 * len(h.label.target), h.start))
    chosen: list[LabelHit] = []
    for h in hits:
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)
