"""`digitize backfill --cluster`: a real Dask scheduler and two workers on 127.0.0.1.

One worker is SIGKILLed in the middle of the run; the scheduler gives its
work to the other, and the archive ends with every document exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from backfill_helpers import make_docs
from test_backfill_cli import DIGITIZE, _env, assert_filed_exactly_once

pytestmark = [pytest.mark.xdist_group("backfill-dask"), pytest.mark.slow]

DASK = [str(Path(sys.executable).parent / "dask")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """`dask scheduler` + two single-threaded `dask worker` processes (no nanny), stopped after."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = _env(tmp_path / "archive")
    env["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] = "False"  # as the README recommends
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        with (logs / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen([*DASK, *args], env=env, stdout=log, stderr=log,
                                    start_new_session=True)
        procs.append(proc)
        return proc

    start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
          "--no-dashboard")
    workers = [start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-nanny",
                     "--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "60")
               for i in range(2)]
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address, workers
    finally:
        for proc in reversed(procs):  # nothing to save in a test cluster: no slow graceful stop
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def test_cluster_run_survives_a_killed_worker(tmp_path: Path, dask_cluster) -> None:  # type: ignore[no-untyped-def]
    address, workers = dask_cluster
    n = 10
    make_docs(tmp_path / "in", n)
    archive = tmp_path / "archive"
    proc = subprocess.Popen([*DIGITIZE, "backfill", str(tmp_path / "in"), "--cluster", address,
                             "--json"], env=_env(archive), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    audit = archive / "audit.log"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if audit.exists() and len(audit.read_text().splitlines()) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before a worker could be killed"
    os.killpg(workers[0].pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 3), err
    s = json.loads(out.splitlines()[-1])
    assert (s["seen"], s["failed"], s["filed"] + s["needs_review"]) == (n, 0, n), (s, err)
    assert_filed_exactly_once(archive, n)
    again = subprocess.run([*DIGITIZE, "backfill", str(tmp_path / "in"), "--cluster", address,
                            "--json"], env=_env(archive), capture_output=True, text=True,
                           timeout=120)
    assert json.loads(again.stdout.splitlines()[-1])["skipped"] == n
