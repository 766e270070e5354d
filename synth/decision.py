"""Administrative decisions in the layout of Decree 30/2020/NĐ-CP, synthetic or from a real text."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from PIL import Image

from synth.canvas import Canvas
from synth.civil import fmt_date, wrap
from synth.people import Record

__all__ = ["Decision", "render_decision", "decision_from_record", "decision_from_text"]

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Decision:
    """What a Decree-30 page shows, top to bottom."""

    left: tuple[tuple[str, str], ...]  # (text, style) lines of the issuing-body block
    number: str
    place_date: str
    title: str
    summary: str
    authority: str
    body: tuple[str, ...]
    sign_block: tuple[str, ...]  # TM./KT. lines, then the signer's name last


def decision_from_record(rec: Record, rng: random.Random) -> Decision:
    d = rec.data
    t = rec.truth
    body_name = t["issuing_body"]
    left: list[tuple[str, str]] = []
    if d["superior"]:
        left.append((d["superior"], "r"))
    if len(body_name) > 30 or rng.random() < 0.3:
        left += [("ỦY BAN NHÂN DÂN", "b"), (body_name.removeprefix("ỦY BAN NHÂN DÂN "), "b")]
    else:
        left.append((body_name, "b"))
    s = d["subject"]
    honor = "Ông" if s.sex == "Nam" else "Bà"
    subject = s.name if rng.random() < 0.4 else s.name.upper()
    place = d["office"]
    body = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
        "chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        f"Xét đề nghị của công chức Văn phòng - Thống kê {place.commune}.",
        "@QUYẾT ĐỊNH:",
        f"Điều 1. {t['summary'].removeprefix('Về việc ').capitalize()} đối với:",
        f"{honor}: {subject}, sinh ngày {fmt_date(s.dob, rng)}",
        f"Số định danh cá nhân: {t['personal_id']}",
        f"Nơi cư trú: {s.residence.text()}",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        f"Điều 3. Văn phòng - Thống kê, các bộ phận có liên quan và {honor.lower()} {s.name} "
        "chịu trách nhiệm thi hành Quyết định này./.",
    )
    vice = rng.random() < 0.4
    sign = (
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
        if vice
        else ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    )
    signer = d["signer"] if rng.random() < 0.8 else d["signer"].upper()
    issue = d["issue"]
    return Decision(
        tuple(left),
        t["number"],
        f"{d['place_name']}, ngày {issue.day:02d} tháng {issue.month} năm {issue.year}",
        "QUYẾT ĐỊNH",
        t["summary"],
        f"ỦY BAN NHÂN DÂN {place.commune.upper()}",
        body,
        (*sign, signer),
    )


_SIGN = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.)")
_NAME = re.compile(r"^[A-ZÀ-Ỹ][a-zà-ỹ]+( [A-ZÀ-Ỹ][a-zà-ỹ]+){1,4}$")


def decision_from_text(text: str) -> Decision:
    """Lay out a real decision's text (header block, title, opening, signature) as a page."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    dash = next(i for i, ln in enumerate(lines) if set(ln) <= {"-", "–"})
    left = tuple((ln, "b") for ln in lines[:dash])
    number = next(ln for ln in lines if ln.startswith("Số:")).removeprefix("Số:").strip()
    place_date = next(ln for ln in lines if re.search(r"ngày \d+ tháng \d+ năm \d{4}", ln))
    ti = next(i for i, ln in enumerate(lines) if ln == "QUYẾT ĐỊNH")
    summary, authority = lines[ti + 1], lines[ti + 2]
    body = tuple(lines[ti + 3 : ti + 7])
    si = next(i for i, ln in enumerate(lines) if i > ti and _SIGN.match(ln))
    sj = next(i for i in range(si, len(lines)) if _NAME.match(lines[i]))
    return Decision(
        left, number, place_date, "QUYẾT ĐỊNH", summary, authority, body, tuple(lines[si : sj + 1])
    )


def render_decision(
    dec: Decision, family: str, rng: random.Random, pages: int = 1
) -> list[Image.Image]:
    """One or two A4 pages; with two, the signature block is on the second."""
    c = Canvas(210, 297, family)
    pt = rng.choice((12.5, 13, 13.5))
    lx, rx, y0 = 52 + rng.uniform(-2, 2), 142 + rng.uniform(-2, 2), 18 + rng.uniform(-3, 3)
    step = pt * 0.5
    y = y0
    for text, style in dec.left:
        for ln in wrap(c, text, 68, pt - 0.5, style):
            c.text(lx, y, ln, pt - 0.5, style, "c")
            y += step
    c.hline(lx - 10, lx + 10, y - step + 2.5)
    c.text(lx, y + 5, f"Số: {dec.number}", pt)
    c.text(rx, y0, MOTTO[0], pt - 0.5, "b", "c")
    c.text(rx, y0 + step, MOTTO[1], pt, "b", "c")
    c.hline(rx - 25, rx + 25, y0 + step + 2.5)
    c.text(rx, y + 5, dec.place_date, pt, "i", "c")
    y += 20
    c.text(105, y, dec.title, pt + 1, "b", "c")
    y += step + 1
    for ln in wrap(c, dec.summary, 150, pt, "b"):
        c.text(105, y, ln, pt, "b", "c")
        y += step
    c.hline(90, 120, y - step + 3)
    y += 6
    c.text(105, y, dec.authority, pt, "b", "c")
    y += step + 4
    images = []
    split = len(dec.body) - 1 if pages == 2 else len(dec.body)
    for k, para in enumerate(dec.body):
        if k == split:
            images.append(c.image)
            c, y = Canvas(210, 297, family), 25 + rng.uniform(-3, 3)
        if para.startswith("@"):
            c.text(105, y, para[1:], pt, "b", "c")
            y += step + 2
            continue
        for i, ln in enumerate(wrap(c, para, 160 - (10 if True else 0), pt)):
            c.text(25 + (10 if i == 0 else 0), y, ln, pt)
            y += step + 0.5
        y += 2
        if y > 250:
            break
    y += 6
    c.text(22, y, "Nơi nhận:", pt - 1, "b")
    c.text(22, y + 5, "- Như Điều 3;", pt - 2)
    c.text(22, y + 10, "- Lưu: VT.", pt - 2)
    for ln in dec.sign_block[:-1]:
        c.text(150, y, ln, pt, "b", "c")
        y += step
    c.signature(140, y + 10, rng)
    c.text(150, y + 26, dec.sign_block[-1], pt, "b", "c")
    images.append(c.image)
    return images
