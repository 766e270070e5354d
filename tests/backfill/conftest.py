"""Backfill fixtures (helpers live in backfill_helpers.py, importable by tests and the bench)."""

from __future__ import annotations

from backfill_helpers import db_url, fake_archive

__all__ = ["db_url", "fake_archive"]
