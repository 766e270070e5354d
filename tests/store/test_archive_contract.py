"""The archive contract (shared/archive-contract): filing, idempotence, review, copies, reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_helpers import HUONG, MINH, make_doc

from digitize.errors import DocumentFailed, InputRejected
from digitize.models import ScanStatus
from digitize.store.archive import Archive


def test_file_scanned_files_into_citizen_object(archive: Archive, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in")
    filed = archive.file_scanned(doc)
    assert filed.status == ScanStatus.FILED and filed.new and filed.citizen_ids == (HUONG,)
    info = archive.record(filed.record_id)
    assert info.citizen_ids == (HUONG,) and info.source_sha256 == doc.source_sha256
    assert {f.role for f in info.files} == {"source", "pdf", "text", "fields"}
    assert archive.read_file(filed.record_id, "pdf") == Path(doc.pdf_path).read_bytes()
    assert archive.read_file(filed.record_id, "source") == Path(doc.source_path).read_bytes()
    assert archive.find_source(doc.source_sha256) == filed.record_id
    assert archive.find_source("0" * 64) is None
    # the personal ID never appears in a path of the storage root
    paths = [str(p) for p in (archive.base / "ocfl").rglob("*")]
    assert paths and not any(HUONG in p for p in paths)
    objects, good, messages = archive.ocfl.validate_objects()
    assert (objects, good) == (1, 1), messages


def test_same_content_twice_is_a_no_op(archive: Archive, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in")
    first = archive.file_scanned(doc)
    inv_before = archive.ocfl.inventory(archive.citizen_object_id(HUONG))
    again = archive.file_scanned(
        make_doc(tmp_path / "again", payload=Path(doc.source_path).read_bytes())
    )
    assert again.record_id == first.record_id and not again.new
    assert archive.ocfl.inventory(archive.citizen_object_id(HUONG)) == inv_before


def test_two_records_make_two_versions(archive: Archive, tmp_path: Path) -> None:
    a = archive.file_scanned(make_doc(tmp_path / "a"))
    b = archive.file_scanned(make_doc(tmp_path / "b"))
    inv = archive.ocfl.inventory(archive.citizen_object_id(HUONG))
    assert inv is not None and inv["head"] == "v2"
    assert all(v["created"].endswith("Z") for v in inv["versions"].values())
    assert {r.record_id for r in archive.citizen_records(HUONG)} == {a.record_id, b.record_id}


def test_marriage_is_filed_for_both_spouses(archive: Archive, tmp_path: Path) -> None:
    filed = archive.file_scanned(make_doc(tmp_path / "m", citizen_ids=(HUONG, MINH)))
    assert filed.citizen_ids == (HUONG, MINH)
    assert [r.record_id for r in archive.citizen_records(MINH)] == [filed.record_id]
    assert [r.record_id for r in archive.citizen_records(HUONG)] == [filed.record_id]
    assert archive.ocfl.validate_objects()[:2] == (2, 2)


def test_no_usable_id_waits_for_review_then_is_filed(archive: Archive, tmp_path: Path) -> None:
    filed = archive.file_scanned(make_doc(tmp_path / "r", citizen_ids=()))
    assert filed.status == ScanStatus.NEEDS_REVIEW and filed.citizen_ids == ()
    assert [r.record_id for r in archive.pending_reviews()] == [filed.record_id]
    assert archive.citizen_records(HUONG) == []
    done = archive.resolve_review(
        filed.record_id, fields={"personal_id": HUONG}, citizen_ids=None, operator="reviewer-1"
    )
    assert done.status == ScanStatus.FILED and done.citizen_ids == (HUONG,) and done.new
    assert archive.pending_reviews() == []
    info = archive.record(filed.record_id)
    assert info.status == ScanStatus.FILED and info.fields["personal_id"].value == HUONG
    assert [r.record_id for r in archive.citizen_records(HUONG)] == [filed.record_id]
    meta = json.loads(archive.read_file(filed.record_id, "fields"))
    assert meta["fields"]["personal_id"]["value"] == HUONG
    # the review object keeps the history: who, when, old and new value
    review = archive.review_object_id(filed.record_id)
    rec = json.loads(archive.ocfl.read(review, f"records/{filed.record_id}/record.json"))
    assert rec["history"][-1]["operator"] == "reviewer-1"
    assert rec["history"][-1]["changes"]["personal_id"] == {"old": None, "new": HUONG}
    actions = [e["action"] for e in archive.audit.entries()]
    assert actions.count("review") == 1 and archive.audit.verify().problem is None
    assert archive.ocfl.validate_objects()[:2] == (2, 2)


def test_flagged_record_waits_until_confirmed(archive: Archive, tmp_path: Path) -> None:
    filed = archive.file_scanned(make_doc(tmp_path / "f", flags=("low_confidence:full_name",)))
    assert filed.status == ScanStatus.NEEDS_REVIEW
    same = archive.resolve_review(filed.record_id, fields={}, citizen_ids=None, operator="x")
    assert same.status == ScanStatus.NEEDS_REVIEW
    done = archive.resolve_review(
        filed.record_id, fields={}, citizen_ids=None, operator="x", confirm=True
    )
    assert done.status == ScanStatus.FILED and done.citizen_ids == (HUONG,)


def test_certified_copy_joins_the_citizen_object(archive: Archive, tmp_path: Path) -> None:
    filed = archive.file_scanned(make_doc(tmp_path / "c"))
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(b"%PDF-1.7 signed copy")
    at = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    copy_id = archive.file_certified_copy(
        filed.record_id,
        pdf,
        certification_number="12",
        book_number="01/2026/SCT/BS",
        certified_at=at,
        official="TRẦN VĂN BÌNH",
    )
    assert copy_id != filed.record_id
    info = archive.record(copy_id)
    assert info.kind == "certified_copy" and info.citizen_ids == (HUONG,)
    assert archive.read_file(copy_id, "certified") == pdf.read_bytes()
    assert (
        archive.file_certified_copy(
            filed.record_id,
            pdf,
            certification_number="12",
            book_number="01/2026/SCT/BS",
            certified_at=at,
            official="TRẦN VĂN BÌNH",
        )
        == copy_id
    )
    inv = archive.ocfl.inventory(archive.citizen_object_id(HUONG))
    assert inv is not None and inv["head"] == "v2"


def test_unknown_record_and_damaged_file(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(InputRejected):
        archive.record("r" + "0" * 31)
    filed = archive.file_scanned(make_doc(tmp_path / "d"))
    oid = archive.citizen_object_id(HUONG)
    inv = archive.ocfl.inventory(oid)
    assert inv is not None
    pdf_rel = next(p[0] for d, p in inv["manifest"].items() if p[0].endswith("document.pdf"))
    target = archive.ocfl.object_dir(oid) / pdf_rel
    data = bytearray(target.read_bytes())
    data[3] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(DocumentFailed):
        archive.read_file(filed.record_id, "pdf")


def test_reopen_keeps_everything(archive_config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Archive.open(archive_config) as a:
        filed = a.file_scanned(make_doc(tmp_path / "o"))
    with Archive.open(archive_config) as b:
        assert b.record(filed.record_id).status == ScanStatus.FILED
        assert b.citizen_object_id(HUONG) == a.citizen_object_id(HUONG)
