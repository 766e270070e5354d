"""Trust anchors: only those configured or given with --trust, never the operating system's store.

A verifier that silently trusted the machine's TLS roots would accept any
commercial CA as an issuer of Vietnamese certified copies.
"""

from __future__ import annotations

from pathlib import Path

from asn1crypto import pem, x509

from digitize.errors import InputRejected

__all__ = ["load_anchors", "CERT_SUFFIXES"]

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".cert")


def _load_one(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    if pem.detect(data):
        return [
            x509.Certificate.load(der)
            for kind, _, der in pem.unarmor(data, multiple=True)
            if kind == "CERTIFICATE"
        ]
    cert = x509.Certificate.load(data)
    cert.native  # noqa: B018 - parse now, so a broken anchor fails here and not mid-validation
    return [cert]


def load_anchors(paths: tuple[Path, ...] | list[Path]) -> list[x509.Certificate]:
    """Certificates from files (PEM, possibly several, or DER) and directories of such files."""
    anchors: list[x509.Certificate] = []
    for path in paths:
        files = (
            sorted(p for p in path.rglob("*") if p.suffix.lower() in CERT_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for f in files:
            try:
                anchors.extend(_load_one(f))
            except (OSError, ValueError, TypeError) as e:
                raise InputRejected("verify.error.bad_anchor", source=str(f), detail=str(e)) from e
    return anchors
