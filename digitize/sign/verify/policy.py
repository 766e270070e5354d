"""Our judgment on top of pyHanko: indications per signature and the modification policy.

pyHanko's default difference policy accepts form filling after a signature,
which lets a form field's appearance cover signed content (EU DSS's
dss-2236/replace.pdf). On top of its difference analysis and DocMDP rules,
for every document:

* after the last signature only validation data (DSS) and document
  timestamps may be added;
* between signatures only the fields of later signatures may be filled;
* any other changed form field, annotation, page or content is TOTAL_FAILED.

For certified documents (a DocMDP certification signature, or our
certification metadata) a later approval signature must also fill a field
that already existed when the earlier signature was made.
"""

from __future__ import annotations

from typing import Any

from digitize.sign.verify.report import SignatureReport, Verdict, reason

__all__ = ["apply", "indication_of", "policy_violations"]


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt is not None else None


def _level_name(status: Any) -> str:
    try:
        level = status.modification_level
        return level.name if level is not None else "NONE"
    except Exception:  # noqa: BLE001
        return "OTHER"


def _fields_at(sig: Any) -> set[str] | None:
    """Names of the signature fields that existed in the revision `sig` signed (None if unknown)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        hist = sig.reader.get_historical_resolver(sig.signed_revision)
        return {str(name) for name, _, _ in enumerate_sig_fields(hist)}
    except Exception:  # noqa: BLE001 - unknown: the caller fails closed
        return None


def policy_violations(sigs: list, i: int, status: Any, *, certified: bool) -> list[str]:
    """Reasons why the updates after signature `i` break our modification policy.

    For every document: only signature and timestamp fields that are signed
    later may change, and nothing beyond form filling (no annotation, page or
    content change). For certified documents also: a later approval signature
    must fill a field that already existed when signature `i` was made (only
    document timestamps may bring their own new field).
    """
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    diff = getattr(status, "diff_result", None)
    if diff is None:
        return []
    if not isinstance(diff, DiffResult):
        return [reason("verify.reason.suspicious", detail=str(diff)[:200])]
    later = sigs[i + 1 :]
    allowed = {str(s.field_name) for s in later if s.sig_object_type == "/DocTimeStamp"}
    approvals = {str(s.field_name) for s in later if s.sig_object_type != "/DocTimeStamp"}
    out = []
    if certified:
        added = approvals - (_fields_at(sigs[i]) or set())
        if added:
            out.append(reason("verify.reason.new_signature_field", fields=", ".join(sorted(added))))
    extra = {str(f) for f in diff.changed_form_fields} - allowed - approvals
    if extra:
        out.append(reason("verify.reason.field_changed", fields=", ".join(sorted(extra))))
    if diff.modification_level > ModificationLevel.FORM_FILLING:
        out.append(reason("verify.reason.disallowed_update", level=diff.modification_level.name))
    return out


def indication_of(status: Any, kind: str) -> tuple[Verdict, str | None, list[str]]:
    """ETSI indication and sub-indication from pyHanko's classic status, with reasons."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not status.intact:
        return Verdict.TOTAL_FAILED, "HASH_FAILURE", [reason("verify.reason.not_intact")]
    if not status.valid:
        return Verdict.TOTAL_FAILED, "SIG_CRYPTO_FAILURE", [reason("verify.reason.not_valid")]
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return Verdict.TOTAL_FAILED, "FORMAT_FAILURE", [reason("verify.reason.coverage")]
    if getattr(status, "revoked", False):
        return Verdict.TOTAL_FAILED, "REVOKED", [reason("verify.reason.revoked")]
    level = status.modification_level
    if (
        level is None
        or level == ModificationLevel.OTHER
        or getattr(status, "docmdp_ok", True) is False
    ):
        return Verdict.TOTAL_FAILED, None, [reason("verify.reason.modified")]
    if kind == "signature" and getattr(status, "seed_value_ok", True) is False:
        return Verdict.TOTAL_FAILED, None, [reason("verify.reason.seed_value")]
    ts = getattr(status, "timestamp_validity", None)
    if ts is not None and not (ts.intact and ts.valid):
        return (
            Verdict.TOTAL_FAILED,
            "SIG_CRYPTO_FAILURE",
            [reason("verify.reason.timestamp_broken")],
        )
    if not status.trusted:
        sub = status.trust_problem_indic
        return (
            Verdict.INDETERMINATE,
            sub.name if sub else "NO_CERTIFICATE_CHAIN_FOUND",
            [reason("verify.reason.untrusted")],
        )
    if ts is not None and not ts.trusted:
        sub = ts.trust_problem_indic
        return (
            Verdict.INDETERMINATE,
            sub.name if sub else "NO_CERTIFICATE_CHAIN_FOUND",
            [reason("verify.reason.timestamp_untrusted")],
        )
    return Verdict.TOTAL_PASSED, None, []


