from __future__ import annotations

from pathlib import Path

import pytest

from digitize.config import load_config
from digitize.errors import ConfigProblem, ExitCode


def test_defaults_without_file():
    cfg = load_config(None, env={})
    assert cfg.ocr.language == "vie"
    assert cfg.source is None


def test_unknown_key_is_rejected_by_name(tmp_path: Path):
    f = tmp_path / "digitize.toml"
    f.write_text('[ocr]\nlanguagee = "vie"\n', encoding="utf-8")
    with pytest.raises(ConfigProblem) as e:
        load_config(f, env={})
    assert "ocr.languagee" in str(e.value)
    assert e.value.exit_code == ExitCode.ENVIRONMENT


def test_wrong_type_is_rejected(tmp_path: Path):
    f = tmp_path / "digitize.toml"
    f.write_text("[ocr]\nmax_pages = \"many\"\n", encoding="utf-8")
    with pytest.raises(ConfigProblem, match="ocr.max_pages"):
        load_config(f, env={})


def test_relative_paths_resolve_against_the_file_and_env_wins(tmp_path: Path):
    f = tmp_path / "digitize.toml"
    f.write_text('[archive]\nroot = "arch"\n', encoding="utf-8")
    assert load_config(f, env={}).archive.root == tmp_path / "arch"
    cfg = load_config(f, env={"DIGITIZE_ARCHIVE": str(tmp_path / "other")})
    assert cfg.archive.root == tmp_path / "other"
    cfg = load_config(f, archive=tmp_path / "cli", env={"DIGITIZE_ARCHIVE": str(tmp_path / "other")})
    assert cfg.archive.root == tmp_path / "cli"


def test_unreadable_toml(tmp_path: Path):
    f = tmp_path / "digitize.toml"
    f.write_text("[ocr\n", encoding="utf-8")
    with pytest.raises(ConfigProblem):
        load_config(f, env={})
