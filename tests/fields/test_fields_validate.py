from __future__ import annotations

import datetime as dt

from digitize.fields.correct import correct_ethnicity, correct_name, correct_place
from digitize.fields.validate import check_dates, check_personal_id, id_structure_ok


def test_consistent_id_passes():
    assert check_personal_id("001190012345", birth="1990-08-15", sex="Nữ") == []
    assert check_personal_id("079205012345", birth="2005-01-01", sex="Nam") == []
    assert id_structure_ok("048090000001")


def test_id_mismatches_are_flagged():
    assert "personal_id_mismatch_birth_year" in check_personal_id(
        "001190012345", birth="1991-08-15"
    )
    assert "personal_id_mismatch_sex" in check_personal_id("001190012345", sex="Nam")
    assert "personal_id_bad_province" in check_personal_id("003190012345")  # 003 is no province
    assert check_personal_id("00119001234") == ["personal_id_bad_format"]
    assert "wife_personal_id_mismatch_sex" in check_personal_id(
        "001090012345", sex="Nữ", prefix="wife_"
    )
    assert not id_structure_ok("999190012345")


def test_date_checks():
    today = dt.date(2025, 1, 1)
    assert (
        check_dates({"date_of_birth": "1990-01-02", "registration_date": "1990-01-10"}, today) == []
    )
    assert "registration_before_birth" in check_dates(
        {"date_of_birth": "1990-01-02", "registration_date": "1989-12-10"}, today
    )
    assert "impossible_date:date_of_birth" in check_dates({"date_of_birth": "2030-01-01"}, today)
    assert "registration_before_death" in check_dates(
        {"date_of_death": "2020-05-05", "registration_date": "2020-05-01"}, today
    )
    assert check_dates({"expiry_date": "2040-01-01"}, today) == []


def test_dictionary_correction_restores_stacked_diacritics():
    assert correct_name("NGUYÊN VĂN TÂM").value == "NGUYỄN VĂN TÂM"
    assert correct_name("TRÂN THỊ HƯƠNG").value == "TRẦN THỊ HƯƠNG"
    assert correct_name("ĐỒ MẠNH HÙNG").value == "ĐỖ MẠNH HÙNG"
    assert correct_name("HƯỲNH VĂN AN").value == "HUỲNH VĂN AN"


def test_correction_never_invents():
    c = correct_name("QWX VĂN AN")
    assert c.value == "QWX VĂN AN" and c.factor < 1.0
    assert correct_ethnicity("Klnh").value == "Kinh"
    assert correct_ethnicity("Zzzzz").value == "Zzzzz" and correct_ethnicity("Zzzzz").factor < 1
    assert correct_place("xã Nghỉ Thái, huyện Nghỉ Lộc").value == "xã Nghi Thái, huyện Nghi Lộc"


def test_place_units_restored_but_unknown_communes_kept():
    c = correct_place("xã Kiên An, huyện Chợ Mới, thành phố Hà Nỗ")
    assert c.value == "xã Kiến An, huyện Chợ Mới, thành phố Hà Nội"
    # "Hải Ninh" is not in our list of communes; it must not become the listed "Hải Minh"
    assert correct_place("xã Hải Ninh, huyện Hải Hậu").value.startswith("xã Hải Ninh")
