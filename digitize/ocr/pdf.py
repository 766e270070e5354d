"""The searchable PDF: each page is the scan image plus Tesseract's invisible text layer.

OCRmyPDF's approach without Ghostscript: Tesseract's text-only PDF page (same
run as the word boxes, so text and boxes agree) becomes the page, and the
scan is painted underneath it, filling the page. Select, copy, search and
`pdftotext` then give the Vietnamese text, exactly where it is on the scan.

The file aims at PDF/A-2b: XMP with pdfaid part 2 / conformance B, an sRGB
output intent (ICC profile made by Pillow, nothing downloaded), fonts
embedded (Tesseract embeds its GlyphLessFont), no encryption, no scripts.
The OCR engine and model are recorded in XMP and the document information.

Images are encoded once, as they are added, so memory stays bounded on long
documents: a page not changed by preprocessing keeps the file's own pixels
(JPEG as DCT, PNG's IDAT as Flate with PNG predictors: no re-encoding, no
loss, no CPU); otherwise bilevel scans become 1-bit Flate and gray and colour
JPEG.
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Name

from digitize.ocr.ingest import Encoded

__all__ = ["PdfMetadata", "SearchablePdf", "encode_image", "srgb_icc"]

JPEG_QUALITY = 85


@dataclass(frozen=True)
class PdfMetadata:
    """What the PDF says about itself (Info + XMP)."""

    title: str
    engine: str  # e.g. "tesseract 5.3.0 -l vie (vie.traineddata sha256:…)"
    creator: str  # e.g. "digitize 0.1.0"
    created: datetime | None = None
    language: str = "vi"


def srgb_icc() -> bytes:
    """An sRGB ICC profile generated locally by Pillow (LittleCMS)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def encode_image(
    pdf: pikepdf.Pdf, image: np.ndarray, *, encoded: Encoded | None = None
) -> pikepdf.Stream:
    """The image as a PDF image XObject.

    The file's own pixels when given (JPEG as DCT, PNG's IDAT as Flate with
    predictors: no re-encoding, no loss), else 1-bit Flate when bilevel, else JPEG.
    """
    h, w = image.shape[:2]
    gray = image.ndim == 2
    cs = Name.DeviceGray if gray else Name.DeviceRGB
    if encoded is not None:
        stream = pikepdf.Stream(
            pdf,
            encoded.data,
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=w,
            Height=h,
            ColorSpace=Name.DeviceGray if encoded.colors == 1 else Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name("/" + encoded.filter),
        )
        if encoded.png_predictor:
            stream.DecodeParms = pikepdf.Dictionary(
                Predictor=15, Colors=encoded.colors, BitsPerComponent=8, Columns=w
            )
        return stream
    if gray and _is_bilevel(image):
        bits = np.packbits(image > 127, axis=1)  # 1 = white, as DeviceGray 1 bpc wants
        return pikepdf.Stream(
            pdf,
            zlib.compress(bits.tobytes(), 6),
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=w,
            Height=h,
            ColorSpace=cs,
            BitsPerComponent=1,
            Filter=Name.FlateDecode,
        )
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="JPEG", quality=JPEG_QUALITY)
    return pikepdf.Stream(
        pdf,
        buf.getvalue(),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=w,
        Height=h,
        ColorSpace=cs,
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )


def _is_bilevel(image: np.ndarray) -> bool:
    sample = image[::3, ::3]
    return bool(np.all((sample == 0) | (sample == 255)))


class SearchablePdf:
    """Builds one searchable PDF page by page; `save()` writes it atomically."""

    def __init__(self, meta: PdfMetadata) -> None:
        self.meta = meta
        self.pdf = pikepdf.new()
        self._keep: list[tuple[bytes, pikepdf.Pdf]] = []  # foreign text layers, read when saving

    def add_page(
        self,
        image: np.ndarray,
        dpi: float,
        text_pdf: bytes,
        *,
        text_page: int = 0,
        encoded: Encoded | None = None,
    ) -> None:
        """Append a page: `image` at `dpi` under page `text_page` of `text_pdf` (Tesseract's)."""
        h, w = image.shape[:2]
        width_pt, height_pt = w * 72.0 / dpi, h * 72.0 / dpi
        if text_pdf:
            self.pdf.pages.append(self._layer(text_pdf).pages[text_page])
            page = self.pdf.pages[-1]
            box = page.mediabox
            width_pt, height_pt = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        else:
            page = self.pdf.add_blank_page(page_size=(width_pt, height_pt))
        xobj = encode_image(self.pdf, image, encoded=encoded)
        name = page.add_resource(xobj, Name.XObject, prefix="Scan")
        page.contents_add(
            f"q {width_pt:.4f} 0 0 {height_pt:.4f} 0 0 cm {name} Do Q\n".encode(), prepend=True
        )

    def _layer(self, text_pdf: bytes) -> pikepdf.Pdf:
        """The text layer opened once per Tesseract run: its pages share one font object."""
        for data, layer in self._keep:
            if data is text_pdf:
                return layer
        layer = pikepdf.open(io.BytesIO(text_pdf))
        self._keep.append((text_pdf, layer))
        return layer

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    def save(self, path: Path) -> None:
        """Write the PDF/A-2b file atomically (temp file in the same folder, fsync, replace)."""
        self._finish()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh:
                self.pdf.save(
                    fh,
                    fix_metadata_version=True,
                    object_stream_mode=pikepdf.ObjectStreamMode.generate,
                )
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
            self.close()

    def close(self) -> None:
        for _, layer in self._keep:
            layer.close()
        self._keep.clear()
        self.pdf.close()

    def _finish(self) -> None:
        pdf, meta = self.pdf, self.meta
        icc = pikepdf.Stream(pdf, srgb_icc(), N=3)
        intent = pikepdf.Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier="sRGB",
            Info="sRGB IEC61966-2.1",
            RegistryName="http://www.color.org",
            DestOutputProfile=icc,
        )
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([intent]))
        pdf.Root.Lang = pikepdf.String(meta.language)
        when = (meta.created or datetime.now(UTC)).isoformat(timespec="seconds")
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdfaid:part"] = "2"
            xmp["pdfaid:conformance"] = "B"
            xmp["dc:title"] = meta.title
            xmp["dc:language"] = [meta.language]
            xmp["dc:description"] = f"Scanned document, OCR: {meta.engine}"
            xmp["xmp:CreatorTool"] = f"{meta.creator} (OCR: {meta.engine})"
            xmp["pdf:Producer"] = (
                f"{meta.creator}; pikepdf {pikepdf.__version__}; OCR {meta.engine}"
            )
            xmp["xmp:CreateDate"] = when
            xmp["xmp:ModifyDate"] = when
            xmp["xmp:MetadataDate"] = when
