"""The verification engine: pyHanko's validation of every signature, then our own policy.

Runs inside the budgeted worker (`budget.py`). Every exception pyHanko (or a
hostile file) can raise ends as a verdict with a reason: TOTAL_FAILED when the
file is a PDF that claims to be signed, ERROR when it is not a PDF at all or
cannot be read. Nothing here trusts one signal alone: cryptographic integrity,
coverage of the byte ranges, pyHanko's difference analysis and DocMDP, the
certificate path and revocation, and our stricter modification policy
(`policy.py`) must all agree before a signature passes.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509

from digitize.sign.verify import policy
from digitize.sign.verify.report import (
    Certification,
    FileReport,
    SignatureReport,
    Verdict,
    reason,
    worst,
)
from digitize.sign.xmp import BOOK_NUMBER, DATE, NUMBER, OFFICIAL, read_certification

__all__ = ["EngineOptions", "verify_bytes", "verify_path"]

log = logging.getLogger(__name__)
for _noisy in ("pyhanko", "pyhanko_certvalidator"):
    # pyHanko logs every untrusted path with a traceback; our report says it in words.
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class EngineOptions:
    """What one verification run needs; picklable, shared by all files of a batch."""

    anchors: tuple[bytes, ...] = ()  # DER certificates
    at: datetime | None = None
    online: bool = False
    extract_dir: Path | None = None
    xml_dir: Path | None = None


def verify_path(path: Path, options: EngineOptions, display: str | None = None) -> FileReport:
    """Verify one file on disk."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return FileReport(
            name,
            Verdict.ERROR,
            error=f"cannot read: {e.strerror or e}",
            reasons=(reason("verify.reason.unreadable", detail=e.strerror or e),),
        )
    return verify_bytes(data, name, options)


def verify_bytes(data: bytes, name: str, options: EngineOptions) -> FileReport:
    """Verify one PDF given as bytes; never raises."""
    if b"%PDF-" not in data[:1024]:
        return FileReport(
            name, Verdict.ERROR, error="not a PDF file", reasons=(reason("verify.reason.not_pdf"),)
        )
    claims_signature = b"/ByteRange" in data
    try:
        return _verify(data, name, options)
    except MemoryError:
        raise  # the budgeted worker turns this into "memory budget exceeded"
    except Exception as e:  # noqa: BLE001 - fail closed: a hostile file must never pass or crash
        log.debug("verification failed", exc_info=True)
        detail = f"{type(e).__name__}: {str(e)[:200]}".strip()
        verdict = Verdict.TOTAL_FAILED if claims_signature else Verdict.ERROR
        return FileReport(
            name, verdict, error=detail, reasons=(reason("verify.reason.exception", detail=detail),)
        )


def _verify(data: bytes, name: str, options: EngineOptions) -> FileReport:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        return FileReport(
            name,
            Verdict.ERROR,
            error="encrypted PDF: cannot verify without the key",
            reasons=(reason("verify.reason.encrypted"),),
        )
    sigs, unsupported = _collect(reader)
    certification = _certification(reader)
    if not sigs and not unsupported:
        return FileReport(
            name,
            Verdict.NO_SIGNATURE,
            certification=certification,
            error=None,
            reasons=(reason("verify.reason.no_signature"),),
        )
    anchors = [x509.Certificate.load(d) for d in options.anchors]
    dss_kwargs = _dss_material(reader)
    certified = certification is not None or any(s.docmdp_level is not None for s in sigs)
    checked = [_check_one(sig, anchors, dss_kwargs, options) for sig in sigs]
    reports = policy.apply(
        sigs,
        checked,
        certified=certified,
        has_revinfo=bool(dss_kwargs.get("revinfo")),
        revinfo_time=dss_kwargs.get("revinfo_time"),
        require_timestamp=certification is not None,
    )
    if options.extract_dir is not None:
        _extract_revisions(data, name, sigs, options.extract_dir)
    if options.xml_dir is not None:
        reports = _with_ades(reports, sigs, anchors, options, name)
    reports += [
        SignatureReport(
            field=f,
            kind="signature",
            indication=Verdict.INDETERMINATE,
            reasons=(reason("verify.reason.unsupported", subfilter=sf),),
        )
        for f, sf in unsupported
    ]
    verdict = worst(*(r.indication for r in reports))
    file_reasons: tuple[str, ...] = ()
    if certification is not None and not any(r.kind == "signature" for r in reports):
        verdict = Verdict.TOTAL_FAILED
        file_reasons = (reason("verify.reason.certified_without_signature"),)
    return FileReport(name, verdict, tuple(reports), certification, None, file_reasons)


