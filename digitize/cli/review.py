"""`digitize review list|show|set|confirm`: the queue of records that wait for a person.

Thin commands over `digitize.store.archive.Archive` (pending_reviews,
record, resolve_review) and `digitize.fields.review` (what a typed value
means). Exit codes (shared/spec/cli.md): 0 done / record filed; 3 a record
still waits for a person (`list` with anything waiting, `show` of a waiting
record, `set`/`confirm` that leave it waiting); 2 a malformed record id, an
unknown field key, a value that does not parse, a bad --citizen; 4 an
unknown record id (no such record in this archive); 5 archive unusable.
"""

from __future__ import annotations

import getpass
import re
from typing import TYPE_CHECKING, Annotated, Any

import typer

from digitize.cli.app import app, command, new_group, state
from digitize.cli.common import JsonOpt, emit_json, finish, stdout
from digitize.errors import ExitCode, UsageProblem
from digitize.fields.flags import describe_flag, field_label
from digitize.fields.review import field_kinds, parse_assignments, split_assignments
from digitize.fields.validate import id_structure_ok
from digitize.i18n import t
from digitize.models import DocType, ScanStatus

if TYPE_CHECKING:
    from digitize.store.archive import Archive, Filed, RecordInfo

__all__ = ["review", "parse_record_id", "record_json", "remaining_flags", "history"]

review = new_group("review", "review.help")
app.add_typer(review, name="review")

# digitize.store.archive.record_id_for: "r" (scan) or "c" (certified copy) + 31 hex digits
RECORD_ID = re.compile(r"[rc][0-9a-f]{31}")

RecordArg = Annotated[
    str, typer.Argument(help=t("review.opt.record"), show_default=False, metavar="RECORD_ID")
]
OperatorOpt = Annotated[str | None, typer.Option("--operator", help=t("review.opt.operator"))]
CitizenOpt = Annotated[
    list[str] | None, typer.Option("--citizen", help=t("review.opt.citizen"), show_default=False)
]


def parse_record_id(value: str) -> str:
    """A record id as the archive prints it; anything else is a usage error (exit 2)."""
    value = value.strip().lower()
    if not RECORD_ID.fullmatch(value):
        raise UsageProblem("review.bad_record_id", value=value)
    return value


