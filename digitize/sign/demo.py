"""A DEMO PKI generated locally at `digitize init --demo` time (no network, nothing downloaded).

RSA 2048 keys (pyHanko's in-process timestamper is RSA-only). A root CA, a
certifying official, an issuing body and a timestamping authority, all named DEMO,
with a CRL from the root (valid for years, so the demo's B-LT copies carry revocation
data and verify offline). The keys are
PKCS#12 files protected by the passphrase in `DIGITIZE_DEMO_PASSPHRASE`
(default "demo" when unset: these keys protect nothing and must never be
trusted outside a demonstration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = ["PASSPHRASE_ENV", "DEFAULT_PASSPHRASE", "DemoPki", "generate"]

PASSPHRASE_ENV = "DIGITIZE_DEMO_PASSPHRASE"
DEFAULT_PASSPHRASE = "demo"
CRL_URL = "http://demo.invalid/crl/demo-root.crl"
ORG = "UBND xa Demo (DEMO)"


@dataclass(frozen=True)
class DemoPki:
    """Where init wrote the demo material (paths relative to the set-up directory)."""

    root_cert: Path
    crl: Path
    official_p12: Path
    body_p12: Path
    tsa_p12: Path
    official_name: str = "Trần Thị Demo"
    official_title: str = "Công chức Tư pháp - Hộ tịch (DEMO)"
    body_name: str = "UBND xã Demo (DEMO)"


def _name(cn: str, title: str = ""):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG),
             x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(attrs)


def _cert(subject, key, issuer, issuer_key, *, ca: bool, days: int, now: datetime,
          eku=None, crl: bool = True):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), critical=False))
    usage = dict(digital_signature=not ca, content_commitment=not ca and eku is None,
                 key_encipherment=False, data_encipherment=False, key_agreement=False,
                 key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)
    b = b.add_extension(x509.KeyUsage(**usage), critical=True)
    if eku is not None:
        b = b.add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
    if crl and not ca:
        b = b.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _p12(path: Path, name: str, key, cert, chain, passphrase: bytes) -> None:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    data = pkcs12.serialize_key_and_certificates(name.encode(), key, cert, chain,
                                                 BestAvailableEncryption(passphrase))
    _write(path, data, 0o600)


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(mode)
    tmp.replace(path)


def generate(dest: Path, passphrase: str, *, now: datetime | None = None) -> DemoPki:
    """Write the DEMO PKI into `dest` (created); returns where everything is."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    now = now or datetime.now(UTC)
    dest.mkdir(parents=True, exist_ok=True)
    secret = passphrase.encode()
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("DEMO Root CA - KHONG TIN CAY")
    root = _cert(root_name, root_key, root_name, root_key, ca=True, days=3650, now=now)
    pki = DemoPki(root_cert=dest / "demo-root.pem", crl=dest / "demo-root.crl",
                  official_p12=dest / "official.p12", body_p12=dest / "body.p12",
                  tsa_p12=dest / "tsa.p12")
    people = ((pki.official_p12, "Tran Thi Demo", "Cong chuc Tu phap - Ho tich (DEMO)", None),
              (pki.body_p12, "UBND xa Demo (DEMO)", "", None),
              (pki.tsa_p12, "DEMO TSA", "", ExtendedKeyUsageOID.TIME_STAMPING))
    for path, cn, title, eku in people:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = _cert(_name(cn, title), key, root_name, root_key, ca=False, days=1825, now=now,
                     eku=eku)
        _p12(path, cn, key, cert, [root], secret)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(root_name)
           .last_update(now - timedelta(minutes=5)).next_update(now + timedelta(days=3650))
           .add_extension(x509.CRLNumber(1), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    _write(pki.root_cert, root.public_bytes(serialization.Encoding.PEM))
    _write(pki.crl, crl.public_bytes(serialization.Encoding.DER))
    return pki
