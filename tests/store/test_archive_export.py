"""`archive export` hands over a citizen's whole file: every version, every digest re-checked."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import bagit
import pytest
from archive_helpers import HUONG, make_doc, point_cli_at
from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import ArchiveConfig
from digitize.store.archive import Archive
from digitize.store.maintenance import DamagedObject, export

runner = CliRunner()


def _three_versions(archive: Archive, tmp_path: Path) -> list[str]:
    return [archive.file_scanned(make_doc(tmp_path / n)).record_id for n in ("a", "b", "c")]


def _ocfl_valid(obj: Path) -> bool:
    from ocfl.validator import Validator

    logging.getLogger().addHandler(logging.NullHandler())
    return bool(Validator(check_digests=True).validate_object(str(obj)))


def test_every_version_travels_and_validates(archive: Archive, tmp_path: Path) -> None:
    rids = _three_versions(archive, tmp_path)
    report = export(archive, HUONG, tmp_path / "bag")
    assert (report.version, report.versions, report.files) == ("v3", 3, 16)
    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()  # raises if any payload file differs from the sha512 manifest
    assert bag.algorithms == ["sha512"]
    data = tmp_path / "bag" / "data"
    for rid in rids:  # the head's files where they always were
        assert (data / "records" / rid / "document.pdf").is_file()
    obj = archive.ocfl.object_dir(archive.citizen_object_id(HUONG))
    stored = sorted(
        str(p.relative_to(obj))
        for p in obj.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    copied = sorted(str(p.relative_to(data / "ocfl")) for p in (data / "ocfl").rglob("*"))
    copied = [p for p in copied if (data / "ocfl" / p).is_file()]
    assert copied == stored  # the whole object: v1…v3 with their inventories and content
    for rel in stored:
        assert (data / "ocfl" / rel).read_bytes() == (obj / rel).read_bytes()
    assert any(p.startswith("v1/content/records/" + rids[0]) for p in copied)
    assert _ocfl_valid(data / "ocfl")
    inv = json.loads((data / "ocfl" / "inventory.json").read_bytes())
    assert sorted(inv["versions"]) == ["v1", "v2", "v3"]
    log = archive.audit.entries()[-1]
    assert log["action"] == "export" and log["detail"]["versions"] == 3


@pytest.mark.parametrize("victim", ["v1/content", "v1/inventory.json", "v2/inventory.json.sha512"])
def test_a_flipped_byte_in_an_old_version_refuses_the_export(
    archive: Archive, tmp_path: Path, victim: str
) -> None:
    _three_versions(archive, tmp_path)
    obj = archive.ocfl.object_dir(archive.citizen_object_id(HUONG))
    path = obj / victim
    if path.is_dir():
        path = next(p for p in sorted(path.rglob("*")) if p.name.startswith("document"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedObject):
        export(archive, HUONG, tmp_path / "bag")
    assert not (tmp_path / "bag").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_cli_export_reports_versions_and_refuses_damage(
    archive_config: ArchiveConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_cli_at(archive_config, monkeypatch)
    with Archive.open(archive_config) as a:
        _three_versions(a, tmp_path)
        obj = a.ocfl.object_dir(a.citizen_object_id(HUONG))
    args = ["archive", "export", HUONG, "--out"]
    result = runner.invoke(app, [*args, str(tmp_path / "b1"), "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert (line["version"], line["versions"], line["files"]) == ("v3", 3, 16)
    monkeypatch.setenv("DIGITIZE_LANG", "vi")
    result = runner.invoke(app, ["archive", "export", HUONG, "--out", str(tmp_path / "b2")])
    assert result.exit_code == 0 and "toàn bộ 3 phiên bản" in result.stdout
    victim = next(p for p in sorted((obj / "v1" / "content").rglob("*")) if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"!")
    result = runner.invoke(app, ["archive", "export", HUONG, "--out", str(tmp_path / "b3")])
    assert result.exit_code == 1 and "v1/content" in result.stderr
    assert not (tmp_path / "b3").exists()