def _with_ades(reports: list, sigs: list, anchors: list, options: EngineOptions, name: str) -> list:
    """Second engine (pyHanko AdES, EN 319 102-1): its FAILED fails a signature, never the reverse.

    AdES alone passes content replaced by an incremental update, so it can
    only make our answer stricter.
    """
    from digitize.sign.verify.etsi import write_reports

    ades = write_reports(sigs, anchors, options, name)
    merged = []
    for rep in reports:
        ind, sub = ades.get(rep.field, (None, None))
        rep = dataclasses.replace(rep, ades_indication=ind, ades_sub_indication=sub)
        if ind == "FAILED" and rep.indication != Verdict.TOTAL_FAILED:
            rep = dataclasses.replace(
                rep,
                indication=Verdict.TOTAL_FAILED,
                sub_indication=sub,
                reasons=rep.reasons + (reason("verify.reason.ades_failed", sub=sub),),
            )
        merged.append(rep)
    return merged


def _collect(reader) -> tuple[list, list[tuple[str, str]]]:
    """Filled signature fields in signing order, minus empty placeholders; unsupported kinds apart.

    Unlike pyHanko's `embedded_signatures`, a field whose /Contents is only
    zero bytes (a reserved, never-signed placeholder) counts as no signature,
    and a signature of a kind pyHanko cannot check is reported, not dropped.
    """
    from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    known = {sf.value for sf in SigSeedSubFilter}
    sigs, unsupported = [], []
    for fq_name, sig_obj, sig_field in enumerate_sig_fields(reader, filled_status=True):
        obj = sig_obj.get_object()
        contents = obj.get("/Contents")
        if contents is not None and not bytes(contents).strip(b"\0"):
            continue
        subfilter = str(obj.get("/SubFilter", ""))
        if subfilter not in known and obj.get("/Type") != "/DocTimeStamp":
            unsupported.append((str(fq_name), subfilter))
            continue
        sigs.append(EmbeddedPdfSignature(reader, sig_field, fq_name))
    return sorted(sigs, key=lambda e: e.signed_revision), unsupported


def _dss_material(reader) -> dict:
    """Certificates, OCSP responses and CRLs of the document security store, parsed once."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return {}
    ocsps = [
        asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
        for ref in dss.ocsps
    ]
    crls = [
        asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
        for ref in dss.crls
    ]
    return {
        "other_certs": list(dss.load_certs()),
        "ocsps": ocsps,
        "crls": crls,
        "revinfo": bool(ocsps or crls),
        "revinfo_time": _latest_revinfo_time(ocsps, crls),
    }


def _latest_revinfo_time(ocsps: list, crls: list) -> str | None:
    """When the newest embedded revocation evidence was issued (OCSP producedAt, CRL thisUpdate)."""
    times = []
    for o in ocsps:
        try:
            times.append(o.basic_ocsp_response["tbs_response_data"]["produced_at"].native)
        except Exception:  # noqa: BLE001 - an unreadable response simply has no time
            pass
    for c in crls:
        try:
            times.append(c["tbs_cert_list"]["this_update"].native)
        except Exception:  # noqa: BLE001
            pass
    return max(times).isoformat() if times else None


def _context(anchors: list, dss_kwargs: dict, options: EngineOptions):
    """A fresh validation context (they keep state) over the file's DSS and our anchors only."""
    from pyhanko_certvalidator import ValidationContext

    kwargs: dict[str, Any] = {
        "trust_roots": list(anchors),
        "allow_fetching": options.online,
        "revocation_mode": "soft-fail",
        "other_certs": dss_kwargs.get("other_certs", []),
        "ocsps": dss_kwargs.get("ocsps", []),
        "crls": dss_kwargs.get("crls", []),
    }
    if options.at is not None:
        kwargs["moment"] = options.at
        kwargs["retroactive_revinfo"] = True
    return ValidationContext(**kwargs)


