"""A filing killed at any point still ends with exactly one audit `file` line per record.

Kills are simulated by a `Killed` (a BaseException, so nothing on the way
catches it) thrown from injected fakes: a clock the filing asks for its
times (before the marker, then before each OCFL version) and an audit log
that dies before or after writing its line. Whatever happened, the next
open (or the next filing of the same content) settles the record.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import HUONG, MINH, make_doc

from digitize.config import ArchiveConfig
from digitize.models import ScannedDocument
from digitize.store.archive import Archive
from digitize.store.audit import AuditLog
from digitize.store.maintenance import check


class Killed(BaseException):
    """The process died here."""


class DyingClock:
    """Dies on its `die_at`-th call: 1 = before the marker, 2.. = before each OCFL version."""

    def __init__(self, die_at: int) -> None:
        self.calls = 0
        self.die_at = die_at

    def __call__(self) -> datetime:
        self.calls += 1
        if self.calls == self.die_at:
            raise Killed
        return datetime.now(UTC)


class DyingAudit(AuditLog):
    """Dies on its first `file` entry, before (`after=False`) or after writing the line."""

    def __init__(self, path: Path, on_append: Any, *, after: bool) -> None:
        super().__init__(path, on_append)
        self.after = after

    def append(self, **kw: Any) -> str:  # type: ignore[override]
        if kw.get("action") != "file":
            return super().append(**kw)
        if self.after:
            super().append(**kw)
        raise Killed


def _filings(archive: Archive) -> Counter[str]:
    return Counter(e["record_id"] for e in archive.audit.entries() if e["action"] == "file")


def _kill(config: ArchiveConfig, doc: ScannedDocument, point: str) -> None:
    if point.startswith("clock"):
        archive = Archive.open(config, clock=DyingClock(int(point[-1])))
    else:
        archive = Archive.open(config)
        archive.audit = DyingAudit(
            archive.audit.path, archive._index_audit, after=point == "after_append"
        )
    with pytest.raises(Killed):
        archive.file_scanned(doc)


def _assert_settled(config: ArchiveConfig, doc: ScannedDocument, objects: int) -> str:
    """After the next open and a refiling: one `file` line, record everywhere, chain intact."""
    with Archive.open(config) as a:
        assert a.journal.markers() == [] and a.ocfl.pending() == []
        filed = a.file_scanned(make_doc(doc_dir(doc), payload=Path(doc.source_path).read_bytes()))
        assert not filed.new or _filings(a)[filed.record_id] == 1
        assert _filings(a)[filed.record_id] == 1
        assert set(_filings(a).values()) == {1}
        for cid in filed.citizen_ids:
            assert [r.record_id for r in a.citizen_records(cid)] == [filed.record_id]
        report = check(a)
        assert report.ok and report.objects == objects, report
        return filed.record_id


def doc_dir(doc: ScannedDocument) -> Path:
    return Path(doc.source_path).parent / "again"


@pytest.mark.parametrize(
    "point",
    [
        "clock1",  # before the marker: nothing happened
        "clock2",  # marker written, before the version
        "before_append",  # version and index committed, audit line not written
        "after_append",  # audit line written, marker not yet cleared
    ],
)
def test_a_killed_filing_gets_exactly_one_file_line(
    archive_config: ArchiveConfig, tmp_path: Path, point: str
) -> None:
    doc = make_doc(tmp_path / "in")
    _kill(archive_config, doc, point)
    rid = _assert_settled(archive_config, doc, objects=1)
    line = next(e for e in Archive.open(archive_config).audit.entries() if e["action"] == "file")
    assert line["record_id"] == rid
    if point == "before_append":  # written by the settling, with the record's own time
        assert line["detail"]["recovered"] is True and line["detail"]["filed_at"]
        assert line["detail"]["status"] == "filed"
    else:
        assert "recovered" not in line["detail"]


def test_kill_between_the_two_spouses_objects(
    archive_config: ArchiveConfig, tmp_path: Path
) -> None:
    """Filed into the first citizen's object only: settling files it into the second too."""
    doc = make_doc(tmp_path / "in", citizen_ids=(HUONG, MINH))
    _kill(archive_config, doc, "clock3")
    with Archive.open(archive_config) as a:
        rid = a.find_source(doc.source_sha256)
        assert rid is not None
        assert _filings(a)[rid] == 1
        assert [r.record_id for r in a.citizen_records(MINH)] == [rid]
        assert [r.record_id for r in a.citizen_records(HUONG)] == [rid]
    _assert_settled(archive_config, doc, objects=2)


def test_refiling_settles_and_a_kill_while_settling_is_settled_once(
    archive_config: ArchiveConfig, tmp_path: Path
) -> None:
    doc = make_doc(tmp_path / "in")
    archive = Archive.open(archive_config)
    archive.audit = DyingAudit(archive.audit.path, archive._index_audit, after=False)
    with pytest.raises(Killed):
        archive.file_scanned(doc)  # filed, no line, marker left (its lock released)
    assert archive.journal.markers() != [] and _filings(archive) == Counter()
    archive.audit = DyingAudit(archive.audit.path, archive._index_audit, after=True)
    with pytest.raises(Killed):  # the retry settles: appends the recovered line, then dies
        archive.file_scanned(doc)
    assert archive.journal.markers() != []
    assert list(_filings(archive).values()) == [1]
    archive.audit = AuditLog(archive.audit.path, archive._index_audit)
    again = archive.file_scanned(doc)  # settles the marker without a second line
    assert not again.new and archive.journal.markers() == []
    assert list(_filings(archive).values()) == [1]
    _assert_settled(archive_config, doc, objects=1)


def test_a_live_filers_marker_is_left_alone(archive_config: ArchiveConfig, tmp_path: Path) -> None:
    """Opening while another filer holds the record's lock must not settle its marker."""
    doc = make_doc(tmp_path / "in")
    archive = Archive.open(archive_config)
    archive.audit = DyingAudit(archive.audit.path, archive._index_audit, after=False)
    with pytest.raises(Killed):
        archive.file_scanned(doc)
    (rid,) = archive.journal.markers()
    with archive.journal.lock(rid):  # as if its filer were still at work
        with Archive.open(archive_config) as other:
            assert other.journal.markers() == [rid] and _filings(other) == Counter()
    with Archive.open(archive_config) as later:
        assert later.journal.markers() == [] and list(_filings(later).values()) == [1]
