"""Rendering real Vietnamese text into page images, and the grapheme-level CER that judges OCR.

Pages are drawn the way an office prints them: Liberation Serif 12 pt at
300 dpi on A4 with 2.5 cm margins, black on white. The text comes from the
real legal documents in tests/resources/legal/, so the ground truth is known
exactly (NFC, one line per rendered line).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["FONT", "render_page", "legal_text", "graphemes", "cer", "wrap"]

# Liberation Serif 2.x (fonts-liberation2); Debian's 1.x lacks the precomposed Vietnamese letters.
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LEGAL = Path(__file__).resolve().parent / "resources" / "legal"


def legal_text(name: str = "qd-715", *, skip_chars: int = 0, max_chars: int = 1500) -> str:
    """NFC body text of one legal document (blank lines and separators dropped)."""
    path = next(LEGAL.glob(f"{name}*.txt"))
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    body = " ".join(line for line in lines if line and not set(line) <= set("-_*="))
    return body[skip_chars : skip_chars + max_chars]


def wrap(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """Greedy line breaking at spaces, as a word processor would."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width_px or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_page(
    text: str,
    *,
    dpi: int = 300,
    size_pt: float = 12.0,
    page_mm: tuple[float, float] = (210.0, 297.0),
    margin_mm: float = 25.0,
) -> tuple[np.ndarray, list[str]]:
    """An 8-bit gray page image of `text` and its lines (the ground truth, NFC)."""
    px_per_mm = dpi / 25.4
    w, h = round(page_mm[0] * px_per_mm), round(page_mm[1] * px_per_mm)
    font = ImageFont.truetype(str(FONT), round(size_pt * dpi / 72))
    margin = round(margin_mm * px_per_mm)
    lines = wrap(text, font, w - 2 * margin)
    step = round(size_pt * 1.5 * dpi / 72)
    max_lines = (h - 2 * margin) // step
    lines = lines[:max_lines]
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * step), line, font=font, fill=0)
    return np.asarray(img), lines


def graphemes(text: str) -> list[str]:
    """Grapheme clusters of NFC text: a base character with its combining marks counts as one."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _normal(text: str) -> list[str]:
    return graphemes(" ".join(text.split()))


def cer(truth: str, ocr: str) -> float:
    """Character error rate: Levenshtein distance over grapheme clusters / length of the truth.

    Whitespace is collapsed to single spaces first (line breaks are layout,
    not characters); everything else counts, diacritics included.
    """
    a, b = _normal(truth), _normal(ocr)
    if not a:
        return 0.0 if not b else 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1] / len(a)
