"""`digitize review` end to end: a real scan lands in review, then list, show, set, confirm.

The page is a birth certificate of a fictional person printed without a
personal ID, so the scan cannot file it (no_citizen_id): it waits in the
archive's review area until a person gives the ID and confirms.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from digitize.cli import app
from digitize.config import ArchiveConfig
from digitize.models import DocType, Extraction, FieldValue, ScannedDocument
from digitize.ocr.tesseract import probe
from digitize.store.archive import Archive

pytestmark = [
    pytest.mark.skipif(not probe().has_vie, reason="needs tesseract with vie"),
    pytest.mark.xdist_group("review_cli"),
]

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
PID = "001190012345"  # Hà Nội, woman born 1990 (fictional)
LINES = [
    ("Số: 118", False),
    ("Quyển số: 01/2024", False),
    ("Họ, chữ đệm, tên: Nguyễn Thị Hoa", False),
    ("Ngày, tháng, năm sinh: 15/08/1990", False),
    ("Giới tính: Nữ        Dân tộc: Kinh        Quốc tịch: Việt Nam", False),
    ("Nơi sinh: xã An Khánh, huyện Hoài Đức, thành phố Hà Nội", False),
    ("Nơi đăng ký khai sinh: Ủy ban nhân dân xã An Khánh", False),
]
runner = CliRunner()


def _page(path: Path) -> Path:
    """A clean 300 dpi A4 birth certificate with no personal ID line."""
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    draw.text((780, 300), "GIẤY KHAI SINH", font=ImageFont.truetype(BOLD, 75), fill=0)
    font = ImageFont.truetype(FONT, 50)
    for i, (line, _) in enumerate(LINES):
        draw.text((250, 520 + i * 95), line, font=font, fill=0)
    img.save(path, dpi=(300, 300))
    return path


def _run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(
        app, ["--archive", str(root), *args], env={"DIGITIZE_LANG": "en", **(env or {})}
    )


def _json(output: str) -> list[dict]:
    return [json.loads(ln) for ln in output.splitlines() if ln.startswith("{")]


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An archive holding one scanned record that waits for review, and its id."""
    tmp = tmp_path_factory.mktemp("review")
    root = tmp / "archive"
    scanned = _run(root, "scan", "--json", "--jobs", "1", str(_page(tmp / "ks-no-id.png")))
    assert scanned.exit_code == 3, scanned.output
    (line,) = _json(scanned.stdout)
    assert line["status"] == "needs_review" and "no_citizen_id" in line["flags"]
    assert line["doc_type"] == "birth_certificate"
    return root, line["record_id"]


def test_review_flow_list_show_set_confirm(waiting):
    root, rid = waiting
    listed = _run(root, "review", "list", "--json")
    assert listed.exit_code == 3  # something waits for a person
    assert [r["record_id"] for r in _json(listed.stdout)] == [rid]

    human = _run(root, "review", "list", env={"DIGITIZE_LANG": "vi", "COLUMNS": "200"})
    assert human.exit_code == 3
    assert rid in human.stdout and "Giấy khai sinh" in human.stdout
    assert "Không đọc được số định danh cá nhân" in human.stdout  # flag in words, Vietnamese

    shown = _run(root, "review", "show", rid, "--json")
    assert shown.exit_code == 3
    (rec,) = _json(shown.stdout)
    assert rec["status"] == "needs_review" and rec["citizen_ids"] == []
    assert "personal_id" in rec["missing"] and "no_citizen_id" in rec["flags"]
    assert rec["fields"]["full_name"]["value"] == "NGUYỄN THỊ HOA"
    assert rec["fields"]["date_of_birth"]["read"] == "15/08/1990"  # beside what was read
    assert [h["action"] for h in rec["history"]] == ["file"]

    env = {"DIGITIZE_LANG": "vi"}
    who = "Cán bộ tư pháp Lê Thu"
    first = _run(
        root,
        "review", "set", rid, f"personal_id={PID[:3]} {PID[3:6]} {PID[6:]}", "sex=nam",
        "--operator", who, "--json", env=env,
    )  # fmt: skip
    assert first.exit_code == 3, first.output  # the ID says a woman: still waits
    (after,) = _json(first.stdout)
    assert after["status"] == "needs_review"
    assert after["fields"]["personal_id"] == {"value": PID, "confidence": 1.0, "read": None}
    assert after["changed"] == {
        "personal_id": {"from": None, "to": PID},
        "sex": {"from": "Nữ", "to": "Nam"},
    }
    assert after["flags"] == ["personal_id_mismatch_sex"]
    words = _run(root, "review", "show", rid, env={**env, "COLUMNS": "200"})
    assert "Số định danh cá nhân không khớp giới tính" in words.stdout

    second = _run(root, "review", "set", rid, "sex=NỮ", "--operator", who, env=env)
    assert second.exit_code == 0, second.output
    assert "Giới tính: Nam → Nữ" in second.stdout
    assert f"đã được lưu vào hồ sơ công dân {PID}" in second.stdout

    with Archive.open(ArchiveConfig(root=root)) as archive:
        info = archive.record(rid)
        assert info.status.value == "filed" and info.citizen_ids == (PID,)
        assert info.fields["personal_id"].value == PID
        assert [r.record_id for r in archive.citizen_records(PID)] == [rid]
        assert archive.pending_reviews() == []

    final = _run(root, "review", "show", rid, "--json")
    assert final.exit_code == 0
    (rec,) = _json(final.stdout)
    steps = rec["history"]
    assert [s["action"] for s in steps] == ["file", "review", "review"]
    assert [s["status"] for s in steps] == ["needs_review", "needs_review", "filed"]
    assert [s["operator"] for s in steps[1:]] == [who] * 2
    assert steps[1]["fields"] == ["personal_id", "sex"] and steps[2]["fields"] == ["sex"]
    assert all(s["at"] for s in steps)
    assert _run(root, "review", "list").exit_code == 0
    # a filed record takes no more edits
    assert _run(root, "review", "set", rid, "sex=Nam").exit_code == 2


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["show", "not-an-id"], 2, "Not a record id"),
        (["show", "r" + "0" * 31], 4, "no record"),
        (["confirm", "c" + "f" * 31], 4, "no record"),
        (["set", "r" + "0" * 31], 2, "Nothing to change"),
        (["set", "r" + "0" * 31, "--citizen", "12345"], 2, "Not a personal ID"),
        (["set", "r" + "0" * 31, "full_name"], 2, "Expected KEY=VALUE"),
        (["set", "r" + "0" * 31, "full_name=An"], 4, "no record"),
    ],
)
def test_review_usage_errors(tmp_path, args, code, words):
    result = _run(tmp_path / "archive", "review", *args)
    assert result.exit_code == code, result.output
    assert words in result.output


