"""Certify-like copies and attacks on them, built with pyHanko and a certomancer DEMO PKI.

A copy here looks like ours: a two-page PDF with a pre-existing text field,
our certification XMP, a certification signature (DocMDP: fill forms) of the
official, then an approval signature of the issuing body that locks the
document, both PAdES B-LT (signature timestamp + CRLs in the DSS). Used by
tests/sign/test_verify_attacks.py and bench/verify.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, KeyLabel, ServiceLabel
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from digitize.sign import xmp

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
PKI_YML = RESOURCES / "verify-pki" / "demo-pki.yml"
KEYS = RESOURCES / "signed-pdfs" / "pyhanko" / "crypto"


@dataclass
class DemoPki:
    """The DEMO PKI: certificates, keys, CRLs and a timestamper."""

    arch: object

    @classmethod
    def load(cls) -> DemoPki:
        cfg = CertomancerConfig.from_file(str(PKI_YML), key_search_dir=str(KEYS))
        return cls(cfg.get_pki_arch(ArchLabel("demo")))

    def cert(self, label: str):
        return self.arch.get_cert(CertLabel(label))

    def signer(self, cert_label: str, key_label: str | None = None, chain=("interm", "root")):
        key = self.arch.key_set.get_private_key(KeyLabel(key_label or cert_label))
        store = SimpleCertificateStore.from_certs([self.cert(c) for c in chain])
        return signers.SimpleSigner(
            signing_cert=self.cert(cert_label), signing_key=key, cert_registry=store
        )

    def crls(self):
        now = datetime.now(UTC)
        return [
            self.arch.service_registry.get_crl(ServiceLabel(s), at_time=now)
            for s in ("root", "interm")
        ]

    def timestamper(self):
        tsa = self.cert("tsa")
        return DummyTimeStamper(
            tsa_cert=tsa,
            tsa_key=self.arch.key_set.get_private_key(KeyLabel("tsa")),
            certs_to_embed=SimpleCertificateStore.from_certs([self.cert("root")]),
        )

    def context(self, root: str = "root"):
        return ValidationContext(
            trust_roots=[self.cert(root)], crls=self.crls(), allow_fetching=False
        )

    def root_der(self, root: str = "root") -> bytes:
        return self.cert(root).dump()


XMP = f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:{xmp.PREFIX}="{xmp.NS}"
 {xmp.PREFIX}:{xmp.NUMBER}="{{number}}" {xmp.PREFIX}:{xmp.BOOK_NUMBER}="01/2026/SCT/BS"
 {xmp.PREFIX}:{xmp.DATE}="2026-11-24" {xmp.PREFIX}:{xmp.OFFICIAL}="Trần Thị Demo"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def base_pdf(number: str = "123", *, certification: bool = True) -> bytes:
    """A two-page scanned-copy stand-in with a text field and our certification XMP."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for text in (b"GIAY KHAI SINH - ban chinh", b"Trang 2"):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(b"BT /F1 20 Tf 72 760 Td (" + text + b") Tj ET")
    widget = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("GhiChu"),
            Rect=[72, 600, 520, 640],
            F=4,
            P=pdf.pages[0].obj,
            V=pikepdf.String(""),
        )
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([widget]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([widget])))
    if certification:
        pdf.Root.Metadata = pdf.make_stream(
            XMP.format(number=number).encode("utf-8"),
            Type=pikepdf.Name.Metadata,
            Subtype=pikepdf.Name.XML,
        )
    out = io.BytesIO()
    pdf.save(out, static_id=True)
    return out.getvalue()


def _sign(
    data: bytes,
    pki: DemoPki,
    *,
    field: str,
    signer,
    certify: bool = False,
    lock: bool = False,
    timestamp: bool = True,
    ltv: bool = True,
    extra_field: str | None = None,
) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if extra_field:
        fields.append_signature_field(w, fields.SigFieldSpec(extra_field, box=(300, 60, 520, 120)))
    spec = fields.SigFieldSpec(field, box=(72, 60, 280, 120))
    if lock:
        spec = fields.SigFieldSpec(
            field,
            box=(72, 60, 280, 120),
            doc_mdp_update_value=fields.MDPPerm.NO_CHANGES,
            field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
        )
    existing = field in {name for name, _, _ in fields.enumerate_sig_fields(w.prev)}
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS if certify else None,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=ltv,
        validation_context=pki.context() if ltv else None,
    )
    out = io.BytesIO()
    signers.sign_pdf(
        w,
        meta,
        signer=signer,
        timestamper=pki.timestamper() if timestamp else None,
        new_field_spec=None if existing else spec,
        output=out,
    )
    return out.getvalue()


def certified_copy(
    pki: DemoPki,
    number: str = "123",
    *,
    official: str = "official",
    timestamp: bool = True,
    ltv: bool = True,
) -> bytes:
    """A genuine copy: the official certifies (DocMDP P=2), the issuing body approves and locks."""
    first = _sign(
        base_pdf(number),
        pki,
        field="ChungThuc",
        signer=pki.signer(official, "official"),
        certify=True,
        timestamp=timestamp,
        ltv=ltv,
        extra_field="CoQuan",
    )
    return _sign(
        first,
        pki,
        field="CoQuan",
        signer=pki.signer("body"),
        lock=True,
        timestamp=timestamp,
        ltv=ltv,
    )


