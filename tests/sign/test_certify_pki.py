"""Certify against a real test PKI: certomancer serves CRLs, OCSP and an RFC 3161 TSA over HTTP.

pyHanko ≥ 0.37 talks HTTP through aiohttp, so the PKI runs as a real server
(`certomancer animate --aiohttp` on 127.0.0.1, started and stopped by the
fixture) and `certify` fetches the timestamp and the revocation data from it
(`tsa_url`). Also: certificates that are revoked, expired or not for signing
are refused before any number is taken; a certificate that expires after
signing still verifies later, thanks to the timestamp and embedded evidence.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digitize.config import AppConfig, ArchiveConfig, CertifyConfig, SignerConfig, VerifyConfig
from digitize.errors import EnvironmentProblem
from digitize.sign.issue import certify, open_signing
from digitize.store.register import Register

pytestmark = pytest.mark.xdist_group("certify_pki")

RES = Path(__file__).resolve().parents[1] / "resources"
KEYS = RES / "signed-pdfs" / "pyhanko" / "crypto"
BIN = Path(sys.executable).parent
ENV = {"TEST_P12": "p12-secret"}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclasses.dataclass
class Pki:
    url: str
    dir: Path
    arch: object

    def p12(self, label: str, key: str) -> Path:
        from certomancer.registry import CertLabel, KeyLabel

        path = self.dir / f"{label}.p12"
        if not path.exists():
            path.write_bytes(self.arch.package_pkcs12(  # type: ignore[attr-defined]
                CertLabel(label), KeyLabel(key), certs_to_embed=[CertLabel("interm")],
                password=ENV["TEST_P12"].encode()))
        return path

    def pem(self, label: str) -> Path:
        from asn1crypto import pem
        from certomancer.registry import CertLabel

        path = self.dir / f"{label}.pem"
        cert = self.arch.get_cert(CertLabel(label))  # type: ignore[attr-defined]
        path.write_bytes(pem.armor("CERTIFICATE", cert.dump()))
        return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from certomancer.registry import ArchLabel, CertomancerConfig

    d = tmp_path_factory.mktemp("pki")
    port = _port()
    url = f"http://127.0.0.1:{port}"
    soon = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    yml = d / "certify-pki.yml"
    yml.write_text((RES / "certify-pki" / "certify-pki.yml").read_text(encoding="utf-8")
                   .replace("@URL@", url).replace("@SOON@", soon), encoding="utf-8")
    log = open(d / "animate.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(BIN / "certomancer"), "--config", str(yml), "--key-root", str(KEYS), "animate",
         "--port", str(port), "--aiohttp", "--no-web-ui"], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("certomancer animate did not start: "
                                + (d / "animate.log").read_text(errors="replace"))
                time.sleep(0.2)
        cfg = CertomancerConfig.from_file(str(yml), key_search_dir=str(KEYS))
        yield Pki(url, d, cfg.get_pki_arch(ArchLabel("t")))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _config(pki: Pki, tmp: Path, official: str = "official", level: str = "B-LT") -> AppConfig:
    def signer(label: str, key: str) -> SignerConfig:
        return SignerConfig(kind="pkcs12", pkcs12=pki.p12(label, key), passphrase_env="TEST_P12")

    return AppConfig(
        archive=ArchiveConfig(root=tmp / "archive"),
        certify=CertifyConfig(body_name="UBND xã Thử Nghiệm", place="Xã Thử Nghiệm",
                              pades_level=level, tsa_url=f"{pki.url}/t/tsa/tsa",
                              official=signer(official, "official"), body=signer("body", "body"),
                              extra_certs=(pki.pem("interm"),)),
        verify=VerifyConfig(trust=(pki.pem("root"),)),
    )


def _original(path: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from verify_copies import base_pdf

    path.write_bytes(base_pdf(certification=False))
    return path


def _verify(path: Path, root: Path, *extra: str) -> dict:
    env = {**os.environ, "DIGITIZE_LANG": "en"}
    env.pop("DIGITIZE_CONFIG", None)
    r = subprocess.run([str(BIN / "digitize"), "verify", "--json", "--trust", str(root), *extra,
                        str(path)], env=env, capture_output=True, text=True, timeout=120,
                       check=False)
    return json.loads(r.stdout)


def test_online_tsa_ocsp_crl_then_offline_verify(pki: Pki, tmp_path: Path):
    cfg = _config(pki, tmp_path)
    signing = open_signing(cfg, env=ENV)
    try:
        res = certify(cfg, str(_original(tmp_path / "o.pdf")), signing, out=tmp_path / "c.pdf")
    finally:
        signing.close()
    rep = _verify(tmp_path / "c.pdf", pki.pem("root"))
    assert rep["verdict"] == "TOTAL_PASSED", rep
    sigs = rep["signatures"]
    assert [s["pades_level"] for s in sigs] == ["B-LT", "B-LT"]
    assert all(s["revocation"] == "good" and s["timestamp"] for s in sigs), sigs
    assert rep["certification"]["number"] == res.certification_number == "1"
    # the TSA's answers came from the server: its timestamps are signed by TEST TSA
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(tmp_path / "c.pdf", "rb") as fh:
        emb = PdfFileReader(fh).embedded_signatures
        for sig in emb[:2]:
            token = next(a["values"][0] for a in sig.signer_info["unsigned_attrs"]
                         if a["type"].native == "signature_time_stamp_token")
            names = [c.chosen.subject.native["common_name"]
                     for c in token["content"]["certificates"]]
            assert "TEST TSA" in names


@pytest.mark.parametrize(("label", "why"), [
    ("official-revoked", "revoked"),
    ("official-expired", "expired"),
    ("interm", "not for signing"),
])
def test_bad_certificate_is_refused_before_numbering(pki: Pki, tmp_path: Path, label: str,
                                                     why: str):
    key = "interm" if label == "interm" else "official"
    cfg = _config(pki, tmp_path)
    cfg = dataclasses.replace(cfg, certify=dataclasses.replace(
        cfg.certify, official=SignerConfig(kind="pkcs12", pkcs12=pki.p12(label, key),
                                           passphrase_env="TEST_P12")))
    with pytest.raises(EnvironmentProblem) as e:
        open_signing(cfg, env=ENV)
    assert why in str(e.value)
    assert e.value.exit_code == 5
    assert Register(cfg.archive).entries() == []


def test_certificate_revoked_after_signing_signs_now_with_good_evidence(pki: Pki,
                                                                          tmp_path: Path):
    cfg = _config(pki, tmp_path, official="official-revoked-later")
    signing = open_signing(cfg, env=ENV)  # not revoked yet: accepted (OCSP says good)
    try:
        certify(cfg, str(_original(tmp_path / "o.pdf")), signing, out=tmp_path / "c.pdf")
    finally:
        signing.close()
    rep = _verify(tmp_path / "c.pdf", pki.pem("root"))
    assert rep["verdict"] == "TOTAL_PASSED", rep
    assert rep["signatures"][0]["revocation"] == "good"


def test_certificate_expiring_after_signing_still_verifies_later(pki: Pki, tmp_path: Path):
    cfg = _config(pki, tmp_path, official="official-expiring")
    signing = open_signing(cfg, env=ENV)
    try:
        certify(cfg, str(_original(tmp_path / "o.pdf")), signing, out=tmp_path / "c.pdf")
    finally:
        signing.close()
    now = _verify(tmp_path / "c.pdf", pki.pem("root"))
    assert now["verdict"] == "TOTAL_PASSED", now
    later = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    rep = _verify(tmp_path / "c.pdf", pki.pem("root"), "--at", later)
    official = next(s for s in rep["signatures"] if s["field"] == "ChungThuc")
    # Expired at `later`, but the trusted signature timestamp proves the signature existed while
    # the certificate was valid: PAdES-LT validation as of the timestamp passes.
    assert official["intact"] is True
    assert rep["verdict"] == "TOTAL_PASSED", rep
    assert official["indication"] == "TOTAL_PASSED"
