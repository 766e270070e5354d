"""PAdES signing of a certified copy with pyHanko: one revision of preparation, then the signatures.

Order matters for `verify` (digitize/sign/xmp.py is the contract):
1. an unsigned revision adds the statement page, our certification XMP and the
   signature fields of *every* signer (a field created after a certification
   signature invalidates it);
2. the official certifies (DocMDP: only form filling, i.e. the later
   signatures) — or locks at once when there is no second signer;
3. the issuing body signs the reserved field, whose /Lock forbids any change.
Every signature is timestamped at B-T and above; B-LT embeds the revocation
data (DSS) so the copy verifies offline; B-LTA adds a document timestamp.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from digitize.errors import DocumentFailed, InputRejected
from digitize.sign import xmp
from digitize.sign.stamp import BODY_BOX, OFFICIAL_BOX, PAGE_SIZE

__all__ = ["LEVELS", "Certification", "SignerSlot", "check_readable", "prepare", "sign_all",
           "FIELD_OFFICIAL", "FIELD_BODY"]

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
FIELD_OFFICIAL = "ChungThuc"
FIELD_BODY = "DongDau"


@dataclass(frozen=True)
class Certification:
    """The register entry as written into the copy's XMP and statement."""

    number: str
    book_number: str
    certified_at: datetime
    official: str


@dataclass
class SignerSlot:
    """One signature to make: its field, its box, the pyHanko signer."""

    field: str
    box: tuple[int, int, int, int]
    signer: Any
    label: str  # shown in the field's appearance


def _xmp_packet(existing: bytes | None, c: Certification) -> bytes:
    """Our properties added to the document's XMP (the rest kept, e.g. PDF/A identification)."""
    desc = (f'<rdf:Description rdf:about="" xmlns:{xmp.PREFIX}="{xmp.NS}" '
            f'{xmp.PREFIX}:{xmp.NUMBER}={quoteattr(c.number)} '
            f'{xmp.PREFIX}:{xmp.BOOK_NUMBER}={quoteattr(c.book_number)} '
            f'{xmp.PREFIX}:{xmp.DATE}={quoteattr(c.certified_at.isoformat())} '
            f'{xmp.PREFIX}:{xmp.OFFICIAL}={quoteattr(c.official)}/>')
    if existing and b"</rdf:RDF>" in existing and xmp.NS.encode() not in existing:
        head, _, tail = existing.rpartition(b"</rdf:RDF>")
        return head + desc.encode("utf-8") + b"</rdf:RDF>" + tail
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f"{desc}</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>").encode()


def _font_factory(font: Path, size: int) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return GlyphAccumulatorFactory(str(font), font_size=size)


