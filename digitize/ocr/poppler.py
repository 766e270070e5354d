"""The only module that runs Poppler (`pdftoppm`, through pdf2image).

`probe()` says whether Poppler is installed and which version, without
rendering anything (for `digitize doctor`); `rasterize()` renders ONE page of
a PDF, so a long PDF is never held in memory whole.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitize.errors import EnvironmentProblem, InputRejected

__all__ = ["PopplerInfo", "probe", "rasterize"]


@dataclass(frozen=True)
class PopplerInfo:
    """What `probe()` found."""

    installed: bool
    version: str = ""
    path: str = ""


def probe() -> PopplerInfo:
    """Find `pdftoppm` and its version; never raises."""
    exe = shutil.which("pdftoppm")
    if not exe:
        return PopplerInfo(installed=False)
    try:
        out = subprocess.run([exe, "-v"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return PopplerInfo(installed=False)
    m = re.search(r"version\s+([\d.]+)", out.stderr + out.stdout)
    return PopplerInfo(installed=True, version=m.group(1) if m else "", path=exe)


def rasterize(
    path: Path, page: int, *, dpi: float, gray: bool = False, timeout: int = 300, source: str = ""
) -> np.ndarray:
    """Render page `page` (1-based) of `path` at `dpi` to an RGB (or gray) uint8 array."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        images = convert_from_path(
            str(path),
            dpi=dpi,
            first_page=page,
            last_page=page,
            grayscale=gray,
            timeout=timeout or None,
        )
    except PDFInfoNotInstalledError as e:
        raise EnvironmentProblem(
            "error.environment", detail="poppler-utils (pdftoppm) is not installed"
        ) from e
    except (PDFPageCountError, PDFSyntaxError, subprocess.TimeoutExpired, OSError, ValueError) as e:
        raise InputRejected(
            "scan.reject.corrupt_pdf", source=source or path.name, detail=_one_line(e)
        ) from e
    if not images:
        raise InputRejected(
            "scan.reject.corrupt_pdf",
            source=source or path.name,
            detail=f"page {page} could not be rendered",
        )
    img = images[0]
    return np.asarray(img.convert("L" if gray else "RGB"))


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return (text[:160] + "…") if len(text) > 160 else (text or type(e).__name__)
