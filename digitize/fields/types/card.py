"""Căn cước công dân (front): bilingual labels, values beside or below, expiry under the photo."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digitize.fields import normalize as nz
from digitize.fields.labels import Label
from digitize.fields.lines import Segment
from digitize.fields.types.form import walk
from digitize.fields.values import Read
from digitize.text import fold

__all__ = ["LABELS", "KINDS", "extract_reads"]

LABELS = [
    Label("personal_id", "Số / No", anchored=True),
    Label("personal_id", "Số định danh cá nhân / Personal identification number"),
    Label("full_name", "Họ và tên / Full name"),
    Label("date_of_birth", "Ngày sinh / Date of birth"),
    Label("sex", "Giới tính / Sex"),
    Label("nationality", "Quốc tịch / Nationality"),
    Label("place_of_origin", "Quê quán / Place of origin"),
    Label("place_of_residence", "Nơi thường trú / Place of residence"),
    Label("place_of_residence", "Nơi cư trú / Place of residence"),
    # the Vietnamese half alone, when the English half is printed (or read) as another segment
    Label("place_of_origin", "Quê quán", anchored=True),
    Label("place_of_residence", "Nơi thường trú", anchored=True),
    Label("expiry_date", "Có giá trị đến"),
    Label("expiry_label", "Date of expiry"),
]
KINDS = {
    "personal_id": "pid",
    "full_name": "name",
    "date_of_birth": "date",
    "sex": "sex",
    "nationality": "nationality",
    "place_of_origin": "place",
    "place_of_residence": "place",
    "expiry_date": "date",
}


def _route(section: str, key: str) -> tuple[str | None, str]:
    if key == "expiry_label":
        return "expiry_date", section
    return (key if key in KINDS else None), section


def extract_reads(segs: Sequence[Segment]) -> dict[str, Read]:
    found = walk(segs, LABELS, _route, below=True)
    exp = found.get("expiry_date")
    if exp is not None and "khong thoi han" in fold(
        exp.text
    ):  # cards for people over 60 never expire
        del found["expiry_date"]
    if "personal_id" not in found:  # the "Số / No." label is small and often misread
        for s in segs:
            ids = [w for w in s.words if nz.personal_id(w.text)]
            if ids:
                found["personal_id"] = Read((ids[0],), s.page)
                break
    if "sex" not in found:  # "Nam" glued to the next label ("NamQuốc")
        for s in segs:
            m = re.search(r"\bsex\W*(na\w?m|nu)", s.folded)
            if m:
                w = next((w for w in s.words if fold(w.text).startswith(m.group(1))), None)
                if w is not None:
                    found["sex"] = Read((w,), s.page)
                break
    return found
