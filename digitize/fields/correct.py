"""Correction with domain knowledge: dictionaries of names, ethnic groups and places.

Tesseract's `vie` model is weakest on the stacked diacritics of capitals
(NGUYỄN→NGUYÊN, TRẦN→TRÂN, ĐỖ→ĐỒ). A syllable that is not in the dictionary
is replaced only when the dictionary holds exactly one syllable with the same
letters once accents are folded (or, failing that, the nearest by accent
marks among them); a syllable with no such evidence stays as read, with its
confidence lowered. Nothing is invented.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from digitize.fields.dictionaries import load
from digitize.fields.labels import levenshtein
from digitize.text import fold

__all__ = ["Corrected", "correct_name", "correct_place", "correct_ethnicity"]


@dataclass(frozen=True)
class Corrected:
    value: str
    factor: float  # multiplies the confidence: 1.0 all known, lower when unsupported
    changed: bool


@cache
def _index(kind: str) -> dict[str, tuple[str, ...]]:
    d = load()
    words = d.name_syllables if kind == "name" else {w for w in d.place_words}
    idx: dict[str, set[str]] = defaultdict(set)
    for w in words:
        idx[fold(w)].add(w)
    return {k: tuple(sorted(v)) for k, v in idx.items()}


def _marks_distance(a: str, b: str) -> int:
    return levenshtein(unicodedata.normalize("NFD", a.lower()), unicodedata.normalize("NFD", b.lower()))


def _fix_word(word: str, kind: str) -> tuple[str, bool | None]:
    """(word, True if replaced / False if known / None if unsupported)."""
    idx = _index(kind)
    key = fold(word)
    cands = idx.get(key, ())
    form = word.upper() if kind == "name" else word.lower()
    if form in cands:
        return word, False
    if not cands:
        return word, None
    best = min(cands, key=lambda c: (_marks_distance(c, word), c))
    if kind == "name":
        return best, True
    return (best[0].upper() + best[1:] if word[:1].isupper() else best), True


def correct_name(value: str) -> Corrected:
    """Upper-case name, syllables checked against the name dictionaries."""
    out, factor, changed = [], 1.0, False
    for syl in value.split():
        fixed, status = _fix_word(syl, "name")
        out.append(fixed.upper())
        if status is None:
            factor *= 0.85
        changed |= bool(status)
    return Corrected(" ".join(out), factor, changed)


def correct_place(value: str) -> Corrected:
    """Place text: each word checked against the known place names and administrative words."""
    out, factor, changed = [], 1.0, False
    for token in value.split():
        core = token.rstrip(",.;")
        tail = token[len(core):]
        if not core.isalpha():
            out.append(token)
            continue
        fixed, status = _fix_word(core, "place")
        out.append(fixed + tail)
        if status is None:
            factor *= 0.9
        changed |= bool(status)
    return Corrected(" ".join(out), factor, changed)


def correct_ethnicity(value: str) -> Corrected:
    """The nearest of the 54 ethnic groups when the folded distance is small."""
    groups = load().ethnicities
    if value in groups:
        return Corrected(value, 1.0, False)
    key = fold(value).replace(" ", "")
    scored = sorted((levenshtein(fold(g).replace(" ", ""), key), g) for g in groups)
    dist, best = scored[0]
    if dist == 0 or (dist <= 1 and len(key) >= 4 and scored[1][0] > dist):
        return Corrected(best, 0.95 if dist else 1.0, True)
    return Corrected(value, 0.6, False)
