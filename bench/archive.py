"""bench/archive: filing rate (OCR excluded) and search latency at 10k and 100k records.

Usage: .venv/bin/python bench/archive.py [--docs 200] [--sizes 10000 100000] [--queries 300]
                                          [--database URL | --postgres]

Filing: `Archive.file_scanned` of pre-built documents (a 60 KB "scan", a
40 KB PDF, text, fields) into a fresh archive, one process, records/s. The
floor measured in the same run is the bare durable write of the same bytes
(temp file + fsync + rename, one file per document part, no OCFL, no index),
so the ratio says what OCFL versions, digests, the index and the audit cost.

Search: synthetic index rows (fictional names from common Vietnamese family,
middle and given names, birth places, IDs, ~600 characters of OCR text) are
written straight into the index through `sync`-equivalent inserts, then
`index.search` answers queries (full names typed without accents, the same
accented in title case, a personal ID, family + given name + a place);
p50/p95 over all queries, each through a fresh session as the CLI does.
The machine is shared with other work: compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))

from archive_helpers import make_doc  # noqa: E402

from digitize.config import ArchiveConfig  # noqa: E402
from digitize.store import db, index  # noqa: E402
from digitize.store.archive import Archive  # noqa: E402
from digitize.text import fold  # noqa: E402

FAMILY = [
    "NGUYỄN",
    "TRẦN",
    "LÊ",
    "PHẠM",
    "HOÀNG",
    "HUỲNH",
    "PHAN",
    "VŨ",
    "VÕ",
    "ĐẶNG",
    "BÙI",
    "ĐỖ",
    "HỒ",
    "NGÔ",
    "DƯƠNG",
    "LÝ",
]
MIDDLE = ["THỊ", "VĂN", "ĐỨC", "MINH", "NGỌC", "THANH", "HỮU", "QUỐC", "KIM", "XUÂN"]
GIVEN = [
    "HƯƠNG",
    "LAN",
    "HÙNG",
    "DŨNG",
    "MAI",
    "NAM",
    "HÀ",
    "TRANG",
    "LINH",
    "TUẤN",
    "HẢI",
    "PHƯƠNG",
    "THẢO",
    "SƠN",
    "HIẾU",
    "YẾN",
    "ĐẠT",
    "KHOA",
    "NHUNG",
    "QUÂN",
    "VY",
    "BÌNH",
    "CHÂU",
    "GIANG",
    "HẠNH",
    "KHÁNH",
    "LỘC",
    "NGÂN",
    "OANH",
    "PHÚC",
    "TÂM",
    "UYÊN",
]
PLACES = [
    "xã Hải Đường, huyện Hải Hậu, tỉnh Nam Định",
    "phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
    "xã Quang Bình, huyện Kiến Xương, tỉnh Thái Bình",
    "phường Đống Đa, TP Quy Nhơn",
    "xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước",
    "phường Trà An, quận Bình Thủy, Cần Thơ",
]
PROVINCES = ["001", "079", "036", "034", "038", "040", "092", "048"]


def _durable_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def bench_filing(n: int, database: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        work = Path(tmp)
        rng = random.Random(1)
        ids = [
            f"{rng.choice(PROVINCES)}1{rng.randint(70, 99)}{rng.randint(0, 999999):06d}"
            for _ in range(max(1, n // 3))
        ]
        docs = [
            make_doc(
                work / "in" / str(i), citizen_ids=(rng.choice(ids),), payload=os.urandom(60_000)
            )
            for i in range(n)
        ]
        floor_dir = work / "floor"
        floor_dir.mkdir()
        started = time.perf_counter()
        for i, d in enumerate(docs):
            for part, data in (
                ("src", Path(d.source_path).read_bytes()),
                ("pdf", Path(d.pdf_path).read_bytes()),
                ("txt", d.text.encode()),
                ("json", b"{}"),
            ):
                _durable_write(floor_dir / f"{i}.{part}", data)
        floor = time.perf_counter() - started
        with Archive.open(ArchiveConfig(root=work / "archive", database=database)) as archive:
            started = time.perf_counter()
            for d in docs:
                archive.file_scanned(d)
            filing = time.perf_counter() - started
    return {"docs": n, "floor_rate": n / floor, "filing_rate": n / filing, "ratio": filing / floor}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def fill_index(engine, size: int, rng: random.Random) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Insert `size` synthetic records; returns (name, id) pairs to query."""
    people: list[tuple[str, str]] = []
    base = datetime(2020, 1, 1, tzinfo=UTC)
    batch_rec, batch_fts, batch_cit = [], [], []
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        for i in range(size):
            name = _name(rng)
            pid = f"{rng.choice(PROVINCES)}1{rng.randint(50, 99)}{rng.randint(0, 999999):06d}"
            place = rng.choice(PLACES)
            people.append((name, pid))
            rid = "r" + hashlib.sha256(f"bench{i}".encode()).hexdigest()[:31]
            ocr = (
                f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GIẤY KHAI SINH "
                f"Họ, chữ đệm, tên: {name} Ngày, tháng, năm sinh: {rng.randint(1, 28)}/"
                f"{rng.randint(1, 12)}/19{rng.randint(50, 99)} Giới tính: Nữ Dân tộc: Kinh "
                f"Quốc tịch: Việt Nam Nơi sinh: {place} Quê quán: {rng.choice(PLACES)} "
                f"Số định danh cá nhân: {pid} Họ, chữ đệm, tên người mẹ: {_name(rng)} "
                f"Họ, chữ đệm, tên người cha: {_name(rng)} Nơi đăng ký: {place}"
            )
            meta = {
                "record_id": rid,
                "doc_type": "birth_certificate",
                "citizen_ids": [pid],
                "fields": {"full_name": {"value": name}},
            }
            head, body = index.search_texts(meta, ocr)
            created = base + timedelta(minutes=i)
            batch_rec.append(
                {
                    "record_id": rid,
                    "kind": "scan",
                    "status": "filed",
                    "doc_type": "birth_certificate",
                    "source_sha256": rid * 2,
                    "source_name": f"ks-{i}.png",
                    "created": base + timedelta(minutes=i),
                    "meta": json.dumps(
                        {
                            **meta,
                            "status": "filed",
                            "created": (base + timedelta(minutes=i)).isoformat(),
                            "source_sha256": rid * 2,
                        },
                        ensure_ascii=False,
                    ),
                    "search_text": "" if sqlite else f"{head} {body}",
                }
            )
            batch_fts.append({"i": index.fts_rowid(rid, created), "r": rid, "h": head, "b": body})
            batch_cit.append({"record_id": rid, "citizen_id": pid})
            if len(batch_rec) == 5000 or i == size - 1:
                conn.execute(insert(index.RecordRow), batch_rec)
                conn.execute(insert(index.RecordCitizenRow), batch_cit)
                if sqlite:
                    conn.execute(
                        text(
                            "INSERT INTO archive_fts(rowid, record_id, head, body) "
                            "VALUES (:i, :r, :h, :b)"
                        ),
                        batch_fts,
                    )
                batch_rec, batch_fts, batch_cit = [], [], []
    if not sqlite:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE archive_records"))
    return people


