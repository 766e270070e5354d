"""ETSI TS 119 102-2 validation reports, from pyHanko's AdES (EN 319 102-1) validation.

The second engine: the XML report carries pyHanko's AdES indication and
sub-indication for each signature, next to our verdict in the JSON line.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from digitize.sign.verify.files import atomic_write

__all__ = ["ades_indication", "write_reports"]


def _spec(anchors: list, online: bool) -> Any:
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager

    rule = (
        RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
        if online
        else RevinfoOnlineFetchingRule.LOCAL_ONLY
    )
    cert_policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=list(anchors)),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy.from_legacy("soft-fail")),
    )
    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=cert_policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=rule),
        )
    )


def ades_result(sig: Any, anchors: list, options: Any) -> Any:
    """PyHanko's AdES-LTA validation result for one signature."""
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo

    timing = None
    if options.at is not None:
        timing = ValidationTimingInfo(options.at, options.at, point_in_time_validation=True)
    return asyncio.run(ades_lta_validation(sig, _spec(anchors, options.online), timing_info=timing))


def ades_indication(result: Any) -> tuple[str, str]:
    """(indication, sub-indication) names of an AdES result."""
    sub = result.ades_subindic
    return sub.status.name, sub.name


def write_reports(sigs: list, anchors: list, options: Any, name: str) -> dict[str, tuple[str, str]]:
    """One `<file>.<field>.xml` report per signature in `options.xml_dir`; AdES results by field."""
    from pyhanko.sign.validation.report.tools import generate_report

    out_dir: Path = options.xml_dir
    stem = Path(name).stem
    found: dict[str, tuple[str, str]] = {}
    for sig in sigs:
        if sig.sig_object_type == "/DocTimeStamp":
            continue
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in sig.field_name or "sig")
        try:
            result = ades_result(sig, anchors, options)
            found[str(sig.field_name)] = ades_indication(result)
            xml = generate_report(sig, result)
        except Exception as e:  # noqa: BLE001 - fail closed below; the file still gets its report
            found[str(sig.field_name)] = ("FAILED", "FORMAT_FAILURE")
            xml = f"<!-- AdES validation of {safe} raised {type(e).__name__} -->\n"
        atomic_write(out_dir / f"{stem}.{safe}.xml", xml.encode("utf-8"))
    return found
