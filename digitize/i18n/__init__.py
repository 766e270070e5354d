"""The one message catalog: every word a person reads, in Vietnamese and English.

Messages live in `digitize/i18n/messages/<area>.py` as
``MESSAGES = {"key": ("English text {param}", "Văn bản tiếng Việt {param}")}``;
all areas merge into one catalog (keys are unique across areas, checked in
tests). The operator's language comes from `DIGITIZE_LANG`, then the POSIX
locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, `LANGUAGE`): Vietnamese
when it starts with ``vi``, English otherwise. JSON keys never go through here.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import unicodedata
from functools import cache

__all__ = ["current_language", "translate", "t", "catalog", "SUPPORTED"]

SUPPORTED = ("en", "vi")
_INDEX = {"en": 0, "vi": 1}


def current_language() -> str:
    """`vi` when the operator's locale is Vietnamese, else `en`."""
    forced = os.environ.get("DIGITIZE_LANG", "").strip().lower()
    if forced[:2] in _INDEX:
        return forced[:2]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


@cache
def catalog() -> dict[str, tuple[str, str]]:
    """All messages of all areas, merged; a key defined twice is a programming error."""
    package = importlib.import_module("digitize.i18n.messages")
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice (in {info.name})")
            merged[key] = texts
    return merged


def translate(key: str, /, lang: str | None = None, **params: object) -> str:
    """The message `key` in `lang` (default: the operator's), NFC, with `params` filled in.

    An unknown key renders as the key itself plus its parameters, so a
    missing entry never hides an error message.
    """
    texts = catalog().get(key)
    if texts is None:
        extra = " ".join(f"{k}={v}" for k, v in params.items())
        return f"{key} {extra}".strip()
    template = texts[_INDEX[lang or current_language()]]
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = template
    return unicodedata.normalize("NFC", text)


t = translate
