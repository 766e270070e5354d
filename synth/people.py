"""Fictional records: who, when, where, and the normalised truth of every field."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from digitize.fields.dictionaries import load, province_label

__all__ = ["Person", "Record", "make_record", "DOC_TYPES", "personal_id"]

DOC_TYPES = (
    "birth_certificate",
    "marriage_certificate",
    "death_extract",
    "citizen_id_card",
    "administrative_decision",
)

FEMALE_MIDDLE = (
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Phương",
    "Diệu",
    "Hồng",
    "Thùy",
    "Mỹ",
    "Bích",
)
MALE_MIDDLE = (
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Đình",
    "Công",
    "Quang",
    "Thế",
    "Trọng",
    "Mạnh",
    "Tuấn",
    "Hải",
    "Việt",
    "Gia",
    "Xuân",
)
FEMALE_GIVEN = (
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Hường",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Uyên",
    "Vy",
    "Xuân",
    "Yến",
    "Nguyệt",
    "Ánh",
    "Diệp",
    "Thơ",
    "Tâm",
)


@dataclass(frozen=True)
class Place:
    province: str
    district: str
    commune: str

    def text(self) -> str:
        return f"{self.commune}, {self.district}, {province_label(self.province)}"


@dataclass(frozen=True)
class Person:
    name: str  # as a clerk would type it, mixed case
    sex: str  # Nam | Nữ
    dob: dt.date
    birth_place: Place
    origin: Place
    residence: Place
    ethnicity: str
    pid: str

    @property
    def upper(self) -> str:
        return self.name.upper()


@dataclass
class Record:
    """A document to render: its type, truth fields and everything the renderer needs."""

    doc_type: str
    truth: dict[str, str]
    data: dict[str, object] = field(default_factory=dict)


def personal_id(code: str, sex: str, year: int, rng: random.Random) -> str:
    """12-digit ID: province code, century/sex digit, 2-digit year, 6 serial digits."""
    century = 0 if year < 2000 else 2
    digit = century + (1 if sex == "Nữ" else 0)
    return f"{code}{digit}{year % 100:02d}{rng.randrange(10**6):06d}"


def _place(rng: random.Random) -> Place:
    prov, dist, communes = rng.choice(load().places)
    return Place(prov, dist, rng.choice(communes))


def _date(rng: random.Random, y0: int, y1: int) -> dt.date:
    start = dt.date(y0, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randrange(start, dt.date(y1, 12, 31).toordinal()))


def _name(rng: random.Random, sex: str, surname: str | None = None) -> str:
    d = load()
    sur = surname or rng.choice(d.surnames[:20] if rng.random() < 0.8 else d.surnames)
    if sex == "Nữ":
        mid = "Thị" if rng.random() < 0.5 else rng.choice(FEMALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN)
    else:
        mid = "Văn" if rng.random() < 0.4 else rng.choice(MALE_MIDDLE)
        given = rng.choice([g for g in d.given_names if g not in FEMALE_GIVEN[:-6]])
    parts = [sur, mid]
    if rng.random() < 0.15:  # a second middle name
        parts.append(rng.choice(MALE_MIDDLE if sex == "Nam" else FEMALE_MIDDLE[1:]))
    return " ".join([*parts, given])


def person(
    rng: random.Random, y0: int, y1: int, sex: str | None = None, surname: str | None = None
) -> Person:
    d = load()
    sex = sex or rng.choice(("Nam", "Nữ"))
    dob = _date(rng, y0, y1)
    bp = _place(rng)
    code = {n: c for c, n in d.provinces.items()}[bp.province]
    eth = "Kinh" if rng.random() < 0.85 else rng.choice(d.ethnicities[1:12])
    return Person(
        _name(rng, sex, surname),
        sex,
        dob,
        bp,
        bp if rng.random() < 0.6 else _place(rng),
        _place(rng),
        eth,
        personal_id(code, sex, dob.year, rng),
    )


def iso(d: dt.date) -> str:
    return d.isoformat()


def _book(rng: random.Random, year: int) -> str:
    return f"{rng.randrange(1, 6):02d}/{year}"


def birth(rng: random.Random) -> Record:
    child = person(rng, 1960, 2023)
    father = person(rng, child.dob.year - 40, child.dob.year - 20, "Nam")
    father = Person(
        _name(rng, "Nam", child.name.split()[0]),
        "Nam",
        father.dob,
        father.birth_place,
        father.origin,
        father.residence,
        father.ethnicity,
        father.pid,
    )
    mother = person(rng, child.dob.year - 38, child.dob.year - 19, "Nữ")
    reg = child.dob + dt.timedelta(days=rng.randrange(3, 60))
    office = _place(rng)
    pob = (
        (
            f"Trạm y tế {child.birth_place.commune}, {child.birth_place.district}, "
            f"{province_label(child.birth_place.province)}"
        )
        if rng.random() < 0.5
        else child.birth_place.text()
    )
    number = str(rng.randrange(1, 400))
    truth = {
        "number": number,
        "book_number": _book(rng, reg.year),
        "full_name": child.upper,
        "date_of_birth": iso(child.dob),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nationality": "Việt Nam",
        "place_of_birth": pob,
        "place_of_origin": child.origin.text(),
        "personal_id": child.pid,
        "mother_name": mother.upper,
        "mother_birth_year": str(mother.dob.year),
        "father_name": father.upper,
        "father_birth_year": str(father.dob.year),
        "registration_place": office.text(),
        "registration_date": iso(reg),
    }
    return Record(
        "birth_certificate",
        truth,
        {"child": child, "mother": mother, "father": father, "reg": reg, "office": office},
    )


def marriage(rng: random.Random) -> Record:
    h = person(rng, 1950, 2003, "Nam")
    w = person(rng, h.dob.year - 5, min(h.dob.year + 6, 2004), "Nữ")
    reg = _date(rng, max(h.dob.year, w.dob.year) + 20, min(max(h.dob.year, w.dob.year) + 35, 2024))
    office = _place(rng)
    truth = {
        "number": str(rng.randrange(1, 300)),
        "book_number": _book(rng, reg.year),
        "husband_name": h.upper,
        "husband_date_of_birth": iso(h.dob),
        "husband_personal_id": h.pid,
        "wife_name": w.upper,
        "wife_date_of_birth": iso(w.dob),
        "wife_personal_id": w.pid,
        "registration_place": office.text(),
        "registration_date": iso(reg),
    }
    return Record("marriage_certificate", truth, {"h": h, "w": w, "reg": reg, "office": office})


def death(rng: random.Random) -> Record:
    p = person(rng, 1925, 1990)
    dod = _date(rng, 2016, 2024)
    reg = dod + dt.timedelta(days=rng.randrange(1, 15))
    office = _place(rng)
    pod = (
        p.residence.text()
        if rng.random() < 0.6
        else f"Bệnh viện đa khoa {province_label(p.residence.province)}"
    )
    truth = {
        "number": str(rng.randrange(1, 200)),
        "book_number": _book(rng, reg.year),
        "full_name": p.upper,
        "date_of_birth": iso(p.dob),
        "sex": p.sex,
        "personal_id": p.pid,
        "date_of_death": iso(dod),
        "place_of_death": pod,
        "registration_place": office.text(),
        "registration_date": iso(reg),
    }
    return Record(
        "death_extract",
        truth,
        {
            "p": p,
            "dod": dod,
            "reg": reg,
            "office": office,
            "hour": (rng.randrange(24), rng.randrange(60)),
        },
    )


def id_card(rng: random.Random) -> Record:
    p = person(rng, 1950, 2008)
    issued = _date(rng, max(p.dob.year + 14, 2016), 2024)
    age = issued.year - p.dob.year
    limit = 25 if age < 23 else 40 if age < 38 else 60 if age < 58 else None
    expiry = (
        None
        if limit is None
        else p.dob.replace(year=p.dob.year + limit)
        if not (p.dob.month == 2 and p.dob.day == 29)
        else dt.date(p.dob.year + limit, 3, 1)
    )
    hamlet = rng.choice(("Thôn 3", "Xóm 5", "Thôn Đông", "Tổ 7", "Số 12 ngõ 4", "Ấp Mỹ Lợi"))
    residence = f"{hamlet}, {p.residence.text()}"
    truth = {
        "personal_id": p.pid,
        "full_name": p.upper,
        "date_of_birth": iso(p.dob),
        "sex": p.sex,
        "nationality": "Việt Nam",
        "place_of_origin": p.origin.text(),
        "place_of_residence": residence,
    }
    if expiry:
        truth["expiry_date"] = iso(expiry)
    return Record("citizen_id_card", truth, {"p": p, "expiry": expiry, "residence": residence})


SUMMARIES = (
    "Về việc công nhận hộ gia đình văn hóa năm {y}",
    "Về việc hỗ trợ kinh phí xây dựng nhà ở cho hộ nghèo",
    "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Về việc khen thưởng thành tích trong phong trào khuyến học",
    "Về việc trợ cấp xã hội hằng tháng đối với người cao tuổi",
    "Về việc cho phép chuyển mục đích sử dụng đất vườn sang đất ở",
    "Về việc công nhận kết quả hòa giải ở cơ sở",
)


def decision(rng: random.Random) -> Record:
    office = _place(rng)
    commune = office.commune
    superior = f"UBND {office.district.upper()}"
    body = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    issue = _date(rng, 2016, 2024)
    subject = person(rng, 1940, 2000)
    signer = _name(rng, rng.choice(("Nam", "Nữ")))
    summary = rng.choice(SUMMARIES).format(y=issue.year - 1)
    number = f"{rng.randrange(1, 400)}/QĐ-UBND"
    truth = {
        "issuing_body": body,
        "number": number,
        "issue_date": iso(issue),
        "title": "QUYẾT ĐỊNH",
        "summary": summary,
        "signer_name": signer.upper(),
        "subject_name": subject.upper,
        "personal_id": subject.pid,
    }
    return Record(
        "administrative_decision",
        truth,
        {
            "office": office,
            "superior": superior if rng.random() < 0.6 else None,
            "issue": issue,
            "subject": subject,
            "signer": signer,
            "place_name": commune[0].upper() + commune[1:],
        },
    )


MAKERS = {
    "birth_certificate": birth,
    "marriage_certificate": marriage,
    "death_extract": death,
    "citizen_id_card": id_card,
    "administrative_decision": decision,
}


def make_record(doc_type: str, rng: random.Random) -> Record:
    return MAKERS[doc_type](rng)
