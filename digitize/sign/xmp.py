"""XMP metadata of our certified copies: the certification register entry, machine-readable.

Owned by the CERTIFY engineer for writing (they embed these properties when
issuing a copy); the VERIFY side only reads them back with `read_certification`.
If you change a name here, both sides follow: the constants are the contract.

Also part of the contract (digitize/sign/verify/policy.py): in a certified
copy, the issuing body's signature field must already exist in the revision
the official signs (create both fields before the first signature), and every
signature carries a signature timestamp (B-T or better); otherwise `verify`
answers TOTAL_FAILED / INDETERMINATE.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

__all__ = [
    "NS",
    "PREFIX",
    "NUMBER",
    "BOOK_NUMBER",
    "DATE",
    "OFFICIAL",
    "PROPERTIES",
    "read_certification",
]

NS = "https://digitize.example.org/ns/certification/1.0/"
PREFIX = "dgc"
NUMBER = "certificationNumber"  # số chứng thực
BOOK_NUMBER = "bookNumber"  # quyển số
DATE = "certifiedAt"  # ngày chứng thực, ISO 8601
OFFICIAL = "official"  # người chứng thực
PROPERTIES = (NUMBER, BOOK_NUMBER, DATE, OFFICIAL)

_MAX_XMP = 1 << 20


def read_certification(xmp: bytes) -> dict[str, str] | None:
    """The certification properties found in an XMP packet, or None when it has none of them.

    Accepts both attribute (`dgc:bookNumber="…"`) and element forms. External
    entities and DTDs are refused: the packet comes from an untrusted file.
    """
    if not xmp or len(xmp) > _MAX_XMP or b"<!DOCTYPE" in xmp or b"<!ENTITY" in xmp:
        return None
    if NS.encode() not in xmp:
        return None
    try:
        root = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", xmp).strip())
    except ET.ParseError:
        return None
    found: dict[str, str] = {}
    for el in root.iter():
        for name in PROPERTIES:
            qn = f"{{{NS}}}{name}"
            text = (el.text or "").strip()
            if el.tag == qn and text:
                found[name] = text
            if qn in el.attrib:
                found[name] = el.attrib[qn].strip()
    return found or None
