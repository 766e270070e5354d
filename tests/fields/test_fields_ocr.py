"""Real Tesseract on rendered pages: one document of each type, and six real decisions."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from digitize.fields import extract
from digitize.models import DocType, Extraction, OcrPage
from digitize.ocr.tesseract import probe, recognize
from digitize.text import nfc
from synth.canvas import family_names
from synth.decision import decision_from_text, render_decision
from synth.write import generate

pytestmark = pytest.mark.skipif(not probe().has_vie, reason="needs tesseract with vie")

LEGAL = Path(__file__).resolve().parent.parent / "resources" / "legal"


def _ocr_extract(images: list, dpi: float) -> Extraction:
    pages, arrays = [], []
    for i, im in enumerate(images, 1):
        a = np.asarray(im.convert("L"))
        rec = recognize(a, dpi=dpi, pdf=False)
        pages.append(OcrPage(i, a.shape[1], a.shape[0], dpi, rec.words, rec.text))
        arrays.append(a)
    return extract(pages, images=arrays)


@pytest.mark.parametrize(
    "doc_type, seed, family",
    [
        ("birth_certificate", 101, "dejavu-serif"),
        ("marriage_certificate", 102, "noto-serif"),
        ("death_extract", 103, "dejavu-sans"),
        ("citizen_id_card", 104, "noto-sans"),
        ("administrative_decision", 105, "noto-serif"),
    ],
)
def test_each_type_end_to_end(doc_type, seed, family):
    g = generate(doc_type, seed, "scan", family=family if family in family_names() else None)
    ex = _ocr_extract(list(g.pages), g.dpi)
    assert ex.doc_type == DocType(doc_type)
    truth = g.record.truth
    got = {k: v.value for k, v in ex.fields.items()}
    wrong = {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v}
    # at most one field of a document may miss, and then it must be flagged or absent, never silent
    assert len(wrong) <= 1, wrong
    for k in wrong:
        assert k not in ex.fields or f"low_confidence:{k}" in ex.flags, wrong
    pid = truth.get("personal_id") or truth.get("husband_personal_id")
    assert pid in ex.citizen_ids


REAL = {
    "qd-1397-QD-UBND-2021-nam-dinh-quy-hoach-dat-hai-hau.txt": (
        "1397/QĐ-UBND",
        "2021-07-02",
        "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH",
        "TRẦN ANH DŨNG",
    ),
    "qd-1456-QD-UBND-2021-nam-dinh-quy-hoach-dat-vu-ban.txt": (
        "1456/QĐ-UBND",
        "2021-07-09",
        "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH",
        "TRẦN ANH DŨNG",
    ),
    "qd-20574-QD-CT-2009-cuc-thue-ha-noi-le-phi-truoc-ba.txt": (
        "20574/QĐ-CT-THNVDT",
        "2009-11-26",
        "CỤC THUẾ TP HÀ NỘI",
        "NGUYỄN VĂN HỔ",
    ),
    "qd-2083-QD-UBND-2016-bac-lieu-thu-tuc-hanh-chinh.txt": (
        "2083/QĐ-UBND",
        "2016-12-08",
        "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        "LÊ MINH CHIẾN",
    ),
    "qd-715-QD-UBND-2023-binh-dinh-quy-trinh-noi-bo.txt": (
        "715/QĐ-UBND",
        "2023-03-10",
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
        "LÂM HẢI GIANG",
    ),
    "qd-784-QD-BVHTTDL-2020-ke-hoach-tuyen-truyen.txt": (
        "784/QĐ-BVHTTDL",
        "2020-03-11",
        "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "TRỊNH THỊ THỦY",
    ),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_decisions_rendered_in_decree30_layout(name):
    text = nfc((LEGAL / name).read_text(encoding="utf-8"))  # qd-784 is not NFC on disk
    family = "noto-serif" if "noto-serif" in family_names() else family_names()[0]
    images = render_decision(decision_from_text(text), family, random.Random(1))
    ex = _ocr_extract(images, 300)
    assert ex.doc_type == DocType.ADMINISTRATIVE_DECISION
    got = tuple(
        ex.fields[k].value if k in ex.fields else None
        for k in ("number", "issue_date", "issuing_body", "signer_name")
    )
    assert got == REAL[name]
