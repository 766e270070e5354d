from __future__ import annotations

from digitize.fields.flags import describe_flag


def test_flags_in_both_languages():
    en = "Full name: read with low confidence, please check"
    assert describe_flag("low_confidence:full_name", "en") == en
    assert describe_flag("low_confidence:full_name", "vi").startswith("Họ, chữ đệm, tên: đọc chưa")
    wife = "Wife: personal ID does not match the sex"
    assert describe_flag("wife_personal_id_mismatch_sex", "en") == wife
    bad = "Personal ID has no valid province code"
    assert describe_flag("personal_id_bad_province", "en") == bad
    assert describe_flag("no_citizen_id", "vi").startswith("Không đọc được số định danh")
    assert describe_flag("something_new", "en") == "something_new"
