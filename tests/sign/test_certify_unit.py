"""Pure parts of certify: the statement template, the font check, the XMP merge, the demo PKI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digitize.errors import ConfigProblem, EnvironmentProblem
from digitize.sign import stamp, xmp
from digitize.sign.pades import Certification, _xmp_packet

WHEN = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
TEXT = stamp.StampText(number=42, book_number="01/2026/SCT/BS", certified_at=WHEN,
                       official_name="Trần Thị Demo", official_title="Công chức Tư pháp - Hộ tịch",
                       body_name="UBND xã Demo", body_superior="UBND huyện Demo", place="Xã Demo")


def test_default_statement_says_what_the_form_says():
    lines = stamp.render_statement(stamp.DEFAULT_TEMPLATE, TEXT).splitlines()
    assert lines[:3] == ["UBND HUYỆN DEMO", "UBND XÃ DEMO",
                         "LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC"]
    assert "Chứng thực bản sao đúng với bản chính." in lines
    assert "Số chứng thực: 42    Quyển số: 01/2026/SCT/BS" in lines
    assert "Xã Demo, ngày 05 tháng 03 năm 2026" in lines
    assert lines[-1] == "Trần Thị Demo"


def test_configured_template_and_its_placeholders(tmp_path: Path):
    good = tmp_path / "mau.txt"
    good.write_text("Số: {number}/{year} – {official_name}\n\n{body_name}\n", encoding="utf-8")
    text = stamp.render_statement(stamp.load_template(good), TEXT)
    assert text == "Số: 42/2026 – Trần Thị Demo\nUBND XÃ DEMO"
    bad = tmp_path / "sai.txt"
    bad.write_text("Số: {so_chung_thuc}\n", encoding="utf-8")
    with pytest.raises(ConfigProblem) as e:
        stamp.load_template(bad)
    assert "so_chung_thuc" in str(e.value)
    with pytest.raises(ConfigProblem):
        stamp.load_template(tmp_path / "missing.txt")


def test_font_must_have_1000_units_per_em():
    assert stamp.check_font(stamp.DEFAULT_FONT) == stamp.DEFAULT_FONT
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():  # fonts-dejavu-core is in scripts/setup.sh
        with pytest.raises(EnvironmentProblem, match="unitsPerEm 2048"):
            stamp.check_font(dejavu)
    with pytest.raises(EnvironmentProblem):
        stamp.check_font(Path("/nonexistent.ttf"))


def test_xmp_merge_keeps_existing_properties_and_verify_reads_ours():
    c = Certification("42", "01/2026/SCT/BS", WHEN, 'Trần "Thị" <Demo>')
    existing = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
                b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                b'<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
                b'pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>'
                b'<?xpacket end="w"?>')
    merged = _xmp_packet(existing, c)
    assert b'pdfaid:part="2"' in merged
    assert xmp.read_certification(merged) == {
        xmp.NUMBER: "42", xmp.BOOK_NUMBER: "01/2026/SCT/BS", xmp.DATE: WHEN.isoformat(),
        xmp.OFFICIAL: 'Trần "Thị" <Demo>'}
    assert xmp.read_certification(_xmp_packet(None, c))[xmp.NUMBER] == "42"


def test_demo_pki_is_named_demo_and_keys_need_the_passphrase(tmp_path: Path):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    from digitize.sign import demo

    pki = demo.generate(tmp_path, "s3cret")
    root = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    assert "DEMO" in root.subject.rfc4514_string()
    key, cert, chain = pkcs12.load_key_and_certificates(pki.official_p12.read_bytes(), b"s3cret")
    assert key is not None and cert is not None and cert.issuer == root.subject
    assert "DEMO" in cert.subject.rfc4514_string()
    crl = x509.load_der_x509_crl(pki.crl.read_bytes())
    assert crl.is_signature_valid(root.public_key()) and len(list(crl)) == 0
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(pki.body_p12.read_bytes(), b"wrong")
    assert oct(pki.tsa_p12.stat().st_mode & 0o777) == "0o600"


def test_font_cut_is_used_only_when_it_covers_the_text(tmp_path: Path, monkeypatch):
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stamp._cut.cache_clear()
    try:
        cut = stamp.font_for(stamp.DEFAULT_FONT, ["Chứng thực bản sao đúng với bản chính ₫ Ữ"])
        assert cut != stamp.DEFAULT_FONT and cut.is_relative_to(tmp_path)
        tt = TTFont(str(cut))
        assert tt["head"].unitsPerEm == 1000
        assert {ord(c) for c in "ứữỹĐđƠơƯư₫"} <= set(tt.getBestCmap())
        assert stamp.font_for(stamp.DEFAULT_FONT, ["Nguyễn 阮"]) == stamp.DEFAULT_FONT
    finally:
        stamp._cut.cache_clear()
