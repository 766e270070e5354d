"""Render a record to page images (before degradation)."""

from __future__ import annotations

import random

from PIL import Image

from synth.card import CARD_DPI, render_card
from synth.civil import render_birth, render_death, render_marriage
from synth.decision import decision_from_record, render_decision
from synth.people import Record

__all__ = ["render", "dpi_of"]


def dpi_of(doc_type: str) -> int:
    return CARD_DPI if doc_type == "citizen_id_card" else 300


def render(rec: Record, family: str, rng: random.Random, pages: int = 1) -> list[Image.Image]:
    if rec.doc_type == "birth_certificate":
        return render_birth(rec, family, rng)
    if rec.doc_type == "marriage_certificate":
        return render_marriage(rec, family, rng)
    if rec.doc_type == "death_extract":
        return render_death(rec, family, rng)
    if rec.doc_type == "citizen_id_card":
        return render_card(rec, family, rng)
    return render_decision(decision_from_record(rec, rng), family, rng, pages)
