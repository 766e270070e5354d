"""Trích lục khai tử: the deceased's identity, the death, the registration."""

from __future__ import annotations

from digitize.fields.labels import Label

__all__ = ["LABELS", "KINDS", "route"]

LABELS = [
    Label("number", "Số", anchored=True),
    Label("book_number", "Quyển số"),
    Label("full_name", "Họ, chữ đệm, tên"),
    Label("full_name", "Họ và tên"),
    Label("date_of_birth", "Ngày, tháng, năm sinh"),
    Label("sex", "Giới tính"),
    Label("ethnicity", "Dân tộc"),
    Label("nationality", "Quốc tịch"),
    Label("personal_id", "Số định danh cá nhân"),
    Label("residence", "Nơi cư trú cuối cùng"),
    Label("residence", "Nơi cư trú"),
    Label("date_of_death", "Đã chết vào lúc"),
    Label("place_of_death", "Nơi chết"),
    Label("cause", "Nguyên nhân chết"),
    Label("registration_place", "Nơi đăng ký khai tử"),
    Label("registration_date", "Ngày, tháng, năm đăng ký"),
]

KINDS = {
    "number": "number",
    "book_number": "number",
    "full_name": "name",
    "date_of_birth": "date",
    "sex": "sex",
    "personal_id": "pid",
    "date_of_death": "date",
    "place_of_death": "place",
    "registration_place": "place",
    "registration_date": "date",
}


def route(section: str, key: str) -> tuple[str | None, str]:
    return (key if key in KINDS else None), section
