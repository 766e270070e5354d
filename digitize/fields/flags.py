"""Human wording of review flags (`low_confidence:full_name` → "Full name: read with low …").

Flags stay stable machine codes in JSON and the archive; this turns one into
a sentence in the user's language for `digitize review` and reports.
"""

from __future__ import annotations

from digitize.i18n import catalog, translate

__all__ = ["describe_flag", "field_label"]


def field_label(key: str, lang: str | None = None) -> str:
    """The printed label of a field key, or the key itself when unknown."""
    return translate(f"field.{key}", lang=lang) if f"field.{key}" in catalog() else key


def describe_flag(flag: str, lang: str | None = None) -> str:
    code, _, arg = flag.partition(":")
    if code in ("low_confidence", "unreadable", "impossible_date", "missing"):
        return translate(f"flag.{code}", lang=lang, field=field_label(arg, lang))
    who = ""
    for prefix in ("husband_", "wife_"):
        if code.startswith(prefix):
            who, code = translate(f"who.{prefix[:-1]}", lang=lang), code[len(prefix) :]
    if f"flag.{code}" in catalog():
        text = translate(f"flag.{code}", lang=lang, who=who)
        return text[:1].upper() + text[1:]
    return translate("flag.other", lang=lang, flag=flag)
