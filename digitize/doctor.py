"""`digitize doctor`: is everything digitize needs on this machine? Plain answers, what to install.

It uses the same probes as the wrappers (`ocr.tesseract.probe`,
`ocr.poppler.probe`), so "doctor says ok" means "scan will find it".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digitize.config import AppConfig
from digitize.errors import DigitizeError, ExitCode

__all__ = ["Check", "run_checks", "exit_code", "FONT_PATHS"]

#: Where Debian puts the fonts the project uses (fonts-liberation, fonts-noto-core).
FONT_PATHS: dict[str, tuple[str, ...]] = {
    "font_serif": (
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    ),
    "font_sans": (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
    ),
}


@dataclass(frozen=True)
class Check:
    """One check: `name` is its catalog suffix (doctor.check.<name>); `fix` a catalog key or None."""

    name: str
    ok: bool
    detail: str = ""
    fix: str | None = None
    fix_params: tuple[tuple[str, str], ...] = ()


def run_checks(load_config: Callable[[], AppConfig]) -> list[Check]:
    """All checks, in the order a person would fix them; never raises."""
    from digitize.ocr import poppler, tesseract

    checks: list[Check] = []
    tess = tesseract.probe()
    checks.append(
        Check(
            "tesseract",
            tess.installed,
            tess.version or "",
            None if tess.installed else "doctor.fix.tesseract",
        )
    )
    checks.append(
        Check(
            "vie",
            tess.has_vie,
            "vie" if tess.has_vie else "",
            None if tess.has_vie else "doctor.fix.vie",
        )
    )
    has_eng = "eng" in tess.languages  # register numbers are re-read with it (digits only)
    checks.append(
        Check("eng", has_eng, "eng" if has_eng else "", None if has_eng else "doctor.fix.eng")
    )
    pop = poppler.probe()
    checks.append(
        Check(
            "poppler", pop.installed, pop.version, None if pop.installed else "doctor.fix.poppler"
        )
    )
    for name, candidates in FONT_PATHS.items():
        found = next((p for p in candidates if Path(p).is_file()), "")
        checks.append(Check(name, bool(found), found, None if found else f"doctor.fix.{name}"))
    try:
        config = load_config()
    except DigitizeError as e:
        checks.append(Check("config", False, "", "doctor.fix.config", (("detail", e.render()),)))
        return checks
    checks.append(Check("config", True, str(config.source or "(defaults)")))
    root = config.archive.root
    ok = _writable(root)
    checks.append(
        Check(
            "archive", ok, str(root), None if ok else "doctor.fix.archive", (("path", str(root)),)
        )
    )
    return checks


def exit_code(checks: list[Check]) -> ExitCode:
    """5 when anything is missing, else 0."""
    return ExitCode.OK if all(c.ok for c in checks) else ExitCode.ENVIRONMENT


def _writable(root: Path) -> bool:
    """The archive folder, or its nearest existing parent, accepts a new file (tried, then removed)."""
    probe_dir = root
    while not probe_dir.exists():
        if probe_dir.parent == probe_dir:
            return False
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir() or not os.access(probe_dir, os.W_OK | os.X_OK):
        return False
    try:
        with tempfile.NamedTemporaryFile(dir=probe_dir, prefix=".digitize-doctor-"):
            pass
    except OSError:
        return False
    return True
