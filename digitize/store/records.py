"""Changes to filed records: certified copies and review decisions.

Both add versions, never rewrite: a certified copy is a new record in the
same citizen object(s) as its original; a review decision is a new version
of the review object (with the change in the record's `history`: who, when,
old and new value) and, once the record has a usable ID and no open flags,
new versions of the citizen objects it is filed into.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from digitize.errors import UsageProblem
from digitize.models import DocType, ScanStatus
from digitize.store import db, index
from digitize.store.model import Filed, json_bytes, record_id_for, valid_citizen_id
from digitize.store.ocfl import sha512_bytes

if TYPE_CHECKING:
    from digitize.store.archive import Archive

__all__ = ["file_certified_copy", "resolve_review"]


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


def resolve_review(
    archive: Archive,
    record_id: str,
    *,
    fields: dict[str, str | None],
    citizen_ids: tuple[str, ...] | None,
    operator: str,
    confirm: bool = False,
) -> Filed:
    """Apply a person's values (or confirmation) to a waiting record; file it when it can be."""
    from digitize.fields.validate import check_values, citizen_ids_of

    meta = archive._meta(record_id)
    if meta is None:
        archive.record(record_id)
        raise AssertionError
    if meta["status"] != ScanStatus.NEEDS_REVIEW.value:
        if fields or citizen_ids:
            raise UsageProblem("archive.not_in_review", record_id=record_id)
        return Filed(ScanStatus(meta["status"]), record_id, tuple(meta["citizen_ids"]), False)
    old_fields: dict[str, Any] = meta.get("fields", {})
    changes: dict[str, dict[str, str | None]] = {}
    for name, value in fields.items():
        old = old_fields.get(name, {}).get("value")
        if old != value:
            changes[name] = {"old": old, "new": value}
            old_fields[name] = {"value": value, "confidence": 1.0, "raw": None, "page": None}
    values = {k: v.get("value") for k, v in old_fields.items()}
    doc_type = DocType(meta.get("doc_type", "unknown"))
    ids = list(meta.get("citizen_ids", []))
    if citizen_ids is not None:
        ids = list(dict.fromkeys(citizen_ids))
    elif changes:
        ids = list(citizen_ids_of(doc_type, values)) or ids
    usable = [c for c in ids if valid_citizen_id(c)]
    if confirm:
        flags: list[str] = []
    else:
        kept = [
            f
            for f in meta.get("flags", [])
            if ":" in f
            and f.split(":", 1)[1] not in changes
            and not f.startswith("impossible_date")
        ]
        flags = list(dict.fromkeys(check_values(doc_type, values) + kept))
    if not usable:
        flags = list(dict.fromkeys([*flags, "no_citizen_id"]))
    status = ScanStatus.FILED if usable and not flags else ScanStatus.NEEDS_REVIEW
    at = archive.clock().isoformat(timespec="seconds")
    meta["history"] = [
        *meta.get("history", []),
        {
            "at": at,
            "operator": operator,
            "changes": changes,
            "citizen_ids": ids,
            "confirm": confirm,
            "status": status.value,
        },
    ]
    meta.update(fields=old_fields, citizen_ids=ids, flags=flags, status=status.value)
    review_oid = archive.review_object_id(record_id)
    files = archive._record_files(review_oid, record_id)
    files["fields.json"] = json_bytes(
        {"doc_type": doc_type.value, "fields": old_fields, "flags": flags}
    )
    meta["files"] = [
        {**f, "sha512": sha512_bytes(files["fields.json"]), "size": len(files["fields.json"])}
        if f["role"] == "fields"
        else f
        for f in meta["files"]
    ]
    payload = {f"records/{record_id}/{n}": d for n, d in files.items()}
    payload[f"records/{record_id}/record.json"] = json_bytes(meta)
    targets: list[str] = []
    if status == ScanStatus.FILED:  # citizen objects first: a crash leaves the review open
        for cid in usable:
            oid = archive.citizen_object_id(cid)
            targets.append(oid)
            archive._commit(oid, "citizen", cid, record_id, payload, f"review of {record_id}")
    archive._commit(
        review_oid, "review", None, record_id, payload, f"review by {operator}", replace=True
    )
    archive.audit.append(
        operator=operator,
        action="review",
        record_id=record_id,
        objects=[review_oid, *targets],
        detail={"fields": sorted(changes), "confirm": confirm, "status": status.value},
    )
    return Filed(
        status,
        record_id,
        tuple(usable) if status == ScanStatus.FILED else (),
        status == ScanStatus.FILED,
    )
