"""Reading a citizen's archive out and keeping it honest: show, search, export, check, reindex.

Every read of personal data (`show`, `search`, `export`) leaves an audit
entry. `export` (digitize/store/export.py) hands over every version and
re-checks every digest on the way out, refusing a damaged object rather
than hand over a silently altered file. `check` re-hashes
every stored file, has ocfl-py validate each object (counting good objects,
because its root-level verdict ignores bad objects), and walks the audit
chain. `reindex` rebuilds the index from the OCFL root alone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from digitize.errors import UsageProblem
from digitize.store import db, index
from digitize.store.archive import Archive, RecordInfo, info_from_meta, valid_citizen_id
from digitize.store.export import DamagedObject, ExportReport, UnknownCitizen, export
from digitize.store.fixity import Damage

__all__ = [
    "CheckReport",
    "ExportReport",
    "ReindexReport",
    "DamagedObject",
    "UnknownCitizen",
    "require_citizen_id",
    "show",
    "search",
    "export",
    "check",
    "reindex",
]


def require_citizen_id(value: str) -> str:
    """`value` if it is a usable personal ID, else a usage error (exit 2) in one line."""
    value = value.strip()
    if not valid_citizen_id(value):
        raise UsageProblem("archive.bad_citizen", value=value)
    return value


def show(archive: Archive, citizen_id: str) -> list[RecordInfo]:
    """Every record of a citizen; the read is audited."""
    records = archive.citizen_records(citizen_id)
    oid = archive.citizen_object_id(citizen_id)
    archive.audit.append(
        operator=archive.operator, action="show", objects=[oid], detail={"records": len(records)}
    )
    return records


def search(
    archive: Archive, query: str, *, limit: int = 50, field: str | None = None
) -> list[RecordInfo]:
    """Records holding every word of `query` (in `field` only, if given); audited sans query."""
    with db.session_scope(archive.engine) as s:
        metas = [json.loads(r.meta) for r in index.search(s, query, limit=limit, field=field)]
    archive.audit.append(operator=archive.operator, action="search", detail={"results": len(metas)})
    return [info_from_meta(m) for m in metas]


@dataclass(frozen=True)
class CheckReport:
    """The whole archive's health: fixity, OCFL validity, the audit chain."""

    objects: int
    valid_objects: int
    files: int
    damaged: tuple[Damage, ...]
    validation_errors: tuple[str, ...]
    audit_entries: int
    audit_problem: str | None

    @property
    def ok(self) -> bool:
        return (
            not self.damaged
            and self.valid_objects == self.objects
            and self.audit_problem is None
            and not self.validation_errors
        )


def check(archive: Archive, *, ocfl_digests: bool = False) -> CheckReport:
    """Re-hash every stored file, validate every object with ocfl-py, verify the audit chain."""
    damaged: list[Damage] = []
    files = 0
    for oid in archive.ocfl.object_ids():
        result = archive.ocfl.fixity(oid)
        if result.damaged:  # maybe mid-write (inventory replaced, sidecar not yet): under lock
            with archive.ocfl.lock(oid):
                result = archive.ocfl.fixity(oid)
        files += result.files
        damaged.extend(result.damaged)
    objects, good, messages = archive.ocfl.validate_objects(check_digests=ocfl_digests)
    chain = archive.audit.verify()
    archive.audit.append(
        operator=archive.operator,
        action="check",
        detail={"objects": objects, "damaged": len(damaged)},
    )
    return CheckReport(
        objects, good, files, tuple(damaged), tuple(messages), chain.entries, chain.problem
    )


@dataclass(frozen=True)
class ReindexReport:
    """What a rebuild of the index found in the OCFL root."""

    objects: int
    records: int
    seconds: float


def reindex(archive: Archive) -> ReindexReport:
    """Drop every archive row and rebuild them from the OCFL root alone."""
    started = time.monotonic()
    archive.recover()
    with db.session_scope(archive.engine) as s:
        index.clear(s)
    count = 0
    for oid in archive.ocfl.object_ids():
        with archive.ocfl.lock(oid):
            inv = archive.ocfl.inventory(oid)
            if inv is not None:
                archive._sync(oid, inv)
                count += 1
    with db.session_scope(archive.engine) as s:  # the audit copy, from the log itself
        for entry in archive.audit.entries():
            s.merge(index.audit_row(entry))
    with db.session_scope(archive.engine) as s:
        from sqlalchemy import func, select

        records = int(s.scalar(select(func.count()).select_from(index.RecordRow)) or 0)
    archive.audit.append(
        operator=archive.operator, action="reindex", detail={"objects": count, "records": records}
    )
    return ReindexReport(count, records, time.monotonic() - started)
