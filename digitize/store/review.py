"""Records waiting for a person: the review queue and review decisions.

A decision adds versions, never rewrites: a new version of the record's
review object (with the change in the record's `history`: who, when, old
and new value) and, once the record has a usable ID and no open flags, new
versions of the citizen objects it is filed into.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from digitize.errors import UsageProblem
from digitize.models import DocType, ScanStatus
from digitize.store import db, index
from digitize.store.model import Filed, RecordInfo, info_from_meta, json_bytes, valid_citizen_id
from digitize.store.ocfl import sha512_bytes

if TYPE_CHECKING:
    from digitize.store.archive import Archive

__all__ = ["review_object_id", "pending_reviews", "resolve_review"]


def review_object_id(record_id: str) -> str:
    """The object a record waits in (its own; opaque: the record id derives from content)."""
    return f"review-{record_id}"


def pending_reviews(archive: Archive) -> list[RecordInfo]:
    """Records waiting for a person, oldest first."""
    with db.session_scope(archive.engine) as s:
        metas = [
            json.loads(r.meta)
            for r in s.scalars(
                select(index.RecordRow)
                .where(index.RecordRow.status == "needs_review")
                .order_by(index.RecordRow.created, index.RecordRow.record_id)
            )
        ]
    return [info_from_meta(m) for m in metas]


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
    review_oid = review_object_id(record_id)
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
