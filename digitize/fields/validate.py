"""Cross-checks that turn doubtful values into review flags (never silent acceptance).

Personal ID structure against date of birth and sex from the same document,
impossible dates, registration before birth or death, missing citizen ID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from digitize.fields.dictionaries import load
from digitize.models import DocType

__all__ = [
    "check_personal_id",
    "check_dates",
    "id_structure_ok",
    "check_values",
    "citizen_ids_of",
]


def id_structure_ok(pid: str) -> bool:
    """12 digits with a real province code."""
    return len(pid) == 12 and pid.isdigit() and pid[:3] in load().provinces


def check_personal_id(
    pid: str | None, *, birth: str | None = None, sex: str | None = None, prefix: str = ""
) -> list[str]:
    """Flags for an ID that breaks the structure or disagrees with birth date or sex.

    `birth` is an ISO date or a year; `prefix` distinguishes spouses (`husband_`).
    """
    if pid is None:
        return []
    flags = []
    if not (len(pid) == 12 and pid.isdigit()):
        return [f"{prefix}personal_id_bad_format"]
    if pid[:3] not in load().provinces:
        flags.append(f"{prefix}personal_id_bad_province")
    digit = int(pid[3])
    if digit > 3:  # 0-3 cover 1900-2099, the only centuries on today's records
        flags.append(f"{prefix}personal_id_bad_century")
    century = 1900 + 100 * (digit // 2)
    if birth:
        y = int(birth[:4])
        if century + int(pid[4:6]) != y:
            flags.append(f"{prefix}personal_id_mismatch_birth_year")
    if sex in ("Nam", "Nữ") and digit % 2 != (1 if sex == "Nữ" else 0):
        flags.append(f"{prefix}personal_id_mismatch_sex")
    return flags


def check_dates(values: dict[str, str | None], today: dt.date | None = None) -> list[str]:
    """Impossible dates (future, before 1900) and events out of order."""
    today = today or dt.date.today()
    flags = []
    parsed: dict[str, dt.date] = {}
    for k, v in values.items():
        if not v or len(v) != 10:
            continue
        try:
            d = dt.date.fromisoformat(v)
        except ValueError:  # a stored or typed value that is no calendar date
            flags.append(f"impossible_date:{k}")
            continue
        if d.year < 1880 or (d > today and k != "expiry_date"):
            flags.append(f"impossible_date:{k}")
        parsed[k] = d
    birth = parsed.get("date_of_birth")
    reg = parsed.get("registration_date")
    death = parsed.get("date_of_death")
    if birth and reg and reg < birth:
        flags.append("registration_before_birth")
    if birth and death and death < birth:
        flags.append("death_before_birth")
    if death and reg and reg < death:
        flags.append("registration_before_death")
    for who in ("husband", "wife"):
        b = parsed.get(f"{who}_date_of_birth")
        if b and reg and (reg.year - b.year) < 16:
            flags.append(f"{who}_too_young_at_registration")
    return flags


def check_values(doc_type: DocType, values: Mapping[str, str | None]) -> list[str]:
    """Every cross-check on one document's values, as read by OCR or after a person's edits."""
    flags = check_dates(
        {
            k: v
            for k, v in values.items()
            if k.endswith("date") or k.startswith("date_") or k.endswith("_of_birth")
        }
    )
    if doc_type == DocType.MARRIAGE_CERTIFICATE:
        for who, sex in (("husband", "Nam"), ("wife", "Nữ")):
            flags += check_personal_id(
                values.get(f"{who}_personal_id"),
                birth=values.get(f"{who}_date_of_birth"),
                sex=sex,
                prefix=f"{who}_",
            )
    elif doc_type != DocType.UNKNOWN:
        flags += check_personal_id(
            values.get("personal_id"), birth=values.get("date_of_birth"), sex=values.get("sex")
        )
    return flags


def citizen_ids_of(doc_type: DocType, values: Mapping[str, str | None]) -> tuple[str, ...]:
    """The usable personal IDs among the values (both spouses for a marriage)."""
    keys = (
        ("husband_personal_id", "wife_personal_id")
        if doc_type == DocType.MARRIAGE_CERTIFICATE
        else ("personal_id",)
    )
    return tuple(v for k in keys if (v := values.get(k)) and id_structure_ok(v))
