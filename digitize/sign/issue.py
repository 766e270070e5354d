"""Issue one certified copy: the recipe behind `digitize certify`.

read the original → open the keys and refuse bad certificates → take a
register number → stamp, XMP, fields → sign (official, then body) → write the
copy → file it into the citizen's archive → mark the number issued. Any
failure after the number was taken marks it void with the reason.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from digitize.config import AppConfig
from digitize.errors import ConfigProblem, DigitizeError, EnvironmentProblem, InputRejected
from digitize.sign import keys, pades, stamp
from digitize.sign.keys import LoadedSigner, Prompter
from digitize.store.files import write_atomic

__all__ = ["CertifyResult", "certify", "Signing", "open_signing"]


@dataclass(frozen=True)
class CertifyResult:
    """The JSON line of shared/spec/cli.md for one `certify`."""

    source: str
    output: str | None = None
    certification_number: str | None = None
    book_number: str | None = None
    certified_at: str | None = None
    signers: tuple[dict[str, str], ...] = ()
    pades_level: str | None = None
    record_id: str | None = None
    error: str | None = None
    copy_record_id: str | None = None
    sha256: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "output": self.output,
                "certification_number": self.certification_number,
                "book_number": self.book_number, "certified_at": self.certified_at,
                "signers": list(self.signers), "pades_level": self.pades_level,
                "record_id": self.record_id, "error": self.error,
                "copy_record_id": self.copy_record_id, "sha256": self.sha256}


@dataclass
class Signing:
    """Keys, timestamper and revocation material, opened once (a batch or a benchmark reuses it)."""

    official: LoadedSigner
    body: LoadedSigner | None
    timestamper: Any
    context: Callable[[], Any]  # a fresh pyHanko ValidationContext per signature
    level: str
    font: Path
    template: str
    extra: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for s in (self.official, self.body):
            if s is not None:
                s.close()


def open_signing(config: AppConfig, *, env: Mapping[str, str] | None = None,
                 prompt: Prompter = keys.no_prompt, now: datetime | None = None) -> Signing:
    """Open and check everything signing needs; nothing is numbered yet."""
    cfg = config.certify
    if cfg.pades_level not in pades.LEVELS:
        raise ConfigProblem(source="certify.pades_level",
                            detail=f"{cfg.pades_level!r}: one of {', '.join(pades.LEVELS)}")
    if cfg.official is None:
        raise ConfigProblem(source="certify.official",
                            detail="no certifying official's key configured ([certify.official])")
    trust = keys.load_certs(list(config.verify.trust))
    if not trust and cfg.pades_level in ("B-LT", "B-LTA"):
        raise ConfigProblem(source="verify.trust", detail=(
            f"{cfg.pades_level} embeds revocation data, which needs the trusted roots of the "
            "signing certificates in [verify] trust"))
    extra = trust + keys.load_certs(list(cfg.extra_certs))
    online = bool(cfg.tsa_url)

    def context() -> Any:
        return keys.validation_context(cfg, trust, extra, online=online, moment=now)

    official = keys.load_signer(cfg.official, "official", extra_certs=extra, env=env, prompt=prompt)
    body = None
    if cfg.body is not None:
        try:
            body = keys.load_signer(cfg.body, "body", extra_certs=extra, env=env, prompt=prompt)
        except EnvironmentProblem:
            if cfg.body.required:
                official.close()
                raise
    try:
        for s in (official, body):
            if s is not None:
                keys.check_certificate(s, context() if trust else None, now)
        tsa = None if cfg.pades_level == "B-B" else keys.load_timestamper(
            cfg, extra_certs=extra, env=env, prompt=prompt)
        font = stamp.check_font(cfg.font or stamp.DEFAULT_FONT)
        template = stamp.load_template(cfg.stamp_template)
    except DigitizeError:
        official.close()
        if body is not None:
            body.close()
        raise
    return Signing(official, body, tsa, context, cfg.pades_level, font, template, extra)


def _read_source(config: AppConfig, source: str, operator: str) -> tuple[bytes, str | None]:
    """The original's PDF and its archive record id (None for a PDF the archive does not hold)."""
    path = Path(source)
    if path.is_file():
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputRejected(source=source, detail=e.strerror or str(e)) from e
        if not data.startswith(b"%PDF-"):
            raise InputRejected(source=source, detail="not a PDF")
        return data, _known_record(config, data, operator)
    if os.sep in source or source.lower().endswith(".pdf"):
        raise InputRejected(source=source, detail="no such file")
    archive = _archive(config, operator)
    try:
        return archive.read_file(source, "pdf"), source
    finally:
        archive.close()


def _archive(config: AppConfig, operator: str) -> Any:
    try:
        from digitize.store.archive import Archive
    except ImportError as e:
        raise EnvironmentProblem(detail="the archive is not available in this build") from e
    return Archive.open(config.archive, operator=operator)


