"""The synthetic generator: deterministic, consistent IDs, truth in the scorer's format."""

from __future__ import annotations

import json
import random

import numpy as np

from digitize.fields.validate import check_personal_id
from synth.evalset import write_evalset
from synth.people import DOC_TYPES, make_record
from synth.write import generate


def test_deterministic_by_seed():
    a = generate("birth_certificate", 5, "mild")
    b = generate("birth_certificate", 5, "mild")
    assert a.record.truth == b.record.truth and a.family == b.family
    assert np.array_equal(np.asarray(a.pages[0]), np.asarray(b.pages[0]))
    assert generate("birth_certificate", 6, "mild").record.truth != a.record.truth


def test_personal_ids_agree_with_birth_and_sex():
    for seed in range(40):
        for doc_type in ("birth_certificate", "death_extract", "citizen_id_card"):
            t = _truth(doc_type, seed)
            assert check_personal_id(t["personal_id"], birth=t["date_of_birth"], sex=t["sex"]) == []


def _truth(doc_type: str, seed: int) -> dict:
    """The record `generate()` would render, without rendering it."""
    return make_record(doc_type, random.Random(f"{doc_type}:{seed}")).truth


def test_evalset_writes_scorer_truth(tmp_path):
    truth = write_evalset(tmp_path, 5, "harsh", 3)
    text = (tmp_path / "truth.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(ln) for ln in text.splitlines()]
    assert [t["doc_type"] for t in lines] == list(DOC_TYPES) and lines == truth
    for t in lines:
        assert (tmp_path / t["file"]).stat().st_size > 10_000 and isinstance(t["fields"], dict)
        assert all(isinstance(v, str) and v for v in t["fields"].values())
