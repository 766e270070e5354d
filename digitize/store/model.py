"""The archive's vocabulary: records as callers see them, ids, and small helpers.

Importable from `digitize.store.archive` too (the agreed contract); kept
here so the archive's filing logic stays one readable module.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from digitize.errors import EnvironmentProblem, InputRejected
from digitize.models import DocType, FieldValue, ScannedDocument, ScanStatus
from digitize.store.ocfl import sha512_bytes, sha512_file

__all__ = [
    "StoredFile",
    "RecordInfo",
    "Filed",
    "UnknownRecord",
    "NoArchive",
    "record_id_for",
    "valid_citizen_id",
    "info_from_meta",
    "json_bytes",
    "load_key",
    "os_user",
    "digest_of",
    "size_of",
    "scan_record",
]

_SAFE_EXT = re.compile(r"^\.[a-z0-9]{1,5}$")


class UnknownRecord(InputRejected):
    """No record with this id in the archive."""

    key = "archive.unknown_record"


class NoArchive(EnvironmentProblem):
    """Reading commands found no archive where the configuration points (exit 5).

    Only filing creates an archive: a reader pointed at a wrong folder must
    say so, not leave an empty archive there and report "nothing found".
    """

    key = "archive.missing"


@dataclass(frozen=True)
class StoredFile:
    """One file of a record as stored: role, name in the record, sha512, size."""

    role: str  # "source" | "pdf" | "text" | "fields" | "certified"
    name: str
    sha512: str
    size: int


@dataclass(frozen=True)
class RecordInfo:
    """A record as the archive knows it."""

    record_id: str
    status: ScanStatus
    doc_type: DocType
    citizen_ids: tuple[str, ...]
    fields: dict[str, FieldValue]
    flags: tuple[str, ...]
    source_sha256: str
    source_name: str
    files: tuple[StoredFile, ...]
    created: datetime
    kind: str = "scan"  # or "certified_copy"


@dataclass(frozen=True)
class Filed:
    """Outcome of filing: the status, the record id, whose archive it went into, new or not."""

    status: ScanStatus
    record_id: str
    citizen_ids: tuple[str, ...]
    new: bool


def record_id_for(content_sha256: str, kind: str = "scan") -> str:
    """A record id derived from the content, so the same content always gets the same id."""
    prefix = "r" if kind == "scan" else "c"
    return prefix + hashlib.sha256(f"digitize:{kind}:{content_sha256}".encode()).hexdigest()[:31]


def valid_citizen_id(value: str) -> bool:
    """A usable personal ID: 12 digits with a real province code."""
    from digitize.fields.validate import id_structure_ok

    return id_structure_ok(value)


def info_from_meta(meta: dict[str, Any]) -> RecordInfo:
    """The `RecordInfo` of a record.json."""
    return RecordInfo(
        record_id=meta["record_id"],
        status=ScanStatus(meta["status"]),
        doc_type=DocType(meta.get("doc_type", "unknown")),
        citizen_ids=tuple(meta.get("citizen_ids", ())),
        fields={
            k: FieldValue(
                v.get("value"), float(v.get("confidence", 0.0)), v.get("raw"), v.get("page")
            )
            for k, v in meta.get("fields", {}).items()
        },
        flags=tuple(meta.get("flags", ())),
        source_sha256=meta["source_sha256"],
        source_name=meta.get("source_name", ""),
        files=tuple(
            StoredFile(f["role"], f["name"], f["sha512"], int(f["size"]))
            for f in meta.get("files", ())
        ),
        created=datetime.fromisoformat(meta["created"]),
        kind=meta.get("kind", "scan"),
    )


def scan_record(
    doc: ScannedDocument, rid: str, *, created: datetime, operator: str
) -> tuple[dict[str, Any], dict[str, bytes | Path]]:
    """The record.json and the files of a scanned document (source and PDF streamed later)."""
    ex = doc.extraction
    usable = tuple(c for c in dict.fromkeys(ex.citizen_ids) if valid_citizen_id(c))
    status = ScanStatus.FILED if usable and not ex.flags else ScanStatus.NEEDS_REVIEW
    ext = Path(doc.source_path).suffix.lower()
    fields = {
        k: {
            "value": v.value,
            "confidence": round(v.confidence, 4),
            "raw": v.raw,
            "page": v.page,
        }
        for k, v in ex.fields.items()
    }
    blobs: dict[str, tuple[str, bytes | Path]] = {
        f"source{ext if _SAFE_EXT.match(ext) else '.bin'}": ("source", Path(doc.source_path)),
        "document.pdf": ("pdf", Path(doc.pdf_path)),
        "text.txt": ("text", doc.text.encode()),
        "fields.json": (
            "fields",
            json_bytes({"doc_type": ex.doc_type.value, "fields": fields, "flags": list(ex.flags)}),
        ),
    }
    meta: dict[str, Any] = {
        "record_id": rid,
        "kind": "scan",
        "status": status.value,
        "doc_type": ex.doc_type.value,
        "doc_type_confidence": round(ex.doc_type_confidence, 4),
        "citizen_ids": list(dict.fromkeys(ex.citizen_ids)),
        "fields": fields,
        "flags": list(ex.flags),
        "source_sha256": doc.source_sha256,
        "source_name": Path(doc.source).name,
        "media_type": doc.media_type,
        "engine": doc.engine,
        "pages": len(doc.pages),
        "created": created.isoformat(timespec="seconds"),
        "operator": operator,
        "files": [
            {"role": role, "name": name, "sha512": digest_of(data), "size": size_of(data)}
            for name, (role, data) in blobs.items()
        ],
        "history": [],
    }
    return meta, {name: data for name, (_role, data) in blobs.items()}


def json_bytes(data: Any) -> bytes:
    """Stable, readable JSON for files stored in the archive."""
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def digest_of(data: bytes | Path) -> str:
    return sha512_bytes(data) if isinstance(data, bytes) else sha512_file(data)


def size_of(data: bytes | Path) -> int:
    return len(data) if isinstance(data, bytes) else data.stat().st_size


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def load_key(path: Path) -> bytes:
    """The archive's object-id key: written to a temp file, then linked into place once."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w") as fh:
            os.chmod(tmp, 0o600)
            fh.write(os.urandom(32).hex())
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic, and never replaces a key another process made
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return bytes.fromhex(path.read_text().strip())
