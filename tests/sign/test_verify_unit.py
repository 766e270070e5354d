"""Smaller verify facts: trust from the configuration, words for every ETSI sub-indication, XMP."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from digitize.cli import app
from digitize.i18n import catalog
from digitize.sign import xmp
from digitize.sign.verify.trust import load_anchors

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "signed-pdfs"
CRYPTO = CORPUS / "pyhanko" / "crypto"


def test_every_etsi_sub_indication_is_explained_in_both_languages():
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

    missing = [
        e.name
        for e in [*AdESFailure, *AdESIndeterminate]
        if f"verify.sub.{e.name}" not in catalog()
    ]
    assert missing == []


def test_anchors_from_pem_der_and_directories():
    der = load_anchors([CRYPTO / "certomancer-testing-ca-root.cert.der"])
    pem_chain = load_anchors([CRYPTO / "testing-ca" / "ca-chain.cert.pem"])
    directory = load_anchors([CRYPTO / "testing-ca"])
    assert len(der) == 1 and len(pem_chain) == 2
    assert len(directory) > len(pem_chain)


def test_configured_trust_anchor_is_used(tmp_path, monkeypatch):
    cfg = tmp_path / "digitize.toml"
    root = CRYPTO / "certomancer-testing-ca-root.cert.der"
    cfg.write_text(f'[verify]\ntrust = ["{root}"]\ntime_budget_seconds = 8\n', encoding="utf-8")
    monkeypatch.setenv("DIGITIZE_CONFIG", str(cfg))
    pdf = CORPUS / "pyhanko/pdf/sig-with-ski-sid.pdf"
    result = CliRunner().invoke(app, ["verify", "--json", "--at", "2020-11-01", str(pdf)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "TOTAL_PASSED"
    monkeypatch.delenv("DIGITIZE_CONFIG")
    result = CliRunner().invoke(app, ["verify", "--json", "--at", "2020-11-01", str(pdf)])
    assert json.loads(result.stdout)["verdict"] == "INDETERMINATE"  # no OS trust store


def test_bad_anchor_is_a_one_line_input_error(tmp_path):
    bogus = tmp_path / "root.pem"
    bogus.write_text("not a certificate")
    pdf = CORPUS / "pyhanko/pdf/minimal.pdf"
    result = CliRunner().invoke(app, ["verify", "--trust", str(bogus), str(pdf)])
    assert result.exit_code == 4 and "Traceback" not in result.output


def test_xmp_reader_refuses_entities_and_reads_both_forms():
    ns = f'xmlns:dgc="{xmp.NS}"'
    attr = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><r {ns} dgc:{xmp.NUMBER}="7"/></x:xmpmeta>'.encode()
    )
    elem = f"<r {ns}><dgc:{xmp.BOOK_NUMBER}>01/2026</dgc:{xmp.BOOK_NUMBER}></r>".encode()
    assert xmp.read_certification(attr) == {xmp.NUMBER: "7"}
    assert xmp.read_certification(elem) == {xmp.BOOK_NUMBER: "01/2026"}
    assert xmp.read_certification(b'<!DOCTYPE x [<!ENTITY a "b">]>' + attr) is None
    assert xmp.read_certification(b"<x/>") is None


def test_missing_file_and_empty_directory_are_input_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["verify", "--json", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 4 and json.loads(result.stdout)["verdict"] == "ERROR"
    result = runner.invoke(app, ["verify", str(tmp_path)])
    assert result.exit_code == 4 and "Traceback" not in result.output
