"""Typed verification results, their JSON line (shared/spec/cli.md) and the report a person reads.

Results cross a process boundary (the worker of `budget.py`), so they are
plain frozen dataclasses of strings, booleans and tuples: cheap to pickle,
and nothing here imports pyHanko.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from digitize.errors import ExitCode
from digitize.i18n import translate

__all__ = [
    "Verdict",
    "SignatureReport",
    "Certification",
    "FileReport",
    "render_human",
    "worst",
    "reason",
]


class Verdict(StrEnum):
    """The verdicts of shared/spec/cli.md; the first three are the ETSI EN 319 102-1 indications."""

    TOTAL_PASSED = "TOTAL_PASSED"
    TOTAL_FAILED = "TOTAL_FAILED"
    INDETERMINATE = "INDETERMINATE"
    NO_SIGNATURE = "NO_SIGNATURE"
    ERROR = "ERROR"

    @property
    def exit_code(self) -> ExitCode:
        return {
            Verdict.TOTAL_PASSED: ExitCode.OK,
            Verdict.TOTAL_FAILED: ExitCode.FAILED,
            Verdict.INDETERMINATE: ExitCode.NEEDS_REVIEW,
            Verdict.NO_SIGNATURE: ExitCode.NEEDS_REVIEW,
            Verdict.ERROR: ExitCode.BAD_INPUT,
        }[self]


_RANK = {Verdict.TOTAL_PASSED: 0, Verdict.INDETERMINATE: 1, Verdict.TOTAL_FAILED: 2}


def worst(*verdicts: Verdict) -> Verdict:
    """Combine signature indications: one failure fails the file, one doubt makes it doubtful."""
    return max(verdicts, key=lambda v: _RANK.get(v, 2), default=Verdict.NO_SIGNATURE)


@dataclass(frozen=True)
class SignatureReport:
    """What one signature (or document timestamp) says, and what our checks say about it."""

    field: str
    kind: str  # "signature" | "timestamp"
    signer: str | None = None
    organisation: str | None = None
    title: str | None = None
    issuer_chain: tuple[str, ...] = ()
    signed_at: str | None = None  # time claimed by the signer
    timestamp: str | None = None  # time of the signature timestamp token
    indication: Verdict = Verdict.INDETERMINATE
    sub_indication: str | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revocation: str = "unknown"  # good | revoked | unknown | not_checked
    revocation_time: str | None = None
    coverage: str = "UNCLEAR"
    modifications: str = "OTHER"
    pades_level: str | None = None
    docmdp: str | None = None
    certifies: bool = False  # a DocMDP certification signature (else `docmdp` is a field lock)
    reasons: tuple[str, ...] = ()  # catalog keys "key|param=value;..." explaining a failure
    ades_indication: str | None = None  # pyHanko AdES (EN 319 102-1), when run (--xml)
    ades_sub_indication: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "signer": self.signer,
            "signed_at": self.signed_at,
            "indication": self.indication.value,
            "sub_indication": self.sub_indication,
            "intact": self.intact,
            "trusted": self.trusted,
            "revocation": self.revocation,
            "timestamp": self.timestamp,
            "coverage": self.coverage,
            "modifications": self.modifications,
            "pades_level": self.pades_level,
            "kind": self.kind,
            "organisation": self.organisation,
            "title": self.title,
            "issuer_chain": list(self.issuer_chain),
            "revocation_time": self.revocation_time,
            "reasons": [_reason_text(r, "en") for r in self.reasons],
            "ades_indication": self.ades_indication,
            "ades_sub_indication": self.ades_sub_indication,
        }


@dataclass(frozen=True)
class Certification:
    """The certification register entry of one of our certified copies, read back from XMP."""

    number: str | None = None
    book_number: str | None = None
    date: str | None = None
    official: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "book_number": self.book_number,
            "date": self.date,
            "official": self.official,
        }


@dataclass(frozen=True)
class FileReport:
    """The verdict on one file: the spec's JSON line plus what the human report needs."""

    file: str
    verdict: Verdict
    signatures: tuple[SignatureReport, ...] = ()
    certification: Certification | None = None
    error: str | None = None  # one line, English (JSON); the catalog key is in `reasons`
    reasons: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def exit_code(self) -> ExitCode:
        return self.verdict.exit_code

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "verdict": self.verdict.value,
            "signatures": [s.to_json() for s in self.signatures],
            "certification": self.certification.to_json() if self.certification else None,
            "error": self.error,
            "reasons": [_reason_text(r, "en") for r in self.reasons],
        }


def reason(key: str, **params: object) -> str:
    """Encode a catalog key with parameters so it can cross the process boundary as a string."""
    return key + "|" + ";".join(f"{k}={str(v).replace(';', ',')}" for k, v in params.items())


def _reason_text(encoded: str, lang: str | None = None) -> str:
    key, _, rest = encoded.partition("|")
    params = dict(p.split("=", 1) for p in rest.split(";") if "=" in p)
    return translate(key, lang=lang, **params)


def _yes_no(value: bool) -> str:
    return translate("verify.yes" if value else "verify.no")


def render_human(rep: FileReport) -> list[str]:
    """The explanation a person reads, in the operator's language, one line per fact."""
    t = translate
    lines = [t("verify.h.file", file=rep.file, verdict=t(f"verify.verdict.{rep.verdict.value}"))]
    for r in rep.reasons:
        lines.append("  ! " + _reason_text(r))
    if rep.certification:
        c = rep.certification
        lines.append(
            "  "
            + t(
                "verify.h.certification",
                number=c.number or "?",
                book=c.book_number or "?",
                date=c.date or "?",
                official=c.official or "?",
            )
        )
    for s in rep.signatures:
        lines.append(
            "  "
            + t(
                f"verify.h.sig.{s.kind}",
                field=s.field,
                indication=t(f"verify.verdict.{s.indication.value}"),
            )
        )
        if s.sub_indication:
            lines.append(
                "    "
                + t(
                    "verify.h.subindication",
                    sub=s.sub_indication,
                    text=t(f"verify.sub.{s.sub_indication}"),
                )
            )
        if s.signer:
            lines.append(
                "    "
                + t(
                    "verify.h.signer",
                    signer=s.signer,
                    org=s.organisation or "-",
                    title=s.title or "-",
                )
            )
        if s.issuer_chain:
            lines.append("    " + t("verify.h.chain", chain=" → ".join(s.issuer_chain)))
        lines.append(
            "    " + t("verify.h.times", claimed=s.signed_at or "-", ts=s.timestamp or "-")
        )
        lines.append(
            "    "
            + t(
                "verify.h.checks",
                intact=_yes_no(s.intact),
                trusted=_yes_no(s.trusted),
                revocation=t(f"verify.rev.{s.revocation}"),
                rev_time=s.revocation_time or "-",
            )
        )
        lines.append(
            "    "
            + t(
                "verify.h.coverage",
                coverage=t(f"verify.cov.{s.coverage}"),
                mods=t(f"verify.mod.{s.modifications}"),
                level=s.pades_level or "-",
            )
        )
        if s.docmdp:
            key = "verify.h.docmdp" if s.certifies else "verify.h.lock"
            lines.append("    " + t(key, perm=t(f"verify.mdp.{s.docmdp}")))
        if s.ades_indication:
            lines.append(
                "    " + t("verify.h.ades", ind=s.ades_indication, sub=s.ades_sub_indication or "-")
            )
        for r in s.reasons:
            lines.append("    ! " + _reason_text(r))
    return lines
