"""`digitize verify FILE...`: thin command over `digitize.sign.verify` (imported lazily).

Start-up matters here (an agency checks one copy in under a second), so this
module imports nothing heavy at load time: pyHanko is imported only when the
command actually runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digitize.cli.app import command, state
from digitize.cli.common import JobsOpt, JsonOpt, emit_json, finish, stderr, stdout
from digitize.errors import combine_exit_codes
from digitize.i18n import t

__all__ = ["verify"]


@command(name="verify", help_key="verify.help")
def verify(
    files: Annotated[list[Path], typer.Argument(help=t("verify.opt.files"), show_default=False)],
    trust: Annotated[
        list[Path] | None, typer.Option("--trust", help=t("verify.opt.trust"), exists=True)
    ] = None,
    at: Annotated[str | None, typer.Option("--at", help=t("verify.opt.at"))] = None,
    online: Annotated[bool, typer.Option("--online", help=t("verify.opt.online"))] = False,
    xml: Annotated[
        Path | None, typer.Option("--xml", help=t("verify.opt.xml"), file_okay=False)
    ] = None,
    extract: Annotated[
        Path | None,
        typer.Option("--extract-signed-revision", help=t("verify.opt.extract"), file_okay=False),
    ] = None,
    json_out: JsonOpt = False,
    jobs: JobsOpt = 0,
) -> None:
    from digitize.sign.verify import VerifyRequest, parse_time, render_human, verify_files

    cfg = state().config.verify
    req = VerifyRequest(
        files=tuple(files),
        trust=tuple(cfg.trust) + tuple(trust or ()),
        at=parse_time(at) if at else None,
        online=online,
        jobs=jobs,
        time_budget_seconds=cfg.time_budget_seconds,
        memory_budget_mb=cfg.memory_budget_mb,
        extract_dir=extract,
        xml_dir=xml,
    )
    codes = []
    counts = {"TOTAL_PASSED": 0, "TOTAL_FAILED": 0, "ERROR": 0, "other": 0}
    for rep in verify_files(req):
        codes.append(rep.exit_code)
        counts[rep.verdict.value if rep.verdict.value in counts else "other"] += 1
        if json_out:
            emit_json(rep.to_json())
        else:
            for line in render_human(rep):
                stdout.print(line, markup=False, soft_wrap=True)
    if not json_out and len(codes) > 1:
        stderr.print(
            t(
                "verify.h.summary",
                passed=counts["TOTAL_PASSED"],
                failed=counts["TOTAL_FAILED"],
                other=counts["other"],
                error=counts["ERROR"],
            ),
            markup=False,
            soft_wrap=True,
        )
    finish(combine_exit_codes(codes))
