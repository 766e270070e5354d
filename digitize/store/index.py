"""The archive's SQL index: records, fields, citizens, objects, versions, files, search.

The index is derived data: every row comes from a `record.json` or an
inventory in the OCFL root, so `reindex` can rebuild it from the root alone
(`sync_object` is the one function that writes rows, used by filing and
reindex alike). Search is accent- and case-insensitive by indexing text
folded with `digitize.text.fold`: SQLite FTS5 on SQLite, a `simple`
tsvector with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    delete,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from digitize.store.db import Base
from digitize.text import fold

__all__ = [
    "ObjectRow",
    "RecordRow",
    "RecordCitizenRow",
    "FieldRow",
    "FileRow",
    "VersionRow",
    "sync_object",
    "search",
    "Hit",
    "search_texts",
    "fts_rowid",
    "clear",
    "AuditRow",
    "audit_row",
]


class ObjectRow(Base):
    """One OCFL object: a citizen's archive or a record waiting for review."""

    __tablename__ = "archive_objects"
    object_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "citizen" | "review"
    citizen_id: Mapped[str | None] = mapped_column(String(12), index=True, nullable=True)
    head: Mapped[int] = mapped_column(Integer)


class VersionRow(Base):
    """One version of an object, as its inventory records it."""

    __tablename__ = "archive_versions"
    object_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    user: Mapped[str] = mapped_column(String(200))


class RecordRow(Base):
    """One record (a scan or a certified copy) and its review state."""

    __tablename__ = "archive_records"
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_name: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meta: Mapped[str] = mapped_column(Text)  # the record.json, as filed
    search_text: Mapped[str] = mapped_column(Text, default="")  # PostgreSQL: fields + OCR text


class RecordCitizenRow(Base):
    """Which citizen (and so which object) a record belongs to."""

    __tablename__ = "archive_record_citizens"
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    citizen_id: Mapped[str] = mapped_column(String(12), primary_key=True, index=True)


class FieldRow(Base):
    """One field value of a record, with its folded form for field search."""

    __tablename__ = "archive_fields"
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    folded: Mapped[str | None] = mapped_column(Text, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)


class FileRow(Base):
    """One stored file of a record in one object, with its sha512."""

    __tablename__ = "archive_files"
    object_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    logical_path: Mapped[str] = mapped_column(String(300), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    sha512: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """A copy of one audit log line, for queries (who read whose records); the log is the truth."""

    __tablename__ = "archive_audit"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    operator: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20), index=True)
    record_id: Mapped[str | None] = mapped_column(String(40), index=True, nullable=True)
    objects: Mapped[str] = mapped_column(Text)  # JSON list of object ids
    hash: Mapped[str] = mapped_column(String(64))


def audit_row(entry: Mapping[str, Any]) -> AuditRow:
    """The index row of an audit entry."""
    return AuditRow(
        seq=int(entry["seq"]),
        at=str(entry["at"]),
        operator=str(entry["operator"]),
        action=str(entry["action"]),
        record_id=entry.get("record_id"),
        objects=json.dumps(entry.get("objects", [])),
        hash=str(entry["hash"]),
    )


