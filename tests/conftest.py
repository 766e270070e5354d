"""Shared fixtures. Tests run the real thing: real Tesseract, real pyHanko, real databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"
SHARED = ROOT.parent / "shared"

# Human output in tests is English unless a test asks for Vietnamese.
os.environ.setdefault("DIGITIZE_LANG", "en")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture
def resources() -> Path:
    return RESOURCES


@pytest.fixture
def archive_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty archive selected through the environment, as a user would."""
    root = tmp_path / "archive"
    monkeypatch.setenv("DIGITIZE_ARCHIVE", str(root))
    monkeypatch.delenv("DIGITIZE_CONFIG", raising=False)
    return root
