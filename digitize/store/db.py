"""The index database: one SQLAlchemy engine per process, SQLite by default, PostgreSQL at scale.

All tables of the project (records, fields, citizens, audit, certification
register, backfill ledger) share `Base.metadata`, so one `create_schema()`
prepares a database. SQLite runs in WAL mode with a busy timeout so several
processes can file at once; PostgreSQL is selected by a `postgresql://` URL
(`[archive] database` or `DIGITIZE_DATABASE`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from digitize.config import ArchiveConfig
from digitize.errors import EnvironmentProblem

__all__ = ["Base", "database_url", "open_engine", "create_schema", "session_scope"]


class Base(DeclarativeBase):
    """Declarative base shared by every table of the index."""


def database_url(config: ArchiveConfig) -> str:
    """The configured URL, or SQLite inside the archive root."""
    if config.database:
        return config.database
    return f"sqlite:///{Path(config.root) / 'index.sqlite'}"


_ENGINES: dict[str, Engine] = {}


def open_engine(url: str) -> Engine:
    """A cached engine for `url`, with SQLite tuned for concurrent writers."""
    engine = _ENGINES.get(url)
    if engine is not None:
        return engine
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _ENGINES[url] = engine
    return engine


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet (idempotent)."""
    try:
        Base.metadata.create_all(engine)
    except OperationalError as e:
        raise EnvironmentProblem(detail=f"index database unavailable: {e.orig}") from e


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
