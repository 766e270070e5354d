"""`digitize archive show|search|export|check|reindex`: thin commands over digitize.store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from digitize.cli.app import app, command, new_group, state
from digitize.cli.common import JsonOpt, emit_json, finish, stdout
from digitize.errors import ExitCode
from digitize.i18n import t

__all__ = ["archive_app"]

archive_app = new_group("archive", "archive.help")
app.add_typer(archive_app, name="archive")

CitizenArg = Annotated[str, typer.Argument(metavar="CITIZEN_ID", help=t("archive.arg.citizen"))]


def _open():  # type: ignore[no-untyped-def]
    """The configured archive; none there is exit 5 (only filing commands create one)."""
    from digitize.store.archive import Archive

    config = state().config.archive
    return Archive.open(config, operator=config.operator, create=False)


def _record_json(info: Any) -> dict[str, Any]:
    return {
        "record_id": info.record_id,
        "kind": info.kind,
        "status": info.status.value,
        "citizen_ids": list(info.citizen_ids),
        "doc_type": info.doc_type.value,
        "created": info.created.isoformat(),
        "source_name": info.source_name,
        "source_sha256": info.source_sha256,
        "fields": {k: v.to_json() for k, v in info.fields.items()},
        "flags": list(info.flags),
        "files": [
            {"role": f.role, "name": f.name, "sha512": f.sha512, "size": f.size} for f in info.files
        ],
    }


def _record_line(info: Any) -> str:
    name = next(
        (
            info.fields[k].value
            for k in ("full_name", "husband_full_name", "subject_name")
            if k in info.fields and info.fields[k].value
        ),
        "",
    )
    kind = t("archive.kind.certified_copy") if info.kind == "certified_copy" else ""
    return "  ".join(
        x
        for x in (
            info.record_id,
            info.created.strftime("%Y-%m-%d %H:%M"),
            t(f"doctype.{info.doc_type.value}"),
            t(f"status.{info.status.value}"),
            kind,
            name,
            ", ".join(info.citizen_ids),
        )
        if x
    )


@command(archive_app, name="show", help_key="archive.show.help")
def show_cmd(citizen_id: CitizenArg, json_out: JsonOpt = False) -> None:
    from digitize.store.maintenance import require_citizen_id, show

    cid = require_citizen_id(citizen_id)
    with _open() as archive:
        records = show(archive, cid)
    for info in records:
        if json_out:
            emit_json(_record_json(info))
        else:
            stdout.print(_record_line(info), markup=False, soft_wrap=True)
    if not json_out:
        stdout.print(t("archive.show.summary", citizen_id=cid, count=len(records)), markup=False)


@command(archive_app, name="search", help_key="archive.search.help")
def search_cmd(
    query: Annotated[str, typer.Argument(metavar="QUERY", help=t("archive.arg.query"))],
    limit: Annotated[int, typer.Option("--limit", min=1, help=t("archive.opt.limit"))] = 50,
    field: Annotated[str | None, typer.Option("--field", help=t("archive.opt.field"))] = None,
    json_out: JsonOpt = False,
) -> None:
    from digitize.store.maintenance import search

    with _open() as archive:
        records = search(archive, query, limit=limit, field=field)
    for info in records:
        if json_out:
            emit_json(_record_json(info))
        else:
            stdout.print(_record_line(info), markup=False, soft_wrap=True)
    if not json_out:
        stdout.print(t("archive.search.summary", count=len(records)), markup=False)


@command(archive_app, name="export", help_key="archive.export.help")
def export_cmd(
    citizen_id: CitizenArg,
    out: Annotated[Path, typer.Option("--out", "-o", file_okay=False, help=t("archive.opt.out"))],
    json_out: JsonOpt = False,
) -> None:
    from digitize.store.maintenance import export, require_citizen_id

    cid = require_citizen_id(citizen_id)
    with _open() as archive:
        report = export(archive, cid, out)
    if json_out:
        emit_json(
            {
                "citizen_id": report.citizen_id,
                "object_id": report.object_id,
                "out": str(report.out),
                "version": report.version,
                "versions": report.versions,
                "files": report.files,
                "bytes": report.bytes,
                "error": None,
            }
        )
    else:
        stdout.print(
            t(
                "archive.export.done",
                out=str(report.out),
                files=report.files,
                version=report.version,
                versions=report.versions,
            ),
            markup=False,
            soft_wrap=True,
        )


@command(archive_app, name="check", help_key="archive.check.help")
def check_cmd(json_out: JsonOpt = False) -> None:
    from digitize.store.maintenance import check

    with _open() as archive:
        report = check(archive)
    for d in report.damaged:
        if json_out:
            emit_json(
                {
                    "damaged": d.path,
                    "object_id": d.object_id,
                    "problem": d.problem,
                    "logical_paths": list(d.logical_paths),
                }
            )
        else:
            stdout.print(
                t("archive.check.damaged", path=d.path, problem=t(f"archive.problem.{d.problem}")),
                markup=False,
                soft_wrap=True,
            )
    if json_out:
        emit_json(
            {
                "objects": report.objects,
                "valid_objects": report.valid_objects,
                "files": report.files,
                "damaged": len(report.damaged),
                "validation_errors": list(report.validation_errors),
                "audit_entries": report.audit_entries,
                "audit_ok": report.audit_problem is None,
                "audit_problem": report.audit_problem,
                "ok": report.ok,
            }
        )
    else:
        for message in report.validation_errors:
            stdout.print(message, markup=False, soft_wrap=True)
        if report.audit_problem:
            stdout.print(
                t("archive.check.audit_broken", problem=report.audit_problem),
                markup=False,
                soft_wrap=True,
            )
        stdout.print(
            t(
                "archive.check.summary",
                objects=report.objects,
                valid=report.valid_objects,
                files=report.files,
                damaged=len(report.damaged),
                entries=report.audit_entries,
            ),
            markup=False,
            soft_wrap=True,
        )
    finish(ExitCode.OK if report.ok else ExitCode.FAILED)


@command(archive_app, name="reindex", help_key="archive.reindex.help")
def reindex_cmd(json_out: JsonOpt = False) -> None:
    from digitize.store.maintenance import reindex

    with _open() as archive:
        report = reindex(archive)
    if json_out:
        emit_json(
            {
                "objects": report.objects,
                "records": report.records,
                "seconds": round(report.seconds, 3),
            }
        )
    else:
        stdout.print(
            t("archive.reindex.done", objects=report.objects, records=report.records), markup=False
        )
