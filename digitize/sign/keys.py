"""Signing keys (PKCS#12 files, PKCS#11 tokens), the timestamper and revocation material.

Secrets come only from an environment variable named in the configuration or
from an injected prompter (never argv, never disk). A certificate that is
expired, revoked or not meant for signing is refused before any register
number is taken, with a message that says which and why (exit 5).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from digitize.config import CertifyConfig, SignerConfig
from digitize.errors import ConfigProblem, EnvironmentProblem

__all__ = ["Prompter", "LoadedSigner", "load_signer", "load_timestamper", "load_certs",
           "validation_context", "check_certificate", "no_prompt"]

Prompter = Callable[[str], str]


def no_prompt(what: str) -> str:
    """The prompter of non-interactive runs: a missing secret is a configuration problem."""
    raise EnvironmentProblem("certify.error.no_secret", what=what)


@dataclass
class LoadedSigner:
    """A pyHanko signer plus what the stamp and register say about its holder."""

    role: str  # "official" | "body"
    signer: Any  # pyhanko.sign.signers.Signer
    name: str
    title: str
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer()
            self.closer = None


def _secret(env_name: str, kind: str, role: str, name: str, env: Mapping[str, str],
            prompt: Prompter) -> str:
    """The secret from env var `env_name`, else asked through `prompt` (worded in the catalog)."""
    from digitize.i18n import translate

    if env_name and env.get(env_name):
        return env[env_name]
    try:
        return prompt(translate(f"certify.secret.{kind}", role=role, name=name))
    except EnvironmentProblem as e:
        if e.key != "certify.error.no_secret":
            raise
        raise EnvironmentProblem(f"certify.error.no_{kind}", role=role, name=name,
                                 env=env_name or "-") from None


def load_certs(paths: tuple[Path, ...] | list[Path]) -> list[Any]:
    """asn1crypto certificates from PEM/DER files (a directory: every file in it)."""
    from asn1crypto import pem, x509

    out: list[Any] = []
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(q for q in p.iterdir() if q.is_file()) if p.is_dir() else [p])
    for f in files:
        try:
            data = f.read_bytes()
            if pem.detect(data):
                out.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
            else:
                out.append(x509.Certificate.load(data))
        except (OSError, ValueError) as e:
            raise ConfigProblem(source=str(f), detail=f"not a certificate: {e}") from e
    return out


def _load_crls(paths: tuple[Path, ...]) -> list[Any]:
    from asn1crypto import crl, pem

    out: list[Any] = []
    for f in paths:
        try:
            data = f.read_bytes()
            ders = [d for _, _, d in pem.unarmor(data, True)] if pem.detect(data) else [data]
            out.extend(crl.CertificateList.load(d) for d in ders)
        except (OSError, ValueError) as e:
            raise ConfigProblem(source=str(f), detail=f"not a CRL: {e}") from e
    return out


def load_signer(cfg: SignerConfig, role: str, *, extra_certs: list[Any],
                env: Mapping[str, str] | None = None, prompt: Prompter = no_prompt) -> LoadedSigner:
    """Open the key of `role` as configured; failures are environment problems (exit 5)."""
    env = os.environ if env is None else env
    if cfg.kind == "pkcs12":
        signer = _pkcs12(cfg, role, extra_certs, env, prompt)
        return LoadedSigner(role, signer, cfg.name or _cn(signer.signing_cert), cfg.title)
    if cfg.kind == "pkcs11":
        signer, close = _pkcs11(cfg, role, extra_certs, env, prompt)
        return LoadedSigner(role, signer, cfg.name or _cn(signer.signing_cert), cfg.title, close)
    raise ConfigProblem(source=f"certify.{role}.kind",
                        detail=f"unknown key kind {cfg.kind!r} (pkcs12 or pkcs11)")


def _pkcs12(cfg: SignerConfig, role: str, extra: list[Any], env: Mapping[str, str],
            prompt: Prompter) -> Any:
    from pyhanko.sign import signers

    if cfg.pkcs12 is None:
        raise ConfigProblem(source=f"certify.{role}.pkcs12", detail="no PKCS#12 file configured")
    try:
        data = cfg.pkcs12.read_bytes()
    except OSError as e:
        raise EnvironmentProblem(detail=f"{role} key {cfg.pkcs12}: {e.strerror}") from e
    secret = _secret(cfg.passphrase_env, "passphrase", role, cfg.pkcs12.name, env, prompt)
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=extra,
                                                     passphrase=secret.encode())
    except (ValueError, TypeError) as e:
        raise EnvironmentProblem("certify.error.bad_pkcs12", role=role, path=cfg.pkcs12) from e


def _pkcs11(cfg: SignerConfig, role: str, extra: list[Any], env: Mapping[str, str],
            prompt: Prompter) -> tuple[Any, Callable[[], None]]:
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    if cfg.pkcs11_module is None or not cfg.pkcs11_module.exists():
        raise EnvironmentProblem(detail=f"{role}: PKCS#11 module {cfg.pkcs11_module} not found")
    pin = _secret(cfg.pin_env, "pin", role, cfg.token_label, env, prompt)
    try:
        session = p11.open_pkcs11_session(
            str(cfg.pkcs11_module), token_criteria=TokenCriteria(label=cfg.token_label or None),
            user_pin=pin)
    except (PKCS11Error, Exception) as e:  # noqa: BLE001 - any token failure is exit 5
        raise EnvironmentProblem("certify.error.token", role=role, token=cfg.token_label,
                                 kind=type(e).__name__) from e
    try:
        signer = p11.PKCS11Signer(session, cert_label=cfg.cert_label or cfg.key_label,
                                  key_label=cfg.key_label or cfg.cert_label, ca_chain=extra)
        _ = signer.signing_cert  # fetch now: a wrong label fails here, not mid-signing
    except Exception as e:
        session.close()
        raise EnvironmentProblem("certify.error.token_key", role=role, label=cfg.key_label,
                                 token=cfg.token_label, kind=type(e).__name__) from e
    return signer, session.close


def _cn(cert: Any) -> str:
    return str(cert.subject.native.get("common_name", ""))


def load_timestamper(cfg: CertifyConfig, *, extra_certs: list[Any],
                     env: Mapping[str, str] | None = None, prompt: Prompter = no_prompt) -> Any:
    """An RFC 3161 client for `tsa_url`, or the in-process timestamper of `local_tsa`."""
    if cfg.tsa_url:
        from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

        # no session of its own: a session per request (each signature runs its own loop)
        return HTTPTimeStamper(cfg.tsa_url, timeout=30)
    if cfg.local_tsa is not None:
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        tsa = load_signer(cfg.local_tsa, "tsa", extra_certs=extra_certs, env=env, prompt=prompt)
        return DummyTimeStamper(
            tsa_cert=tsa.signer.signing_cert, tsa_key=tsa.signer.signing_key,
            certs_to_embed=SimpleCertificateStore.from_certs(extra_certs))
    raise ConfigProblem(source="certify.tsa_url",
                        detail="a timestamp is needed for B-T and above: set tsa_url or local_tsa")


def validation_context(cfg: CertifyConfig, trust: list[Any], extra: list[Any], *,
                       online: bool, moment: datetime | None = None) -> Any:
    """What B-LT embeds: local CRLs always, fetched OCSP/CRL when a TSA URL says we are online."""
    from pyhanko_certvalidator import ValidationContext

    kwargs: dict[str, Any] = {"trust_roots": trust, "other_certs": extra,
                              "crls": _load_crls(cfg.crls), "allow_fetching": online,
                              "revocation_mode": "hard-fail" if online else "soft-fail"}
    if moment is not None:
        kwargs["moment"] = moment
    return ValidationContext(**kwargs)


def check_certificate(loaded: LoadedSigner, context: Any, now: datetime | None = None) -> None:
    """Refuse an expired, not-yet-valid, revoked or not-for-signing certificate (exit 5)."""
    import asyncio

    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import (
        InvalidCertificateError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    cert = loaded.signer.signing_cert
    now = now or datetime.now(UTC)
    who = _cn(cert)
    validity = cert["tbs_certificate"]["validity"]
    if validity["not_after"].native < now:
        raise EnvironmentProblem("certify.error.expired", who=who,
                                 date=f"{validity['not_after'].native:%Y-%m-%d}")
    if validity["not_before"].native > now:
        raise EnvironmentProblem("certify.error.not_yet_valid", who=who,
                                 date=f"{validity['not_before'].native:%Y-%m-%d}")
    usage = set(cert.key_usage_value.native) if cert.key_usage_value is not None else set()
    if cert.ca or ({"digital_signature", "non_repudiation"}.isdisjoint(usage) and usage):
        raise EnvironmentProblem("certify.error.not_for_signing", who=who,
                                 usage=", ".join(sorted(usage)) or "CA")
    if context is None:
        return
    validator = CertificateValidator(cert, validation_context=context)

    async def run() -> None:
        try:
            await validator.async_validate_usage(set())
        finally:
            await context.aclose()

    try:
        asyncio.run(run())
    except RevokedError as e:
        raise EnvironmentProblem("certify.error.revoked", who=who, detail=e) from e
    except (PathBuildingError, PathValidationError, InvalidCertificateError) as e:
        raise EnvironmentProblem("certify.error.unvalidated", who=who, detail=e) from e
