"""bench/backfill: pages per minute of `digitize backfill` with 1 and 2 local workers and on Dask.

Usage: .venv/bin/python bench/backfill.py [--pages 32] [--rounds 1] [--only floor|local1|...]

First the floor: bare `tesseract -l vie` on the same pages with 1 and 2
processes, which shows how much this machine itself gives from 1 to 2 cores.
Then all three configurations run in the same invocation on the same pages (one-page
documents of real legal text, 300 dpi A4, as bench/scan.py), each into a fresh
archive: `--workers 1`, `--workers 2`, and `--cluster` on a 2-worker Dask
cluster (`dask scheduler` + two single-threaded `dask worker`, started here on
127.0.0.1, with the README's set-up: Dask's sampling profiler off). Pages per
minute come from the run's own JSON summary (discovery,
hashing, ledger, OCR, filing; not the CLI's interpreter start-up); the wall time
with start-up is printed too. Peak memory per worker is the largest RSS any
worker process (or its Tesseract child) reached, as reported by the workers.
With `--rounds R` the configurations are interleaved R times and the best
round of each is kept (the machine is shared; see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from scan import floor, make_pages  # noqa: E402

DIGITIZE = [sys.executable, "-m", "digitize"]
DASK = str(Path(sys.executable).parent / "dask")


def _env(archive: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGITIZE_")}
    env.update(DIGITIZE_ARCHIVE=str(archive), DIGITIZE_LANG="en", OMP_THREAD_LIMIT="1")
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_cluster(logdir: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and two single-threaded workers (no nanny) on 127.0.0.1."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = _env(logdir / "unused")
    env["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] = "False"  # as the README's cluster set-up
    procs = []
    for name, args in [("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"])] + [
            (f"worker{i}", ["worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                            "--host", "127.0.0.1"]) for i in range(2)]:
        with (logdir / f"{name}.log").open("wb") as log:
            # Same session as the local runs: with the kernel's autogroup scheduling a new
            # session would get its own CPU share and flatter Dask on a shared machine.
            procs.append(subprocess.Popen([DASK, *args], env=env, stdout=log, stderr=log))
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=90)
    return address, procs


def _cpu(workers: list[subprocess.Popen[bytes]]) -> float:
    """CPU seconds of waited-for children (CLI, pool workers, Tesseract) plus the Dask workers'."""
    import psutil

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = ru.ru_utime + ru.ru_stime
    for w in workers:
        t = psutil.Process(w.pid).cpu_times()
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(pages: Path, archive: Path, *args: str,
        dask_workers: list[subprocess.Popen[bytes]] | None = None) -> dict[str, float]:
    dask_workers = dask_workers or []
    cpu0 = _cpu(dask_workers)
    t0 = time.monotonic()
    proc = subprocess.run([*DIGITIZE, "backfill", str(pages), "--json", *args],
                          env=_env(archive), capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - t0
    cpu = _cpu(dask_workers) - cpu0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"backfill {args} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout.splitlines()[-1])
    done = summary["filed"] + summary["needs_review"] + summary["skipped"]
    if summary["failed"] or done != summary["seen"]:
        raise SystemExit(f"backfill {args}: not every page was filed: {summary}")
    index = _bytes(archive) - _bytes(archive / "ocfl") - _bytes(archive / "work")  # + audit log
    return {"ppm": summary["pages_per_minute"], "seconds": summary["seconds"], "wall": wall,
            "pages": summary["pages"], "rss": summary["peak_worker_rss_mib"],
            "cpu_per_page": cpu / max(1, summary["pages"]),
            "ocfl_kib_per_page": _bytes(archive / "ocfl") / 1024 / max(1, summary["pages"]),
            "index_kib_per_doc": index / 1024 / max(1, summary["seen"])}


def floor_ppm(pages: Path, out: Path, jobs: int) -> float:
    """Pages/min of bare Tesseract on these pages with `jobs` processes: the machine's scaling."""
    out.mkdir()
    files = sorted(pages.iterdir())
    t0 = time.monotonic()
    floor(files, out, jobs)
    return len(files) * 60 / (time.monotonic() - t0)


def skip_rate(tmp: Path, n: int) -> float:
    """Milliseconds per file of a nightly re-run over `n` files that are all done already."""
    import shutil

    folder = tmp / "copies"
    folder.mkdir()
    first = next((tmp / "pages").iterdir())
    for i in range(n):
        shutil.copy(first, folder / f"copy-{i:06d}.png")
    archive = tmp / "archive-skip"
    run(folder, archive, "--workers", "1")  # files one, hashes and skips the copies
    res = run(folder, archive, "--workers", "1")  # the nightly case: nothing changed
    if res["pages"]:
        raise SystemExit(f"re-run digitized {res['pages']} pages again")
    return res["seconds"] * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--skip-files", type=int, default=0,
                        help="also time a re-run over this many already-done files")
    parser.add_argument("--only", choices=["floor", "local1", "local2", "dask"], action="append",
                        help="run only these configurations (repeatable)")
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "pages").mkdir()
        make_pages(ns.pages, tmp / "pages")
        address, procs = start_cluster(tmp)
        configs = {"local, 1 worker": ["--workers", "1"], "local, 2 workers": ["--workers", "2"],
                   "Dask, 2 workers": ["--cluster", address]}
        keys = dict(zip(configs, ["local1", "local2", "dask"], strict=True))
        configs = {k: v for k, v in configs.items() if not ns.only or keys[k] in ns.only}
        best: dict[str, dict[str, float]] = {}
        floors: dict[int, float] = {}  # processes -> best pages/min of bare Tesseract
        skip_ms = skip_rate(tmp, ns.skip_files) if ns.skip_files else None
        try:
            for r in range(ns.rounds):
                if not ns.only or "floor" in ns.only:
                    for jobs in (1, 2):
                        ppm = floor_ppm(tmp / "pages", tmp / f"floor-{r}-{jobs}", jobs)
                        floors[jobs] = max(floors.get(jobs, 0.0), ppm)
                        print(f"round {r + 1}: floor, {jobs} process(es): {floors[jobs]:.1f} "
                              "pages/min", file=sys.stderr)
                for name, args in configs.items():
                    archive = tmp / f"archive-{r}-{name.replace(' ', '').replace(',', '')}"
                    res = run(tmp / "pages", archive, *args,
                              dask_workers=procs[1:] if "--cluster" in args else [])
                    if name not in best or res["ppm"] > best[name]["ppm"]:
                        best[name] = res
                    print(f"round {r + 1}: {name}: {res}", file=sys.stderr)
        except SystemExit:
            for log in sorted(tmp.glob("*.log")):  # the workers' side of a failure
                print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
            raise
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGKILL)  # no nanny: one process each
                proc.wait()
    if floors:
        print(f"floor (bare `tesseract -l vie`, one process per page, OMP_THREAD_LIMIT=1): "
              f"{floors[1]:.1f} pages/min with 1 process, {floors[2]:.1f} with 2: "
              f"**{floors[2] / floors[1]:.2f}×** (what the machine itself gives from 1 to 2 "
              "cores)\n")
    if not best:
        return
    base = best.get("local, 1 worker", next(iter(best.values())))["ppm"]
    local2 = best.get("local, 2 workers", next(iter(best.values())))["ppm"]
    load = os.getloadavg()[0]
    print(f"{ns.pages} one-page documents, {os.cpu_count()} cores, load average {load:.1f}\n")
    print("| run | pages/min | vs 1 worker | vs local 2 | seconds (run) | wall (with start-up) "
          "| CPU s/page | peak RSS per worker |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, res in best.items():
        print(f"| {name} | {res['ppm']:.1f} | {res['ppm'] / base:.2f}× | "
              f"{res['ppm'] / local2:.2f}× | {res['seconds']:.1f} | {res['wall']:.1f} | "
              f"{res['cpu_per_page']:.2f} | {res['rss']:.0f} MiB |")
    if skip_ms is not None:
        print(f"\nre-run over {ns.skip_files} unchanged, already-done files: "
              f"{skip_ms:.2f} ms per file")
    one = next(iter(best.values()))
    print(f"\narchive: {one['ocfl_kib_per_page']:.0f} KiB of OCFL storage per page, "
          f"{one['index_kib_per_doc']:.1f} KiB of index and audit log (SQLite, incl. the ledger) "
          "per document")


if __name__ == "__main__":
    main()
