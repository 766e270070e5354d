"""Domain dictionaries: Vietnamese names, ethnic groups, provinces and places.

The synthetic generator (synth/) draws its fictional people from the same
files, and the extractor corrects OCR against them, so both agree. The data
files live in digitize/fields/data/ (one entry a line, `#` comments).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from digitize.text import fold

__all__ = ["Dictionaries", "load", "CENTRAL_CITIES", "province_label"]

# Centrally-governed cities are written "thành phố X", the others "tỉnh X".
CENTRAL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ"})


def province_label(name: str) -> str:
    """`Hà Nội` → `thành phố Hà Nội`, `Nam Định` → `tỉnh Nam Định`."""
    return ("thành phố " if name in CENTRAL_CITIES else "tỉnh ") + name


def _lines(name: str) -> list[str]:
    text = resources.files("digitize.fields").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Dictionaries:
    """Everything the extractor checks values against; `fold` keys for fuzzy lookup."""

    surnames: tuple[str, ...]
    middle_names: tuple[str, ...]
    given_names: tuple[str, ...]
    ethnicities: tuple[str, ...]
    provinces: dict[str, str]  # code → name
    places: tuple[tuple[str, str, tuple[str, ...]], ...]  # (province, district, communes)

    @property
    def name_syllables(self) -> frozenset[str]:
        """Every syllable a name may contain (upper-case NFC)."""
        return frozenset(s.upper() for s in (*self.surnames, *self.middle_names, *self.given_names))

    @property
    def place_words(self) -> frozenset[str]:
        """Every syllable of the known place names, plus the administrative words."""
        words = {
            "xã",
            "phường",
            "thị",
            "trấn",
            "huyện",
            "quận",
            "thành",
            "phố",
            "tỉnh",
            "trạm",
            "y",
            "tế",
            "bệnh",
            "viện",
            "đa",
            "khoa",
            "ủy",
            "ban",
            "nhân",
            "dân",
            "việt",
            "nam",
            "thôn",
            "xóm",
            "ấp",
            "tổ",
            "số",
            "ngõ",
            "đông",
            "tây",
            "bắc",
            "khu",
            "đường",
            "lợi",
            "mỹ",
            "hội",
            "đồng",
        }
        for prov, dist, communes in self.places:
            words.update(prov.lower().split())
            words.update(dist.lower().split())
            for c in communes:
                words.update(c.lower().split())
        for p in self.provinces.values():
            words.update(p.lower().split())
        return frozenset(words)

    def province_codes_by_fold(self) -> dict[str, str]:
        """Folded province name → code."""
        return {fold(n): c for c, n in self.provinces.items()}


@cache
def load() -> Dictionaries:
    """The dictionaries, read once per process."""
    provinces = {}
    for ln in _lines("provinces.tsv"):
        code, name = ln.split("\t")
        provinces[code] = name
    places = []
    for ln in _lines("places.tsv"):
        prov, dist, communes = ln.split("\t")
        places.append((prov, dist, tuple(communes.split(";"))))
    return Dictionaries(
        surnames=tuple(_lines("surnames.txt")),
        middle_names=tuple(_lines("middle_names.txt")),
        given_names=tuple(_lines("given_names.txt")),
        ethnicities=tuple(_lines("ethnicities.txt")),
        provinces=provinces,
        places=tuple(places),
    )
