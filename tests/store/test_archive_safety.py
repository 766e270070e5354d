"""Crash safety (random SIGKILLs while filing), concurrent filers, fixity, index == reindex."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from archive_helpers import HUONG, make_doc, snapshot
from sqlalchemy import text

from digitize.config import ArchiveConfig
from digitize.store.archive import Archive
from digitize.store.maintenance import check, export, reindex
from digitize.store.ocfl import write_atomic

WORKER = Path(__file__).with_name("archive_worker.py")
ROOT = Path(__file__).resolve().parents[2]
_SCANS = "SELECT record_id FROM archive_records WHERE kind = 'scan'"


def _worker(config: ArchiveConfig, start: int, count: int, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            str(WORKER),
            str(config.root),
            config.database,
            str(start),
            str(count),
            tag,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _done(output: str) -> dict[int, str]:
    return {
        int(n): rid
        for line in output.splitlines()
        if line.startswith("done ")
        for _, n, rid, _s in [line.split()]
    }


def _assert_consistent(config: ArchiveConfig, reported: dict[int, str]) -> None:
    with Archive.open(config) as a:  # opening recovers interrupted writes
        assert a.ocfl.pending() == []
        objects, good, messages = a.ocfl.validate_objects(check_digests=True)
        assert objects >= 1 and good == objects, messages
        leftovers = [p for p in a.ocfl.root.rglob("*") if p.name.endswith(".tmp")]
        assert leftovers == []
        for rid in reported.values():
            info = a.record(rid)
            assert a.read_file(rid, "source")
            assert info.record_id == rid
        before = snapshot(a)
        reindex(a)
        assert snapshot(a) == before
        report = check(a)
        assert report.ok, report  # the audit chain included
        assert a.journal.markers() == []
        # every filed record has exactly one audit `file` line, whatever the kills hit
        with a.engine.connect() as conn:
            scans = {r[0] for r in conn.execute(text(_SCANS))}
        filings = Counter(e["record_id"] for e in a.audit.entries() if e["action"] == "file")
        assert set(filings) == scans and set(filings.values()) == {1}, filings


@pytest.mark.slow
def test_random_kills_while_filing_lose_nothing(archive_config: ArchiveConfig) -> None:
    rng = random.Random(20261125)
    Archive.open(archive_config).close()
    reported: dict[int, str] = {}
    kills = 0
    start = 0
    for _run in range(40):  # bounded: a worker that fails on its own must not loop forever
        if kills == 20:
            break
        proc = _worker(archive_config, start, 40, "crash")
        seen = ""
        assert proc.stdout is not None
        if kills % 4 == 0:  # every fourth kill may land in start-up, open() or its recovery
            time.sleep(rng.uniform(0.0, 1.0))
        else:  # the others after 0-3 filings, at a random point of the next one
            seen += proc.stdout.readline()
            for _ in range(rng.randint(0, 3)):
                seen += proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        done = _done(seen + out)
        reported.update(done)
        assert proc.returncode == -signal.SIGKILL, err  # it was filing, not failing
        kills += 1
        # the next run starts at the first unreported document: it may already be filed
        start = max(done) + 1 if done else start
    assert kills == 20 and len(reported) >= 10
    proc = _worker(archive_config, 0, start + 2, "crash")  # everything again: all no-ops
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    again = _done(out)
    assert all(again[n] == rid for n, rid in reported.items())
    _assert_consistent(archive_config, reported)
    with Archive.open(archive_config) as a:  # some kills did land in the middle of a write
        assert any(e["action"] == "recover" for e in a.audit.entries())


@pytest.mark.slow
def test_four_processes_file_into_one_citizen(archive_config: ArchiveConfig) -> None:
    Archive.open(archive_config).close()
    procs = [_worker(archive_config, 0, 6, f"conc{i}") for i in range(4)]
    reported: dict[int, str] = {}
    for i, p in enumerate(procs):
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        reported.update({i * 100 + n: rid for n, rid in _done(out).items()})
    assert len(set(reported.values())) == 24
    with Archive.open(archive_config) as a:
        inv = a.ocfl.inventory(a.citizen_object_id(HUONG))
        assert inv is not None and inv["head"] == "v24"  # no lost version
        assert {r.record_id for r in a.citizen_records(HUONG)} == set(reported.values())
    _assert_consistent(archive_config, reported)


@pytest.mark.slow
def test_four_processes_file_the_same_content_once(archive_config: ArchiveConfig) -> None:
    """The same documents filed by 4 processes at once: one version and one `file` line each."""
    Archive.open(archive_config).close()
    procs = [_worker(archive_config, 0, 6, f"same{i}/shared") for i in range(4)]
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outputs.append(_done(out))
    assert all(o == outputs[0] for o in outputs) and len(set(outputs[0].values())) == 6
    with Archive.open(archive_config) as a:
        inv = a.ocfl.inventory(a.citizen_object_id(HUONG))
        assert inv is not None and inv["head"] == "v6"
    _assert_consistent(archive_config, outputs[0])  # exactly one `file` line per record


@pytest.mark.slow
def test_parallel_first_opens_of_a_new_archive(archive_config: ArchiveConfig) -> None:
    """`scan --jobs N` into an archive that does not exist yet: every worker opens it at once."""
    procs = [_worker(archive_config, 0, 2, f"first{i}") for i in range(4)]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with Archive.open(archive_config) as a:
        assert len(a.citizen_records(HUONG)) == 8
        assert len(list(a.ocfl.object_ids())) == 1


def test_orphan_version_and_torn_inventory_are_rolled_forward(
    archive: Archive, tmp_path: Path
) -> None:
    first = archive.file_scanned(make_doc(tmp_path / "a"))
    oid = archive.citizen_object_id(HUONG)
    obj = archive.ocfl.object_dir(oid)
    v1 = (obj / "inventory.json").read_bytes()
    second = archive.file_scanned(make_doc(tmp_path / "b"))
    # simulate a crash after v2 was renamed in but before the root inventory was replaced
    write_atomic(obj / "inventory.json", v1)
    (archive.ocfl.intents / f"{oid}.intent").write_text(oid)
    with Archive.open(archive.config) as again:
        assert again.ocfl.inventory(oid)["head"] == "v2"  # type: ignore[index]
        assert again.record(second.record_id) and again.record(first.record_id)
        assert again.ocfl.validate_objects()[:2] == (1, 1)


def test_interrupted_new_object_leaves_nothing_behind(archive: Archive, tmp_path: Path) -> None:
    """A crash while creating a citizen's first version: temp dir and empty parents go away."""
    oid = archive.citizen_object_id(HUONG)
    half = archive.ocfl.tmp / f"{oid}.deadbeef" / "obj" / "v1" / "content"
    half.mkdir(parents=True)
    (half / "partial.pdf").write_bytes(b"%PDF-half")
    archive.ocfl.object_dir(oid).parent.mkdir(parents=True)  # its tuple directories
    (archive.ocfl.intents / f"{oid}.intent").write_text(oid)
    with Archive.open(archive.config) as again:
        assert list(again.ocfl.tmp.iterdir()) == [] and again.ocfl.pending() == []
        assert not again.ocfl.object_dir(oid).parent.exists()
        assert again.ocfl.validate_objects()[:2] == (0, 0)
        filed = again.file_scanned(make_doc(tmp_path / "a"))
        assert again.ocfl.inventory(oid)["head"] == "v1"  # type: ignore[index]
        assert again.record(filed.record_id)