event.listen(
    RecordRow.__table__,
    "after_create",
    DDL(
        "CREATE VIRTUAL TABLE IF NOT EXISTS archive_fts USING fts5(record_id UNINDEXED, head, body)"
    ).execute_if(dialect="sqlite"),
)
# PostgreSQL: a stored tsvector, so a plan walking `created` tests each row cheaply
event.listen(
    RecordRow.__table__,
    "after_create",
    DDL(
        "ALTER TABLE archive_records ADD COLUMN IF NOT EXISTS search_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    ).execute_if(dialect="postgresql"),
)
event.listen(
    RecordRow.__table__,
    "after_create",
    DDL(
        "CREATE INDEX IF NOT EXISTS ix_archive_records_search ON archive_records "
        "USING gin (search_tsv)"
    ).execute_if(dialect="postgresql"),
)
event.listen(
    RecordRow.__table__,
    "after_create",
    DDL(
        "CREATE INDEX IF NOT EXISTS ix_archive_records_created ON archive_records (created DESC, "
        "record_id)"
    ).execute_if(dialect="postgresql"),
)


def search_texts(meta: Mapping[str, Any], ocr_text: str) -> tuple[str, str]:
    """Folded text a record is found by: (type, IDs and field values; the OCR text)."""
    parts = [str(meta.get("doc_type", "")), *meta.get("citizen_ids", [])]
    parts += [str(f.get("value")) for f in meta.get("fields", {}).values() if f.get("value")]
    return fold(" ".join(parts)), fold(ocr_text)


def fts_rowid(record_id: str, created: datetime) -> int:
    """A stable FTS rowid: creation second, then 31 bits of the id (newest first = rowid DESC).

    Stable across reindex, so the order of equal matches never depends on
    the order objects were synced in.
    """
    return (int(created.timestamp()) << 31) | (int(record_id[1:9], 16) & 0x7FFFFFFF)


def clear(session: Session) -> None:
    """Remove every archive row (reindex starts from nothing)."""
    for table in (FileRow, FieldRow, RecordCitizenRow, RecordRow, VersionRow, ObjectRow, AuditRow):
        session.execute(delete(table))
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM archive_fts"))


def sync_object(
    session: Session,
    object_id: str,
    kind: str,
    citizen_id: str | None,
    inventory: Mapping[str, Any],
    records: Iterable[tuple[dict[str, Any], str]],
    *,
    only: set[str] | None = None,
) -> None:
    """Make the rows of one object match its head inventory and its records' metadata.

    `records` yields (record.json content, OCR text) for each record in the
    head state. Rows of a record filed in several objects are the same
    whichever object is synced, so the order of syncing never matters. With
    `only`, just those records (and the head version) are written: filing one
    record costs the same in a citizen's first or fiftieth version.
    """
    head = int(inventory["head"][1:])
    session.merge(ObjectRow(object_id=object_id, kind=kind, citizen_id=citizen_id, head=head))
    versions = inventory["versions"]
    for name in versions if only is None else [inventory["head"]]:
        version = versions[name]
        session.merge(
            VersionRow(
                object_id=object_id,
                version=int(name[1:]),
                created=version["created"],
                message=version.get("message", ""),
                user=version.get("user", {}).get("name", ""),
            )
        )
    stale = delete(FileRow).where(FileRow.object_id == object_id)
    if only is not None:
        stale = stale.where(FileRow.record_id.in_(sorted(only)))
    session.execute(stale)
    state = {
        p: d
        for d, paths in inventory["versions"][inventory["head"]]["state"].items()
        for p in paths
    }
    for meta, ocr_text in records:
        rid = meta["record_id"]
        meta_path = f"records/{rid}/record.json"
        if meta_path in state:  # marks "this object holds the record" (filing checks it)
            session.add(
                FileRow(
                    object_id=object_id,
                    logical_path=meta_path,
                    record_id=rid,
                    role="record",
                    name="record.json",
                    sha512=state[meta_path],
                    size=0,
                )
            )
        for f in meta.get("files", []):
            logical = f"records/{rid}/{f['name']}"
            session.add(
                FileRow(
                    object_id=object_id,
                    logical_path=logical,
                    record_id=rid,
                    role=f["role"],
                    name=f["name"],
                    sha512=state.get(logical, f["sha512"]),
                    size=f["size"],
                )
            )
        if kind == "review" and (
            meta.get("status") != "needs_review"
            or session.scalar(
                select(FileRow.object_id)
                .where(FileRow.record_id == rid, FileRow.object_id != object_id)
                .limit(1)
            )
        ):
            continue  # resolved: the citizen objects hold the authoritative record
        _put_record(session, meta, ocr_text)


def _put_record(session: Session, meta: Mapping[str, Any], ocr_text: str) -> None:
    rid = meta["record_id"]
    head, body = search_texts(meta, ocr_text)
    created = datetime.fromisoformat(meta["created"])
    sqlite = session.get_bind().dialect.name == "sqlite"
    session.merge(
        RecordRow(
            record_id=rid,
            kind=meta.get("kind", "scan"),
            status=meta["status"],
            doc_type=meta.get("doc_type", "unknown"),
            source_sha256=meta["source_sha256"],
            source_name=meta.get("source_name", ""),
            created=created,
            meta=json.dumps(meta, sort_keys=True, ensure_ascii=False),
            search_text="" if sqlite else f"{head} {body}",
        )
    )
    session.execute(delete(RecordCitizenRow).where(RecordCitizenRow.record_id == rid))
    for cid in dict.fromkeys(meta.get("citizen_ids", [])):
        session.add(RecordCitizenRow(record_id=rid, citizen_id=cid))
    session.execute(delete(FieldRow).where(FieldRow.record_id == rid))
    for name, f in meta.get("fields", {}).items():
        value = f.get("value")
        session.add(
            FieldRow(
                record_id=rid,
                name=name,
                value=value,
                folded=fold(value) if value else None,
                confidence=float(f.get("confidence", 0.0)),
            )
        )
    if sqlite:
        session.execute(text("DELETE FROM archive_fts WHERE record_id = :r"), {"r": rid})
        rowid = fts_rowid(rid, created)
        while session.execute(
            text("SELECT 1 FROM archive_fts WHERE rowid = :i"), {"i": rowid}
        ).first():
            rowid += 1  # two records of the same second with the same 31 bits: next free
        session.execute(
            text("INSERT INTO archive_fts(rowid, record_id, head, body) VALUES (:i, :r, :h, :b)"),
            {"i": rowid, "r": rid, "h": head, "b": body},
        )


_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Hit:
    """A search result: the record id and its record.json as indexed."""

    record_id: str
    meta: str


def search(session: Session, query: str, *, limit: int = 50, field: str | None = None) -> list[Hit]:
    """Records holding every word of `query`, accents and case ignored, newest first.

    Whole words first; only when nothing matches is the last word taken as a
    prefix (`huon` finds `HƯƠNG`). Ordering by creation (a stable FTS rowid)
    rather than a relevance score lets the index stop after `limit` hits,
    which keeps common words (`thi`, `van`, `nguyen`) cheap at 100k records.
    """
    tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return []
    if field:  # the full-text index narrows, the field's own folded value decides
        wanted = f" {' '.join(tokens)} "
        hits = [
            h
            for h in _search(session, tokens, limit * 20, prefix=False)
            if wanted in f" {_field_words(h.meta, field)} "
        ]
        return hits[:limit]
    hits = _search(session, tokens, limit, prefix=False)
    return hits or _search(session, tokens, limit, prefix=True)


def _field_words(meta: str, field: str) -> str:
    value = json.loads(meta).get("fields", {}).get(field, {}).get("value")
    return " ".join(_TOKEN.findall(fold(value))) if value else ""


def _search(session: Session, tokens: list[str], limit: int, *, prefix: bool) -> list[Hit]:
    star = "*" if prefix else ""
    if session.get_bind().dialect.name == "sqlite":
        match = " AND ".join([*(f'"{t}"' for t in tokens[:-1]), f'"{tokens[-1]}"{star}'])
        sql = text(
            "SELECT r.record_id, r.meta FROM (SELECT record_id, rowid AS k FROM archive_fts "
            "WHERE archive_fts MATCH :m ORDER BY rowid DESC LIMIT :n) f "
            "JOIN archive_records r ON r.record_id = f.record_id ORDER BY f.k DESC"
        )
        return [Hit(r, m) for r, m in session.execute(sql, {"m": match, "n": limit})]
    tsq = " & ".join([*tokens[:-1], tokens[-1] + (":*" if prefix else "")])
    return [
        Hit(r, m)
        for r, m in session.execute(
            text(
                "SELECT record_id, meta FROM archive_records "
                "WHERE search_tsv @@ to_tsquery('simple', :q) "
                "ORDER BY created DESC, record_id DESC LIMIT :n"
            ),
            {"q": tsq, "n": limit},
        )
    ]


def now_utc() -> datetime:
    return datetime.now(UTC)