def _parse_citizens(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    out = []
    for v in values:
        digits = re.sub(r"[\s.\-]", "", v)
        if not id_structure_ok(digits):
            raise UsageProblem("review.bad_citizen", value=v)
        out.append(digits)
    return tuple(dict.fromkeys(out))


def _open(operator: str | None) -> tuple[Archive, str]:
    from digitize.store.archive import Archive

    config = state().config
    who = operator or config.archive.operator or getpass.getuser()
    return Archive.open(config.archive, operator=who), who


def _doc_type_label(doc_type: DocType) -> str:
    return t(f"doctype.{doc_type.value}")


def remaining_flags(info: RecordInfo) -> list[str]:
    """What still stops the record: its stored flags (the archive re-checks after each change)."""
    return list(info.flags)


def history(archive: Archive, record_id: str) -> list[dict[str, Any]]:
    """Every filing and review step of a record from the audit log: when, who, what."""
    return [
        {
            "at": e["at"],
            "operator": e["operator"],
            "action": e["action"],
            "fields": e.get("detail", {}).get("fields", []),
            "confirm": e.get("detail", {}).get("confirm", False),
            "status": e.get("detail", {}).get("status"),
        }
        for e in archive.audit.entries()
        if e.get("record_id") == record_id and e.get("action") in ("file", "review")
    ]


def record_json(info: RecordInfo) -> dict[str, Any]:
    """One record for `--json`: English keys, values as stored, flags as stable codes."""
    kinds = field_kinds(info.doc_type)
    return {
        "record_id": info.record_id,
        "status": info.status.value,
        "kind": info.kind,
        "doc_type": info.doc_type.value,
        "source": info.source_name,
        "created": info.created.isoformat(),
        "citizen_ids": list(info.citizen_ids),
        "fields": {
            k: {"value": v.value, "confidence": round(v.confidence, 2), "read": v.raw}
            for k, v in info.fields.items()
        },
        "missing": [k for k in kinds if k not in info.fields],
        "flags": remaining_flags(info),
    }


@command(review, name="list", help_key="review.list.help")
def list_(json_out: JsonOpt = False) -> None:
    archive, _ = _open(None)
    with archive:
        pending = archive.pending_reviews()
    if json_out:
        for info in pending:
            emit_json(record_json(info))
    else:
        _render_list(pending)
    finish(ExitCode.NEEDS_REVIEW if pending else ExitCode.OK)


@command(review, name="show", help_key="review.show.help")
def show(record_id: RecordArg, json_out: JsonOpt = False) -> None:
    rid = parse_record_id(record_id)
    archive, _ = _open(None)
    with archive:
        info = archive.record(rid)
        steps = history(archive, rid)
    if json_out:
        emit_json({**record_json(info), "history": steps})
    else:
        _render_record(info, steps)
    finish(ExitCode.NEEDS_REVIEW if info.status == ScanStatus.NEEDS_REVIEW else ExitCode.OK)


@command(review, name="set", help_key="review.set.help")
def set_(
    record_id: RecordArg,
    values: Annotated[
        list[str] | None,
        typer.Argument(help=t("review.opt.values"), show_default=False, metavar="KEY=VALUE..."),
    ] = None,
    citizen: CitizenOpt = None,
    operator: OperatorOpt = None,
    json_out: JsonOpt = False,
) -> None:
    rid = parse_record_id(record_id)
    citizens = _parse_citizens(citizen)
    if not values and citizens is None:
        raise UsageProblem("review.nothing_to_do")
    split_assignments(list(values or []))  # KEY=VALUE shape checked before the archive opens
    archive, who = _open(operator)
    with archive:
        before = archive.record(rid)
        if values and before.doc_type == DocType.UNKNOWN:
            raise UsageProblem("review.unknown_type")
        changes = parse_assignments(before.doc_type, list(values or []))
        filed = archive.resolve_review(rid, fields=changes, citizen_ids=citizens, operator=who)
        after = archive.record(rid)
    _report(before, after, filed, changes, json_out)


@command(review, name="confirm", help_key="review.confirm.help")
def confirm(record_id: RecordArg, operator: OperatorOpt = None, json_out: JsonOpt = False) -> None:
    rid = parse_record_id(record_id)
    archive, who = _open(operator)
    with archive:
        before = archive.record(rid)
        filed = archive.resolve_review(rid, fields={}, citizen_ids=None, operator=who, confirm=True)
        after = archive.record(rid)
    _report(before, after, filed, {}, json_out)


def _report(
    before: RecordInfo,
    after: RecordInfo,
    filed: Filed,
    changes: dict[str, str | None],
    json_out: bool,
) -> None:
    changed = {
        k: (before.fields[k].value if k in before.fields else None, v) for k, v in changes.items()
    }
    changed = {k: (old, new) for k, (old, new) in changed.items() if old != new}
    if json_out:
        out = record_json(after)
        out["changed"] = {k: {"from": old, "to": new} for k, (old, new) in changed.items()}
        emit_json(out)
    else:
        for k, (old, v) in changed.items():
            stdout.print(
                t("review.changed", field=field_label(k), old=old or "—", new=v or "—"),
                markup=False,
                soft_wrap=True,
            )
        if filed.status == ScanStatus.FILED:
            stdout.print(
                t("review.filed", record_id=filed.record_id, ids=", ".join(filed.citizen_ids)),
                markup=False,
                soft_wrap=True,
            )
        else:
            stdout.print(t("review.still_waiting", record_id=filed.record_id), markup=False)
            _render_problems(remaining_flags(after))
            stdout.print(
                t("review.how_to_finish", record_id=filed.record_id), markup=False, soft_wrap=True
            )
    finish(ExitCode.OK if filed.status == ScanStatus.FILED else ExitCode.NEEDS_REVIEW)


def _render_list(pending: list[RecordInfo]) -> None:
    if not pending:
        stdout.print(t("review.none"), markup=False)
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for key in ("record", "type", "source", "created", "problems"):
        table.add_column(t(f"review.col.{key}"), overflow="fold", no_wrap=key == "record")
    for info in pending:
        table.add_row(
            info.record_id,
            _doc_type_label(info.doc_type),
            info.source_name,
            info.created.strftime("%Y-%m-%d %H:%M"),
            "\n".join(describe_flag(f) for f in remaining_flags(info)),
        )
    stdout.print(table)
    stdout.print(t("review.count", n=len(pending)), markup=False)


def _render_problems(flags: list[str]) -> None:
    if flags:
        stdout.print(t("review.problems"), markup=False)
        for f in flags:
            stdout.print(f"  • {describe_flag(f)}", markup=False, soft_wrap=True)


def _render_record(info: RecordInfo, steps: list[dict[str, Any]]) -> None:
    from rich.table import Table

    stdout.print(
        t(
            "review.header",
            record_id=info.record_id,
            doc_type=_doc_type_label(info.doc_type),
            status=t(f"status.{info.status.value}"),
            source=info.source_name,
        ),
        markup=False,
        soft_wrap=True,
    )
    ids = ", ".join(info.citizen_ids)
    stdout.print(t("review.citizens", ids=ids) if ids else t("review.no_citizen"), markup=False)
    flags = remaining_flags(info)
    table = Table(show_lines=False)
    for key in ("field", "key", "value", "read", "confidence", "problems"):
        table.add_column(t(f"review.col.{key}"), overflow="fold")
    keys = list(field_kinds(info.doc_type)) + [
        k for k in info.fields if k not in field_kinds(info.doc_type)
    ]
    for key in keys:
        fv = info.fields.get(key)
        mine = [describe_flag(f) for f in flags if f.endswith(f":{key}")]
        table.add_row(
            field_label(key),
            key,
            fv.value if fv and fv.value else t("review.not_read"),
            fv.raw if fv and fv.raw and fv.raw != fv.value else "",
            f"{fv.confidence:.0%}" if fv else "",
            "\n".join(mine),
        )
    stdout.print(table)
    _render_problems([f for f in flags if ":" not in f])
    if steps:
        stdout.print(t("review.history"), markup=False)
        for step in steps:
            stdout.print(
                t(
                    f"review.step.{step['action']}",
                    at=step["at"][:19].replace("T", " "),
                    who=step["operator"],
                    fields=", ".join(field_label(k) for k in step["fields"]) or "—",
                    status=t(f"status.{step['status']}") if step["status"] else "",
                ),
                markup=False,
                soft_wrap=True,
            )
    if info.status == ScanStatus.NEEDS_REVIEW:
        stdout.print(t("review.hint", record_id=info.record_id), markup=False, soft_wrap=True)
