"""Configuration: one TOML file plus environment variables, validated once at the boundary.

Every section is a frozen dataclass; an unknown key anywhere is rejected by
name (a typo must not silently fall back to a default), and values are
type-checked. Relative paths are resolved against the configuration file's
directory. Precedence: built-in defaults < TOML file < environment
(`DIGITIZE_ARCHIVE`, `DIGITIZE_DATABASE`) < command-line options.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitize.errors import ConfigProblem
from digitize.i18n import translate

__all__ = [
    "AppConfig",
    "ArchiveConfig",
    "OcrConfig",
    "FieldsConfig",
    "CertifyConfig",
    "SignerConfig",
    "VerifyConfig",
    "BackfillConfig",
    "load_config",
    "default_archive_dir",
]


def default_archive_dir() -> Path:
    """Where the archive lives when nothing says otherwise (XDG data dir)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "digitize" / "archive"


@dataclass(frozen=True)
class ArchiveConfig:
    """The per-citizen archive: OCFL storage root and its index database."""

    root: Path = field(default_factory=default_archive_dir)
    # SQLAlchemy URL; empty means SQLite inside the archive root.
    database: str = ""
    # Who is recorded in the audit log when nobody says (e.g. the OS user).
    operator: str = ""


@dataclass(frozen=True)
class OcrConfig:
    """Scanning and OCR limits and choices."""

    language: str = "vie"
    jobs: int = 0  # 0 = all cores
    rasterize_dpi: int = 300
    upscale_below_dpi: int = 250
    max_pages: int = 500
    max_page_pixels: int = 120_000_000  # ~ A3 at 600 dpi; a bomb is far above
    max_file_bytes: int = 1_073_741_824  # 1 GiB
    page_timeout_seconds: int = 300


@dataclass(frozen=True)
class FieldsConfig:
    """Document-type recognition and field extraction."""

    review_threshold: float = 0.80
    type_threshold: float = 0.60


@dataclass(frozen=True)
class SignerConfig:
    """One signing key: a PKCS#12 file or a PKCS#11 token (secrets never stored here)."""

    kind: str = "pkcs12"  # "pkcs12" | "pkcs11"
    pkcs12: Path | None = None
    passphrase_env: str = ""  # name of the env var holding the passphrase
    pkcs11_module: Path | None = None
    token_label: str = ""
    key_label: str = ""
    cert_label: str = ""
    pin_env: str = ""
    name: str = ""
    title: str = ""
    required: bool = True


@dataclass(frozen=True)
class CertifyConfig:
    """Certified electronic copies: who signs, how, and the certification register."""

    body_name: str = ""
    body_superior: str = ""
    place: str = ""
    book_suffix: str = "SCT/BS"
    pades_level: str = "B-LT"  # B-B | B-T | B-LT | B-LTA
    tsa_url: str = ""
    stamp_template: Path | None = None
    font: Path | None = None
    official: SignerConfig | None = None
    body: SignerConfig | None = None
    extra_certs: tuple[Path, ...] = ()
    book: str = "01"  # quyển số: the register book within a year
    # In-process RFC 3161 timestamper (demo / offline set-ups); a real deployment sets tsa_url.
    local_tsa: SignerConfig | None = None
    crls: tuple[Path, ...] = ()  # locally held CRLs (DER or PEM) embedded at B-LT


@dataclass(frozen=True)
class VerifyConfig:
    """Signature verification: trust anchors and budgets."""

    trust: tuple[Path, ...] = ()
    time_budget_seconds: float = 10.0
    memory_budget_mb: int = 1024


@dataclass(frozen=True)
class BackfillConfig:
    """Nightly backfill defaults."""

    workers: int = 0  # 0 = all cores
    document_timeout_seconds: int = 600
    max_attempts: int = 3
    retry_backoff_seconds: float = 5.0  # first retry delay; doubles per attempt
    stop_grace_seconds: float = 30.0  # on SIGTERM, how long in-flight documents may finish


@dataclass(frozen=True)
class AppConfig:
    """The whole configuration, as validated once."""

    source: Path | None = None
    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    ocr: OcrConfig = field(default_factory=OcrConfig)
    fields: FieldsConfig = field(default_factory=FieldsConfig)
    certify: CertifyConfig = field(default_factory=CertifyConfig)
    verify: VerifyConfig = field(default_factory=VerifyConfig)
    backfill: BackfillConfig = field(default_factory=BackfillConfig)

    def with_archive(self, root: Path) -> AppConfig:
        """A copy whose archive root is `root` (for `--archive`)."""
        return dataclasses.replace(self, archive=dataclasses.replace(self.archive, root=root))


def load_config(path: Path | None = None, *, archive: Path | None = None,
                env: typing.Mapping[str, str] | None = None) -> AppConfig:
    """Read, validate and resolve the configuration.

    `path` (or `DIGITIZE_CONFIG`) names the TOML file; without one, the
    defaults are used. `archive` (from `--archive`) wins over
    `DIGITIZE_ARCHIVE`, which wins over the file.
    """
    env = os.environ if env is None else env
    if path is None and env.get("DIGITIZE_CONFIG"):
        path = Path(env["DIGITIZE_CONFIG"])
    data: dict[str, Any] = {}
    base = Path.cwd()
    source_name = str(path) if path else "defaults"
    if path is not None:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigProblem(source=source_name,
                                detail=translate("error.config.unreadable", lang="en", detail=e)) from e
        base = path.resolve().parent
    config = _build(AppConfig, {k: v for k, v in data.items()}, "", base, source_name)
    config = dataclasses.replace(config, source=path.resolve() if path else None)
    if env.get("DIGITIZE_DATABASE"):
        config = dataclasses.replace(
            config, archive=dataclasses.replace(config.archive, database=env["DIGITIZE_DATABASE"]))
    if archive is not None:
        config = config.with_archive(archive.resolve())
    elif env.get("DIGITIZE_ARCHIVE"):
        config = config.with_archive(Path(env["DIGITIZE_ARCHIVE"]).resolve())
    return config


def _build(cls: type, data: Any, prefix: str, base: Path, source: str) -> Any:
    """Make a `cls` dataclass from TOML data, rejecting unknown keys and wrong types."""
    if not isinstance(data, dict):
        raise ConfigProblem(source=source, detail=translate(
            "error.config.bad_value", key=prefix.rstrip(".") or "(root)", detail="expected a table"))
    hints = typing.get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls) if f.name != "source"]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigProblem(source=source, detail=translate(
                "error.config.unknown_key", key=prefix + key, known=", ".join(known)))
        kwargs[key] = _coerce(hints[key], value, prefix + key, base, source)
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, key: str, base: Path, source: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if value is None or value == "":
            return None if type(None) in args else value
        return _coerce(inner[0], value, key, base, source)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, key + ".", base, source)
    if origin is tuple:
        if not isinstance(value, list):
            _bad(key, source, "expected a list")
        return tuple(_coerce(args[0], v, key, base, source) for v in value)
    if hint is Path:
        if not isinstance(value, str):
            _bad(key, source, "expected a path string")
        p = Path(value).expanduser()
        return p if p.is_absolute() else (base / p).resolve()
    if hint is bool:
        if not isinstance(value, bool):
            _bad(key, source, "expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            _bad(key, source, "expected a whole number ≥ 0")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            _bad(key, source, "expected a number ≥ 0")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            _bad(key, source, "expected a string")
        return value
    return value


def _bad(key: str, source: str, detail: str) -> typing.NoReturn:
    raise ConfigProblem(source=source, detail=translate("error.config.bad_value", key=key, detail=detail))
