"""Atomic file writes for the verifier's side outputs (XML reports, extracted revisions)."""

from __future__ import annotations

from digitize.store.files import write_atomic as atomic_write

__all__ = ["atomic_write"]
