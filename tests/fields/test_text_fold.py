from __future__ import annotations

import unicodedata

from digitize.text import collapse_spaces, fold, nfc, strip_marks


def test_fold_removes_marks_d_and_case():
    assert fold("Nguyễn  Thị ĐÀO") == "nguyen thi dao"
    assert fold("Đỗ Đức Huỳnh") == "do duc huynh"
    assert fold("Họ, chữ đệm, tên:") == "ho, chu dem, ten:"


def test_fold_same_for_nfd_and_nfc_input():
    s = "Trần Văn Hưởng"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s) == "tran van huong"


def test_nfc_and_spaces():
    nfd = unicodedata.normalize("NFD", "Hạnh phúc")
    assert nfc(nfd) == "Hạnh phúc" and nfc(nfd) != nfd
    assert collapse_spaces("  a \t b\n c ") == "a b c"
    assert strip_marks("Đà Nẵng") == "Da Nang"
