"""`digitize init DIR [--demo]`: a configuration file and an empty archive, optionally a DEMO PKI.

The written `digitize.toml` uses paths relative to DIR, so the set-up can be
moved. With `--demo` the certify section points at the locally generated DEMO
keys (digitize/sign/demo.py), an in-process timestamper and the demo CRL, and
`[verify] trust` at the demo root: scan → certify → verify work at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from digitize.errors import EnvironmentProblem, UsageProblem

__all__ = ["InitResult", "init_setup"]

CONFIG_NAME = "digitize.toml"

_PLAIN = """\
# digitize configuration, written by `digitize init`. Paths are relative to this file.
[archive]
root = "archive"

[certify]
body_name = ""          # the issuing body, e.g. "UBND xã ..."
place = ""
pades_level = "B-LT"    # B-B | B-T | B-LT | B-LTA
tsa_url = ""            # RFC 3161 timestamping service of your CA
# [certify.official]    # the certifying official's key
# kind = "pkcs11"       # or "pkcs12" with pkcs12 = "…" and passphrase_env = "…"
# pkcs11_module = "/usr/lib/…/libcaprovider.so"
# token_label = "…"
# key_label = "…"
# pin_env = "DIGITIZE_OFFICIAL_PIN"
# name = "…"
# title = "Công chức Tư pháp - Hộ tịch"

[verify]
trust = []              # the Vietnam National Root CA, the public-duty CA, …
"""

_DEMO = """\
# digitize DEMO configuration, written by `digitize init --demo`.
# The PKI under pki/ is a DEMONSTRATION: never trust it outside a demo.
# Its keys' passphrase comes from the environment variable {env} ("{default}" if unset at init).
[archive]
root = "archive"

[certify]
body_superior = "UBND huyện Demo"
body_name = "{body}"
place = "Xã Demo"
pades_level = "B-LT"
crls = ["pki/demo-root.crl"]

[certify.official]
kind = "pkcs12"
pkcs12 = "pki/official.p12"
passphrase_env = "{env}"
name = "{official}"
title = "{title}"

[certify.body]
kind = "pkcs12"
pkcs12 = "pki/body.p12"
passphrase_env = "{env}"
name = "{body}"

[certify.local_tsa]
kind = "pkcs12"
pkcs12 = "pki/tsa.p12"
passphrase_env = "{env}"

[verify]
trust = ["pki/demo-root.pem"]
"""


@dataclass(frozen=True)
class InitResult:
    """What init wrote."""

    directory: Path
    config: Path
    archive: Path
    demo: bool
    trust_anchor: Path | None = None
    passphrase_env: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"directory": str(self.directory), "config": str(self.config),
                "archive": str(self.archive), "demo": self.demo,
                "trust_anchor": str(self.trust_anchor) if self.trust_anchor else None,
                "passphrase_env": self.passphrase_env}


def init_setup(directory: Path, *, demo: bool, env: Mapping[str, str] | None = None
               ) -> InitResult:
    """Write DIR/digitize.toml and an empty archive (refuses to overwrite a configuration)."""
    env = os.environ if env is None else env
    directory = directory.resolve()
    config = directory / CONFIG_NAME
    if config.exists():
        raise UsageProblem(detail=f"{config} already exists; choose an empty directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        archive = directory / "archive"
        archive.mkdir(exist_ok=True)
    except OSError as e:
        raise EnvironmentProblem(detail=f"{directory} not writable: {e.strerror}") from e
    anchor = None
    env_name = None
    if demo:
        from digitize.sign import demo as demo_pki

        env_name = demo_pki.PASSPHRASE_ENV
        pki = demo_pki.generate(directory / "pki",
                                env.get(env_name) or demo_pki.DEFAULT_PASSPHRASE)
        text = _DEMO.format(env=env_name, default=demo_pki.DEFAULT_PASSPHRASE,
                            body=pki.body_name, official=pki.official_name,
                            title=pki.official_title)
        anchor = pki.root_cert
    else:
        text = _PLAIN
    tmp = config.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(config)
    _create_archive(config)
    return InitResult(directory, config, archive, demo, anchor, env_name)


def _create_archive(config_path: Path) -> None:
    """An empty archive: the archive's own storage root if available, and the register's tables."""
    from digitize.config import load_config
    from digitize.store.register import Register

    cfg = load_config(config_path, env={})
    from digitize.store.archive import Archive

    Archive.open(cfg.archive).close()
    Register(cfg.archive, book=cfg.certify.book, suffix=cfg.certify.book_suffix)
