"""`digitize backfill` as cron runs it: a real subprocess, the real pipeline, the real archive.

Documents are a few tiny rendered images (one short line each) so Tesseract
stays fast; the archive is the project's (OCFL + SQLite index + audit log).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
from backfill_helpers import make_docs
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.xdist_group("backfill-cli")

DIGITIZE = [sys.executable, "-m", "digitize"]


def _env(archive: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGITIZE_")}
    env.update(DIGITIZE_ARCHIVE=str(archive), DIGITIZE_LANG="en", OMP_THREAD_LIMIT="1")
    return env


def _backfill(archive: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DIGITIZE, "backfill", *args], env=_env(archive), text=True,
                          capture_output=True, timeout=timeout)


def _summary(proc: subprocess.CompletedProcess[str]) -> dict[str, object]:
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, proc.stderr
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def _db(archive: Path):  # type: ignore[no-untyped-def]
    return create_engine(f"sqlite:///{archive / 'index.sqlite'}")


def assert_filed_exactly_once(archive: Path, n: int) -> None:
    """Every document is one record, filed by one audit entry; no unit is left unfinished.

    Also after SIGKILLs: a filing killed before its audit entry is settled by the next
    open or filing of the archive (digitize/store/journal.py), never doubled.
    """
    with _db(archive).connect() as c:
        records = c.execute(text("select count(*) from archive_records")).scalar_one()
        states = dict(c.execute(
            text("select state, count(*) from backfill_units group by state")).all())
    audit = [json.loads(line) for line in (archive / "audit.log").read_text().splitlines()]
    filings = Counter(e["record_id"] for e in audit if e["action"] == "file")
    assert records == n
    assert len(filings) == n, filings
    assert set(filings.values()) <= {1}, filings
    assert set(states) <= {"done", "needs_review"} and sum(states.values()) == n, states


def test_run_twice_files_nothing_the_second_time_and_reports(tmp_path: Path) -> None:
    make_docs(tmp_path / "in", 4)
    archive = tmp_path / "archive"
    first = _backfill(archive, str(tmp_path / "in"), "--workers", "2", "--json")
    s1 = _summary(first)
    assert {k: s1[k] for k in ("seen", "filed", "needs_review", "skipped", "failed")} == {
        "seen": 4, "filed": 0, "needs_review": 4, "skipped": 0, "failed": 0}
    assert first.returncode == 3 and isinstance(s1["seconds"], float)
    second = _backfill(archive, str(tmp_path / "in"), "--json")
    s2 = _summary(second)
    assert (s2["seen"], s2["skipped"], s2["filed"], s2["needs_review"]) == (4, 4, 0, 0)
    assert second.returncode == 0
    assert_filed_exactly_once(archive, 4)
    report = _backfill(archive, "--report", "--json")
    lines = [json.loads(x) for x in report.stdout.splitlines()]
    runs = [x for x in lines if x["kind"] == "run"]
    assert [r["outcome"] for r in runs] == ["finished", "finished"]
    assert lines[-1] == {"kind": "ledger", "pending": 0, "running": 0, "done": 0,
                         "needs_review": 4, "failed": 0}
    human = _backfill(archive, "--report")
    assert human.returncode == 0 and "Last backfill runs" in human.stdout


def test_unreadable_file_fails_with_reason_in_report(tmp_path: Path) -> None:
    make_docs(tmp_path / "in", 1)
    (tmp_path / "in" / "torn.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 30)
    archive = tmp_path / "archive"
    proc = _backfill(archive, str(tmp_path / "in"), "--workers", "1", "--json")
    s = _summary(proc)
    assert (s["failed"], s["needs_review"]) == (1, 1)
    assert proc.returncode == 4  # spec batch rule: unreadable (4) before review (3)
    assert "torn.jpg" in proc.stderr
    lines = [json.loads(x) for x in _backfill(archive, "--report", "--json").stdout.splitlines()]
    (fail,) = [x for x in lines if x["kind"] == "failure"]
    assert fail["path"].endswith("torn.jpg") and fail["exit_code"] == 4 and fail["error"]


def test_usage_errors(tmp_path: Path, archive_dir: Path) -> None:
    from typer.testing import CliRunner

    from digitize.cli import app

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, ["backfill", *args])

    assert run().exit_code == 2
    assert run("x", "--report").exit_code == 2
    assert run("x", "--workers", "2", "--cluster", "tcp://127.0.0.1:1").exit_code == 2
    assert run(str(tmp_path), "--since", "yesterday").exit_code == 2
    missing = run(str(tmp_path / "nope"))
    assert missing.exit_code == 4 and "nope" in missing.output


def test_a_held_lock_is_exit_5_and_a_dead_holder_is_taken_over(tmp_path: Path) -> None:
    make_docs(tmp_path / "in", 1)
    archive = tmp_path / "archive"
    archive.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        from digitize.backfill.ledger import LOCK_NAME, Ledger, LockRow, utcnow
        from digitize.store.db import open_engine, session_scope

        ledger = Ledger(open_engine(f"sqlite:///{archive / 'index.sqlite'}"), "other-run")
        with session_scope(ledger.engine) as s:
            s.add(LockRow(name=LOCK_NAME, run_id="other-run", host=socket.gethostname(),
                          pid=holder.pid, pid_started=psutil.Process(holder.pid).create_time(),
                          acquired_at=utcnow(), heartbeat_at=utcnow()))
        locked = _backfill(archive, str(tmp_path / "in"), "--json")
        assert locked.returncode == 5
        assert "another backfill is running" in locked.stderr and str(holder.pid) in locked.stderr
        assert locked.stdout == ""
    finally:
        holder.kill()
        holder.wait()
    taken = _backfill(archive, str(tmp_path / "in"), "--json")
    assert taken.returncode == 3 and _summary(taken)["needs_review"] == 1


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _pool_started(pid: int) -> bool:
    """A pool worker exists (not just `tesseract --list-langs` or the resource tracker)."""
    for child in _children(pid):
        try:
            if any("spawn_main" in part for part in child.cmdline()):
                return True
        except psutil.Error:
            continue
    return False


@pytest.mark.slow
def test_resume_after_sigkill_at_random_points(tmp_path: Path) -> None:
    """Ten SIGKILLs at random moments, then a last run: every document filed exactly once."""
    n = 8
    make_docs(tmp_path / "in", n)
    archive = tmp_path / "archive"
    rng = random.Random(int(os.environ.get("BACKFILL_KILL_SEED", "7")))
    killed_mid_run = rounds = 0
    while killed_mid_run < 10:
        rounds += 1
        assert rounds <= 60, f"only {killed_mid_run} kills landed in 60 runs"
        proc = subprocess.Popen([*DIGITIZE, "backfill", str(tmp_path / "in"), "--workers", "1",
                                 "--json"], env=_env(archive), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if killed_mid_run % 2:  # anywhere: start-up, lock, recovery, hashing
            time.sleep(rng.uniform(0.5, 4.0))
        else:  # once documents are in the workers: OCR, filing, ledger updates
            deadline = time.monotonic() + 60
            while (not _pool_started(proc.pid) and proc.poll() is None
                   and time.monotonic() < deadline):
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 3.0))
        workers = _children(proc.pid)
        if proc.poll() is None:
            proc.kill()
            killed_mid_run += 1
        else:  # the run finished before the kill: give the next runs new work to be killed in
            make_docs(tmp_path / "in", 4, start=n)
            n += 4
        proc.communicate(timeout=60)
        # pool workers die with the driver (PR_SET_PDEATHSIG): no orphan keeps filing
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, alive
    final = _backfill(archive, str(tmp_path / "in"), "--json")
    s = _summary(final)
    assert final.returncode in (0, 3), final.stderr
    assert s["failed"] == 0 and s["seen"] == n
    assert_filed_exactly_once(archive, n)
    lines = [json.loads(x) for x in _backfill(archive, "--report", "--runs", "20",
                                              "--json").stdout.splitlines()]
    outcomes = Counter(x["outcome"] for x in lines if x["kind"] == "run")
    # kills during start-up leave no run behind; those after the workers started all do
    assert outcomes["killed"] >= 3 and outcomes["finished"] >= 1, outcomes


@pytest.mark.slow
def test_sigterm_stops_cleanly_and_the_next_run_finishes(tmp_path: Path) -> None:
    n = 6
    make_docs(tmp_path / "in", n)
    archive = tmp_path / "archive"
    proc = subprocess.Popen([*DIGITIZE, "backfill", str(tmp_path / "in"), "--workers", "1",
                             "--json"], env=_env(archive), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    audit = archive / "audit.log"
    while time.monotonic() < deadline and not (audit.exists() and audit.read_text().strip()):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    s = json.loads(out.splitlines()[-1])
    assert s["stopped"] is True and 1 <= s["needs_review"] + s["filed"] < n, (s, err)
    assert "stopping" in err
    with _db(archive).connect() as c:
        running = c.execute(text("select count(*) from backfill_units where state='running'"))
        assert running.scalar_one() == 0
    rest = _summary(_backfill(archive, str(tmp_path / "in"), "--json"))
    assert rest["needs_review"] + rest["filed"] == n - s["needs_review"] - s["filed"]
    assert_filed_exactly_once(archive, n)


def test_manifest_gives_citizen_and_type_to_the_archive(tmp_path: Path) -> None:
    make_docs(tmp_path / "scans", 2)
    (tmp_path / "list.csv").write_text(
        "path,citizen_id,doc_type\n"
        "scans/doc-0000.png,001 190 012345,administrative_decision\n"
        "scans/doc-0001.png,,\n"
        "scans/gone.png,,\n", encoding="utf-8")
    archive = tmp_path / "archive"
    proc = _backfill(archive, "--manifest", str(tmp_path / "list.csv"), "--workers", "1",
                     "--json")
    s = _summary(proc)
    assert (s["seen"], s["failed"], s["filed"] + s["needs_review"]) == (3, 1, 2)
    assert proc.returncode == 4  # unreadable input (a missing file) before review (spec)
    assert "gone.png: listed in the manifest but no such file" in proc.stderr
    from digitize.backfill.run import hash_file
    from digitize.config import ArchiveConfig
    from digitize.store.archive import Archive

    with Archive.open(ArchiveConfig(root=archive)) as store:
        first = store.record(store.find_source(hash_file(tmp_path / "scans" / "doc-0000.png")))
    assert first.citizen_ids == ("001190012345",)
    assert first.doc_type.value == "administrative_decision"
