"""Reads of filed records: a stored file (audited) and a citizen's records.

Kept apart from the filing logic of digitize/store/archive.py; `Archive`
delegates to these, so callers keep using its methods.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from digitize.errors import UsageProblem
from digitize.store import db, index
from digitize.store.model import RecordInfo, info_from_meta

if TYPE_CHECKING:
    from digitize.store.archive import Archive

__all__ = ["read_file", "citizen_records"]


def read_file(archive: Archive, record_id: str, role: str = "pdf") -> bytes:
    """A stored file of a record, digest re-checked (DocumentFailed if damaged)."""
    with db.session_scope(archive.engine) as s:
        rows = list(
            s.execute(
                select(index.FileRow.object_id, index.FileRow.logical_path).where(
                    index.FileRow.record_id == record_id, index.FileRow.role == role
                )
            )
        )
    if not rows:
        archive.record(record_id)  # unknown record → UnknownRecord
        raise UsageProblem("archive.no_such_file", record_id=record_id, role=role)
    rows.sort(key=lambda r: r[0].startswith("review-"))  # a citizen's copy first
    oid, logical = rows[0]
    data = archive.ocfl.read(oid, logical)
    archive.audit.append(
        operator=archive.operator,
        action="read",
        record_id=record_id,
        objects=[oid],
        detail={"role": role},
    )
    return data


def citizen_records(archive: Archive, citizen_id: str) -> list[RecordInfo]:
    """Every record filed for a citizen, oldest first (no audit entry: see `show`)."""
    with db.session_scope(archive.engine) as s:
        metas = [
            json.loads(r.meta)
            for r in s.scalars(
                select(index.RecordRow)
                .join(
                    index.RecordCitizenRow,
                    index.RecordCitizenRow.record_id == index.RecordRow.record_id,
                )
                .where(index.RecordCitizenRow.citizen_id == citizen_id)
                .order_by(index.RecordRow.created, index.RecordRow.record_id)
            )
        ]
    return [info_from_meta(m) for m in metas]
