"""Filings in progress: a marker per record, so a kill never leaves a filed record unaudited.

The index commit and the audit append are two writes (a database, a file)
that no crash-safe step joins. So before a record's first version is written
its filer leaves a marker, `work/filing/<record id>.json`, naming the audit
entry it owes, and removes it only once that entry is in the log. The filer
holds the record's lock (one of 256 striped `flock` files) from before the
marker is written until after it is removed: a marker whose lock is free was
left by a dead filer. Settling it, under that lock: roll its objects forward,
and if the record reached the index, finish filing it into any object still
lacking it and append its `file` entry unless the log already holds one (the
filer died after the append), marked `recovered` with the record's own
`created` time; if it never did, drop the marker (nothing was filed; a retry
files and logs it). Only holders of the record's lock append a `file` entry
for it, so check-then-append is exclusive: one `file` line per record,
whatever the kill point, including a kill while settling.
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitize.store.files import write_atomic

if TYPE_CHECKING:
    from digitize.store.archive import Archive
    from digitize.store.ocfl import OcflRoot

__all__ = ["FilingJournal", "settle", "settle_all"]

log = logging.getLogger(__name__)


class FilingJournal:
    """The markers of filings in progress, in the archive's work area."""

    def __init__(self, ocfl: OcflRoot) -> None:
        self.ocfl = ocfl
        self.dir = ocfl.work / "filing"

    def lock(self, record_id: str, *, blocking: bool = True) -> AbstractContextManager[bool]:
        """The record's lock: one of 256 stripes (a lock file per record would never go away)."""
        stripe = hashlib.sha256(record_id.encode()).hexdigest()[:2]
        return self.ocfl.lock(f"filing-{stripe}", blocking=blocking)

    def path(self, record_id: str) -> Path:
        return self.dir / f"{record_id}.json"

    def exists(self, record_id: str) -> bool:
        return self.path(record_id).exists()

    def write(self, record_id: str, entry: dict[str, Any]) -> None:
        """Leave the marker (durably) before the record's first version is written."""
        write_atomic(self.path(record_id), json.dumps(entry, sort_keys=True).encode())

    def read(self, record_id: str) -> dict[str, Any] | None:
        try:
            return dict(json.loads(self.path(record_id).read_bytes()))
        except FileNotFoundError:
            return None
        except ValueError:  # never torn (atomic write); unreadable all the same: re-derived
            return {}

    def clear(self, record_id: str) -> None:
        """The entry is in the log: forget the marker (a lost unlink is settled as a no-op)."""
        self.path(record_id).unlink(missing_ok=True)

    def markers(self) -> list[str]:
        if not self.dir.is_dir():
            return []
        return sorted(p.stem for p in self.dir.glob("*.json"))

    def stale_temps(self) -> list[tuple[str, Path]]:
        """Temporary marker files of dead writers (`.<record id>.json.<hex>.tmp`)."""
        if not self.dir.is_dir():
            return []
        return [(p.name[1:].split(".json.", 1)[0], p) for p in self.dir.glob(".*.json.*.tmp")]


def settle(archive: Archive, record_id: str) -> None:
    """Finish what a dead filer of `record_id` left (the caller holds the record's lock)."""
    journal = archive.journal
    entry = journal.read(record_id)
    if entry is None:
        return
    meta = archive._meta(record_id)
    targets = list(entry.get("objects") or ([] if meta is None else archive._targets(meta)))
    for oid in targets:  # a version the filer wrote but did not index: in the index first
        archive._roll_forward(oid)
    meta = archive._meta(record_id)
    if meta is not None:
        archive._complete(meta)
        if not archive.audit.has("file", record_id):
            archive.audit.append(
                operator=entry.get("operator") or archive.operator,
                action="file",
                record_id=record_id,
                objects=targets or archive._targets(meta),
                detail={
                    **entry.get("detail", {"status": meta["status"]}),
                    "recovered": True,
                    "filed_at": meta.get("created"),
                },
            )
            log.info("audit entry of record %s recovered", record_id)
    journal.clear(record_id)


def settle_all(archive: Archive) -> list[str]:
    """Settle every marker whose record no live filer holds; the record ids settled."""
    journal = archive.journal
    settled = []
    for rid in journal.markers():
        with journal.lock(rid, blocking=False) as got:
            if got and journal.exists(rid):
                settle(archive, rid)
                settled.append(rid)
    for rid, tmp in journal.stale_temps():
        with journal.lock(rid, blocking=False) as got:
            if got:
                tmp.unlink(missing_ok=True)
    return settled