def bench_search(size: int, queries: int, database: str) -> dict[str, float]:
    rng = random.Random(size)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'index.sqlite'}"
        engine = db.open_engine(url)
        db.create_schema(engine)
        started = time.perf_counter()
        people = fill_index(engine, size, rng)
        fill = time.perf_counter() - started
        asks = []
        for _ in range(queries):
            name, pid = rng.choice(people)
            kind = rng.randrange(4)
            if kind == 0:
                asks.append(fold(name))  # "nguyen thi huong"
            elif kind == 1:
                asks.append(name.title())  # accented, mixed case
            elif kind == 2:
                asks.append(pid)
            else:
                parts = fold(name).split()
                place = rng.choice(["hai hau", "ben nghe", "tan phu"])
                asks.append(f"{parts[0]} {parts[2]} {place}")
        times = []
        hits = 0
        for q in asks:
            t0 = time.perf_counter()
            with db.session_scope(engine) as s:
                hits += len(index.search(s, q, limit=50))
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        if database:
            with engine.begin() as conn:
                for t in ("archive_record_citizens", "archive_records"):
                    conn.execute(text(f"DELETE FROM {t}"))
        engine.dispose()
        db._ENGINES.pop(url, None)
    return {
        "size": size,
        "fill_seconds": fill,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "max_ms": times[-1],
        "mean_hits": hits / len(asks),
    }


@contextlib.contextmanager
def private_postgres() -> Iterator[str]:
    """A throw-away PostgreSQL server on 127.0.0.1 (run as `postgres` when we are root)."""
    import glob
    import shutil
    import socket
    import subprocess

    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]).parent
    data_parent = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(data_parent, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = data_parent / "data"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "digitize",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(data_parent / "log"),
        "-w",
        "-o",
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={data_parent}",
        "start",
    )
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "digitize", "bench")
        yield f"postgresql+psycopg2://digitize@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(data_parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database", default="", help="SQLAlchemy URL (default: SQLite)")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="start a private PostgreSQL server for the run and use it",
    )
    args = parser.parse_args()
    if args.postgres:
        import signal

        def _stop(*_: object) -> None:
            raise KeyboardInterrupt  # run the server's clean-up on SIGTERM too

        signal.signal(signal.SIGTERM, _stop)
        with private_postgres() as url:
            args.database = url
            run(args)
    else:
        run(args)


def run(args: argparse.Namespace) -> None:
    backend = args.database.split(":", 1)[0] if args.database else "sqlite"
    if args.docs:
        r = bench_filing(args.docs, args.database)
        print(
            f"filing [{backend}] {r['docs']} docs: {r['filing_rate']:.1f} records/s; floor "
            f"(bare durable writes) {r['floor_rate']:.1f} docs/s; ratio {r['ratio']:.1f}x"
        )
    for size in args.sizes:
        r = bench_search(size, args.queries, args.database)
        print(
            f"search [{backend}] {r['size']} records (filled in {r['fill_seconds']:.1f} s): "
            f"p50 {r['p50_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms, max {r['max_ms']:.1f} ms, "
            f"{r['mean_hits']:.1f} hits/query"
        )


if __name__ == "__main__":
    main()
