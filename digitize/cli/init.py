"""`digitize init DIR [--demo]`: thin command over `digitize.demo_init.init_setup`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digitize.cli.app import command
from digitize.cli.common import JsonOpt, emit_json, stdout
from digitize.i18n import t

__all__ = ["init"]


@command(name="init", help_key="init.help")
def init(
    directory: Annotated[Path, typer.Argument(help=t("init.opt.dir"), file_okay=False,
                                              show_default=False)],
    demo: Annotated[bool, typer.Option("--demo", help=t("init.opt.demo"))] = False,
    json_out: JsonOpt = False,
) -> None:
    from digitize.demo_init import init_setup

    result = init_setup(directory, demo=demo)
    if json_out:
        emit_json(result.to_json())
        return
    stdout.print(t("init.done", directory=result.directory, config=result.config,
                   archive=result.archive), markup=False, soft_wrap=True)
    if result.demo:
        stdout.print(t("init.demo", anchor=result.trust_anchor, env=result.passphrase_env,
                       config=result.config), markup=False, soft_wrap=True)
