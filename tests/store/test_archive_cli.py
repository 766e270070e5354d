"""`digitize archive …` and `digitize scan` filing, through the real CLI (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_helpers import HUONG, MINH, make_doc, point_cli_at, snapshot
from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import ArchiveConfig
from digitize.store.archive import Archive

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _lines(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def filled(
    archive_config: ArchiveConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """An archive with Hương's birth certificate, Minh's, and one waiting for review."""
    point_cli_at(archive_config, monkeypatch)
    with Archive.open(archive_config) as a:
        huong = a.file_scanned(make_doc(tmp_path / "h")).record_id
        minh = a.file_scanned(
            make_doc(tmp_path / "m", citizen_ids=(MINH,), name="TRẦN ĐỨC MINH")
        ).record_id
        review = a.file_scanned(
            make_doc(tmp_path / "r", citizen_ids=(), name="LÊ VĂN ĐẠT")
        ).record_id
    return {"huong": huong, "minh": minh, "review": review}


def test_show_lists_a_citizens_records(filled: dict[str, str]) -> None:
    result = runner.invoke(app, ["archive", "show", HUONG, "--json"])
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert [r["record_id"] for r in rows] == [filled["huong"]]
    assert rows[0]["status"] == "filed" and rows[0]["citizen_ids"] == [HUONG]
    assert rows[0]["fields"]["full_name"]["value"] == "NGUYỄN THỊ HƯƠNG"
    assert {f["role"] for f in rows[0]["files"]} == {"source", "pdf", "text", "fields"}


def test_show_in_vietnamese(filled: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGITIZE_LANG", "vi")
    result = runner.invoke(app, ["archive", "show", MINH])
    assert result.exit_code == 0
    assert "đã lưu" in result.stdout and f"{MINH}: 1 hồ sơ" in result.stdout


@pytest.mark.parametrize("bad", ["12345", "00119001234X", "999190012345", "0011900123456"])
def test_malformed_citizen_id_is_a_usage_error(filled: dict[str, str], bad: str) -> None:
    for args in (["archive", "show", bad], ["archive", "export", bad, "--out", "x"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1 and bad in result.stderr


@pytest.mark.parametrize(
    "query", ["nguyen thi huong", "Nguyễn Thị Hương", "NGUYEN THI HUONG", "nguyễn   thị", "huon"]
)
def test_search_ignores_accents_and_case(filled: dict[str, str], query: str) -> None:
    result = runner.invoke(app, ["archive", "search", query, "--json"])
    assert result.exit_code == 0, result.output
    assert [r["record_id"] for r in _lines(result.stdout)] == [filled["huong"]]


def test_search_folds_d_and_finds_review_records(filled: dict[str, str]) -> None:
    found = {
        r["record_id"]
        for r in _lines(runner.invoke(app, ["archive", "search", "dong nai", "--json"]).stdout)
    }
    assert found == set(filled.values())  # "Đồng Nai" is in every test document's text
    dat = _lines(runner.invoke(app, ["archive", "search", "le van dat", "--json"]).stdout)
    assert [(r["record_id"], r["status"]) for r in dat] == [(filled["review"], "needs_review")]
    assert _lines(runner.invoke(app, ["archive", "search", "pham", "--json"]).stdout) == []


def test_search_in_one_field(filled: dict[str, str]) -> None:
    def found(*args: str) -> list[str]:
        result = runner.invoke(app, ["archive", "search", *args, "--json"])
        assert result.exit_code == 0, result.output
        return [r["record_id"] for r in _lines(result.stdout)]

    assert found("nguyen thi huong", "--field", "full_name") == [filled["huong"]]
    assert found("tran duc minh", "--field", "full_name") == [filled["minh"]]
    assert found("thi huong", "--field", "full_name") == [filled["huong"]]  # whole words in order
    assert found("huong thi", "--field", "full_name") == []
    assert found("dong nai", "--field", "full_name") == []  # in the text, not in the field
    assert found(MINH, "--field", "personal_id") == [filled["minh"]]


def test_export_check_and_a_flipped_byte(
    filled: dict[str, str], tmp_path: Path, archive_config: ArchiveConfig
) -> None:
    result = runner.invoke(app, ["archive", "check", "--json"])
    assert result.exit_code == 0, result.output
    summary = _lines(result.stdout)[-1]
    assert summary["ok"] and summary["objects"] == 3 and summary["valid_objects"] == 3
    result = runner.invoke(
        app, ["archive", "export", HUONG, "--out", str(tmp_path / "bag"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0]["files"] == 6
    import bagit

    assert bagit.Bag(str(tmp_path / "bag")).is_valid()
    assert "sha512" in bagit.Bag(str(tmp_path / "bag")).algorithms
    with Archive.open(archive_config) as a:
        obj = a.ocfl.object_dir(a.citizen_object_id(HUONG))
    victim = next(obj.rglob("document.pdf"))
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    result = runner.invoke(app, ["archive", "check", "--json"])
    assert result.exit_code == 1
    rows = _lines(result.stdout)
    assert [r["problem"] for r in rows[:-1]] == ["digest_mismatch"]
    assert rows[0]["damaged"].endswith("document.pdf") and not rows[-1]["ok"]
    assert HUONG not in result.stdout  # no personal ID in the report's paths
    result = runner.invoke(app, ["archive", "export", HUONG, "--out", str(tmp_path / "bag2")])
    assert result.exit_code == 1 and "document.pdf" in result.stderr
    assert not (tmp_path / "bag2").exists()
    result = runner.invoke(app, ["archive", "export", MINH, "--out", str(tmp_path / "bag3")])
    assert result.exit_code == 0  # other citizens are unaffected


def test_reindex_gives_the_same_answers(
    filled: dict[str, str], archive_config: ArchiveConfig
) -> None:
    with Archive.open(archive_config) as a:
        before = snapshot(a)
    search_before = runner.invoke(app, ["archive", "search", "dong nai", "--json"]).stdout
    result = runner.invoke(app, ["archive", "reindex", "--json"])
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0] == {**_lines(result.stdout)[0], "objects": 3, "records": 3}
    with Archive.open(archive_config) as a:
        assert snapshot(a) == before
    assert runner.invoke(app, ["archive", "search", "dong nai", "--json"]).stdout == search_before


def test_reads_are_audited_without_personal_data(
    filled: dict[str, str], tmp_path: Path, archive_config: ArchiveConfig
) -> None:
    runner.invoke(app, ["archive", "show", HUONG])
    runner.invoke(app, ["archive", "search", "nguyen thi huong"])
    runner.invoke(app, ["archive", "export", HUONG, "--out", str(tmp_path / "b")])
    log = (archive_config.root / "audit.log").read_text()
    actions = [json.loads(line)["action"] for line in log.splitlines()]
    assert actions[-3:] == ["show", "search", "export"]
    assert HUONG not in log and "HƯƠNG" not in log and "huong" not in log
    lines = log.splitlines()
    tampered = lines[1].replace('"file"', '"read"')
    (archive_config.root / "audit.log").write_text(
        "\n".join([lines[0], tampered, *lines[2:]]) + "\n"
    )
    result = runner.invoke(app, ["archive", "check", "--json"])
    assert result.exit_code == 1 and _lines(result.stdout)[-1]["audit_problem"].startswith("line 2")


def test_audit_entries_are_copied_into_the_index(
    filled: dict[str, str], archive_config: ArchiveConfig
) -> None:
    from sqlalchemy import select

    from digitize.store import db, index
    from digitize.store.maintenance import reindex

    runner.invoke(app, ["archive", "show", HUONG])
    with Archive.open(archive_config) as a:

        def rows() -> list[tuple[int, str, str | None, str]]:
            with db.session_scope(a.engine) as s:
                return [
                    (r.seq, r.action, r.record_id, r.hash)
                    for r in s.scalars(select(index.AuditRow).order_by(index.AuditRow.seq))
                ]

        def logged() -> list[tuple[int, str, str | None, str]]:
            return [(e["seq"], e["action"], e["record_id"], e["hash"]) for e in a.audit.entries()]

        assert rows() == logged() and [r[1] for r in rows()][-1] == "show"
        with db.session_scope(a.engine) as s:  # lose the copy: reindex brings it back
            s.execute(index.AuditRow.__table__.delete())
        reindex(a)
        assert rows() == logged()


def test_scan_files_a_sample_for_real(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one end-to-end test with Tesseract: `digitize scan` files, `archive show` finds it."""
    monkeypatch.delenv("DIGITIZE_DATABASE", raising=False)
    sample = SAMPLES / "khai-sinh-01.png"
    result = runner.invoke(app, ["scan", str(sample), "--json", "--jobs", "1"])
    assert result.exit_code in (0, 3), result.output
    row = _lines(result.stdout)[0]
    assert row["status"] in ("filed", "needs_review") and row["record_id"]
    with Archive.open(ArchiveConfig(root=archive_dir)) as a:
        info = a.record(row["record_id"])
        assert a.read_file(row["record_id"], "source") == sample.read_bytes()
        assert a.read_file(row["record_id"], "pdf").startswith(b"%PDF")
        assert a.ocfl.validate_objects()[:2] == (1, 1)
    if row["status"] == "filed":
        cid = row["citizen_ids"][0]
        assert info.citizen_ids == (cid,)
        shown = _lines(runner.invoke(app, ["archive", "show", cid, "--json"]).stdout)
        assert [r["record_id"] for r in shown] == [row["record_id"]]


