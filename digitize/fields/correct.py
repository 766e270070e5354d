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

from digitize.fields.dictionaries import load, province_label
from digitize.fields.labels import levenshtein
from digitize.text import fold

__all__ = ["Corrected", "correct_name", "correct_place", "correct_ethnicity", "correct_body"]


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
    return levenshtein(
        unicodedata.normalize("NFD", a.lower()), unicodedata.normalize("NFD", b.lower())
    )


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


@cache
def _position_index(position: str) -> dict[str, tuple[str, ...]]:
    d = load()
    pools = {
        "first": d.surnames,
        "middle": (*d.middle_names, *d.given_names, *d.surnames),
        "last": (*d.given_names, *d.middle_names),
    }[position]
    idx: dict[str, set[str]] = defaultdict(set)
    for w in pools:
        idx[fold(w)].add(w.upper())
    return {k: tuple(sorted(v)) for k, v in idx.items()}


def _fix_syllable(syl: str, position: str) -> tuple[str, bool | None]:
    """Like `_fix_word`, with the pool of the syllable's place (surname first, given name last).

    `HỔ` as a given name stays `HỔ` even though the surname `HỒ` folds the same:
    the surname pool is not evidence for the last syllable.
    """
    form = syl.upper()
    cands = _position_index(position).get(fold(syl), ())
    if form in cands:
        return form, False
    if not cands:
        known = form in {w.upper() for w in load().name_syllables}
        return form, (False if known else None)
    return min(cands, key=lambda c: (_marks_distance(c, form), c)), True


def _lone_consonant(syl: str) -> bool:
    return len(syl) == 1 and syl.isalpha() and fold(syl) not in "aeiouy"


def correct_name(value: str) -> Corrected:
    """Upper-case name, syllables checked against the name dictionaries by position."""
    out, factor, changed = [], 1.0, False
    parts = value.split()
    # a lone consonant is no Vietnamese syllable (every syllable has a vowel): a stray mark
    # read before or after the name (`F TỐNG VĂN LỘC`, `ĐÀO THỊ DUNG S`); `VĂN A` stays
    while len(parts) > 2 and _lone_consonant(parts[-1]):
        parts, changed = parts[:-1], True
    while len(parts) > 2 and _lone_consonant(parts[0]):
        parts, changed = parts[1:], True
    for i, syl in enumerate(parts):
        position = "first" if i == 0 else "last" if i == len(parts) - 1 else "middle"
        fixed, status = _fix_syllable(syl, position) if len(parts) > 1 else _fix_word(syl, "name")
        out.append(fixed.upper())
        if status is None:
            factor *= 0.85
        changed |= bool(status)
    return Corrected(" ".join(out), factor, changed)


@cache
def _place_phrases() -> dict[str, str]:
    """Folded `xã An Khánh`, `huyện Hoài Đức`, `tỉnh Nam Định`… → as written."""
    d = load()
    phrases = [province_label(p) for p in d.provinces.values()]
    for _prov, dist, communes in d.places:
        phrases += [dist, *communes]
    return {fold(p): p for p in phrases}


def correct_place(value: str) -> Corrected:
    """Place text: known units (`xã …`, `huyện …`, `tỉnh …`) restored whole, other words singly.

    A damaged district or commune (`huyện Krông Păäc`) is restored only with
    the evidence of the same address: a province read in it, under which
    exactly one known unit is within two letters.
    """
    phrases = _place_phrases()
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > 1:
        canons = [phrases.get(fold(p)) or _near_phrase(fold(p), _province_phrases()) for p in parts]
        units = _units_under({c for c in canons if c is not None})
        if canons[-1] is None:  # the province cut short at the end of a line: `thành phố Hồ Ch`
            canons[-1] = _province_of({c for c in canons if c is not None}, fold(parts[-1]))
        fixed_parts, factor, changed = [], 1.0, False
        for p, canon in zip(parts, canons, strict=True):
            if canon is None and units:
                canon = _near_phrase(fold(p), units, short=True)
            if canon is not None:
                fixed_parts.append(canon)
                changed |= canon != p
            else:
                c = _correct_words(p)
                fixed_parts.append(c.value)
                factor *= c.factor
                changed |= c.changed
        return Corrected(", ".join(fixed_parts), factor, changed)
    return _correct_words(value)


def _province_of(read: set[str], prefix: str) -> str | None:
    """The one province whose label starts with `prefix` and holds a district or commune read."""
    if len(prefix) < 4:
        return None
    found = {
        province_label(prov)
        for prov, dist, communes in load().places
        if fold(province_label(prov)).startswith(prefix) and read & {dist, *communes}
    }
    return found.pop() if len(found) == 1 else None


def _units_under(read: set[str]) -> dict[str, str]:
    """Districts and communes of the provinces (as labelled, `tỉnh Đắk Lắk`) among `read`."""
    out: dict[str, str] = {}
    for prov, dist, communes in load().places:
        if province_label(prov) in read:
            out.update({fold(u): u for u in (dist, *communes)})
    return out


@cache
def _province_phrases() -> dict[str, str]:
    return {fold(province_label(p)): province_label(p) for p in load().provinces.values()}


def _near_phrase(key: str, phrases: dict[str, str], short: bool = False) -> str | None:
    """The one province within a letter or two of `key` (`thanh pho ha no` → Hà Nội).

    Only provinces: the list of 63 is complete, so a near miss is OCR damage,
    while a commune missing from our short list may be a real, different one.
    """
    if len(key) < (6 if short else 8):
        return None
    limit = 1 if len(key) < (10 if short else 14) else 2
    near = [
        v
        for k, v in phrases.items()
        if abs(len(k) - len(key)) <= limit and levenshtein(k, key) <= limit
    ]
    return near[0] if len(near) == 1 else None


def _correct_words(value: str) -> Corrected:
    out, factor, changed = [], 1.0, False
    for token in value.split():
        core = token.rstrip(",.;")
        tail = token[len(core) :]
        if not core.isalpha():
            out.append(token)
            continue
        fixed, status = _fix_word(core, "place")
        out.append(fixed + tail)
        if status is None:
            factor *= 0.9
        changed |= bool(status)
    return Corrected(" ".join(out), factor, changed)


@cache
def _bodies() -> dict[str, str]:
    from importlib import resources

    text = (
        resources.files("digitize.fields")
        .joinpath("data", "bodies.txt")
        .read_text(encoding="utf-8")
    )
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return {fold(n): n for n in names}


def correct_body(value: str) -> Corrected:
    """An issuing body: a known body name (or prefix) restored whole, place names word by word."""
    bodies = _bodies()
    f = fold(value)
    if f in bodies:
        return Corrected(bodies[f], 1.0, bodies[f] != value)
    for key in sorted(bodies, key=len, reverse=True):
        if f.startswith(key + " "):
            head = bodies[key]
            tail = value[len(head) :].strip().lower()
            rest = correct_place(tail)
            if rest.factor < 1.0:  # a word no dictionary knows: OCR damage, if one unit is near
                near = _near_phrase(fold(tail), _place_phrases(), short=True)
                if near is not None:
                    rest = Corrected(near, 0.9, True)
            return Corrected(f"{head} {rest.value.upper()}", rest.factor, True)
    c = correct_place(value.lower())
    return Corrected(c.value.upper(), c.factor, c.changed)


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
