"""Page geometry: words → lines (by vertical overlap) → segments (split at wide gaps).

Field extraction works on positions, not on Tesseract's reading order, which
interleaves the two header columns of a decision or the two spouses of a
marriage certificate. A `Segment` is a run of words on one line with no wide
gap inside: a label and its value, a column cell, one header block line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from digitize.models import OcrPage, OcrWord
from digitize.text import fold

__all__ = [
    "Segment",
    "segments",
    "group_lines",
    "page_slope",
    "is_leader",
    "clean_word",
    "page_segments",
]

_LEADER = re.compile(r"(\.{2,}|…|_{2,}|-{3,}|:{2,})")
_ALNUM = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """Words on one line with no wide gap between them, left to right."""

    words: tuple[OcrWord, ...]
    page: int = 1

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return median(w.height for w in self.words)

    @property
    def center_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / (100 * len(self.words))


def is_leader(text: str) -> bool:
    """A dotted leader, rule or stray mark: not a value."""
    core = text.strip()
    if not _ALNUM.search(core):
        return True
    return bool(_LEADER.search(core)) and len(_ALNUM.findall(core)) < 0.5 * len(core)


def clean_word(text: str) -> str:
    """Cut a word at a glued leader (`1990......` → `1990`) and trim stray punctuation."""
    m = _LEADER.search(text)
    if m:
        text = text[: m.start()]
    return text.strip(" .:;,‚'\"`‘’“”|!~*‹›«»-_")


def _height(words: list[OcrWord]) -> float:
    return median(w.height for w in words) if words else 1.0


def page_slope(words: tuple[OcrWord, ...] | list[OcrWord]) -> float:
    """The page's residual skew (dy/dx), the median slope of Tesseract's own text lines.

    A scan skewed by 1° drifts 35 px across an A4 line at 300 dpi, enough to
    split a line or merge two when grouping by raw y.
    """
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.paragraph, w.line), []).append(w)
    slopes = []
    for g in groups.values():
        if len(g) < 3 or (g[-1].right - g[0].left) < 10 * g[0].height:
            continue
        xs = [(w.left + w.right) / 2 for w in g]
        ys = [(w.top + w.bottom) / 2 for w in g]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mx) ** 2 for x in xs)
        if var > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var)
    return median(slopes) if len(slopes) >= 3 else 0.0


def group_lines(words: tuple[OcrWord, ...] | list[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped into lines by vertical overlap (skew-corrected), top to bottom."""
    slope = page_slope(words)
    lines: list[list[OcrWord]] = []
    bands: list[tuple[float, float]] = []

    def cy(w: OcrWord) -> float:
        return (w.top + w.bottom) / 2 - slope * (w.left + w.right) / 2

    for w in sorted(words, key=cy):
        c = cy(w)
        for i, (t, b) in enumerate(bands):
            if t <= c <= b:
                lines[i].append(w)
                break
        else:
            h = w.height
            lines.append([w])
            bands.append((c - 0.35 * h, c + 0.35 * h))
    out = [sorted(ln, key=lambda w: w.left) for ln in lines]
    return _join_split(sorted(out, key=lambda ln: median(cy(w) for w in ln)), slope)


def _join_split(lines: list[list[OcrWord]], slope: float) -> list[list[OcrWord]]:
    """Rejoin one printed line split by its accents (`Ấp` tall, `Mỹ` low, `Lợi` neither).

    Two lines are one when their boxes overlap by most of a word's height and no word
    of one lies over a word of the other.
    """

    def span(ln: list[OcrWord]) -> tuple[float, float, float]:
        tops = [w.top - slope * (w.left + w.right) / 2 for w in ln]
        bots = [b + w.height for b, w in zip(tops, ln, strict=True)]
        return median(tops), median(bots), median(w.height for w in ln)

    out: list[list[OcrWord]] = []
    for ln in lines:
        for prev in out[-3:]:
            (t0, b0, h0), (t1, b1, h1) = span(prev), span(ln)
            if min(b0, b1) - max(t0, t1) < 0.6 * min(h0, h1):
                continue
            if any(a.left < b.right and b.left < a.right for a in prev for b in ln):
                continue
            prev.extend(ln)
            prev.sort(key=lambda w: w.left)
            break
        else:
            out.append(ln)
    return out


def segments(
    words: tuple[OcrWord, ...] | list[OcrWord], page: int = 1, gap: float = 1.6
) -> list[Segment]:
    """Lines split where the horizontal gap exceeds `gap` × the line's word height."""
    out: list[Segment] = []
    for line in group_lines(words):
        h = _height(line)
        cur = [line[0]]
        for w in line[1:]:
            if w.left - cur[-1].right > gap * h:
                out.append(Segment(tuple(cur), page))
                cur = []
            cur.append(w)
        out.append(Segment(tuple(cur), page))
    return out


def page_segments(page: OcrPage) -> list[Segment]:
    """Segments of a page; words that are only marks (leaders, rules, specks) dropped first."""
    words = [
        w
        for w in page.words
        if not (is_leader(w.text) and w.width < 3 * w.height) or len(w.text) > 3
    ]
    words = [w for w in words if _ALNUM.search(w.text) or len(w.text) > 3]
    return segments(words, page.number) if words else []
