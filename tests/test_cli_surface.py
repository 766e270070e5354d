"""Every command has help, in both languages, and the catalog is complete."""

from __future__ import annotations

import re
import string

import pytest
from typer.testing import CliRunner

from digitize.cli import app
from digitize.errors import ExitCode, combine_exit_codes
from digitize.i18n import catalog, translate

runner = CliRunner()


def _commands(typer_app, prefix=()):
    import typer.main

    cmd = typer.main.get_command(typer_app)
    stack = [(prefix, cmd)]
    while stack:
        path, c = stack.pop()
        yield path
        for name, sub in getattr(c, "commands", {}).items():
            stack.append((path + (name,), sub))


@pytest.mark.parametrize("path", list(_commands(app)))
def test_every_command_has_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_catalog_entries_have_both_languages_and_same_placeholders():
    fmt = string.Formatter()
    for key, (en, vi) in catalog().items():
        assert en.strip() and vi.strip(), key
        names_en = {f for _, f, _, _ in fmt.parse(en) if f}
        names_vi = {f for _, f, _, _ in fmt.parse(vi) if f}
        assert names_en == names_vi, key


def test_vietnamese_when_locale_is_vietnamese(monkeypatch):
    monkeypatch.delenv("DIGITIZE_LANG", raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert translate("status.failed") == "thất bại"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert translate("status.failed") == "failed"


def test_unknown_key_still_says_something():
    assert "detail=x" in translate("no.such.key", detail="x")


def test_exit_code_precedence_of_the_spec():
    E = ExitCode
    assert combine_exit_codes([E.OK, E.NEEDS_REVIEW, E.BAD_INPUT, E.FAILED]) == E.FAILED
    assert combine_exit_codes([E.OK, E.NEEDS_REVIEW, E.BAD_INPUT]) == E.BAD_INPUT
    assert combine_exit_codes([E.OK, E.NEEDS_REVIEW]) == E.NEEDS_REVIEW
    assert combine_exit_codes([E.OK, E.OK]) == E.OK
    assert combine_exit_codes([]) == E.OK


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.match(r"digitize \d+\.\d+", result.output)
