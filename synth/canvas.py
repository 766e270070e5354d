"""A page to draw on in millimetres and points, rendered at a given dpi (PIL, greyscale)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["FAMILIES", "Canvas", "family_names"]

_LIB = "/usr/share/fonts/truetype/liberation/"
_DJ = "/usr/share/fonts/truetype/dejavu/"
_NOTO = "/usr/share/fonts/truetype/noto/"
FAMILIES = {
    "liberation-serif": (
        _LIB + "LiberationSerif-Regular.ttf",
        _LIB + "LiberationSerif-Bold.ttf",
        _LIB + "LiberationSerif-Italic.ttf",
    ),
    "liberation-sans": (
        _LIB + "LiberationSans-Regular.ttf",
        _LIB + "LiberationSans-Bold.ttf",
        _LIB + "LiberationSans-Italic.ttf",
    ),
    "dejavu-serif": (
        _DJ + "DejaVuSerif.ttf",
        _DJ + "DejaVuSerif-Bold.ttf",
        _DJ + "DejaVuSerif-Italic.ttf",
    ),
    "dejavu-sans": (
        _DJ + "DejaVuSans.ttf",
        _DJ + "DejaVuSans-Bold.ttf",
        _DJ + "DejaVuSans-Oblique.ttf",
    ),
    "noto-serif": (
        _NOTO + "NotoSerif-Regular.ttf",
        _NOTO + "NotoSerif-Bold.ttf",
        _NOTO + "NotoSerif-Italic.ttf",
    ),
    "noto-sans": (
        _NOTO + "NotoSans-Regular.ttf",
        _NOTO + "NotoSans-Bold.ttf",
        _NOTO + "NotoSans-Italic.ttf",
    ),
}


def _covers_vietnamese(path: str) -> bool:
    """Debian's fonts-liberation (1.x) lacks the precomposed Vietnamese letters: it draws boxes."""
    f = ImageFont.truetype(path, 40)
    missing = bytes(f.getmask("\U0010fffd"))
    return all(bytes(f.getmask(ch)) != missing for ch in "ốỦẫự")


@cache
def family_names() -> list[str]:
    """Installed families that can write Vietnamese (setup.sh installs DejaVu and Noto)."""
    return [
        k
        for k, v in FAMILIES.items()
        if all(Path(p).exists() for p in v) and _covers_vietnamese(v[0])
    ]


@cache
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


@dataclass
class Canvas:
    """Draw text at millimetre positions; `style` is r(egular), b(old) or i(talic)."""

    width_mm: float
    height_mm: float
    family: str
    dpi: int = 300
    ink: int = 20

    def __post_init__(self) -> None:
        self.image = Image.new("L", (self.px(self.width_mm), self.px(self.height_mm)), 255)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def font(self, pt: float, style: str = "r") -> ImageFont.FreeTypeFont:
        path = FAMILIES[self.family]["rbi".index(style)]
        return _font(path, round(pt * self.dpi / 72))

    def width(self, s: str, pt: float, style: str = "r") -> float:
        """Text width in mm."""
        return self.font(pt, style).getlength(s) * 25.4 / self.dpi

    def text(
        self, x: float, y: float, s: str, pt: float, style: str = "r", align: str = "l"
    ) -> float:
        """Draw `s` with its baseline at y mm; align l/c/r about x. Returns the right edge in mm."""
        w = self.width(s, pt, style)
        x0 = x - (w / 2 if align == "c" else w if align == "r" else 0)
        self.draw.text(
            (self.px(x0), self.px(y)), s, font=self.font(pt, style), fill=self.ink, anchor="ls"
        )
        return x0 + w

    def dots(self, x0: float, x1: float, y: float, pt: float) -> None:
        """A dotted leader from x0 to x1 mm on the baseline y."""
        if x1 - x0 < 3:
            return
        dot = self.width(".", pt)
        n = int((x1 - x0) / dot)
        self.text(x0, y, "." * max(n - 1, 0), pt)

    def hline(self, x0: float, x1: float, y: float, width_px: int = 2) -> None:
        self.draw.line(
            (self.px(x0), self.px(y), self.px(x1), self.px(y)), fill=self.ink, width=width_px
        )

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        fill: int | None = None,
        outline: int | None = None,
    ) -> None:
        self.draw.rectangle(
            (self.px(x0), self.px(y0), self.px(x1), self.px(y1)),
            fill=fill,
            outline=outline,
            width=3,
        )

    def signature(self, x: float, y: float, rng: random.Random) -> None:
        """A scribble standing in for a handwritten signature (blue-ish grey)."""
        pts = [
            (self.px(x + i * 3 + rng.uniform(-1, 1)), self.px(y + rng.uniform(-4, 4)))
            for i in range(9)
        ]
        self.draw.line(pts, fill=90, width=4, joint="curve")
