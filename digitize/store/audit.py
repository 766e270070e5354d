"""The append-only, hash-chained audit log: who did what to whose records, and when.

Personal data law (Law 91/2025/QH15, Decree 356/2025/NĐ-CP) expects a trace
of every processing of personal data, reads included. Each line is a JSON
object carrying the SHA-256 of the previous line's hash and its own content,
so removing, reordering or editing a line breaks the chain, which
`archive check` verifies. Lines name records and opaque object ids, never
personal IDs or field values. Appends take an exclusive lock on the file; a
line torn by a crash (no final newline) was never committed and is cut off
by the next append.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["AuditLog", "ChainCheck", "GENESIS"]

GENESIS = "0" * 64


def _line_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """Result of verifying the chain: entries read, and the first problem (None if intact)."""

    entries: int
    problem: str | None


class AuditLog:
    """The audit log file at `path`."""

    def __init__(
        self, path: Path, on_append: Callable[[dict[str, Any]], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.on_append = on_append  # e.g. copy the entry into the index (the file stays the truth)

    def append(
        self,
        *,
        operator: str,
        action: str,
        record_id: str | None = None,
        objects: Iterable[str] = (),
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> str:
        """Append one entry (fsynced before returning); returns its hash."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            prev, seq = self._tail(fd)
            entry: dict[str, Any] = {
                "seq": seq,
                "at": (at or datetime.now(UTC)).isoformat(timespec="microseconds"),
                "operator": operator,
                "action": action,
                "record_id": record_id,
                "objects": sorted(set(objects)),
                "detail": detail or {},
                "prev": prev,
            }
            entry["hash"] = _line_hash(entry)
            line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.on_append is not None:
            self.on_append(entry)
        return str(entry["hash"])

    def _tail(self, fd: int) -> tuple[str, int]:
        """Hash and next sequence number after the last complete line; cuts a torn last line."""
        size = os.fstat(fd).st_size
        if size == 0:
            return GENESIS, 1
        block = min(size, 65536)
        data = os.pread(fd, block, size - block)
        while b"\n" not in data[:-1] and block < size:  # one very long line
            block = min(size, block * 4)
            data = os.pread(fd, block, size - block)
        if not data.endswith(b"\n"):
            cut = data.rfind(b"\n")
            keep = size - block + cut + 1 if cut >= 0 else 0
            os.ftruncate(fd, keep)
            os.fsync(fd)
            if keep == 0:
                return GENESIS, 1
            data = data[: cut + 1]
        last = data[:-1].rsplit(b"\n", 1)[-1]
        entry = json.loads(last)
        return str(entry["hash"]), int(entry["seq"]) + 1

    def entries(self) -> list[dict[str, Any]]:
        """Every complete entry, in order (a torn last line is ignored)."""
        if not self.path.exists():
            return []
        out = []
        for raw in self.path.read_bytes().split(b"\n")[:-1]:
            out.append(json.loads(raw))
        return out

    def has(self, action: str, record_id: str) -> bool:
        """Whether a complete entry of `action` on `record_id` is in the log.

        A full scan: only settling a dead filer's marker asks, i.e. after crashes alone.
        """
        if not self.path.exists():
            return False
        data = self.path.read_bytes()
        needle = json.dumps(record_id).encode()
        at = data.find(needle)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            if end < 0:  # a torn last line was never committed
                return False
            entry = json.loads(data[start:end])
            if entry.get("action") == action and entry.get("record_id") == record_id:
                return True
            at = data.find(needle, end)
        return False

    def verify(self) -> ChainCheck:
        """Walk the chain from the start; report the first broken link."""
        if not self.path.exists():
            return ChainCheck(0, None)
        prev = GENESIS
        count = 0
        lines = self.path.read_bytes().split(b"\n")
        for number, raw in enumerate(lines[:-1], start=1):
            try:
                entry = json.loads(raw)
            except ValueError:
                return ChainCheck(count, f"line {number}: not JSON")
            if entry.get("prev") != prev:
                return ChainCheck(count, f"line {number}: chain broken (previous hash differs)")
            if entry.get("seq") != number:
                return ChainCheck(count, f"line {number}: sequence number {entry.get('seq')}")
            if _line_hash(entry) != entry.get("hash"):
                return ChainCheck(count, f"line {number}: content changed (hash differs)")
            prev = entry["hash"]
            count += 1
        return ChainCheck(count, None)
