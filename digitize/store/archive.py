"""The per-citizen archive: OCFL objects as the truth, the SQL index as a derived view.

Filing recipe (per target object, under its lock): recover an interrupted
write if one was left → skip if the record is already in the object → write
a new OCFL version → sync the object's index rows → forget the intent. The
whole filing of a record holds the record's lock and leaves a marker until
its audit entry is appended (digitize/store/journal.py): a kill never loses
that entry nor doubles it. A record with a usable personal ID and no flags
is filed into the object of each citizen it concerns; any other record
waits in its own review object (never lost, never guessed) until
`resolve_review` (digitize/store/review.py). Object ids are opaque (an HMAC
of the personal ID under a key kept in the archive), so no personal ID
appears in a path.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from digitize.config import ArchiveConfig
from digitize.errors import EnvironmentProblem
from digitize.models import ScannedDocument, ScanStatus
from digitize.store import db, index
from digitize.store.audit import AuditLog
from digitize.store.journal import FilingJournal, settle, settle_all
from digitize.store.model import (
    Filed,
    NoArchive,
    RecordInfo,
    StoredFile,
    UnknownRecord,
    info_from_meta,
    json_bytes,
    load_key,
    os_user,
    record_id_for,
    scan_record,
    valid_citizen_id,
)
from digitize.store.ocfl import SPEC, OcflRoot
from digitize.store.reads import citizen_records, read_file
from digitize.store.review import pending_reviews, resolve_review, review_object_id

log = logging.getLogger(__name__)

__all__ = [
    "StoredFile",
    "RecordInfo",
    "Filed",
    "Archive",
    "UnknownRecord",
    "record_id_for",
    "valid_citizen_id",
    "info_from_meta",
]


class Archive:
    """An open archive: the OCFL root, its index engine, its audit log."""

    def __init__(self, config: ArchiveConfig, operator: str, clock: Any = None) -> None:
        self.config = config
        self.base = Path(config.root)
        self.ocfl = OcflRoot(self.base / "ocfl", self.base / "work")
        self.audit = AuditLog(self.base / "audit.log", on_append=self._index_audit)
        self.journal = FilingJournal(self.ocfl)
        self.operator = operator or config.operator or os_user()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.engine = db.open_engine(db.database_url(config))
        self._key: bytes = b""
        self._object_ids: dict[str, str] = {}

    @classmethod
    def open(
        cls, config: ArchiveConfig, *, operator: str = "", clock: Any = None, create: bool = True
    ) -> Archive:
        """Create the OCFL root and index if missing; EnvironmentProblem (exit 5) if unwritable.

        Readers pass `create=False`: no archive there is NoArchive (exit 5), and nothing is made.
        """
        if not create and not (Path(config.root) / "ocfl" / f"0={SPEC}").is_file():
            raise NoArchive(root=str(config.root))
        archive = cls(config, operator, clock)
        archive.ocfl.ensure()
        try:
            archive._key = load_key(archive.base / "object-id.key")
        except (OSError, ValueError) as e:
            raise EnvironmentProblem(detail=f"archive key unusable: {e}") from e
        with archive.ocfl.lock("schema"):  # parallel first opens (scan --jobs) must not race
            try:
                db.create_schema(archive.engine)
            except EnvironmentProblem:  # another machine created a table in between: once more
                db.create_schema(archive.engine)
        archive.recover()
        return archive

    def close(self) -> None:
        """Nothing to flush (every write is committed when it returns); kept for symmetry."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- ids ----------------------------------------------------------------------------

    def citizen_object_id(self, citizen_id: str) -> str:
        """The opaque object id of a citizen's archive (the index first, for a re-keyed root)."""
        if citizen_id in self._object_ids:
            return self._object_ids[citizen_id]
        with db.session_scope(self.engine) as s:
            found = s.scalar(
                select(index.ObjectRow.object_id).where(
                    index.ObjectRow.citizen_id == citizen_id, index.ObjectRow.kind == "citizen"
                )
            )
        if not found:
            mac = hmac.new(self._key, citizen_id.encode(), hashlib.sha256).hexdigest()
            found = f"c-{mac[:40]}"
        self._object_ids[citizen_id] = found
        return found

    @staticmethod
    def review_object_id(record_id: str) -> str:
        return review_object_id(record_id)

    # ----- filing -------------------------------------------------------------------------

    def file_scanned(self, doc: ScannedDocument) -> Filed:
        """File a scanned document; the same source content again is a no-op (new=False)."""
        rid = record_id_for(doc.source_sha256)
        existing = self._meta(rid)
        if existing is not None and not self.journal.exists(rid):
            return self._complete(existing)
        with self.journal.lock(rid):  # one filer of this content at a time, to its audit entry
            if self.journal.exists(rid):  # a dead filer's marker (a live one holds the lock)
                settle(self, rid)
            existing = self._meta(rid)
            if existing is not None:
                return self._complete(existing)
            review_inv = self.ocfl.inventory(self.review_object_id(rid))
            if review_inv is not None:  # filed for review before, index lost: resync it
                self._commit(self.review_object_id(rid), "review", None, rid, {}, "")
                meta = self._meta(rid)
                if meta is not None:
                    return self._complete(meta)
            meta, files = scan_record(doc, rid, created=self.clock(), operator=self.operator)
            targets, detail = self._targets(meta), {"status": meta["status"]}
            self.journal.write(
                rid, {"objects": targets, "detail": detail, "operator": self.operator}
            )
            new = self._file(meta, files)
            self.audit.append(
                operator=self.operator, action="file", record_id=rid, objects=targets, detail=detail
            )
            self.journal.clear(rid)
        return Filed(ScanStatus(meta["status"]), rid, self._usable(meta), new)

    def _usable(self, meta: dict[str, Any]) -> tuple[str, ...]:
        if meta["status"] != ScanStatus.FILED.value:
            return ()
        return tuple(c for c in meta.get("citizen_ids", ()) if valid_citizen_id(c))

    def _targets(self, meta: dict[str, Any]) -> list[str]:
        usable = self._usable(meta)
        if usable:
            return [self.citizen_object_id(c) for c in usable]
        return [self.review_object_id(meta.get("parent_record") or meta["record_id"])]

    def _file(self, meta: dict[str, Any], files: Mapping[str, bytes | Path]) -> bool:
        """Write the record into every target object; True if any version was written."""
        rid = meta["record_id"]
        payload: dict[str, bytes | Path] = {
            f"records/{rid}/{name}": data for name, data in files.items()
        }
        payload[f"records/{rid}/record.json"] = json_bytes(meta)
        new = False
        for cid, oid in self._target_pairs(meta):
            kind = "citizen" if cid else "review"
            new |= self._commit(oid, kind, cid, rid, payload, f"file record {rid}")
        return new

    def _target_pairs(self, meta: dict[str, Any]) -> list[tuple[str | None, str]]:
        usable = self._usable(meta)
        if usable:
            return [(c, self.citizen_object_id(c)) for c in usable]
        return [(None, self._targets(meta)[0])]

    def _complete(self, meta: dict[str, Any]) -> Filed:
        """An already-known record: finish an interrupted filing if an object still lacks it."""
        rid = meta["record_id"]
        with db.session_scope(self.engine) as s:
            have = set(
                s.scalars(
                    select(index.FileRow.object_id).where(
                        index.FileRow.record_id == rid,
                        index.FileRow.logical_path == f"records/{rid}/record.json",
                    )
                )
            )
        missing = [oid for oid in self._targets(meta) if oid not in have]
        new = False
        if missing:
            source_oid = next(iter(have)) if have else None
            if source_oid is not None:
                files = self._record_files(source_oid, rid)
                new = self._file(meta, files)
        return Filed(ScanStatus(meta["status"]), rid, self._usable(meta), new)

    def _record_files(self, oid: str, rid: str) -> dict[str, bytes]:
        inv = self.ocfl.inventory(oid)
        assert inv is not None
        prefix = f"records/{rid}/"
        return {
            p[len(prefix) :]: self.ocfl.read(oid, p, inv)
            for p in self.ocfl.head_state(inv)
            if p.startswith(prefix) and p != prefix + "record.json"
        }

    def _commit(
        self,
        oid: str,
        kind: str,
        citizen_id: str | None,
        rid: str,
        payload: Mapping[str, bytes | Path],
        message: str,
        *,
        replace: bool = False,
    ) -> bool:
        """Under the object's lock: add `payload` as a version unless the record is there; sync.

        With `replace`, a record already in the object gets the payload as a new
        version unless its record.json is already exactly the payload's.
        """
        with self.ocfl.lock(oid):
            crashed = (self.ocfl.intents / f"{oid}.intent").exists()
            if crashed:
                self.ocfl.recover(oid)
            inv = self.ocfl.inventory(oid)
            meta_path = f"records/{rid}/record.json"
            present = (
                inv is not None
                and meta_path in self.ocfl.head_state(inv)
                and (not replace or payload.get(meta_path) == self.ocfl.read(oid, meta_path, inv))
            )
            written = False
            if not present and payload:
                files = dict(payload)
                if inv is None and citizen_id:
                    files["citizen.json"] = json_bytes({"citizen_id": citizen_id})
                self.ocfl.add_version(
                    oid, files, created=self.clock(), message=message, user=self.operator
                )
                inv = self.ocfl.inventory(oid)
                written = True
            if inv is not None:  # a crash may have left other versions unindexed: all then
                self._sync(oid, inv, only=None if crashed or not payload else {rid})
            self.ocfl.done(oid)
            return written

    def _sync(self, oid: str, inv: dict[str, Any], only: set[str] | None = None) -> None:
        """Index rows of the object (of the records in `only`, when given) from OCFL."""
        state = self.ocfl.head_state(inv)
        citizen_id = None
        if "citizen.json" in state:
            citizen_id = json.loads(self.ocfl.read(oid, "citizen.json", inv))["citizen_id"]
        records = []
        for path in sorted(state):
            if (
                path.startswith("records/")
                and path.endswith("/record.json")
                and (only is None or path.split("/")[1] in only)
            ):
                meta = json.loads(self.ocfl.read(oid, path, inv))
                text_path = path.rsplit("/", 1)[0] + "/text.txt"
                ocr = self.ocfl.read(oid, text_path, inv).decode() if text_path in state else ""
                records.append((meta, ocr))
        kind = "citizen" if citizen_id else "review"
        with db.session_scope(self.engine) as s:
            index.sync_object(s, oid, kind, citizen_id, inv, records, only=only)

    def _meta(self, rid: str) -> dict[str, Any] | None:
        with db.session_scope(self.engine) as s:
            row = s.get(index.RecordRow, rid)
            return None if row is None else dict(json.loads(row.meta))

    def _index_audit(self, entry: dict[str, Any]) -> None:
        """Copy an audit entry into the index; a miss is repaired by `reindex` (never fatal)."""
        try:
            with db.session_scope(self.engine) as s:
                s.merge(index.audit_row(entry))
        except Exception as e:  # noqa: BLE001 - the log line is written: the copy can wait
            log.warning(
                "audit entry %s not copied into the index: %s", entry["seq"], type(e).__name__
            )

    # ----- recovery -----------------------------------------------------------------------

    def recover(self) -> list[str]:
        """Roll forward every write a crash interrupted (no live writer holds); objects done."""
        done = [oid for oid in self.ocfl.pending() if self._roll_forward(oid, blocking=False)]
        if done:
            self.audit.append(operator=self.operator, action="recover", objects=done)
        settle_all(self)
        return done

    def _roll_forward(self, oid: str, *, blocking: bool = True) -> bool:
        """Under the object's lock: finish and index an interrupted write of it, if any."""
        with self.ocfl.lock(oid, blocking=blocking) as got:
            if not got or not (self.ocfl.intents / f"{oid}.intent").exists():
                return False
            self.ocfl.recover(oid)
            inv = self.ocfl.inventory(oid)
            if inv is not None:
                self._sync(oid, inv)
            self.ocfl.done(oid)
            return True

    # ----- reading ------------------------------------------------------------------------

    def find_source(self, sha256: str) -> str | None:
        """The record id of already-filed content, or None (backfill skips what is found)."""
        rid = record_id_for(sha256)
        if self.journal.exists(rid):  # a killed filing of it: finished (or dropped) first
            with self.journal.lock(rid):
                settle(self, rid)
        with db.session_scope(self.engine) as s:
            return rid if s.get(index.RecordRow, rid) is not None else None

    def record(self, record_id: str) -> RecordInfo:
        """What the archive knows of `record_id` (UnknownRecord, exit 4, if nothing)."""
        meta = self._meta(record_id)
        if meta is None:
            raise UnknownRecord(record_id=record_id)
        return info_from_meta(meta)

    def read_file(self, record_id: str, role: str = "pdf") -> bytes:
        """A stored file of a record, digest re-checked (DocumentFailed if damaged); audited."""
        return read_file(self, record_id, role)

    def pending_reviews(self) -> list[RecordInfo]:
        """Records waiting for a person, oldest first."""
        return pending_reviews(self)

    def file_certified_copy(
        self,
        record_id: str,
        pdf: Path,
        *,
        certification_number: str,
        book_number: str,
        certified_at: datetime,
        official: str,
    ) -> str:
        """File a signed certified copy of `record_id` beside it (new version); the copy's id."""
        from digitize.store.records import file_certified_copy

        return file_certified_copy(
            self, record_id, pdf, certification_number=certification_number,
            book_number=book_number, certified_at=certified_at, official=official,
        )  # fmt: skip

    def resolve_review(
        self,
        record_id: str,
        *,
        fields: dict[str, str | None],
        citizen_ids: tuple[str, ...] | None,
        operator: str,
        confirm: bool = False,
    ) -> Filed:
        """Set or confirm values of a waiting record; file it once it has a usable ID."""
        return resolve_review(
            self,
            record_id,
            fields=fields,
            citizen_ids=citizen_ids,
            operator=operator or self.operator,
            confirm=confirm,
        )

    def citizen_records(self, citizen_id: str) -> list[RecordInfo]:
        """Every record filed for a citizen, oldest first (no audit entry: see `show`)."""
        return citizen_records(self, citizen_id)
