"""Giấy chứng nhận kết hôn: shared labels on the left, husband's and wife's columns to the right.

The column boundary is the midpoint between the two column headings
(`chồng`, `vợ`); a value that wraps onto the next line is joined until the
next label row.
"""

from __future__ import annotations

from collections.abc import Sequence

from digitize.fields.labels import Label, find_labels
from digitize.fields.lines import Segment, clean_word, group_lines, is_leader
from digitize.fields.types.form import walk
from digitize.fields.values import Read
from digitize.models import OcrWord
from digitize.text import fold

__all__ = ["LABELS", "KINDS", "extract_reads"]

ROW_LABELS = [
    Label("name", "Họ, chữ đệm, tên"),
    Label("name", "Họ và tên"),
    Label("date_of_birth", "Ngày, tháng, năm sinh"),
    Label("ethnicity", "Dân tộc"),
    Label("nationality", "Quốc tịch"),
    Label("residence", "Nơi cư trú"),
    Label("personal_id", "Số định danh cá nhân"),
    Label("personal_id", "Giấy tờ tùy thân"),
]
LABELS = [
    Label("number", "Số", anchored=True),
    Label("book_number", "Quyển số"),
    Label("registration_place", "Nơi đăng ký kết hôn"),
    Label("registration_date", "Ngày, tháng, năm đăng ký"),
]
KINDS = {
    "number": "number",
    "book_number": "number",
    "husband_name": "name",
    "husband_date_of_birth": "date",
    "husband_personal_id": "pid",
    "wife_name": "name",
    "wife_date_of_birth": "date",
    "wife_personal_id": "pid",
    "registration_place": "place",
    "registration_date": "date",
}
_ROW_FIELDS = {"name": "name", "date_of_birth": "date_of_birth", "personal_id": "personal_id"}


def _columns(segs: Sequence[Segment]) -> tuple[float, float] | None:
    """X of the husband heading, x of the wife heading (first line naming both)."""
    for s in segs:
        ws = [w for w in s.words]
        xs_h = [(w.left + w.right) / 2 for w in ws if fold(w.text).strip(":,.") == "chong"]
        xs_w = [(w.left + w.right) / 2 for w in ws if fold(w.text).strip(":,.") == "vo"]
        if xs_h and xs_w:
            return xs_h[0], xs_w[0]
    # the two headings may be separate segments on one line
    heads = [(s, fold(s.text)) for s in segs]
    for s, f in heads:
        if "chong" in f.split():
            for t, g in heads:
                if t is not s and "vo" in g.split() and abs(t.top - s.top) < s.height:
                    return s.center_x, t.center_x
    return None


def extract_reads(segs: Sequence[Segment]) -> dict[str, Read]:
    found = walk(segs, LABELS + ROW_LABELS, lambda sec, key: (key if key in KINDS else None, sec))
    cols = _columns(segs)
    lines = sorted(segs, key=lambda s: (s.page, s.top))
    rows: list[tuple[Segment, str, int]] = []  # (segment, key, x where values start)
    for s in lines:
        hits = [h for h in find_labels(s, ROW_LABELS) if h.start == 0]
        if hits:
            rows.append((s, hits[0].label.key, hits[0].right))
    if cols is None or not rows:
        return found
    boundary = (cols[0] + cols[1]) / 2
    label_tops = sorted({s.top for s in lines if find_labels(s, LABELS + ROW_LABELS)})
    for seg, key, x0 in rows:
        if key not in _ROW_FIELDS:
            continue
        end = min(
            (t for t in label_tops if t > seg.top + 0.5 * seg.height),
            default=seg.bottom + 2 * seg.height,
        )
        cells: dict[str, list[OcrWord]] = {"husband": [], "wife": []}
        for s in lines:
            if (
                s.page != seg.page
                or s.top < seg.top - 0.5 * seg.height
                or s.top >= end - 0.3 * seg.height
            ):
                continue
            for w in s.words:
                if w.left <= x0 or is_leader(w.text) or not clean_word(w.text):
                    continue
                cells["husband" if (w.left + w.right) / 2 < boundary else "wife"].append(w)
        for who, words in cells.items():
            field = f"{who}_{_ROW_FIELDS[key]}"
            if words and field not in found:
                ordered = [w for line in group_lines(words) for w in line]
                found[field] = Read(tuple(ordered), seg.page)
    return found
