"""Options and output shared by all commands: `--json`, `--jobs`, JSON Lines, consoles."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from digitize.i18n import t

__all__ = ["JsonOpt", "JobsOpt", "emit_json", "stdout", "stderr", "finish"]

JsonOpt = Annotated[bool, typer.Option("--json", help=t("opt.json"))]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help=t("opt.jobs"))]

stdout = Console(highlight=False, soft_wrap=False)
stderr = Console(stderr=True, highlight=False)


def emit_json(obj: dict[str, Any]) -> None:
    """One JSON Lines record on stdout, UTF-8 as is (Vietnamese stays readable), flushed."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def finish(code: int) -> None:
    """End the command with `code` (0 returns normally so Typer's cleanup runs)."""
    if code:
        raise typer.Exit(int(code))
