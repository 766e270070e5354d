"""The session PostgreSQL fixture really serves SQL (other areas rely on it)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.postgres


def test_postgres_fixture_answers(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 40 + 2")).scalar() == 42
            assert "PostgreSQL" in conn.execute(text("select version()")).scalar()
    finally:
        engine.dispose()
