"""Exit codes of shared/spec/cli.md and the exceptions that carry them.

Every error a user can meet is a `DigitizeError` subclass that knows its exit
code and a message-catalog key, so the CLI has exactly one place that turns
errors into exit codes and words (`digitize.cli.app`), and the core never
decides how a message is worded in which language.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

__all__ = [
    "ExitCode",
    "DigitizeError",
    "UsageProblem",
    "DocumentFailed",
    "NeedsReview",
    "InputRejected",
    "EnvironmentProblem",
    "ConfigProblem",
    "combine_exit_codes",
]


class ExitCode(IntEnum):
    """Process exit codes, fixed by shared/spec/cli.md."""

    OK = 0
    FAILED = 1
    USAGE = 2
    NEEDS_REVIEW = 3
    BAD_INPUT = 4
    ENVIRONMENT = 5


class DigitizeError(Exception):
    """Base of every error meant for a person: a catalog key, its arguments, an exit code.

    `str(err)` is the English message, so logs and tracebacks stay readable;
    the CLI renders `err.key` in the operator's language instead.
    """

    exit_code: ExitCode = ExitCode.FAILED
    key: str = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        if key is not None:
            self.key = key
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        """The one-line message in `lang` (default: the operator's language)."""
        from digitize.i18n import translate

        return translate(self.key, lang=lang, **self.params)


class UsageProblem(DigitizeError):
    """A bad option or argument combination the parser could not catch."""

    exit_code = ExitCode.USAGE
    key = "error.usage"


class DocumentFailed(DigitizeError):
    """Processing a readable document failed (OCR crash, signing failed, ...)."""

    exit_code = ExitCode.FAILED
    key = "error.document_failed"


class NeedsReview(DigitizeError):
    """The command ran, but a person has to look at the result."""

    exit_code = ExitCode.NEEDS_REVIEW
    key = "error.needs_review"


class InputRejected(DigitizeError):
    """The input is unreadable or not of an accepted kind: corrupt, encrypted, too large, ..."""

    exit_code = ExitCode.BAD_INPUT
    key = "error.input_rejected"


class EnvironmentProblem(DigitizeError):
    """Something the machine must provide is missing: Tesseract, its data, a key, a writable archive."""

    exit_code = ExitCode.ENVIRONMENT
    key = "error.environment"


class ConfigProblem(EnvironmentProblem):
    """The configuration file or environment is invalid."""

    key = "error.config"


_PRECEDENCE = (ExitCode.FAILED, ExitCode.BAD_INPUT, ExitCode.NEEDS_REVIEW)


def combine_exit_codes(codes: list[ExitCode] | tuple[ExitCode, ...]) -> ExitCode:
    """Batch exit code: 1 if any failed, else 4 if any unreadable, else 3 if any needs a person, else 0.

    Usage (2) and environment (5) problems stop a command before a batch
    runs, but if one is reported per item it wins over everything.
    """
    present = set(codes)
    for fatal in (ExitCode.ENVIRONMENT, ExitCode.USAGE):
        if fatal in present:
            return fatal
    for code in _PRECEDENCE:
        if code in present:
            return code
    return ExitCode.OK
