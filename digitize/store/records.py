"""Certified copies of filed records (review decisions: digitize/store/review.py).

A copy adds a version, never rewrites: it is a new record in the same
citizen object(s) as its original.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from digitize.store import db, index
from digitize.store.model import json_bytes, record_id_for
from digitize.store.ocfl import sha512_bytes

if TYPE_CHECKING:
    from digitize.store.archive import Archive

__all__ = ["file_certified_copy"]


def file_certified_copy(
    archive: Archive,
    record_id: str,
    pdf: Path,
    *,
    certification_number: str,
    book_number: str,
    certified_at: datetime,
    official: str,
) -> str:
    """File a signed copy of `record_id` into the objects holding the original; its record id."""
    parent = archive._meta(record_id)
    if parent is None:
        archive.record(record_id)  # raises UnknownRecord
        raise AssertionError
    data = Path(pdf).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    cid = record_id_for(sha, "certified_copy")
    if archive._meta(cid) is not None:
        return cid
    with db.session_scope(archive.engine) as s:
        objects = sorted(
            set(
                s.scalars(
                    select(index.FileRow.object_id).where(
                        index.FileRow.record_id == record_id,
                        index.FileRow.logical_path == f"records/{record_id}/record.json",
                    )
                )
            )
        )
    # a resolved review record lives in citizen objects: keep the copy there only
    if any(not o.startswith("review-") for o in objects):
        objects = [o for o in objects if not o.startswith("review-")]
    meta: dict[str, Any] = {
        "record_id": cid,
        "kind": "certified_copy",
        "status": parent["status"],
        "doc_type": parent.get("doc_type", "unknown"),
        "doc_type_confidence": 1.0,
        "citizen_ids": parent.get("citizen_ids", []),
        "fields": parent.get("fields", {}),
        "flags": [],
        "source_sha256": sha,
        "source_name": Path(pdf).name,
        "media_type": "application/pdf",
        "parent_record": record_id,
        "certification": {
            "number": certification_number,
            "book_number": book_number,
            "certified_at": certified_at.isoformat(),
            "official": official,
        },
        "created": archive.clock().isoformat(timespec="seconds"),
        "operator": archive.operator,
        "files": [
            {
                "role": "certified",
                "name": "certified.pdf",
                "sha512": sha512_bytes(data),
                "size": len(data),
            }
        ],
        "history": [],
    }
    payload = {f"records/{cid}/certified.pdf": data, f"records/{cid}/record.json": json_bytes(meta)}
    for oid in objects:
        citizen = _citizen_of(archive, oid)
        archive._commit(
            oid,
            "citizen" if citizen else "review",
            citizen,
            cid,
            payload,
            f"certified copy {certification_number} of {record_id}",
        )
    archive.audit.append(
        operator=archive.operator,
        action="certify",
        record_id=cid,
        objects=objects,
        detail={"parent": record_id, "certification_number": certification_number},
    )
    return cid


def _citizen_of(archive: Archive, oid: str) -> str | None:
    with db.session_scope(archive.engine) as s:
        row = s.get(index.ObjectRow, oid)
        return row.citizen_id if row is not None else None
