"""Civil-status forms (hộ tịch): birth certificate, marriage certificate, death extract."""

from __future__ import annotations

import datetime as dt
import random

from PIL import Image

from synth.canvas import Canvas
from synth.people import Record

__all__ = ["render_birth", "render_marriage", "render_death", "fmt_date", "header", "wrap"]


def fmt_date(d: dt.date, rng: random.Random, words: bool = False) -> str:
    """`15/08/1990`, `15/8/1990` or (words) `ngày 15 tháng 8 năm 1990`."""
    if words:
        return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
    if rng.random() < 0.5:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day}/{d.month}/{d.year}"


def wrap(c: Canvas, s: str, width_mm: float, pt: float, style: str = "r") -> list[str]:
    """Greedy word wrap to `width_mm`."""
    lines: list[str] = []
    cur = ""
    for w in s.split():
        t = f"{cur} {w}".strip()
        if cur and c.width(t, pt, style) > width_mm:
            lines.append(cur)
            cur = w
        else:
            cur = t
    return [*lines, cur] if cur else lines


def header(c: Canvas, y: float, commune: str, rng: random.Random, pt: float) -> float:
    """Issuing office top left, national motto top right; returns the y below them."""
    lx, rx = 52 + rng.uniform(-3, 3), 140 + rng.uniform(-3, 3)
    c.text(lx, y, "ỦY BAN NHÂN DÂN", pt, "b", "c")
    c.text(lx, y + pt * 0.5, commune.upper(), pt, "b", "c")
    c.hline(lx - 12, lx + 12, y + pt * 0.5 + 2.5)
    c.text(rx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", pt - 0.5, "b", "c")
    c.text(rx, y + pt * 0.5, "Độc lập - Tự do - Hạnh phúc", pt, "b", "c")
    c.hline(rx - 25, rx + 25, y + pt * 0.5 + 2.5)
    return y + pt * 0.5 + 12


def _name(p_name: str, rng: random.Random) -> str:
    return p_name if rng.random() < 0.3 else p_name.upper()


class _Form:
    """Label + value lines with dotted leaders, several fields per line allowed."""

    def __init__(self, c: Canvas, rng: random.Random, pt: float, x0: float, x1: float):
        self.c, self.rng, self.pt, self.x0, self.x1 = c, rng, pt, x0, x1
        self.step = pt * 0.62 + rng.uniform(0, 1.2)
        self.vstyle = rng.choice("rb")

    def line(self, y: float, *pairs: tuple[str, str], splits: tuple[float, ...] = ()) -> float:
        xs = [self.x0, *(self.x0 + f * (self.x1 - self.x0) for f in splits), self.x1]
        for i, (label, value) in enumerate(pairs):
            x = self.c.text(xs[i], y, label, self.pt)
            x = self.c.text(x + 2, y, value, self.pt, self.vstyle) if value else x
            self.c.dots(x + 2.5, xs[i + 1] - 3, y, self.pt)
        return y + self.step


def _start(family: str, rng: random.Random) -> tuple[Canvas, float, float, float]:
    c = Canvas(210, 297, family)
    pt = rng.choice((12, 12.5, 13))
    return c, pt, 18 + rng.uniform(-3, 3), 20 + rng.uniform(-4, 4)


def _numbers(c: Canvas, y: float, x0: float, rec: Record, pt: float) -> float:
    c.text(x0, y, f"Số: {rec.truth['number']}", pt)
    c.text(x0, y + pt * 0.55, f"Quyển số: {rec.truth['book_number']}", pt)
    return y + pt * 0.55 + 9


def _signoff(c: Canvas, y: float, title: str, rng: random.Random, pt: float, signer: str) -> None:
    c.text(150, y, title, pt, "b", "c")
    c.signature(140, y + 14, rng)
    c.text(150, y + 30, signer, pt, "b", "c")


def render_birth(rec: Record, family: str, rng: random.Random) -> list[Image.Image]:
    d = rec.data
    child, mother, father = d["child"], d["mother"], d["father"]
    c, pt, x0, y = _start(family, rng)
    y = header(c, y, d["office"].commune, rng, pt)
    c.text(105, y + 8, "GIẤY KHAI SINH", pt + 6, "b", "c")
    y = _numbers(c, y + 20, x0, rec, pt)
    f = _Form(c, rng, pt, x0, 192)
    t = rec.truth
    y = f.line(y, ("Họ, chữ đệm, tên:", _name(child.name, rng)))
    y = f.line(y, ("Ngày, tháng, năm sinh:", fmt_date(child.dob, rng)))
    y = f.line(
        y,
        ("Giới tính:", t["sex"]),
        ("Dân tộc:", t["ethnicity"]),
        ("Quốc tịch:", "Việt Nam"),
        splits=(0.3, 0.62),
    )
    y = f.line(y, ("Nơi sinh:", t["place_of_birth"]))
    y = f.line(y, ("Quê quán:", t["place_of_origin"]))
    y = f.line(y, ("Số định danh cá nhân:", t["personal_id"]))
    for role, p in (("mẹ", mother), ("cha", father)):
        y = f.line(y + 2, (f"Họ, chữ đệm, tên người {role}:", _name(p.name, rng)))
        y = f.line(
            y,
            ("Năm sinh:", str(p.dob.year)),
            ("Dân tộc:", p.ethnicity),
            ("Quốc tịch:", "Việt Nam"),
            splits=(0.3, 0.62),
        )
        y = f.line(y, ("Nơi cư trú:", p.residence.text()))
    y = f.line(y + 2, ("Nơi đăng ký khai sinh:", t["registration_place"]))
    y = f.line(y, ("Ngày, tháng, năm đăng ký:", fmt_date(d["reg"], rng, rng.random() < 0.4)))
    _signoff(c, y + 8, "NGƯỜI KÝ GIẤY KHAI SINH", rng, pt, "Phan Thanh Bình")
    return [c.image]


def render_death(rec: Record, family: str, rng: random.Random) -> list[Image.Image]:
    d = rec.data
    p = d["p"]
    c, pt, x0, y = _start(family, rng)
    y = header(c, y, d["office"].commune, rng, pt)
    c.text(105, y + 8, "TRÍCH LỤC KHAI TỬ", pt + 6, "b", "c")
    c.text(105, y + 15, "(Bản chính)", pt, "i", "c")
    y = _numbers(c, y + 24, x0, rec, pt)
    f = _Form(c, rng, pt, x0, 192)
    t = rec.truth
    y = f.line(y, ("Họ, chữ đệm, tên:", _name(p.name, rng)))
    y = f.line(y, ("Ngày, tháng, năm sinh:", fmt_date(p.dob, rng)))
    y = f.line(
        y,
        ("Giới tính:", t["sex"]),
        ("Dân tộc:", p.ethnicity),
        ("Quốc tịch:", "Việt Nam"),
        splits=(0.3, 0.62),
    )
    y = f.line(y, ("Số định danh cá nhân:", t["personal_id"]))
    y = f.line(y, ("Nơi cư trú cuối cùng:", p.residence.text()))
    hh, mm = d["hour"]
    y = f.line(
        y,
        (
            "Đã chết vào lúc:",
            f"{hh} giờ {mm:02d} phút, " + fmt_date(d["dod"], rng, rng.random() < 0.5),
        ),
    )
    y = f.line(y, ("Nơi chết:", t["place_of_death"]))
    y = f.line(y, ("Nguyên nhân chết:", rng.choice(("Bệnh", "Già yếu", "Tai nạn"))))
    y = f.line(y + 2, ("Nơi đăng ký khai tử:", t["registration_place"]))
    y = f.line(y, ("Ngày, tháng, năm đăng ký:", fmt_date(d["reg"], rng, rng.random() < 0.4)))
    _signoff(c, y + 8, "NGƯỜI KÝ TRÍCH LỤC", rng, pt, "Đoàn Minh Tâm")
    return [c.image]


def render_marriage(rec: Record, family: str, rng: random.Random) -> list[Image.Image]:
    d = rec.data
    h, w = d["h"], d["w"]
    c, pt, x0, y = _start(family, rng)
    y = header(c, y, d["office"].commune, rng, pt)
    c.text(105, y + 8, "GIẤY CHỨNG NHẬN KẾT HÔN", pt + 5, "b", "c")
    y = _numbers(c, y + 20, x0, rec, pt)
    col = (x0 + 52, 136 + rng.uniform(-2, 2))
    cw = 54
    c.text(col[0] + cw / 2, y, "Thông tin người chồng", pt, "b", "c")
    c.text(col[1] + cw / 2, y, "Thông tin người vợ", pt, "b", "c")
    y += pt * 0.62 + 2
    vstyle = rng.choice("rb")
    up = rng.random() < 0.7
    rows = (
        ("Họ, chữ đệm, tên:", h.name.upper() if up else h.name, w.name.upper() if up else w.name),
        ("Ngày, tháng, năm sinh:", fmt_date(h.dob, rng), fmt_date(w.dob, rng)),
        ("Dân tộc:", h.ethnicity, w.ethnicity),
        ("Quốc tịch:", "Việt Nam", "Việt Nam"),
        (
            "Nơi cư trú:",
            f"{h.residence.commune}, {h.residence.district}",
            f"{w.residence.commune}, {w.residence.district}",
        ),
        ("Số định danh cá nhân:", h.pid, w.pid),
    )
    step = pt * 0.62 + rng.uniform(0, 1)
    for label, hv, wv in rows:
        c.text(x0, y, label, pt - 0.5)
        n = 1
        for i, v in enumerate((hv, wv)):
            lines = wrap(c, v, cw, pt, vstyle)
            n = max(n, len(lines))
            for k, ln in enumerate(lines):
                c.text(col[i], y + k * step, ln, pt, vstyle)
        y += n * step + 1.5
    f = _Form(c, rng, pt, x0, 192)
    y = f.line(y + 3, ("Nơi đăng ký kết hôn:", rec.truth["registration_place"]))
    y = f.line(y, ("Ngày, tháng, năm đăng ký:", fmt_date(d["reg"], rng, rng.random() < 0.4)))
    c.text(55, y + 8, "Chồng", pt, "b", "c")
    c.text(100, y + 8, "Vợ", pt, "b", "c")
    c.signature(45, y + 20, rng)
    c.signature(90, y + 20, rng)
    _signoff(c, y + 8, "CHỦ TỊCH", rng, pt, "Lương Văn Hiển")
    return [c.image]
