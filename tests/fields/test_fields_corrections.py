"""Corrections that need evidence (found on the eval set): what is restored, and what is not."""

from __future__ import annotations

from digitize.fields import extract
from digitize.fields.correct import correct_body, correct_name, correct_place
from digitize.fields.normalize import personal_id, sex
from digitize.models import DocType


def test_sex_glued_to_the_next_label():
    assert sex("NaImQuốc tịch") == "Nam"
    assert sex("Nữ Quốc tịch") == "Nữ"
    assert sex("Nam") == "Nam" and sex("nu") == "Nữ"
    assert sex("Khác") is None


def test_personal_id_with_a_faded_leading_zero():
    assert personal_id("(34060810356") == "034060810356"
    assert personal_id("(3406081035") is None  # 11 digits in all: nothing to restore
    assert personal_id("1(34060810356") is None


def test_district_restored_only_under_a_province_of_the_same_address():
    c = correct_place("Số 12 ngõ 4, xã Ea Phê, huyện Krông Păäc, tỉnh Đắk Lắk")
    assert c.value == "Số 12 ngõ 4, xã Ea Phê, huyện Krông Pắc, tỉnh Đắk Lắk"
    # without a province read in the address there is no evidence: the damage stays
    assert "Păäc" in correct_place("xã Ea Phê, huyện Krông Păäc").value
    # a province whose units do not include it: no restoration either
    assert "Păäc" in correct_place("huyện Krông Păäc, tỉnh Nam Định").value


def test_issuing_body_commune_restored_only_from_damage():
    assert correct_body("ỦY BAN NHÂN DÂN XÃ PHUỚÓC HÒA").value == "ỦY BAN NHÂN DÂN XÃ PHƯỚC HÒA"
    assert correct_body("ỦY BAN NHÂN DÂN XÃ PHUỚÓC HÒA").factor < 1.0
    # every word a real one: a commune not in our short list is kept as printed
    assert correct_body("ỦY BAN NHÂN DÂN XÃ PHƯỚC HÀ").value == "ỦY BAN NHÂN DÂN XÃ PHƯỚC HÀ"


def test_number_line_above_book_number_when_its_label_is_damaged(page):
    p = page(
        [
            (80, 20, "GIẤY KHAI SINH"),
            (20, 40, "GỖ: 275"),
            (20, 47, "Quyển số: 02/1978"),
            (20, 60, "Họ, chữ đệm, tên: LÊ VĂN AN"),
        ]
    )
    ex = extract([p], doc_type=DocType.BIRTH_CERTIFICATE)
    assert ex.fields["number"].value == "275"
    assert ex.fields["book_number"].value == "02/1978"
    far = page([(20, 20, "GỖ: 275"), (20, 47, "Quyển số: 02/1978")])  # not right above
    assert "number" not in extract([far], doc_type=DocType.BIRTH_CERTIFICATE).fields


def test_province_cut_short_completed_only_from_the_district_read():
    c = correct_place("xã Vĩnh Lộc A, huyện Bình Chánh, thành phố Hồ Ch")
    assert c.value == "xã Vĩnh Lộc A, huyện Bình Chánh, thành phố Hồ Chí Minh"
    assert correct_place("xã Hải Đường, huyện Hải Hậu, tỉnh").value.endswith("tỉnh Nam Định")
    # no district or commune of ours read: `tỉnh` alone could be any of 58 provinces
    assert correct_place("Thôn Đông, tỉnh").value == "Thôn Đông, tỉnh"


def test_stray_consonant_around_a_name_dropped_vowels_kept():
    assert correct_name("ĐÀO THỊ DUNG S").value == "ĐÀO THỊ DUNG"
    assert correct_name("F TỐNG VĂN LỘC").value == "TỐNG VĂN LỘC"
    assert correct_name("NGUYỄN VĂN A").value == "NGUYỄN VĂN A"  # `A` can be a given name
    assert correct_name("LÊ Đ").value == "LÊ Đ"  # two syllables: nothing to judge by
