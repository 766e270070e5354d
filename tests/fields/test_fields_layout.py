"""Extraction from word boxes alone (no OCR): labels, segments, layouts of the five types."""

from __future__ import annotations

from digitize.config import FieldsConfig
from digitize.fields import extract
from digitize.fields.classify import classify
from digitize.fields.flags import describe_flag
from digitize.fields.labels import Label, find_labels, levenshtein
from digitize.fields.lines import page_segments, segments
from digitize.models import DocType, OcrWord

HEADER = [
    (20, 15, "ỦY BAN NHÂN DÂN"),
    (115, 15, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (25, 22, "XÃ AN KHÁNH"),
    (120, 22, "Độc lập - Tự do - Hạnh phúc"),
]


def test_levenshtein_and_damaged_labels(page):
    assert levenshtein("kitten", "sitting") == 3
    p = page(
        [
            (20, 50, "Ho, chữ đêm, tên: NGUYỄN VĂN AN ............"),
            (20, 60, "Giới tinh: Nam ........ Dân tộc: Kinh"),
        ]
    )
    segs = page_segments(p)
    labels = [
        Label("name", "Họ, chữ đệm, tên"),
        Label("sex", "Giới tính"),
        Label("eth", "Dân tộc"),
        Label("mother", "Họ, chữ đệm, tên người mẹ"),
    ]
    hits = find_labels(segs[0], labels)
    assert [h.label.key for h in hits] == ["name"]
    assert [h.label.key for h in find_labels(segs[1], labels)] == ["sex", "eth"]


def test_longest_label_wins(page):
    p = page([(20, 50, "Họ, chữ đệm, tên người mẹ: TRẦN THỊ B")])
    labels = [Label("name", "Họ, chữ đệm, tên"), Label("mother", "Họ, chữ đệm, tên người mẹ")]
    assert [h.label.key for h in find_labels(page_segments(p)[0], labels)] == ["mother"]


def test_lines_by_vertical_overlap_and_columns_by_gaps():
    words = [
        OcrWord("Số:", 90, 100, 500, 60, 40),
        OcrWord("45/QĐ-UBND", 90, 175, 505, 200, 42),
        OcrWord("Xã", 90, 1200, 498, 50, 40),
        OcrWord("An", 90, 1265, 502, 40, 40),
        OcrWord("below", 90, 100, 600, 100, 40),
    ]
    segs = segments(words)
    assert [s.text for s in segs] == ["Số: 45/QĐ-UBND", "Xã An", "below"]


def _birth(page, *, drop: str = ""):
    """A birth certificate page; `drop`: leave out the lines that start with it."""
    lines = (
        HEADER
        + [
            (80, 40, "GIẤY KHAI SINH"),
            (20, 50, "Số: 125"),
            (20, 56, "Quyển số: 01/2024"),
            (20, 66, "Họ, chữ đệm, tên: Nguyễn Văn An ................"),
            (20, 74, "Ngày, tháng, năm sinh: 15/8/1990 ........"),
            (20, 82, "Giới tính: Nam ...... Dân tộc: Kinh ....... Quốc tịch: Việt Nam"),
            (20, 90, "Nơi sinh: xã An Khánh, huyện Hoài Đức, thành phố Hà Nội"),
            (20, 98, "Quê quán: xã Cổ Loa, huyện Đông Anh, thành phố Hà Nội"),
            (20, 106, "Số định danh cá nhân: 001090012345"),
            (20, 114, "Họ, chữ đệm, tên người mẹ: TRẦN THỊ BÍCH"),
            (20, 122, "Năm sinh: 1965 ...... Dân tộc: Tày ...... Quốc tịch: Việt Nam"),
            (20, 130, "Họ, chữ đệm, tên người cha: NGUYỄN VĂN BÌNH"),
            (20, 138, "Năm sinh: 1962 ...... Dân tộc: Kinh"),
            (20, 146, "Nơi đăng ký khai sinh: xã An Khánh, huyện Hoài Đức, thành phố Hà Nội"),
            (20, 154, "Ngày, tháng, năm đăng ký: ngày 20 tháng 8 năm 1990"),
        ]
    )
    return page([line for line in lines if not (drop and line[2].startswith(drop))])


def test_birth_certificate_fields_and_sections(page):
    ex = extract([_birth(page)])
    assert ex.doc_type == DocType.BIRTH_CERTIFICATE and ex.doc_type_confidence > 0.8
    got = {k: v.value for k, v in ex.fields.items()}
    assert got == {
        "number": "125",
        "book_number": "01/2024",
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "1990-08-15",
        "sex": "Nam",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
        "place_of_birth": "xã An Khánh, huyện Hoài Đức, thành phố Hà Nội",
        "place_of_origin": "xã Cổ Loa, huyện Đông Anh, thành phố Hà Nội",
        "personal_id": "001090012345",
        "mother_name": "TRẦN THỊ BÍCH",
        "mother_birth_year": "1965",
        "father_name": "NGUYỄN VĂN BÌNH",
        "father_birth_year": "1962",
        "registration_place": "xã An Khánh, huyện Hoài Đức, thành phố Hà Nội",
        "registration_date": "1990-08-20",
    }
    assert ex.citizen_ids == ("001090012345",)
    assert ex.flags == ()


def test_an_essential_field_not_found_sends_the_record_to_review(page):
    """A birth certificate without its sex line (OCR lost it): flagged, never filed short."""
    ex = extract([_birth(page, drop="Giới tính")])
    assert "sex" not in ex.fields and "missing:sex" in ex.flags
    assert "ethnicity" not in ex.fields and not any("ethnicity" in f for f in ex.flags)
    assert describe_flag("missing:sex", "en") == "Sex: not found on the document, please enter it"
    assert describe_flag("missing:sex", "vi").startswith("Giới tính: không tìm thấy")


def test_operator_id_wins_and_mismatch_is_flagged(page):
    p = _birth(page)
    words = tuple(
        w
        if w.text != "001090012345"
        else OcrWord("001191012345", 95, w.left, w.top, w.width, w.height)
        for w in p.words
    )
    bad = extract([p.__class__(1, p.width, p.height, p.dpi, words)])
    assert (
        "personal_id_mismatch_birth_year" in bad.flags and "personal_id_mismatch_sex" in bad.flags
    )
    assert extract([p], citizen_id="079190000001").citizen_ids == ("079190000001",)


def test_low_confidence_and_forced_type(page):
    p = page(
        HEADER
        + [
            (80, 40, "TRÍCH LỤC KHAI TỬ"),
            (20, 60, "Họ, chữ đệm, tên: LÊ VĂN TÁM"),
            (20, 70, "Đã chết vào lúc: 10 giờ 05 phút, ngày 05/03/2023"),
            (20, 80, "Nơi chết: xã An Khánh, huyện Hoài Đức"),
        ],
        conf=50,
    )
    ex = extract([p], config=FieldsConfig(review_threshold=0.8))
    assert ex.doc_type == DocType.DEATH_EXTRACT
    assert ex.fields["date_of_death"].value == "2023-03-05"
    assert "low_confidence:date_of_death" in ex.flags and "no_citizen_id" in ex.flags
    forced = extract([p], doc_type=DocType.BIRTH_CERTIFICATE)
    assert forced.doc_type == DocType.BIRTH_CERTIFICATE and forced.doc_type_confidence == 1.0


def test_unknown_document(page):
    ex = extract([page([(20, 20, "Hóa đơn bán lẻ"), (20, 30, "Cảm ơn quý khách")])])
    assert ex.doc_type == DocType.UNKNOWN and "unknown_doc_type" in ex.flags and ex.fields == {}


def test_marriage_columns(page):
    p = page(
        HEADER
        + [
            (60, 40, "GIẤY CHỨNG NHẬN KẾT HÔN"),
            (20, 50, "Số: 12"),
            (20, 56, "Quyển số: 01/2020"),
            (75, 64, "Thông tin người chồng"),
            (137, 64, "Thông tin người vợ"),
            (20, 72, "Họ, chữ đệm, tên:"),
            (75, 72, "LÊ VĂN HÙNG"),
            (137, 72, "PHẠM THỊ THANH"),
            (137, 78, "HƯƠNG"),
            (20, 86, "Ngày, tháng, năm sinh:"),
            (75, 86, "02/01/1990"),
            (137, 86, "3/4/1992"),
            (20, 94, "Số định danh cá nhân:"),
            (75, 94, "001090000001"),
            (137, 94, "001192000002"),
            (20, 104, "Nơi đăng ký kết hôn: xã An Khánh, huyện Hoài Đức, thành phố Hà Nội"),
            (20, 112, "Ngày, tháng, năm đăng ký: 10/10/2015"),
        ]
    )
    ex = extract([p])
    got = {k: v.value for k, v in ex.fields.items()}
    assert ex.doc_type == DocType.MARRIAGE_CERTIFICATE
    assert got["husband_name"] == "LÊ VĂN HÙNG" and got["wife_name"] == "PHẠM THỊ THANH HƯƠNG"
    assert (
        got["husband_date_of_birth"] == "1990-01-02" and got["wife_date_of_birth"] == "1992-04-03"
    )
    assert ex.citizen_ids == ("001090000001", "001192000002")
    assert got["number"] == "12" and got["registration_date"] == "2015-10-10"


def test_id_card_label_above_value(page):
    p = page(
        [
            (30, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (35, 12, "CĂN CƯỚC CÔNG DÂN"),
            (40, 20, "Số / No.: 001090012345"),
            (40, 26, "Họ và tên / Full name:"),
            (40, 31, "NGUYỄN VĂN AN"),
            (40, 37, "Ngày sinh / Date of birth: 15/08/1990"),
            (40, 43, "Giới tính / Sex: Nam"),
            (95, 43, "Quốc tịch / Nationality: Việt Nam"),
            (40, 49, "Quê quán / Place of origin:"),
            (40, 54, "xã Cổ Loa, huyện Đông Anh"),
            (40, 60, "Nơi thường trú / Place of residence:"),
            (40, 65, "Thôn 3, xã An Khánh,"),
            (40, 70, "huyện Hoài Đức"),
            (2, 60, "Có giá trị đến:"),
            (2, 65, "15/08/2030"),
        ],
        width_mm=140,
        height_mm=80,
    )
    ex = extract([p])
    got = {k: v.value for k, v in ex.fields.items()}
    assert ex.doc_type == DocType.CITIZEN_ID_CARD
    assert got == {
        "personal_id": "001090012345",
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "1990-08-15",
        "sex": "Nam",
        "nationality": "Việt Nam",
        "place_of_origin": "xã Cổ Loa, huyện Đông Anh",
        "place_of_residence": "Thôn 3, xã An Khánh, huyện Hoài Đức",
        "expiry_date": "2030-08-15",
    }


def test_decision_layout(page):
    p = page(
        [
            (22, 15, "UBND HUYỆN HOÀI ĐỨC"),
            (115, 15, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (15, 21, "ỦY BAN NHÂN DÂN XÃ AN KHÁNH"),
            (120, 21, "Độc lập - Tự do - Hạnh phúc"),
            (30, 30, "Số: 45/QĐ-UBND"),
            (112, 30, "Xã An Khánh, ngày 05 tháng 3 năm 2024"),
            (88, 45, "QUYẾT ĐỊNH"),
            (50, 51, "Về việc công nhận hộ gia đình văn hóa"),
            (80, 56, "năm 2023"),
            (60, 66, "ỦY BAN NHÂN DÂN XÃ AN KHÁNH"),
            (25, 76, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
            (25, 84, "Bà: Trần Thị Dung, sinh ngày 26/12/1968"),
            (25, 90, "Số định danh cá nhân: 001168331241"),
            (22, 110, "Nơi nhận:"),
            (125, 110, "TM. ỦY BAN NHÂN DÂN"),
            (135, 116, "CHỦ TỊCH"),
            (128, 140, "Nguyễn Văn Minh"),
        ]
    )
    ex = extract([p])
    got = {k: v.value for k, v in ex.fields.items()}
    assert ex.doc_type == DocType.ADMINISTRATIVE_DECISION
    assert got == {
        "issuing_body": "ỦY BAN NHÂN DÂN XÃ AN KHÁNH",
        "number": "45/QĐ-UBND",
        "issue_date": "2024-03-05",
        "title": "QUYẾT ĐỊNH",
        "summary": "Về việc công nhận hộ gia đình văn hóa năm 2023",
        "signer_name": "NGUYỄN VĂN MINH",
        "subject_name": "TRẦN THỊ DUNG",
        "personal_id": "001168331241",
    }


def test_classifier_scores_titles():
    from digitize.fields.lines import Segment

    seg = Segment(
        (
            OcrWord("GIẤY", 90, 0, 0, 80, 40),
            OcrWord("KHAI", 90, 90, 0, 80, 40),
            OcrWord("SINH", 90, 180, 0, 80, 40),
        )
    )
    c = classify([seg])
    assert c.doc_type == DocType.BIRTH_CERTIFICATE
