"""Giấy khai sinh: the child's fields, then the mother's and the father's, then registration."""

from __future__ import annotations

from digitize.fields.labels import Label

__all__ = ["LABELS", "KINDS", "route"]

LABELS = [
    Label("number", "Số", anchored=True),
    Label("book_number", "Quyển số"),
    Label("name", "Họ, chữ đệm, tên"),
    Label("name", "Họ và tên"),
    Label("name_mother", "Họ, chữ đệm, tên người mẹ"),
    Label("name_father", "Họ, chữ đệm, tên người cha"),
    Label("date_of_birth", "Ngày, tháng, năm sinh"),
    Label("sex", "Giới tính"),
    Label("ethnicity", "Dân tộc"),
    Label("nationality", "Quốc tịch"),
    Label("place_of_birth", "Nơi sinh"),
    Label("place_of_origin", "Quê quán"),
    Label("personal_id", "Số định danh cá nhân"),
    Label("birth_year", "Năm sinh"),
    Label("residence", "Nơi cư trú"),
    Label("registration_place", "Nơi đăng ký khai sinh"),
    Label("registration_date", "Ngày, tháng, năm đăng ký"),
]

KINDS = {
    "number": "number",
    "book_number": "number",
    "full_name": "name",
    "date_of_birth": "date",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "nationality": "nationality",
    "place_of_birth": "place",
    "place_of_origin": "place",
    "personal_id": "pid",
    "mother_name": "name",
    "mother_birth_year": "year",
    "father_name": "name",
    "father_birth_year": "year",
    "registration_place": "place",
    "registration_date": "date",
}

_CHILD = {
    "number",
    "book_number",
    "date_of_birth",
    "sex",
    "ethnicity",
    "nationality",
    "place_of_birth",
    "place_of_origin",
    "personal_id",
}


def route(section: str, key: str) -> tuple[str | None, str]:
    if key == "name_mother":
        return "mother_name", "mother"
    if key == "name_father":
        return "father_name", "father"
    if key in ("registration_place", "registration_date"):
        return key, "registration"
    if section == "main":
        if key == "name":
            return "full_name", section
        return (key if key in _CHILD else None), section
    if section in ("mother", "father") and key == "birth_year":
        return f"{section}_birth_year", section
    return None, section
