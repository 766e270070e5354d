"""`digitize certify SOURCE`: thin command over `digitize.sign.issue` (imported lazily)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from digitize.cli.app import command, state
from digitize.cli.common import JsonOpt, emit_json, finish, stderr, stdout
from digitize.i18n import t

__all__ = ["certify"]


def _prompter(what: str) -> str:
    """Ask on the terminal, hidden; without a terminal a missing secret is exit 5."""
    from digitize.sign.keys import no_prompt

    if not sys.stdin.isatty():
        return no_prompt(what)
    return str(typer.prompt(t("certify.prompt", what=what), hide_input=True, err=True))


@command(name="certify", help_key="certify.help")
def certify(
    source: Annotated[str, typer.Argument(help=t("certify.opt.source"), show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", help=t("certify.opt.out"),
                                             dir_okay=False)] = None,
    json_out: JsonOpt = False,
) -> None:
    import getpass

    from digitize.sign.issue import certify_source

    config = state().config
    operator = config.archive.operator or getpass.getuser()
    result, error = certify_source(config, source, out=out, operator=operator, prompt=_prompter)
    if json_out:
        emit_json(result.to_json())  # the spec's line, with "error" set on a refusal
    if error is not None:
        stderr.print(error.render(), markup=False, soft_wrap=True)
        finish(int(error.exit_code))
        return
    if json_out:
        return
    stdout.print(t("certify.done", number=result.certification_number, book=result.book_number,
                   level=result.pades_level, output=result.output,
                   signers=", ".join(s["name"] for s in result.signers)),
                 markup=False, soft_wrap=True)
    if result.copy_record_id:
        stdout.print(t("certify.filed", record_id=result.copy_record_id), markup=False)
