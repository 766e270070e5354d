"""The backfill driver in-process: idempotence, copies, retries, failures, manifest, stop, limits.

OCR is not the point here, so these run with the null engine and a fake archive
injected as the filer; the pipeline itself (ingest, PDF assembly) is real.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from backfill_helpers import FakeArchive, inline_run, make_docs

from digitize.backfill.ledger import Ledger
from digitize.backfill.report import morning_report
from digitize.backfill.sources import discover, parse_since, walk
from digitize.errors import ExitCode, UsageProblem
from digitize.ocr.tesseract import Recognition
from digitize.store.db import open_engine

pytestmark = pytest.mark.xdist_group("backfill-core")


def _ledger(db_url: str) -> Ledger:
    return Ledger(open_engine(db_url), "inspect")


def test_second_run_files_nothing(tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 5)
    first = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (first.seen, first.filed, first.skipped, first.failed) == (5, 5, 0, 0)
    assert first.exit_code == ExitCode.OK
    calls = len(fake_archive.calls)
    second = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (second.seen, second.filed, second.skipped) == (5, 0, 5)
    assert len(fake_archive.calls) == calls == 5
    assert _ledger(db_url).counts() == {"done": 5}


def test_renamed_and_copied_files_are_recognised(tmp_path: Path, db_url: str,
                                                 fake_archive: FakeArchive) -> None:
    docs = make_docs(tmp_path / "in", 3)
    inline_run(db_url, fake_archive, [tmp_path / "in"])
    docs[0].rename(tmp_path / "in" / "renamed.png")
    (tmp_path / "in" / "sub").mkdir()
    shutil.copy(docs[1], tmp_path / "in" / "sub" / "copy.png")
    again = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (again.seen, again.filed, again.skipped) == (4, 0, 4)
    assert len(fake_archive.calls) == 3


def test_copies_within_one_run_are_filed_once(tmp_path: Path, db_url: str,
                                              fake_archive: FakeArchive) -> None:
    (doc,) = make_docs(tmp_path / "in", 1)
    for i in range(3):
        shutil.copy(doc, tmp_path / "in" / f"copy-{i}.png")
    s = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (s.seen, s.filed, s.skipped) == (4, 1, 3)


def test_content_the_archive_already_holds_is_skipped(tmp_path: Path, db_url: str,
                                                      fake_archive: FakeArchive) -> None:
    from digitize.backfill.run import hash_file

    docs = make_docs(tmp_path / "in", 2)
    fake_archive.records[hash_file(docs[0])] = "filed-by-scan"
    s = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (s.filed, s.skipped) == (1, 1)
    assert fake_archive.calls == ["doc-0001.png"]


def test_transient_failures_are_retried_with_backoff(tmp_path: Path, db_url: str,
                                                     fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 3)
    fake_archive.fail_times["doc-0001.png"] = 2
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], max_attempts=3, backoff_seconds=0.05)
    assert (s.filed, s.failed, s.retried) == (3, 0, 2)
    unit = next(u for u in _ledger(db_url).units() if u.path.endswith("doc-0001.png"))
    assert (unit.state, unit.attempts) == ("done", 3)
    assert fake_archive.calls.count("doc-0001.png") == 3


def test_a_failed_document_never_stops_the_run(tmp_path: Path, db_url: str,
                                               fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 4)
    fake_archive.always_fail.add("doc-0002.png")
    (tmp_path / "in" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], max_attempts=2)
    assert (s.seen, s.filed, s.failed) == (5, 3, 2)
    assert s.exit_code == ExitCode.FAILED
    fails = {Path(u.path).name: u for u in _ledger(db_url).units() if u.state == "failed"}
    assert fails["doc-0002.png"].attempts == 2  # transient: retried up to max_attempts
    assert fails["broken.png"].attempts == 1  # unreadable: never retried
    assert fails["broken.png"].exit_code == 4
    report = morning_report(_ledger(db_url))
    assert {Path(f.path).name for f in report.failures} == {"doc-0002.png", "broken.png"}
    assert report.runs[0].failed == 2 and report.runs[0].outcome == "finished"
    # failed units are not retried by later runs unless asked
    again = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (again.failed, again.skipped) == (0, 5)
    fake_archive.always_fail.clear()
    retried = inline_run(db_url, fake_archive, [tmp_path / "in"], retry_failed=True)
    assert (retried.filed, retried.failed) == (1, 1)


def test_needs_review_gives_exit_3(tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 2)
    fake_archive.review.add("doc-0000.png")
    s = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (s.filed, s.needs_review) == (1, 1)
    assert s.exit_code == ExitCode.NEEDS_REVIEW
    assert inline_run(db_url, fake_archive, [tmp_path / "in"]).skipped == 2


class _SlowEngine:
    def recognize(self, image: np.ndarray, *, dpi: float) -> Recognition:
        time.sleep(5)
        return Recognition(words=(), text="", pdf=b"", engine="slow")

    def describe(self) -> str:
        return "slow"


def test_per_document_timeout(tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 1)
    t0 = time.monotonic()
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], engine=_SlowEngine(), timeout=0.3,
                   max_attempts=2)
    assert time.monotonic() - t0 < 3
    assert (s.failed, s.retried) == (1, 1)
    (unit,) = _ledger(db_url).units()
    assert unit.error_key == "backfill.timeout" and unit.attempts == 2


def test_manifest_source(tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "scans", 3)
    manifest = tmp_path / "list.csv"
    manifest.write_text(
        "path,citizen_id,doc_type\n"
        "scans/doc-0000.png,001 190 012345,birth_certificate\n"
        f"{tmp_path / 'scans' / 'doc-0001.png'},,\n"
        "scans/doc-0002.png,12345,\n"
        "scans/missing.png,,\n"
        "scans/doc-0000.png,,nonsense\n", encoding="utf-8")
    s = inline_run(db_url, fake_archive, [], manifests=(manifest,))
    assert (s.seen, s.filed, s.failed) == (5, 2, 3)
    assert fake_archive.seen_citizens == {"doc-0000.png": "001190012345", "doc-0001.png": None}
    reasons = sorted(u.error_key for u in _ledger(db_url).units() if u.state == "failed")
    assert reasons == ["backfill.manifest.bad_citizen", "backfill.manifest.bad_type",
                       "backfill.manifest.missing"]


def test_limit_and_since(tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    docs = make_docs(tmp_path / "in", 5)
    old = time.time() - 10 * 86400
    for p in docs[:2]:
        os.utime(p, (old, old))
    since = datetime.now().astimezone() - timedelta(days=1)
    assert sorted(c.path.name for c in discover([tmp_path / "in"], since=since)) == [
        p.name for p in docs[2:]]
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], since=since, limit=2)
    assert (s.seen, s.filed, s.limit_reached) == (2, 2, True)
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], limit=2)
    assert (s.filed, s.limit_reached) == (2, True)  # skipped ones do not count
    s = inline_run(db_url, fake_archive, [tmp_path / "in"], limit=2)
    assert (s.seen, s.filed, s.skipped, s.limit_reached) == (5, 1, 4, False)
    with pytest.raises(UsageProblem):
        parse_since("last tuesday")


def test_walk_streams_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ("b/2.png", "b/1.PDF", "a.tif", ".hidden/x.png", "c/.x.png", "c/readme.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    it = walk(tmp_path)
    assert iter(it) is it  # a generator: nothing is listed before it is asked for
    assert sorted(p.relative_to(tmp_path).as_posix() for p in it) == ["a.tif", "b/1.PDF",
                                                                      "b/2.png"]


def test_stop_releases_nothing_twice_and_next_run_finishes(tmp_path: Path, db_url: str,
                                                           fake_archive: FakeArchive) -> None:
    make_docs(tmp_path / "in", 6)
    stop = threading.Event()

    def progress(s) -> None:  # type: ignore[no-untyped-def]
        if s.filed >= 2:
            stop.set()

    s = inline_run(db_url, fake_archive, [tmp_path / "in"], stop=stop, on_progress=progress)
    assert s.stopped and 2 <= s.filed < 6
    assert morning_report(_ledger(db_url)).runs[0].outcome == "stopped"
    rest = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert rest.filed == 6 - s.filed
    assert sorted(fake_archive.calls) == sorted(set(fake_archive.calls))


def test_time_limit_in_a_worker_thread_as_on_dask() -> None:
    from digitize.backfill.work import DocumentTimeout, time_limit

    caught: list[BaseException] = []

    def busy() -> None:
        try:
            with time_limit(0.2):
                while True:
                    sum(range(1000))
        except DocumentTimeout as e:
            caught.append(e)

    t = threading.Thread(target=busy)
    t.start()
    t.join(5)
    assert not t.is_alive() and len(caught) == 1


def crash_once(task):  # type: ignore[no-untyped-def]
    """Pool worker function: the first attempt at a document kills its worker process."""
    from digitize.backfill.work import process_unit

    marker = Path(task.path).with_suffix(".crashed")
    if Path(task.path).name == "doc-0001.png" and not marker.exists():
        marker.touch()
        os._exit(9)  # as the OOM killer would
    return process_unit(task)


def test_a_killed_pool_worker_is_replaced_and_its_documents_retried(
        tmp_path: Path, db_url: str, fake_archive: FakeArchive) -> None:
    from digitize.backfill.executors import LocalPool
    from digitize.backfill.run import BackfillRequest, new_run_id, run_backfill
    from digitize.ocr.engine import NullEngine
    from digitize.pipeline import ScanOptions

    make_docs(tmp_path / "in", 3)
    archive = tmp_path / "archive"
    from digitize.config import ArchiveConfig

    options = ScanOptions(archive=ArchiveConfig(root=archive))
    req = BackfillRequest(sources=(tmp_path / "in",), options=options, engine=NullEngine(),
                          backoff_seconds=0.01)
    ledger = Ledger(open_engine(db_url), new_run_id())
    from digitize.store.archive import Archive

    with Archive.open(options.archive) as lookup:
        s = run_backfill(req, LocalPool(1, fn=crash_once), ledger, lookup)
    assert (s.failed, s.needs_review + s.filed) == (0, 3) and s.retried >= 1
    assert (tmp_path / "in" / "doc-0001.crashed").exists()


def test_unchanged_paths_are_not_rehashed_changed_ones_are(tmp_path: Path, db_url: str,
                                                           fake_archive: FakeArchive) -> None:
    (doc,) = make_docs(tmp_path / "in", 1)
    (other,) = make_docs(tmp_path / "other", 1, start=7)
    inline_run(db_url, fake_archive, [tmp_path / "in"])
    st = doc.stat()
    # same size and mtime as before: trusted as unchanged (one read, no hashing)
    data = other.read_bytes()[: st.st_size].ljust(st.st_size, b"\0")
    doc.write_bytes(data)
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert inline_run(db_url, fake_archive, [tmp_path / "in"]).skipped == 1
    # a new mtime: hashed again, new content, digitized
    shutil.copy(other, doc)
    s = inline_run(db_url, fake_archive, [tmp_path / "in"])
    assert (s.filed, s.skipped) == (1, 0)
