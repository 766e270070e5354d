"""Shared fixtures. Tests run the real thing: real Tesseract, real pyHanko, real databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"
SHARED = ROOT.parent / "shared"

# Human output in tests is English unless a test asks for Vietnamese.
os.environ.setdefault("DIGITIZE_LANG", "en")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# pytest-xdist workers inherit COLUMNS=80/LINES=24, which rich freezes into the width of
# the CLI's consoles at import; tests that need a width pass COLUMNS to the CliRunner.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)


@pytest.fixture
def resources() -> Path:
    return RESOURCES


@pytest.fixture
def archive_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty archive selected through the environment, as a user would."""
    root = tmp_path / "archive"
    monkeypatch.setenv("DIGITIZE_ARCHIVE", str(root))
    monkeypatch.delenv("DIGITIZE_CONFIG", raising=False)
    return root


# --- PostgreSQL (archive engineer): a private server on 127.0.0.1 for the whole session ---


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url():  # type: ignore[no-untyped-def]
    """A real PostgreSQL server started for this test session, stopped at the end.

    initdb refuses to run as root, so as root the cluster is created and run by
    the `postgres` system user (`runuser`) in a temporary directory it owns.
    Each xdist worker gets its own server on a free port; the URL names a fresh
    database `digitize` owned by the `digitize` role (trust auth, loopback only).
    """
    import glob
    import shutil
    import subprocess
    import tempfile
    import time

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not bins:
        pytest.fail("PostgreSQL binaries not found under /usr/lib/postgresql (run make setup)")
    bindir = Path(bins[-1]).parent
    prefix: list[str] = []
    data_parent = Path(tempfile.mkdtemp(prefix="digitize-pg-"))
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(data_parent, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = data_parent / "data"
    port = _free_port()
    log = data_parent / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "digitize", "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} "
            f"-c unix_socket_directories={data_parent} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60",
        "start")
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "digitize",
            "digitize")
        yield f"postgresql+psycopg2://digitize@127.0.0.1:{port}/digitize"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                        "stop"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)
        time.sleep(0.1)
        shutil.rmtree(data_parent, ignore_errors=True)