def _pades_level(sig: Any, status: Any, sigs: list, i: int, has_revinfo: bool) -> str | None:
    subfilter = str(sig.sig_object.get("/SubFilter", ""))
    if sig.sig_object_type == "/DocTimeStamp":
        return None
    if "ETSI.CAdES" not in subfilter:
        return None
    level = "B-B"
    if getattr(status, "timestamp_validity", None) is not None:
        level = "B-T"
        if has_revinfo:
            level = "B-LT"
            if any(s.sig_object_type == "/DocTimeStamp" for s in sigs[i + 1 :]):
                level = "B-LTA"
    return level


def _certifies(sig: Any) -> bool:
    """A certification signature carries a /DocMDP transform reference (a lock alone does not)."""
    try:
        refs = sig.sig_object.get("/Reference") or ()
        return any(r.get_object().get("/TransformMethod") == "/DocMDP" for r in refs)
    except Exception:  # noqa: BLE001 - unreadable references: not a certification
        return False


def _name_parts(cert: Any) -> tuple[str | None, str | None, str | None]:
    try:
        subject = cert.subject.native
    except Exception:  # noqa: BLE001
        return None, None, None
    return subject.get("common_name"), subject.get("organization_name"), subject.get("title")


def _short(name: Any) -> str:
    native = name.native
    return native.get("common_name") or name.human_friendly


def _chain(status: Any) -> tuple[str, ...]:
    """Issuers from the signer's up to the trust anchor (just the issuer when there is no path)."""
    path = getattr(status, "validation_path", None)
    try:
        if path is None:
            cert = getattr(status, "signing_cert", None)
            return (_short(cert.issuer),) if cert is not None else ()
        certs = list(path.iter_certs(include_root=True))
        return tuple(_short(c.subject) for c in certs[::-1][1:]) or (_short(certs[0].issuer),)
    except Exception:  # noqa: BLE001
        return ()


def _revocation(status: Any, has_revinfo: bool, when: str | None) -> tuple[str, str | None]:
    details = getattr(status, "revocation_details", None)
    if details is not None:
        return "revoked", _iso(getattr(details, "revocation_date", None))
    if not status.trusted:
        return "not_checked", None
    return ("good", when) if has_revinfo else ("unknown", None)


def apply(
    sigs: list,
    checked: list,
    *,
    certified: bool,
    has_revinfo: bool,
    require_timestamp: bool = False,
    revinfo_time: str | None = None,
) -> list[SignatureReport]:
    """One report per signature, in document order, combining all checks."""
    reports = []
    for i, (sig, chk) in enumerate(zip(sigs, checked, strict=True)):
        kind = "timestamp" if sig.sig_object_type == "/DocTimeStamp" else "signature"
        st = chk.status
        if st is None:
            reports.append(
                SignatureReport(
                    field=str(sig.field_name or "?"),
                    kind=kind,
                    indication=Verdict.TOTAL_FAILED,
                    sub_indication="FORMAT_FAILURE",
                    reasons=(reason("verify.reason.exception", detail=chk.error),),
                )
            )
            continue
        indication, sub, why = indication_of(st, kind)
        if indication != Verdict.TOTAL_FAILED:
            broken = policy_violations(sigs, i, st, certified=certified)
            if broken:
                indication, sub, why = Verdict.TOTAL_FAILED, None, broken
        if indication == Verdict.TOTAL_PASSED and getattr(chk, "as_of_timestamp", None):
            why = [reason("verify.reason.as_of_timestamp", time=chk.as_of_timestamp)]
        pades = _pades_level(sig, st, sigs, i, has_revinfo)
        if (
            require_timestamp
            and kind == "signature"
            and indication == Verdict.TOTAL_PASSED
            and pades in (None, "B-B")
        ):
            indication, sub = Verdict.INDETERMINATE, "SIG_CONSTRAINTS_FAILURE"
            why = [reason("verify.reason.no_timestamp")]
        signer, org, title = _name_parts(getattr(st, "signing_cert", None))
        rev, rev_time = _revocation(st, has_revinfo, revinfo_time)
        ts = getattr(st, "timestamp_validity", None)
        reports.append(
            SignatureReport(
                field=str(sig.field_name or "?"),
                kind=kind,
                signer=signer,
                organisation=org,
                title=title,
                issuer_chain=_chain(st),
                signed_at=_iso(getattr(st, "signer_reported_dt", None)),
                timestamp=_iso(ts.timestamp if ts is not None else getattr(st, "timestamp", None)),
                indication=indication,
                sub_indication=sub,
                intact=bool(st.intact),
                valid=bool(st.valid),
                trusted=bool(st.trusted),
                revocation=rev,
                revocation_time=rev_time,
                coverage=st.coverage.name if st.coverage is not None else "UNCLEAR",
                modifications=_level_name(st),
                pades_level=pades,
                docmdp=sig.docmdp_level.name if sig.docmdp_level is not None else None,
                certifies=_certifies(sig),
                reasons=tuple(why),
            )
        )
    return reports
