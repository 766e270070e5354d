"""The front of a chip-based Căn cước công dân card, at real size (85.6 × 54 mm)."""

from __future__ import annotations

import random

from PIL import Image

from synth.canvas import Canvas
from synth.civil import fmt_date, wrap
from synth.people import Record

__all__ = ["render_card", "CARD_DPI"]

CARD_DPI = 600  # a flatbed scans ID cards in photo mode


def render_card(rec: Record, family: str, rng: random.Random) -> list[Image.Image]:
    p = rec.data["p"]
    t = rec.truth
    margin = 6 + rng.uniform(0, 3)
    c = Canvas(85.6 + 2 * margin, 54 + 2 * margin, family, dpi=CARD_DPI)
    m = margin
    c.rect(m, m, m + 85.6, m + 54, fill=248, outline=170)
    c.draw.ellipse((c.px(m + 3), c.px(m + 2), c.px(m + 14), c.px(m + 13)), outline=120, width=4)
    c.rect(m + 3, m + 16, m + 22, m + 41, fill=215, outline=150)  # the photo
    c.draw.ellipse((c.px(m + 8), c.px(m + 19), c.px(m + 17), c.px(m + 29)), fill=170)
    cx = m + 52
    c.text(cx, m + 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 6.5, "b", "c")
    c.text(cx, m + 8.5, "Độc lập - Tự do - Hạnh phúc", 6.5, "b", "c")
    c.text(cx, m + 13, "CĂN CƯỚC CÔNG DÂN", 10, "b", "c")
    x = m + 25
    lp, vp = 6, 8.5
    xe = c.text(x, m + 19, "Số / No.:", lp)
    c.text(xe + 2, m + 19.3, t["personal_id"], vp + 1, "b")
    c.text(x, m + 23.5, "Họ và tên / Full name:", lp)
    c.text(x, m + 27.5, t["full_name"], vp, "b")
    xe = c.text(x, m + 31.5, "Ngày sinh / Date of birth:", lp)
    c.text(
        xe + 2,
        m + 31.5,
        fmt_date(p.dob, rng)
        if rng.random() < 0.2
        else f"{p.dob.day:02d}/{p.dob.month:02d}/{p.dob.year}",
        vp,
        "r",
    )
    xe = c.text(x, m + 35.5, "Giới tính / Sex:", lp)
    c.text(xe + 2, m + 35.5, t["sex"], vp)
    xe = c.text(x + 25, m + 35.5, "Quốc tịch / Nationality:", lp)
    c.text(xe + 1.5, m + 35.5, "Việt Nam", vp - 1)
    c.text(x, m + 39.5, "Quê quán / Place of origin:", lp)
    c.text(x, m + 43, t["place_of_origin"], vp - 1)
    xe = c.text(x, m + 47, "Nơi thường trú / Place of residence:", lp)
    res = wrap(c, t["place_of_residence"], 85.6 - 25 - 2, vp - 1)
    for k, ln in enumerate(res[:2]):
        c.text(x, m + 50.5 + k * 3.3 - (0 if len(res) == 1 else 0.8), ln, vp - 1)
    c.text(m + 2.5, m + 44.5, "Có giá trị đến:", 5)
    c.text(m + 2.5, m + 47, "Date of expiry", 5, "i")
    exp = rec.data["expiry"]
    c.text(
        m + 2.5,
        m + 50.5,
        f"{exp.day:02d}/{exp.month:02d}/{exp.year}" if exp else "Không thời hạn",
        6.5,
    )
    return [c.image]
