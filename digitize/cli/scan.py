"""`digitize scan INPUT...`: thin command over `digitize.pipeline.scan_many` (imported lazily)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from digitize.cli.app import command, state
from digitize.cli.common import JobsOpt, JsonOpt, emit_json, finish, stderr, stdout
from digitize.errors import ExitCode, UsageProblem, combine_exit_codes
from digitize.i18n import t
from digitize.models import DocType, DocumentResult, ScanStatus

__all__ = ["scan", "parse_citizen", "parse_type"]


def parse_citizen(value: str | None) -> str | None:
    """A personal ID is exactly 12 digits (spaces tolerated, as printed: `001 190 012345`)."""
    if value is None:
        return None
    digits = re.sub(r"\s+", "", value)
    if not re.fullmatch(r"\d{12}", digits):
        raise UsageProblem("scan.bad_citizen", value=value)
    return digits


def parse_type(value: str) -> DocType | None:
    """`auto` (recognise) or a document type code of documents.md."""
    if value == "auto":
        return None
    try:
        return DocType(value)
    except ValueError:
        raise UsageProblem(
            "scan.bad_type",
            value=value,
            known=", ".join(d.value for d in DocType if d != DocType.UNKNOWN),
        ) from None


@command(name="scan", help_key="scan.help")
def scan(
    inputs: Annotated[list[Path], typer.Argument(help=t("scan.opt.inputs"), show_default=False)],
    doc_type: Annotated[str, typer.Option("--type", help=t("scan.opt.type"))] = "auto",
    citizen: Annotated[str | None, typer.Option("--citizen", help=t("scan.opt.citizen"))] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help=t("scan.opt.out"), file_okay=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("scan.opt.dry_run"))] = False,
    json_out: JsonOpt = False,
    jobs: JobsOpt = 0,
) -> None:
    from digitize.ocr.ingest import find_documents
    from digitize.ocr.tesseract import require
    from digitize.pipeline import ScanOptions, scan_many

    citizen_id = parse_citizen(citizen)
    forced = parse_type(doc_type)
    config = state().config
    paths = find_documents(inputs)
    require(config.ocr.language)
    options = ScanOptions(
        ocr=config.ocr,
        fields=config.fields,
        archive=config.archive,
        doc_type=forced,
        citizen_id=citizen_id,
        out_dir=out,
        dry_run=dry_run,
        jobs=jobs or config.ocr.jobs,
        operator=config.archive.operator,
    )
    results: list[DocumentResult] = []
    with _progress(len(paths), quiet=False) as advance:
        for result in scan_many(paths, options):
            results.append(result)
            advance(result)
            if result.error:
                stderr.print(result.error, markup=False, soft_wrap=True, highlight=False)
            if json_out:
                emit_json(result.to_json())
    if not json_out:
        _render_table(results)
    finish(combine_exit_codes([r.exit_code for r in results]))


class _progress:
    """A rich progress bar on stderr counting documents and pages (silent when stderr is not a terminal)."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total, self.quiet, self.pages, self.bar = total, quiet, 0, None

    def __enter__(self):  # type: ignore[no-untyped-def]
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        if not self.quiet and stderr.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[pages]} " + t("scan.progress.pages")),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(t("scan.progress"), total=self.total, pages=0)
        return self.advance

    def advance(self, result: DocumentResult) -> None:
        self.pages += result.pages
        if self.bar is not None:
            self.bar.update(self.task, advance=1, pages=self.pages)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _render_table(results: list[DocumentResult]) -> None:
    from rich.table import Table

    table = Table(show_lines=False)
    for key in ("source", "status", "pages", "type", "citizen", "output"):
        table.add_column(t(f"scan.col.{key}"), overflow="fold")
    ok = review = bad = 0
    for r in results:
        if r.status == ScanStatus.FAILED:
            status = (
                t("status.rejected") if r.exit_code == ExitCode.BAD_INPUT else t("status.failed")
            )
            bad += 1
        else:
            status = t(f"status.{r.status.value}")
            review += r.status == ScanStatus.NEEDS_REVIEW
            ok += r.status != ScanStatus.NEEDS_REVIEW
        ex = r.extraction
        where = r.error or r.record_id or r.pdf_path or ""
        table.add_row(
            r.source,
            status,
            str(r.pages),
            ex.doc_type.value if r.pages else "",
            ", ".join(ex.citizen_ids),
            where,
        )
    stdout.print(table)
    stdout.print(
        t(
            "scan.summary",
            docs=len(results),
            pages=sum(r.pages for r in results),
            ok=ok,
            review=review,
            failed=bad,
        ),
        markup=False,
        soft_wrap=True,
    )
