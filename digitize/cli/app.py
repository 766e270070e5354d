"""The Typer application, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from digitize import __version__
from digitize.config import AppConfig, load_config
from digitize.errors import DigitizeError, ExitCode
from digitize.i18n import t

__all__ = ["app", "command", "State", "state", "new_group"]

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("digitize")


def new_group(name: str, help_key: str) -> typer.Typer:
    """A sub-command group (e.g. `archive`) with the project's safe defaults."""
    group = typer.Typer(
        name=name,
        help=t(help_key),
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        add_completion=False,
    )
    return group


app = typer.Typer(
    name="digitize",
    help=t("app.help"),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold citizen data and keys
    rich_markup_mode=None,
    add_completion=False,
)


@dataclass
class State:
    """Global options, resolved once per process; the configuration is validated on first use."""

    config_path: Path | None = None
    archive: Path | None = None
    verbose: bool = False
    _config: AppConfig | None = field(default=None, repr=False)

    @property
    def config(self) -> AppConfig:
        if self._config is None:
            self._config = load_config(self.config_path, archive=self.archive)
        return self._config


_STATE = State()


def state() -> State:
    """The global options of this invocation."""
    return _STATE


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digitize {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    config: Annotated[Path | None, typer.Option("--config", envvar="DIGITIZE_CONFIG",
                                                help=t("opt.config"), dir_okay=False)] = None,
    archive: Annotated[Path | None, typer.Option("--archive", envvar="DIGITIZE_ARCHIVE",
                                                 help=t("opt.archive"), file_okay=False)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=t("opt.verbose"))] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=t("opt.version"))] = False,
) -> None:
    global _STATE
    _STATE = State(config_path=config, archive=archive, verbose=verbose)
    _configure_logging(verbose)


def _configure_logging(verbose: bool) -> None:
    """Logs go to stderr; field values and OCR text are only ever logged at DEBUG."""
    root = logging.getLogger("digitize")
    root.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


def command(group: typer.Typer | None = None, name: str | None = None, *,
            help_key: str, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose `DigitizeError`s become a one-line message and their exit code.

    This is the single error handler of the CLI: commands never catch our
    errors themselves. Unexpected exceptions become exit 1 with one line
    (the traceback only with --verbose), never a dump of locals.
    """
    target = group or app

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            try:
                return fn(*args, **kw)
            except typer.Exit:
                raise
            except DigitizeError as e:
                typer.echo(e.render(), err=True)
                raise typer.Exit(int(e.exit_code)) from None
            except KeyboardInterrupt:
                typer.echo(t("error.interrupted"), err=True)
                raise typer.Exit(130) from None
            except Exception as e:  # noqa: BLE001 - last line of defence, no traceback for users
                log.debug("unexpected error", exc_info=True)
                typer.echo(t("error.unexpected", kind=type(e).__name__), err=True)
                raise typer.Exit(int(ExitCode.FAILED)) from None

        target.command(name=name, help=t(help_key), **kwargs)(wrapper)
        return fn

    return decorate
