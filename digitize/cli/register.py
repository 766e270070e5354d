"""`digitize register list|export`: the certification register, listed or exported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digitize.cli.app import app, command, new_group, state
from digitize.cli.common import JsonOpt, emit_json, stdout
from digitize.errors import UsageProblem
from digitize.i18n import t

__all__ = ["group"]

group = new_group("register", "register.help")
app.add_typer(group)

YearOpt = Annotated[int | None, typer.Option("--year", help=t("register.opt.year"))]
StatusOpt = Annotated[str | None, typer.Option("--status", help=t("register.opt.status"))]


def _entries(year: int | None, status: str | None):  # type: ignore[no-untyped-def]
    from digitize.store.register import Register

    cfg = state().config
    return Register(cfg.archive, book=cfg.certify.book,
                    suffix=cfg.certify.book_suffix).entries(year=year, status=status)


@command(group, name="list", help_key="register.list.help")
def list_entries(year: YearOpt = None, status: StatusOpt = None, json_out: JsonOpt = False
                 ) -> None:
    from rich.table import Table

    entries = _entries(year, status)
    if json_out:
        for e in entries:
            emit_json(e.to_json())
        return
    if not entries:
        stdout.print(t("register.empty"), markup=False)
        return
    table = Table(*(t(f"register.col.{c}") for c in
                    ("number", "book", "status", "time", "official", "source", "detail")))
    for e in entries:
        table.add_row(str(e.number), e.book_number, t(f"register.status.{e.status}"),
                      e.completed_at or e.reserved_at, e.official, e.record_id or e.source,
                      e.copy_sha256[:16] if e.status == "issued" else e.reason)
    stdout.print(table)


@command(group, name="export", help_key="register.export.help")
def export(
    fmt: Annotated[str, typer.Option("--format", help=t("register.opt.format"))] = "csv",
    out: Annotated[Path | None, typer.Option("--out", help=t("register.opt.out"),
                                             dir_okay=False)] = None,
    year: YearOpt = None,
    status: StatusOpt = None,
) -> None:
    from digitize.store.register import export_csv, export_json

    if fmt not in ("csv", "json"):
        raise UsageProblem("register.bad_format", value=fmt)
    entries = _entries(year, status)
    text = export_csv(entries) if fmt == "csv" else export_json(entries)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