def test_bad_keys_and_values_on_a_waiting_record(waiting):
    root, rid = waiting
    bad_key = _run(root, "review", "set", rid, "husband_name=Lê Văn Tư")
    assert bad_key.exit_code == 2 and "has no field 'husband_name'" in bad_key.output
    bad_date = _run(root, "review", "set", rid, "date_of_birth=31/02/1990")
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output


def test_empty_review_queue(tmp_path):
    result = _run(tmp_path / "archive", "review", "list")
    assert result.exit_code == 0
    assert "No record is waiting for review." in result.stdout


def test_confirm_files_a_record_whose_values_are_right(tmp_path):
    """A low-confidence read that a person confirms as printed: filed, confirmation in history."""
    src, pdf = tmp_path / "ks.png", tmp_path / "ks.pdf"
    src.write_bytes(b"fictional scan bytes")
    pdf.write_bytes(b"%PDF-1.7\n% searchable copy")
    doc = ScannedDocument(
        source=str(src), source_path=str(src),
        source_sha256=hashlib.sha256(src.read_bytes()).hexdigest(), media_type="image/png",
        pages=(), pdf_path=str(pdf), text="GIẤY KHAI SINH", engine="test",
        extraction=Extraction(
            doc_type=DocType.BIRTH_CERTIFICATE, doc_type_confidence=0.95,
            fields={"full_name": FieldValue("ĐỖ THỊ LAN", 0.55, raw="ĐỒ THỊ LAN", page=1),
                    "personal_id": FieldValue(PID, 0.97, raw=PID, page=1)},
            citizen_ids=(PID,), flags=("low_confidence:full_name",)),
    )  # fmt: skip
    root = tmp_path / "archive"
    with Archive.open(ArchiveConfig(root=root), operator="scanner") as archive:
        rid = archive.file_scanned(doc).record_id
    shown = _run(root, "review", "show", rid, env={"COLUMNS": "200"})
    assert shown.exit_code == 3
    assert "ĐỖ THỊ LAN" in shown.stdout and "ĐỒ THỊ LAN" in shown.stdout and "55%" in shown.stdout
    assert "Full name: read with low confidence, please check" in shown.stdout
    done = _run(root, "review", "confirm", rid, "--operator", "Trưởng bộ phận", "--json")
    assert done.exit_code == 0, done.output
    (rec,) = _json(done.stdout)
    assert rec["status"] == "filed" and rec["flags"] == [] and rec["changed"] == {}
    with Archive.open(ArchiveConfig(root=root)) as archive:
        assert archive.record(rid).status.value == "filed"
        assert [r.record_id for r in archive.citizen_records(PID)] == [rid]
    steps = _json(_run(root, "review", "show", rid, "--json").stdout)[0]["history"]
    assert steps[-1]["operator"] == "Trưởng bộ phận" and steps[-1]["confirm"] is True
    assert _run(root, "review", "confirm", rid).exit_code == 0  # already filed: nothing to do