@dataclass
class Checked:
    """pyHanko's classic status for one signature, or the exception it raised.

    `as_of_timestamp` is set when the signer's certificate was validated as of
    its signature timestamp (proof of existence) rather than as of now.
    """

    status: object | None
    error: str | None
    as_of_timestamp: str | None = None


def _check_one(sig, anchors: list, dss_kwargs: dict, options: EngineOptions) -> Checked:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    try:
        vc = _context(anchors, dss_kwargs, options)
        if sig.sig_object_type == "/DocTimeStamp":
            return Checked(validate_pdf_timestamp(sig, validation_context=vc), None)
        status = validate_pdf_signature(sig, vc)
        poe = _proof_of_existence(status)
        if poe is None:
            return Checked(status, None)
        at_poe = dataclasses.replace(options, at=poe)
        past = validate_pdf_signature(sig, _context(anchors, dss_kwargs, at_poe))
        if past.intact and past.valid and past.trusted and not getattr(past, "revoked", False):
            return Checked(past, None, as_of_timestamp=poe.isoformat())
        return Checked(status, None)
    except Exception as e:  # noqa: BLE001 - fail closed per signature
        log.debug("signature %s: validation raised", sig.field_name, exc_info=True)
        return Checked(None, f"{type(e).__name__}: {str(e)[:200]}")


def _proof_of_existence(status: Any) -> datetime | None:
    """The signature timestamp's time when it can cure the signer's certificate problem.

    Only for an intact, valid signature whose certificate path is untrusted
    *now* (expired or revoked since, embedded CRL/OCSP or its responder's
    certificate no longer current), and whose own timestamp is intact, valid
    and trusted now: then the timestamp proves the signature existed at that
    time, and the whole path, revocation included, is validated again as of
    then (PAdES-LT, EN 319 102-1 past signature validation). A certificate
    already expired, revoked or untrusted at the timestamp stays INDETERMINATE
    or TOTAL_FAILED: the second validation must pass on its own.
    """
    if not (status.intact and status.valid) or status.trusted:
        return None
    ts = getattr(status, "timestamp_validity", None)
    if ts is None or not (ts.intact and ts.valid and ts.trusted) or ts.timestamp is None:
        return None
    details = getattr(status, "revocation_details", None)
    when = getattr(details, "revocation_date", None) if details is not None else None
    if when is not None and when <= ts.timestamp:
        return None
    return ts.timestamp  # type: ignore[no-any-return]


def _certification(reader) -> Certification | None:
    """Our certification register entry from the document's XMP metadata, if any."""
    try:
        meta = reader.root.get("/Metadata")
        if meta is None:
            return None
        found = read_certification(meta.get_object().data)
    except Exception:  # noqa: BLE001 - unreadable metadata is simply absent
        return None
    if not found:
        return None
    return Certification(
        found.get(NUMBER), found.get(BOOK_NUMBER), found.get(DATE), found.get(OFFICIAL)
    )


def _extract_revisions(data: bytes, name: str, sigs: list, out_dir: Path) -> None:
    """Write exactly the bytes each signature covers (its byte ranges, concatenated)."""
    from digitize.sign.verify.files import atomic_write

    stem = Path(name).stem
    for sig in sigs:
        try:
            br = [int(x) for x in sig.sig_object["/ByteRange"]]
        except Exception:  # noqa: BLE001 - a signature without a byte range covers nothing
            continue
        chunks = [data[br[i] : br[i] + br[i + 1]] for i in range(0, len(br) - 1, 2)]
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in sig.field_name or "sig")
        atomic_write(out_dir / f"{stem}.{safe}.signed-bytes", b"".join(chunks))