def test_flipped_byte_is_reported_and_export_refuses(archive: Archive, tmp_path: Path) -> None:
    from digitize.store.maintenance import DamagedObject

    archive.file_scanned(make_doc(tmp_path / "a"))
    archive.file_scanned(make_doc(tmp_path / "b"))
    assert check(archive).ok
    ok_bag = export(archive, HUONG, tmp_path / "bag-ok")
    assert ok_bag.files == 11  # citizen.json + 2 × 5 record files
    assert (tmp_path / "bag-ok" / "manifest-sha512.txt").exists()
    oid = archive.citizen_object_id(HUONG)
    stored = sorted(p for p in archive.ocfl.object_dir(oid).rglob("*") if p.is_file())
    for victim in stored:  # every stored file, one at a time
        original = victim.read_bytes()
        data = bytearray(original)
        data[len(data) // 2] ^= 0x20
        victim.write_bytes(bytes(data))
        try:
            report = check(archive)
            if victim.name.startswith("0="):
                assert report.valid_objects == 0, victim  # the declaration itself
                continue
            assert not report.ok
            assert any(
                d.path.endswith(str(victim.relative_to(archive.ocfl.object_dir(oid))))
                or victim.name.startswith("inventory")
                for d in report.damaged
            ), victim
            with pytest.raises(DamagedObject):
                export(archive, HUONG, tmp_path / f"bag-{victim.name}")
            assert not (tmp_path / f"bag-{victim.name}").exists()
        finally:
            victim.write_bytes(original)
    assert check(archive).ok
