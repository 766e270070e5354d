"""The certification register (sổ chứng thực): numbers per book and year, no gaps, no duplicates.

A number is *reserved* in its own committed transaction before signing (a
unique constraint on book+year+number, and a retry when a parallel `certify`
took the same one — on SQLite and PostgreSQL alike), then marked *issued*
with the copy's digest, or *void* with the reason when signing failed. A
process killed mid-signing leaves its entry *reserved*; the next allocation
turns such entries of dead processes on this host into *void* ("interrupted"),
so a number is never burnt silently and never given twice.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from digitize.config import ArchiveConfig
from digitize.errors import EnvironmentProblem
from digitize.store import db

__all__ = ["RegisterEntry", "Register", "RESERVED", "ISSUED", "VOID"]

RESERVED, ISSUED, VOID = "reserved", "issued", "void"
_RETRIES = 200


class _Row(db.Base):
    __tablename__ = "certification_register"
    __table_args__ = (UniqueConstraint("book", "year", "number", name="uq_register_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    book: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    book_number: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text, default="")
    record_id: Mapped[str] = mapped_column(String(128), default="")
    copy_record_id: Mapped[str] = mapped_column(String(128), default="")
    copy_sha256: Mapped[str] = mapped_column(String(64), default="")
    official: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(Text, default="")
    reserved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    host: Mapped[str] = mapped_column(String(255), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the register, as listed and exported."""

    book_number: str
    number: int
    year: int
    status: str
    source: str
    record_id: str
    copy_record_id: str
    copy_sha256: str
    official: str
    operator: str
    reserved_at: str
    completed_at: str | None
    reason: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _iso(d: datetime | None) -> str | None:
    if d is None:
        return None
    return (d if d.tzinfo else d.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _entry(r: _Row) -> RegisterEntry:
    return RegisterEntry(r.book_number, r.number, r.year, r.status, r.source, r.record_id,
                         r.copy_record_id, r.copy_sha256, r.official, r.operator,
                         _iso(r.reserved_at) or "", _iso(r.completed_at), r.reason)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Register:
    """The register in the index database of `config` (SQLite in the archive, or PostgreSQL)."""

    def __init__(self, config: ArchiveConfig, *, book: str = "01", suffix: str = "SCT/BS") -> None:
        self.book, self.suffix = book, suffix
        if not config.database:
            try:
                config.root.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise EnvironmentProblem(detail=f"archive {config.root} not writable: "
                                                f"{e.strerror}") from e
        self.engine = db.open_engine(db.database_url(config))
        for attempt in range(5):  # parallel first runs race on CREATE TABLE; the loser retries
            try:
                db.create_schema(self.engine)
                break
            except EnvironmentProblem:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def book_number(self, year: int) -> str:
        """Quyển số, e.g. 01/2026/SCT/BS."""
        return f"{self.book}/{year}/{self.suffix}"

    def reserve(self, *, source: str, record_id: str, official: str, operator: str = "",
                now: datetime | None = None) -> RegisterEntry:
        """Take the next number of this year's book, committed before any signing starts."""
        now = now or datetime.now(UTC)
        self.void_interrupted()
        for attempt in range(_RETRIES):
            try:
                with db.session_scope(self.engine) as s:
                    top = s.execute(select(func.max(_Row.number)).where(
                        _Row.book == self.book, _Row.year == now.year)).scalar()
                    row = _Row(book=self.book, year=now.year, number=(top or 0) + 1,
                               book_number=self.book_number(now.year), status=RESERVED,
                               source=source, record_id=record_id, official=official,
                               operator=operator, reserved_at=now, host=socket.gethostname(),
                               pid=os.getpid(), copy_record_id="", copy_sha256="", reason="")
                    s.add(row)
                    s.flush()
                    entry = _entry(row)
                return entry
            except (IntegrityError, OperationalError) as e:
                if attempt == _RETRIES - 1:
                    raise EnvironmentProblem(detail=f"register busy: {e.orig}") from e
                time.sleep(0.005 * (1 + attempt % 10))
        raise AssertionError("unreachable")

    def _finish(self, entry: RegisterEntry, **values: object) -> RegisterEntry:
        with db.session_scope(self.engine) as s:
            row = s.execute(select(_Row).where(
                _Row.book == self.book, _Row.year == entry.year,
                _Row.number == entry.number)).scalar_one()
            for k, v in values.items():
                setattr(row, k, v)
            row.completed_at = datetime.now(UTC)
            s.flush()
            return _entry(row)

    def issue(self, entry: RegisterEntry, *, copy_sha256: str, copy_record_id: str = "",
              ) -> RegisterEntry:
        """The copy exists: record its digest (and its archive record)."""
        return self._finish(entry, status=ISSUED, copy_sha256=copy_sha256,
                            copy_record_id=copy_record_id)

    def void(self, entry: RegisterEntry, reason: str) -> RegisterEntry:
        """Signing failed: the number stays in the book, void, with why."""
        return self._finish(entry, status=VOID, reason=reason[:2000])

    def void_interrupted(self) -> int:
        """Entries left *reserved* by processes of this host that no longer run become void."""
        host = socket.gethostname()
        with db.session_scope(self.engine) as s:
            rows = s.execute(select(_Row).where(_Row.status == RESERVED, _Row.host == host)
                             ).scalars().all()
            dead = [r for r in rows if r.pid != os.getpid() and not _alive(r.pid)]
            for r in dead:
                r.status, r.reason = VOID, "interrupted: the certifying process ended mid-signing"
                r.completed_at = datetime.now(UTC)
        return len(dead)

    def entries(self, *, year: int | None = None, status: str | None = None
                ) -> list[RegisterEntry]:
        """The register in order (year, number)."""
        q = select(_Row).order_by(_Row.book, _Row.year, _Row.number)
        if year is not None:
            q = q.where(_Row.year == year)
        if status is not None:
            q = q.where(_Row.status == status)
        with db.session_scope(self.engine) as s:
            return [_entry(r) for r in s.execute(q).scalars().all()]


def export_csv(entries: list[RegisterEntry]) -> str:
    """CSV with a header row (the keys of `RegisterEntry`)."""
    out = io.StringIO()
    names = list(RegisterEntry.__dataclass_fields__)
    w = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow(e.to_json())
    return out.getvalue()


def export_json(entries: list[RegisterEntry]) -> str:
    """JSON Lines, one entry per line."""
    return "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in entries)