def test_unusable_archive_is_an_environment_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DIGITIZE_ARCHIVE", str(blocker / "archive"))
    monkeypatch.delenv("DIGITIZE_DATABASE", raising=False)
    result = runner.invoke(app, ["archive", "check"])
    assert result.exit_code == 5 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["show", HUONG],
        ["search", "nguyen"],
        ["export", HUONG, "--out", "bag"],
        ["check"],
        ["reindex"],
    ],
)
def test_reading_a_missing_archive_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A wrong archive path is one clear line and exit 5, not a new empty archive."""
    missing = tmp_path / "no-such-archive"
    monkeypatch.setenv("DIGITIZE_ARCHIVE", str(missing))
    monkeypatch.delenv("DIGITIZE_DATABASE", raising=False)
    monkeypatch.delenv("DIGITIZE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["archive", *args, "--json"])
    assert result.exit_code == 5, result.output
    (line,) = result.stderr.strip().splitlines()
    assert str(missing) in line and "digitize scan" in line and "--archive" in line
    assert not missing.exists() and not (tmp_path / "bag").exists()
    monkeypatch.setenv("DIGITIZE_LANG", "vi")
    result = runner.invoke(app, ["archive", *args])
    assert result.exit_code == 5 and "không có kho dữ liệu" in result.stderr
    assert not missing.exists()


def test_every_archive_command_has_help() -> None:
    for name in ("show", "search", "export", "check", "reindex"):
        result = runner.invoke(app, ["archive", name, "--help"])
        assert result.exit_code == 0 and "--json" in result.stdout
