"""`digitize doctor` on this machine (everything installed) and with a broken configuration."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import AppConfig, ArchiveConfig
from digitize.doctor import exit_code, run_checks

runner = CliRunner()


def test_doctor_all_ok(archive_dir: Path) -> None:
    result = runner.invoke(app, ["doctor", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["check"] for r in rows} == {
        "tesseract",
        "vie",
        "eng",
        "poppler",
        "font_serif",
        "font_sans",
        "config",
        "archive",
    }
    assert all(r["ok"] for r in rows), rows
    assert result.exit_code == 0


def test_doctor_bad_config_exits_5(tmp_path: Path) -> None:
    cfg = tmp_path / "digitize.toml"
    cfg.write_text("[ocr]\nno_such_setting = 1\n")
    result = runner.invoke(app, ["--config", str(cfg), "doctor"])
    assert result.exit_code == 5
    assert "no_such_setting" in result.stdout


def test_unwritable_archive_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the archive folder should be
    checks = run_checks(lambda: AppConfig(archive=ArchiveConfig(root=blocker / "archive")))
    archive = next(c for c in checks if c.name == "archive")
    assert not archive.ok and archive.fix == "doctor.fix.archive"
    assert int(exit_code(checks)) == 5
