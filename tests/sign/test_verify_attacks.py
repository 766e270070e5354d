"""Attacks on our own certified copies, each with its expected verdict (real signing, validation).

The copies are certify-like (tests/sign/verify_copies.py): the official
certifies with DocMDP, the issuing body approves and locks, both B-LT.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
import verify_copies as vc  # noqa: E402

from digitize.cli import app  # noqa: E402
from digitize.sign.verify import VerifyRequest, verify_files  # noqa: E402

# module-scoped fixtures verify the whole set once: keep the module on one xdist worker
pytestmark = pytest.mark.xdist_group("verify_attacks")


@pytest.fixture(scope="module")
def pki():
    return vc.DemoPki.load()


@pytest.fixture(scope="module")
def copies(pki, tmp_path_factory):
    """The genuine copy and every attack on it, written to disk once."""
    out = tmp_path_factory.mktemp("copies")
    good = vc.certified_copy(pki)
    made = {
        "genuine": good,
        "byte_flip": vc.flip_byte_in_signed_range(good),
        "content_replaced": vc.replace_page_content(good),
        "annotation_added": vc.add_annotation(good),
        "page_added": vc.add_page(good),
        "page_removed": vc.remove_page(good),
        "form_overlay": vc.overlay_form_field(good),
        "third_signature": vc.third_signature(good, pki),
        "untrusted_resign": vc.resigned_by_untrusted(pki),
        "revoked_signer": vc.revoked_signer(pki),
        "expired_signer": vc.expired_signer(pki),
        "stripped_timestamp": vc.stripped_timestamp(pki),
        "approval_only": vc.approval_only(pki),
        "approval_only_overlay": vc.overlay_form_field(vc.approval_only(pki)),
    }
    paths = {}
    for name, data in made.items():
        paths[name] = out / f"{name}.pdf"
        paths[name].write_bytes(data)
    anchor = out / "demo-root.der"
    anchor.write_bytes(pki.root_der())
    reports = verify_files(VerifyRequest(files=tuple(paths.values()), trust=(anchor,), jobs=2))
    return {name: rep for name, rep in zip(paths, reports, strict=True)} | {
        "_paths": paths,
        "_anchor": anchor,
    }


EXPECTED = {
    "genuine": ("TOTAL_PASSED", None),
    "byte_flip": ("TOTAL_FAILED", "HASH_FAILURE"),
    "content_replaced": ("TOTAL_FAILED", None),
    "annotation_added": ("TOTAL_FAILED", None),
    "page_added": ("TOTAL_FAILED", None),
    "page_removed": ("TOTAL_FAILED", None),
    "form_overlay": ("TOTAL_FAILED", None),
    "third_signature": ("TOTAL_FAILED", None),
    "untrusted_resign": ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND"),
    "revoked_signer": ("TOTAL_FAILED", "REVOKED"),
    "expired_signer": ("INDETERMINATE", "OUT_OF_BOUNDS_NO_POE"),
    "stripped_timestamp": ("INDETERMINATE", "SIG_CONSTRAINTS_FAILURE"),
    "approval_only": ("TOTAL_PASSED", None),
    "approval_only_overlay": ("TOTAL_FAILED", None),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_attack_verdict(copies, name):
    rep = copies[name]
    verdict, sub = EXPECTED[name]
    assert rep.verdict.value == verdict, rep.to_json()
    if sub:
        assert sub in {s.sub_indication for s in rep.signatures}, rep.to_json()


def test_genuine_copy_report(copies):
    rep = copies["genuine"]
    first, second = rep.signatures
    assert (
        first.docmdp == "FILL_FORMS" and first.pades_level == "B-LT" and first.revocation == "good"
    )
    assert first.signer == "Tran Thi Demo" and first.issuer_chain == (
        "DEMO Cong vu CA",
        "DEMO Root CA",
    )
    assert first.timestamp is not None and second.modifications in ("NONE", "LTA_UPDATES")
    # the official certifies (DocMDP); the body's approval signature does not
    assert first.certifies and not second.certifies
    assert rep.certification is not None and rep.certification.number == "123"
    assert rep.to_json()["certification"]["official"] == "Trần Thị Demo"


def test_form_overlay_is_named(copies):
    """pyHanko's default policy calls this form filling; ours names the field that changed."""
    first = copies["form_overlay"].signatures[0]
    assert first.modifications == "FORM_FILLING"
    assert any("GhiChu" in r for r in first.reasons)


def test_without_anchor_the_genuine_copy_is_indeterminate(copies):
    [rep] = verify_files(VerifyRequest(files=(copies["_paths"]["genuine"],)))
    assert rep.verdict.value == "INDETERMINATE"


def test_cli_vietnamese_report_and_side_outputs(copies, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITIZE_LANG", "vi")
    path = copies["_paths"]["genuine"]
    result = CliRunner().invoke(
        app,
        [
            "verify",
            str(path),
            "--trust",
            str(copies["_anchor"]),
            "--extract-signed-revision",
            str(tmp_path / "rev"),
            "--xml",
            str(tmp_path / "xml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "HỢP LỆ" in result.stdout and "Bản sao chứng thực số 123" in result.stdout
    revs = sorted((tmp_path / "rev").iterdir())
    assert [p.name for p in revs] == [
        "genuine.ChungThuc.signed-bytes",
        "genuine.CoQuan.signed-bytes",
    ]
    data = path.read_bytes()
    assert data.startswith(revs[0].read_bytes()[:1000]) and len(revs[1].read_bytes()) > len(
        revs[0].read_bytes()
    )
    xml = sorted((tmp_path / "xml").iterdir())
    assert len(xml) == 2 and b"ValidationReport" in xml[0].read_bytes()
    monkeypatch.setenv("DIGITIZE_LANG", "en")
    line = CliRunner().invoke(app, ["verify", "--json", str(copies["_paths"]["byte_flip"])]).stdout
    assert json.loads(line)["verdict"] == "TOTAL_FAILED"


def test_third_signature_is_caught_by_two_rules(copies):
    """The certification's DocMDP and our policy (a signature field nobody reserved) both object."""
    first, second, third = copies["third_signature"].signatures
    assert first.indication.value == "TOTAL_FAILED" and first.modifications == "OTHER"
    assert second.indication.value == "TOTAL_FAILED"
    assert any("ThemChuKy" in r for r in second.reasons)


def test_overlay_on_a_plain_approval_signature(copies):
    """Without DocMDP pyHanko's policy calls the overlay form filling; ours fails it anyway."""
    [sig] = copies["approval_only_overlay"].signatures
    assert sig.modifications == "FORM_FILLING" and any("GhiChu" in r for r in sig.reasons)
    assert copies["approval_only_overlay"].certification is None
