"""What a reviewer types: normal forms, refusals (exit 2), and the re-checks on edited values."""

from __future__ import annotations

import pytest

from digitize.errors import ExitCode, UsageProblem
from digitize.fields.review import field_kinds, normalise_input, parse_assignments
from digitize.fields.validate import check_values, citizen_ids_of
from digitize.i18n import translate
from digitize.models import DocType

BIRTH = DocType.BIRTH_CERTIFICATE


@pytest.mark.parametrize(
    "key, typed, want",
    [
        ("full_name", "  nguyễn   thị hương ", "NGUYỄN THỊ HƯƠNG"),
        ("full_name", "Nguye\u0302\u0303n Va\u0306n An", "NGUYỄN VĂN AN"),  # NFD input → NFC
        ("date_of_birth", "15/8/1990", "1990-08-15"),
        ("date_of_birth", "1990-08-15", "1990-08-15"),
        ("date_of_birth", "ngày 05 tháng 3 năm 2024", "2024-03-05"),
        ("personal_id", "001 190 012345", "001190012345"),
        ("sex", "nữ", "Nữ"),
        ("sex", "NAM", "Nam"),
        ("number", "Số: 125/2023", "125/2023"),
        ("mother_birth_year", "1965", "1965"),
        ("nationality", "viet nam", "Việt Nam"),
        ("place_of_birth", "Bệnh viện Phụ sản Hà Nội.", "Bệnh viện Phụ sản Hà Nội"),
        ("full_name", "", None),  # empty clears the field
    ],
)
def test_typed_values_take_the_normal_form(key, typed, want):
    assert normalise_input(BIRTH, key, typed) == want


@pytest.mark.parametrize(
    "key, typed, message_key",
    [
        ("date_of_birth", "31/02/1990", "review.bad_value.date"),
        ("date_of_birth", "1990-13-01", "review.bad_value.date"),
        ("personal_id", "00119001234", "review.bad_value.pid"),
        ("personal_id", "OO1190012345", "review.bad_value.pid"),  # no look-alike repair of typing
        ("sex", "khác", "review.bad_value.sex"),
        ("mother_birth_year", "65", "review.bad_value.year"),
        ("number", "không số", "review.bad_value.number"),
        ("full_name", "123", "review.bad_value.name"),
    ],
)
def test_values_that_do_not_parse_are_usage_errors(key, typed, message_key):
    with pytest.raises(UsageProblem) as e:
        normalise_input(BIRTH, key, typed)
    assert e.value.exit_code == ExitCode.USAGE
    assert e.value.key == message_key
    assert typed in e.value.render("en") and typed in e.value.render("vi")


def test_unknown_key_names_the_known_ones():
    with pytest.raises(UsageProblem) as e:
        normalise_input(DocType.CITIZEN_ID_CARD, "mother_name", "Lê Thị Hoa")
    msg = e.value.render("en")
    assert "mother_name" in msg and "place_of_residence" in msg
    assert e.value.exit_code == ExitCode.USAGE


def test_assignments():
    got = parse_assignments(
        DocType.MARRIAGE_CERTIFICATE, ["wife_name=trần thị bình", "husband_personal_id="]
    )
    assert got == {"wife_name": "TRẦN THỊ BÌNH", "husband_personal_id": None}
    with pytest.raises(UsageProblem) as e:
        parse_assignments(BIRTH, ["full_name"])
    assert e.value.key == "review.bad_assignment"


def test_every_type_lists_the_keys_of_documents_md():
    assert set(field_kinds(DocType.DEATH_EXTRACT)) >= {"date_of_death", "place_of_death"}
    assert "issuing_body" in field_kinds(DocType.ADMINISTRATIVE_DECISION)
    assert field_kinds(DocType.UNKNOWN) == {}
    for kind in ("name", "date", "year", "pid", "sex", "number", "text"):
        assert translate(f"review.bad_value.{kind}", "vi", key="k", value="v") != (
            translate(f"review.bad_value.{kind}", "en", key="k", value="v")
        )


def test_checks_on_edited_values():
    values = {"personal_id": "001190012345", "date_of_birth": "1990-08-15", "sex": "Nữ"}
    assert check_values(BIRTH, values) == []  # 4th digit 1: a woman born in the 1900s
    assert check_values(BIRTH, {**values, "sex": "Nam"}) == ["personal_id_mismatch_sex"]
    bad = check_values(BIRTH, {**values, "date_of_birth": "2001-02-30"})
    assert "impossible_date:date_of_birth" in bad
    assert "impossible_date:date_of_birth" in check_values(BIRTH, {"date_of_birth": "1850-01-01"})
    assert citizen_ids_of(BIRTH, values) == ("001190012345",)
    assert citizen_ids_of(BIRTH, {"personal_id": "999190012345"}) == ()  # no such province
    both = {"husband_personal_id": "001090012345", "wife_personal_id": "079195012345"}
    assert citizen_ids_of(DocType.MARRIAGE_CERTIFICATE, both) == tuple(both.values())
