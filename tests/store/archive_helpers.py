"""Archive test helpers: fictional scanned documents built without OCR."""

from __future__ import annotations

import hashlib
import itertools
import uuid
from pathlib import Path

from digitize.models import DocType, Extraction, FieldValue, ScannedDocument

# Fictional people; real province codes (001 Hà Nội, 079 TP HCM), IDs fit the birth year.
HUONG = "001190012345"
MINH = "079085004321"
_counter = itertools.count()


def make_doc(
    tmp: Path,
    *,
    citizen_ids: tuple[str, ...] = (HUONG,),
    name: str = "NGUYỄN THỊ HƯƠNG",
    flags: tuple[str, ...] = (),
    payload: bytes | None = None,
    doc_type: DocType = DocType.BIRTH_CERTIFICATE,
) -> ScannedDocument:
    """A scanned document as the pipeline would hand it over, built without OCR."""
    n = next(_counter)
    data = payload if payload is not None else f"scan {n} {uuid.uuid4()}".encode()
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / f"doc-{n}.png"
    src.write_bytes(data)
    pdf = tmp / f"doc-{n}.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% searchable copy of " + data)
    fields = {
        "full_name": FieldValue(name, 0.93, raw=name, page=1),
        "date_of_birth": FieldValue("1990-08-15", 0.88),
    }
    if citizen_ids:
        fields["personal_id"] = FieldValue(citizen_ids[0], 0.95)
    return ScannedDocument(
        source=f"in/{src.name}",
        source_path=str(src),
        source_sha256=hashlib.sha256(data).hexdigest(),
        media_type="image/png",
        pages=(),
        pdf_path=str(pdf),
        text=f"GIẤY KHAI SINH\nHọ, chữ đệm, tên: {name}\nĐặt tại Đồng Nai",
        extraction=Extraction(
            doc_type=doc_type,
            doc_type_confidence=0.97,
            fields=fields,
            citizen_ids=citizen_ids,
            flags=flags,
        ),
        engine="null",
    )


def snapshot(archive) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """Every archive index row, sorted: two equal snapshots give the same answers."""
    from sqlalchemy import text

    tables = [
        "archive_objects",
        "archive_versions",
        "archive_records",
        "archive_record_citizens",
        "archive_fields",
        "archive_files",
    ]
    if archive.engine.dialect.name == "sqlite":
        tables.append("archive_fts")
    out = {}
    with archive.engine.connect() as conn:
        for table in tables:
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()
            out[table] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def point_cli_at(archive_config, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make `digitize archive …` (CliRunner, same process) use this archive and index only."""
    monkeypatch.setenv("DIGITIZE_ARCHIVE", str(archive_config.root))
    monkeypatch.delenv("DIGITIZE_CONFIG", raising=False)
    if archive_config.database:
        monkeypatch.setenv("DIGITIZE_DATABASE", archive_config.database)
    else:
        monkeypatch.delenv("DIGITIZE_DATABASE", raising=False)
