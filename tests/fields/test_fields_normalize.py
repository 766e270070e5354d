from __future__ import annotations

import pytest

from digitize.fields import normalize as nz


@pytest.mark.parametrize(
    "raw, want",
    [
        ("15/8/1990", "1990-08-15"),
        ("15/08/1990", "1990-08-15"),
        ("05-03-2024", "2024-03-05"),
        ("ngày 15 tháng 8 năm 1990", "1990-08-15"),
        ("Xã An Khánh, ngày 05 tháng 3 năm 2024", "2024-03-05"),
        ("10 giờ 30 phút, ngày 05/03/2023", "2023-03-05"),
        ("ngày mười lăm tháng tám năm một nghìn chín trăm chín mươi", "1990-08-15"),
        ("ngày hai mươi mốt, tháng mười hai, năm hai nghìn không trăm linh năm", "2005-12-21"),
        ("3O/O4/2001", "2001-04-30"),  # OCR's O for 0
        ("ngùy 14 thúng 9 năm 2016", "2016-09-14"),  # OCR-damaged words
    ],
)
def test_dates(raw, want):
    assert nz.date(raw) == want


@pytest.mark.parametrize("raw", ["31/02/1990", "15/13/1990", "không rõ", ""])
def test_impossible_or_missing_dates_are_none(raw):
    assert nz.date(raw) is None


def test_names_ids_sex_years():
    assert nz.name("Nguyễn  thị Hương") == "NGUYỄN THỊ HƯƠNG"
    assert nz.personal_id("001 190 012345") == "001190012345"
    assert nz.personal_id("0O1190O12345") == "001190012345"
    assert nz.personal_id("00119001234") is None  # 11 digits
    assert nz.sex("nữ") == nz.sex("NỮ") == nz.sex("Female") == "Nữ"
    assert nz.sex("Nam") == nz.sex("male") == "Nam"
    assert nz.sex("không") is None
    assert nz.year("Năm sinh: 1965") == "1965"


@pytest.mark.parametrize(
    "raw, want",
    [
        ("Số: 125/2023", "125/2023"),
        ("Số: 45/QĐ-UBND", "45/QĐ-UBND"),
        ("Số:37/QĐ-UBND", "37/QĐ-UBND"),
        ("S6: 45/QD-UBND", "45/QĐ-UBND"),
        ("Số: 18/QĐ-UBNNãä", "18/QĐ-UBND"),
        ("Số: 20574/QĐ-CT-THNVDT", "20574/QĐ-CT-THNVDT"),
        ("Số: 784/QĐ-BVHTTDL", "784/QĐ-BVHTTDL"),
        ("Số:", None),
    ],
)
def test_document_numbers(raw, want):
    assert nz.doc_number(raw) == want


def test_free_text_keeps_case_and_trims():
    assert nz.free_text("  xã An Khánh,  huyện Hoài Đức. ") == "xã An Khánh, huyện Hoài Đức"
