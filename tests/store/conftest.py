"""Archive fixtures: the same tests on SQLite and on the session's PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from digitize.config import ArchiveConfig
from digitize.store.archive import Archive


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """'' (SQLite inside the archive) or a fresh schema on the session's PostgreSQL server."""
    if request.param == "sqlite":
        yield ""
        return
    base = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:  # a schema per test: far cheaper than a database per test
        conn.execute(text(f"CREATE SCHEMA {name}"))
    admin.dispose()
    url = f"{base}?options=-csearch_path%3D{name}"
    yield url
    from digitize.store import db

    engine = db._ENGINES.pop(url, None)  # free its pooled connections for later tests
    if engine is not None:
        engine.dispose()


@pytest.fixture
def archive_config(tmp_path: Path, database: str) -> ArchiveConfig:
    return ArchiveConfig(root=tmp_path / "archive", database=database, operator="cán bộ test")


@pytest.fixture
def archive(archive_config: ArchiveConfig) -> Iterator[Archive]:
    with Archive.open(archive_config) as a:
        yield a