def check_readable(source: bytes, name: str = "PDF") -> int:
    """Refuse (exit 4) a PDF we cannot certify, before any register number is taken; page count."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        r = PdfFileReader(io.BytesIO(source), strict=False)
        if r.encrypted:
            raise InputRejected(source=name, detail="encrypted PDF: cannot certify a copy of it")
        if r.embedded_signatures:
            raise InputRejected(source=name, detail="already signed: certify the scanned original")
        return int(r.root["/Pages"]["/Count"])
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as e:
        raise InputRejected(source=name, detail=f"not a usable PDF: {e}") from e


def prepare(source: bytes, statement: str, cert: Certification, font: Path,
            fields: list[tuple[str, tuple[int, int, int, int], bool]], *,
            name: str = "PDF") -> bytes:
    """The unsigned revision: statement page, XMP, and all signature fields (name, box, locks)."""
    from pyhanko.pdf_utils import generic, layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields as sf
    from pyhanko.stamp import TextStamp, TextStampStyle

    try:
        w = IncrementalPdfFileWriter(io.BytesIO(source), strict=False)
        page = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Page"),
            generic.pdf_name("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (0, 0, *PAGE_SIZE)]),
            generic.pdf_name("/Resources"): generic.DictionaryObject(),
            generic.pdf_name("/Contents"): w.add_object(generic.StreamObject(stream_data=b"")),
        })
        w.insert_page(page)
        index = int(w.root["/Pages"]["/Count"]) - 1
        style = TextStampStyle(
            stamp_text=statement.replace("%", "%%"), border_width=0,
            text_box_style=TextBoxStyle(font=_font_factory(font, 12), leading=18))
        stamp = TextStamp(w, style, box=layout.BoxConstraints(width=PAGE_SIZE[0] - 144))
        stamp.apply(index, 72, 260)
        existing = w.root["/Metadata"].data if "/Metadata" in w.root else None
        # pyHanko re-serialises the XMP of every later revision; it keeps our properties
        # only when the stream is its own MetadataStream (a plain stream would be replaced).
        meta = MetadataStream(stream_data=_xmp_packet(existing, cert))
        w.root["/Metadata"] = w.add_object(meta)
        w.update_root()
        for name, box, lock in fields:
            spec = sf.SigFieldSpec(name, on_page=index, box=box)
            if lock:
                spec = sf.SigFieldSpec(name, on_page=index, box=box,
                                       doc_mdp_update_value=sf.MDPPerm.NO_CHANGES,
                                       field_mdp_spec=sf.FieldMDPSpec(sf.FieldMDPAction.ALL))
            sf.append_signature_field(w, spec)
        out = io.BytesIO()
        w.write(out)
        return out.getvalue()
    except (PdfError, ValueError, KeyError, TypeError) as e:
        raise InputRejected(source=name, detail=f"not a usable PDF: {e}") from e


def sign_all(prepared: bytes, slots: list[SignerSlot], *, level: str, font: Path,
             timestamper: Any, context: Any, name: str = "PDF") -> bytes:
    """Each slot signs in order: the first certifies, the last locks; returns the final copy."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields as sf
    from pyhanko.sign import signers
    from pyhanko.stamp import TextStampStyle

    if level not in LEVELS:
        raise DocumentFailed(source=name,
                             detail=f"unknown PAdES level {level!r} ({', '.join(LEVELS)})")
    timestamped = level != "B-B"
    ltv = level in ("B-LT", "B-LTA")
    # a factory gives each signature a fresh context: pyHanko's aiohttp fetchers are bound to
    # the event loop of the signature that created them, and every sign_pdf runs its own loop
    make_context = context if callable(context) else (lambda: context)
    if ltv and not getattr(make_context(), "fetching_allowed", True):
        # offline by design (local CRLs, in-process TSA): pyHanko's warning would only alarm
        logging.getLogger("pyhanko.sign.signers.pdf_signer").setLevel(logging.ERROR)
    data = prepared
    for i, slot in enumerate(slots):
        first, last = i == 0, i == len(slots) - 1
        meta = signers.PdfSignatureMetadata(
            field_name=slot.field,
            certify=first,
            # (only read when certify=True, i.e. for the first signature)
            docmdp_permissions=sf.MDPPerm.NO_CHANGES if last else sf.MDPPerm.FILL_FORMS,
            subfilter=sf.SigSeedSubFilter.PADES,
            embed_validation_info=ltv,
            validation_context=make_context() if ltv else None,
            use_pades_lta=last and level == "B-LTA",
        )
        style = TextStampStyle(
            stamp_text=slot.label.replace("%", "%%") + "\n%(ts)s",
            timestamp_format="%Y-%m-%d %H:%M:%S %Z",
            text_box_style=TextBoxStyle(font=_font_factory(font, 9)), border_width=1)
        pdf_signer = signers.PdfSigner(meta, signer=slot.signer,
                                       timestamper=timestamper if timestamped else None,
                                       stamp_style=style)
        out = io.BytesIO()
        try:
            w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            pdf_signer.sign_pdf(w, output=out)  # releases the context's HTTP session itself
        except Exception as e:  # noqa: BLE001 - pyHanko/PKCS#11/TSA failures of every kind
            raise DocumentFailed(source=name, detail=f"signing {slot.field} failed: "
                                        f"{type(e).__name__}: {e}") from e
        data = out.getvalue()
    return data


def default_slots(official: Any, body: Any | None) -> list[tuple[str, tuple[int, int, int, int],
                                                                bool]]:
    """Field plan: the official's field, then the body's locking field when there is a body."""
    plan = [(FIELD_OFFICIAL, OFFICIAL_BOX, body is None)]
    if body is not None:
        plan.append((FIELD_BODY, BODY_BOX, True))
    return plan
