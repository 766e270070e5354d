"""Command-line interface: thin Typer commands over the core (shared/STYLE.md, 'Our way' 1-2).

Each command module registers itself on import; the list below is the
whole surface of `digitize`.
"""

from __future__ import annotations

import importlib

from digitize.cli.app import app

__all__ = ["app", "main"]

COMMAND_MODULES: tuple[str, ...] = (
    "digitize.cli.verify",
    "digitize.cli.scan",
    "digitize.cli.doctor",
    "digitize.cli.init",
    "digitize.cli.certify",
    "digitize.cli.register",
    "digitize.cli.backfill",
    "digitize.cli.archive",
    "digitize.cli.review",
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="digitize")