def _known_record(config: AppConfig, data: bytes, operator: str) -> str | None:
    """A PDF we filed ourselves (an archive rendition) links to its record; else none."""
    if not (config.archive.root / "index.sqlite").exists() and not config.archive.database:
        return None
    try:
        archive = _archive(config, operator)
    except EnvironmentProblem:
        return None
    try:
        return archive.find_source(hashlib.sha256(data).hexdigest())
    except (DigitizeError, AttributeError):
        return None
    finally:
        archive.close()


def certify(config: AppConfig, source: str, signing: Signing, *, out: Path | None = None,
            operator: str = "", clock: Callable[[], datetime] | None = None,
            after_reserve: Callable[[], None] | None = None) -> CertifyResult:
    """Certify `source` (a PDF path or an archive record id) with keys already opened."""
    from digitize.store.register import Register

    data, record_id = _read_source(config, source, operator)
    pades.check_readable(data, source)
    cfg = config.certify
    register = Register(config.archive, book=cfg.book, suffix=cfg.book_suffix)
    # the office's local date (machine time zone) dates the statement and picks the year's book
    now = (clock or (lambda: datetime.now(UTC)))().replace(microsecond=0).astimezone()
    official = signing.official
    entry = register.reserve(source=source, record_id=record_id or "",
                             official=official.name, operator=operator, now=now)
    try:
        if after_reserve is not None:
            after_reserve()  # tests: a crash right after the number was taken
        statement = stamp.render_statement(signing.template, stamp.StampText(
            number=entry.number, book_number=entry.book_number, certified_at=now,
            official_name=official.name, official_title=official.title,
            body_name=cfg.body_name, body_superior=cfg.body_superior, place=cfg.place))
        cert = pades.Certification(str(entry.number), entry.book_number, now, official.name)
        slots = [pades.SignerSlot(pades.FIELD_OFFICIAL, stamp.OFFICIAL_BOX, official.signer,
                                  f"Ký bởi: {official.name}")]
        if signing.body is not None:
            slots.append(pades.SignerSlot(pades.FIELD_BODY, stamp.BODY_BOX, signing.body.signer,
                                          f"Cơ quan: {signing.body.name}"))
        font = stamp.font_for(signing.font, [statement, *(s.label for s in slots), "0123456789"])
        prepared = pades.prepare(data, statement, cert, font,
                                 pades.default_slots(official, signing.body), name=source)
        copy = pades.sign_all(prepared, slots, level=signing.level, font=font,
                              timestamper=signing.timestamper, context=signing.context,
                              name=source)
        digest = hashlib.sha256(copy).hexdigest()
        target = out or _default_output(source, record_id, entry.number, entry.year)
        write_atomic(target, copy)
        copy_id = _file_copy(config, record_id, target, entry, now, official.name, operator)
        register.issue(entry, copy_sha256=digest, copy_record_id=copy_id or "")
    except BaseException as e:
        reason = e.render("en") if isinstance(e, DigitizeError) else f"{type(e).__name__}: {e}"
        register.void(entry, reason)
        raise
    signers = [{"role": "official", "name": official.name, "field": pades.FIELD_OFFICIAL}]
    if signing.body is not None:
        signers.append({"role": "body", "name": signing.body.name, "field": pades.FIELD_BODY})
    return CertifyResult(source=source, output=str(target),
                         certification_number=str(entry.number), book_number=entry.book_number,
                         certified_at=now.isoformat(), signers=tuple(signers),
                         pades_level=signing.level, record_id=record_id, copy_record_id=copy_id,
                         sha256=digest)


def _default_output(source: str, record_id: str | None, number: int, year: int) -> Path:
    path = Path(source)
    if path.is_file():
        return path.with_name(f"{path.stem}-chung-thuc-{year}-{number}.pdf")
    return Path.cwd() / f"{record_id}-chung-thuc-{year}-{number}.pdf"


def _file_copy(config: AppConfig, record_id: str | None, pdf: Path, entry: Any, now: datetime,
               official: str, operator: str) -> str | None:
    if record_id is None:
        return None
    archive = _archive(config, operator)
    try:
        return str(archive.file_certified_copy(
            record_id, pdf, certification_number=str(entry.number),
            book_number=entry.book_number, certified_at=now, official=official))
    finally:
        archive.close()


def certify_source(config: AppConfig, source: str, *, out: Path | None = None,
                   operator: str = "", prompt: Prompter = keys.no_prompt,
                   ) -> tuple[CertifyResult, DigitizeError | None]:
    """One `digitize certify`: open the keys, certify, close; a refusal becomes the JSON `error`.

    The error is returned as well (with its exit code and catalog key) so the
    command can word it in the operator's language; JSON carries it in English.
    """
    try:
        signing = open_signing(config, prompt=prompt)
        try:
            return certify(config, source, signing, out=out, operator=operator), None
        finally:
            signing.close()
    except DigitizeError as e:
        return CertifyResult(source=source, error=e.render("en")), e