def add_dss_crls(data: bytes, pki: DemoPki) -> bytes:
    """Append the current CRLs to the DSS (validation data only)."""
    out = io.BytesIO(data)
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    DocumentSecurityStore.add_dss(
        out,
        sig.sig_object["/Contents"],
        crls=pki.crls(),
        certs=[pki.cert("interm"), pki.cert("root")],
    )
    return out.getvalue()


# --- attacks ----------------------------------------------------------------------------------


def flip_byte_in_signed_range(data: bytes) -> bytes:
    """Change one byte of the first page's /MediaBox, inside every signature's byte range."""
    i = data.index(b"/MediaBox") + len(b"/MediaBox [ 0 0 5")
    return data[:i] + (b"6" if data[i : i + 1] != b"6" else b"7") + data[i + 1 :]


def _update(data: bytes, edit) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    edit(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _page(w, n: int = 0):
    return w.root["/Pages"]["/Kids"][n].get_object()


def replace_page_content(data: bytes) -> bytes:
    def edit(w):
        page = _page(w)
        page["/Contents"] = w.add_object(
            generic.StreamObject(
                stream_data=b"BT /F1 20 Tf 72 760 Td (GIAY KHAI SINH - DA SUA) Tj ET"
            )
        )
        w.update_container(page)

    return _update(data, edit)


def add_annotation(data: bytes) -> bytes:
    def edit(w):
        page = _page(w)
        annot = w.add_object(
            generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
                    generic.pdf_name("/Rect"): generic.ArrayObject(
                        [generic.NumberObject(v) for v in (72, 700, 400, 740)]
                    ),
                    generic.pdf_name("/Contents"): generic.TextStringObject(
                        "Ngay sinh: 01/01/1990"
                    ),
                    generic.pdf_name("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g"),
                }
            )
        )
        annots = page["/Annots"]
        annots.append(annot)
        w.update_container(annots) if isinstance(
            page.raw_get("/Annots"), generic.IndirectObject
        ) else w.update_container(page)

    return _update(data, edit)


def add_page(data: bytes) -> bytes:
    def edit(w):
        pages = w.root["/Pages"]
        new = w.add_object(
            generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                    generic.pdf_name("/Parent"): w.root.raw_get("/Pages"),
                    generic.pdf_name("/MediaBox"): generic.ArrayObject(
                        [generic.NumberObject(v) for v in (0, 0, 595, 842)]
                    ),
                }
            )
        )
        pages["/Kids"].append(new)
        pages["/Count"] = generic.NumberObject(int(pages["/Count"]) + 1)
        w.update_container(pages)

    return _update(data, edit)


def remove_page(data: bytes) -> bytes:
    def edit(w):
        pages = w.root["/Pages"]
        del pages["/Kids"][1]
        pages["/Count"] = generic.NumberObject(int(pages["/Count"]) - 1)
        w.update_container(pages)

    return _update(data, edit)


def overlay_form_field(data: bytes) -> bytes:
    """Fill the pre-existing text field with an opaque appearance covering the signed text."""

    def edit(w):
        field = w.root["/AcroForm"]["/Fields"][0].get_object()
        ap = w.add_object(
            generic.StreamObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
                    generic.pdf_name("/BBox"): generic.ArrayObject(
                        [generic.NumberObject(v) for v in (0, 0, 448, 40)]
                    ),
                },
                stream_data=b"1 g 0 0 448 40 re f 0 g "
                b"BT /Helv 14 Tf 4 12 Td (NGUYEN VAN GIA) Tj ET",
            )
        )
        field["/V"] = generic.TextStringObject("NGUYEN VAN GIA")
        field["/AP"] = generic.DictionaryObject({generic.pdf_name("/N"): ap})
        w.update_container(field)

    return _update(data, edit)


def third_signature(data: bytes, pki: DemoPki) -> bytes:
    """Another (trusted!) signature appended after the issuing body locked the document."""
    return _sign(
        data, pki, field="ThemChuKy", signer=pki.signer("official"), timestamp=True, ltv=False
    )


def resigned_by_untrusted(pki: DemoPki) -> bytes:
    """An altered copy signed again with a look-alike certificate from a rogue CA."""
    rogue = pki.signer("rogue", chain=("rogue-root",))
    base = replace_page_content(base_pdf("999"))
    first = _sign(
        base, pki, field="ChungThuc", signer=rogue, certify=True, ltv=False, extra_field="CoQuan"
    )
    return _sign(first, pki, field="CoQuan", signer=rogue, lock=True, ltv=False)


def revoked_signer(pki: DemoPki) -> bytes:
    """Signed with a certificate revoked in 2024; the CRL saying so is in the DSS."""
    copy = certified_copy(pki, official="official-revoked", ltv=False)
    return add_dss_crls(copy, pki)


def expired_signer(pki: DemoPki) -> bytes:
    """Signed after the signer's certificate expired (2023)."""
    return certified_copy(pki, official="official-expired", ltv=False)


def stripped_timestamp(pki: DemoPki) -> bytes:
    """The same copy without signature timestamps (what remains when they are stripped)."""
    return add_dss_crls(certified_copy(pki, timestamp=False, ltv=False), pki)


def approval_only(pki: DemoPki) -> bytes:
    """A plain approval signature (no DocMDP, no certification metadata), B-LT."""
    return _sign(base_pdf(certification=False), pki, field="Ky", signer=pki.signer("official"))
