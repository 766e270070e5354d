"""Quyết định (Decree 30/2020/NĐ-CP layout), read by position.

Top left: the superior body (optional), the issuing body, a short rule, `Số:`.
Top right: the national motto, a rule, `<place>, ngày … tháng … năm …`.
Centre: the title (QUYẾT ĐỊNH), the trích yếu (`Về việc …`, may wrap), the
authority. Bottom right of the last page: `TM./KT.` lines, the signature, the
signer's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digitize.fields.labels import Label, find_labels
from digitize.fields.lines import Segment, clean_word, is_leader
from digitize.fields.values import Read
from digitize.text import fold

__all__ = ["KINDS", "extract_reads", "TITLES", "body_code", "restore_code"]

KINDS = {
    "issuing_body": "text_upper",
    "number": "number",
    "issue_date": "date",
    "title": "text_upper",
    "summary": "text",
    "signer_name": "name",
    "subject_name": "name",
    "personal_id": "pid",
}
TITLES = (
    "quyet dinh",
    "nghi quyet",
    "chi thi",
    "quy che",
    "quy dinh",
    "thong bao",
    "ke hoach",
    "giay phep",
    "to trinh",
    "bao cao",
    "cong van",
)
_MOTTO = ("cong hoa xa hoi", "doc lap", "tu do", "hanh phuc")
_GENERIC_HEAD = ("uy ban nhan dan", "hoi dong nhan dan")
_BODY_START = (
    "uy ban",
    "ubnd",
    "so ",
    "phong ",
    "cuc ",
    "ban ",
    "bo ",
    "hoi dong ",  # with a word after: a wrapped "xã Mỹ / HỘI ĐÔNG" is no council
    "chi cuc",
    "truong ",
    "cong an",
    "trung tam",
    "van phong",
    "tong cuc",
)
_SIGN = re.compile(
    r"^(tm|kt|q|tl|tuq)\s*[.,]|^(pho )?(chu tich|giam doc|cuc truong|bo truong|thu truong|"
    r"truong phong|chanh van phong|tong cuc truong|pho cuc truong)\b"
)
_DATE = re.compile(r"ng\w{1,2}\s*\S{1,2}\s*th\w{2,3}\s*\S{1,2}\s*\w{2,3}\s*\d{4}")
# words of sign-block titles: an all-capitals line made of them is a title, not the signer's name
_TITLE_WORDS = {
    "chu",
    "tich",
    "pho",
    "truong",
    "giam",
    "doc",
    "tm",
    "kt",
    "uy",
    "ban",
    "nhan",
    "dan",
    "cuc",
    "bo",
    "thu",
    "ky",
    "ten",
    "dau",
    "tl",
    "q",
    "tuq",
    "chanh",
    "van",
    "phong",
    "hoi",
    "dong",
}
_BODY_LABELS = [
    Label("subject_name", "Ông"),
    Label("subject_name", "Bà"),
    Label("personal_id", "Số định danh cá nhân"),
]


def _is_rule(s: Segment) -> bool:
    return all(is_leader(w.text) or not clean_word(w.text) for w in s.words)


def _title_index(segs: Sequence[Segment]) -> int | None:
    for i, s in enumerate(segs):
        f = s.folded.strip(" :.")
        if f in TITLES and s.text.upper() == s.text:
            return i
    return None


def _issuing_body(left: list[Segment]) -> list[Segment]:
    """The issuing body's lines: the superior's line (if printed) dropped, wrapped names joined."""
    lines = [s for s in left if not _is_rule(s)]
    if len(lines) <= 1:
        return lines
    folded = [s.folded for s in lines]
    if folded[0] in _GENERIC_HEAD or folded[0].endswith(",") or folded[1].startswith("va "):
        return lines
    # a line after one ending in a unit word names that unit (`XÃ` / `PHONG NIÊN`): no new body
    starts = [
        i
        for i, f in enumerate(folded)
        if f.startswith(_BODY_START) and not (i and folded[i - 1].split()[-1] in _UNIT_WORDS)
    ]
    later = [i for i in starts if i > 0]
    return lines[later[-1] :] if later and 0 in starts else lines[later[0] :] if later else lines


def _words(segs: Sequence[Segment]) -> tuple:
    return tuple(w for s in segs for w in s.words if clean_word(w.text) and not is_leader(w.text))


def _split_header(seg: Segment) -> list[Segment]:
    """Cut a header line where the two columns touch: before the motto, after the number."""
    keys = [fold(w.text).strip(" ,.:;") for w in seg.words]
    cuts = set()
    for i in range(1, len(keys)):
        if (keys[i], keys[i + 1] if i + 1 < len(keys) else "") in (("cong", "hoa"), ("doc", "lap")):
            cuts.add(i)
        if re.match(r"^(so\W*)?\w{1,6}/\S+$", keys[i - 1]) and any(
            k.startswith("so") for k in keys[:i]
        ):
            cuts.add(i)
    if not cuts:
        return [seg]
    out, start = [], 0
    for c in sorted(cuts):
        out.append(Segment(seg.words[start:c], seg.page))
        start = c
    out.append(Segment(seg.words[start:], seg.page))
    return [o for o in out if o.words]


def extract_reads(segs: Sequence[Segment], page_width: int) -> dict[str, Read]:
    found: dict[str, Read] = {}
    first = [s for s in segs if s.page == segs[0].page] if segs else []
    ti = _title_index(first)
    header = first[:ti] if ti is not None else first[:12]
    header = [part for s in header for part in _split_header(s)]
    mid = page_width / 2
    left = [s for s in header if s.center_x < mid and not any(m in s.folded for m in _MOTTO)]
    numbers = [
        s for s in left if re.match(r"^s\S{0,2}\s*[:;.]", s.folded) or s.folded.startswith("so ")
    ]
    if numbers:
        found["number"] = Read(_words(numbers[:1]), numbers[0].page)
        body = [s for s in left if s.top < numbers[0].top]
    else:
        body = left
    body = [s for s in body if not _DATE.search(s.folded)]
    if body:
        found["issuing_body"] = Read(_words(_issuing_body(body)), body[0].page)
    dates = [s for s in header if _DATE.search(s.folded)] or [
        s for s in first if _DATE.search(s.folded)
    ]
    if dates:
        found["issue_date"] = Read(dates[0].words, dates[0].page)
    if ti is not None:
        t = first[ti]
        found["title"] = Read(t.words, t.page)
        summary: list[Segment] = []
        prev = t
        for s in first[ti + 1 :]:
            if (
                _is_rule(s)
                or s.top - prev.bottom > 1.2 * prev.height
                or s.folded.startswith(("can cu", "xet ", "theo de nghi", "dieu "))
                or (summary and s.text.isupper() and not summary[0].text.isupper())
            ):
                break
            summary.append(s)
            prev = s
        if summary:
            found["summary"] = Read(_words(summary), summary[0].page)
    _signer(segs, mid, found)
    _subject(segs, found)
    return found


def _signer(segs: Sequence[Segment], mid: float, found: dict[str, Read]) -> None:
    last = max(s.page for s in segs) if segs else 1
    for page in (last, *(p for p in range(last - 1, 0, -1))):
        right = [s for s in segs if s.page == page and s.center_x > mid * 0.9]
        marks = [i for i, s in enumerate(right) if _SIGN.match(s.folded)]
        if not marks:
            continue
        block = right[marks[-1]]
        # the signature's scribble can read as a name (`N N`, `TP TỜÀ ENÓ`) at low confidence;
        # the printed name is under it: the first confident candidate, else the most confident
        cands: list[tuple[float, Segment, tuple]] = []
        for s in right[marks[-1] + 1 :]:
            if abs(s.center_x - block.center_x) > 3 * block.height * 4 or _is_rule(s):
                continue
            letters = [w for w in s.words if clean_word(w.text).isalpha()]
            title_like = s.text.isupper() and all(  # `VÕ CÔNG ĐÔNG` is a name, `HỘI ĐỒNG` not
                fold(w.text).strip(".,") in _TITLE_WORDS for w in letters
            )
            if (
                2 <= len(letters) <= 5
                and len(letters) == len(s.words)
                and not title_like
                and all(clean_word(w.text)[0].isupper() for w in letters)
                and not _SIGN.match(s.folded)
            ):
                cands.append((s.confidence, s, tuple(letters)))
                if s.confidence >= 0.8:
                    break
        if cands:
            _, s, letters = max(cands, key=lambda c: c[0])
            found["signer_name"] = Read(letters, page)
            return


def _subject(segs: Sequence[Segment], found: dict[str, Read]) -> None:
    for s in segs:
        for h in find_labels(s, _BODY_LABELS):
            key = h.label.key
            if key in found or (key == "subject_name" and h.start != 0):
                continue
            words = []
            for w in s.words[h.end :]:
                t = clean_word(w.text)
                if key == "subject_name":
                    if not t or not t[0].isupper() or not t.replace("-", "").isalpha():
                        break
                    words.append(w)
                    if w.text.rstrip().endswith(","):
                        break
                else:
                    words.append(w)
            if words:
                found[key] = Read(tuple(words), s.page)


_UNIT_WORDS = ("xa", "phuong", "thi", "huyen", "quan", "tinh", "thanh")


def body_code(body: str) -> str | None:
    """Decree 30 numbers end in the issuer's initials: `ỦY BAN NHÂN DÂN XÃ …` → `UBND`."""
    words = []
    for w in body.split():
        if fold(w) in _UNIT_WORDS:
            break
        words.append(w)
    if len(words) < 2:
        return None
    return "".join("Đ" if w[0] in "Đđ" else fold(w[0]).upper() for w in words)


def restore_code(number: str, body: str | None) -> str | None:
    """`325/QĐ-UBINØð` → `325/QĐ-UBND`: the issuer code damaged or glued to the place-date line.

    Evidence: the issuing body read on the same page gives a known code, the read
    code is visibly damaged (lower case or accents inside) and begins within two
    edits of it. None when there is nothing to restore.
    """
    code = body_code(body or "")
    m = re.fullmatch(r"(\d+(?:/\d{4})?/QĐ-)(\S+)", number)
    if code is None or m is None or m.group(2) == code:
        return None
    from digitize.fields.labels import levenshtein
    from digitize.fields.normalize import KNOWN_CODES

    read = fold(m.group(2)).replace("đ", "d")
    want = fold(code).replace("đ", "d")
    if (
        code not in KNOWN_CODES
        or re.fullmatch(r"[A-ZĐ]+(-[A-ZĐ]+)*", m.group(2))  # a well-formed code is as printed
        or not read.startswith(want[0])
    ):
        return None
    near = [
        n
        for n in range(len(want) - 1, len(want) + 3)
        if n <= len(read) and levenshtein(read[:n], want) <= 2
    ]
    return m.group(1) + code if near else None
