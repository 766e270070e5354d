"""The certification register under contention: SQLite in the archive and a real PostgreSQL.

Eight processes take numbers at the same time; every number of the book and
year is given exactly once, with no gap. Numbers restart with each year and
each book.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digitize.config import ArchiveConfig
from digitize.store.register import ISSUED, RESERVED, VOID, Register

pytestmark = pytest.mark.xdist_group("certify_register")

_WORKER = """
import sys
from pathlib import Path
from digitize.config import ArchiveConfig
from digitize.store.register import Register
reg = Register(ArchiveConfig(root=Path(sys.argv[1]), database=sys.argv[2]))
for i in range(int(sys.argv[3])):
    e = reg.reserve(source=f"w{sys.argv[4]}-{i}", record_id="", official="Trần Thị Demo")
    reg.issue(e, copy_sha256="0" * 64)
"""


def _race(root: Path, url: str, workers: int = 8, each: int = 4) -> list[int]:
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(root), url, str(each), str(w)],
                              stderr=subprocess.PIPE, text=True) for w in range(workers)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    entries = Register(ArchiveConfig(root=root, database=url)).entries()
    assert all(e.status == ISSUED for e in entries)
    return [e.number for e in entries]


def test_parallel_numbers_sqlite(tmp_path: Path):
    assert _race(tmp_path / "archive", "") == list(range(1, 33))


@pytest.mark.postgres
def test_parallel_numbers_postgresql(tmp_path: Path, postgres_url: str):
    root = tmp_path / "unused"
    from sqlalchemy import text

    from digitize.store import db

    Register(ArchiveConfig(root=root, database=postgres_url))
    with db.session_scope(db.open_engine(postgres_url)) as s:
        s.execute(text("DELETE FROM certification_register"))
    assert _race(root, postgres_url) == list(range(1, 33))


def test_numbers_per_book_and_year_and_void_keeps_its_place(tmp_path: Path):
    cfg = ArchiveConfig(root=tmp_path / "a")
    b1, b2 = Register(cfg, book="01"), Register(cfg, book="02")
    y25 = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    y26 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    a = b1.reserve(source="x", record_id="r1", official="o", now=y25)
    b = b1.reserve(source="x", record_id="r1", official="o", now=y25)
    c = b1.reserve(source="x", record_id="r1", official="o", now=y26)
    d = b2.reserve(source="x", record_id="r1", official="o", now=y26)
    assert [(e.number, e.book_number) for e in (a, b, c, d)] == [
        (1, "01/2025/SCT/BS"), (2, "01/2025/SCT/BS"), (1, "01/2026/SCT/BS"),
        (1, "02/2026/SCT/BS")]
    b1.void(b, "TSA unreachable")
    b1.issue(a, copy_sha256="ab" * 32, copy_record_id="copy-1")
    rows = {(e.book_number, e.number): e for e in b1.entries()}
    assert rows[("01/2025/SCT/BS", 2)].status == VOID
    assert rows[("01/2025/SCT/BS", 2)].reason == "TSA unreachable"
    assert rows[("01/2025/SCT/BS", 1)].copy_record_id == "copy-1"
    assert rows[("01/2026/SCT/BS", 1)].status == RESERVED  # this process is alive: kept
    assert b1.entries(year=2026, status=RESERVED)[0].number == 1
