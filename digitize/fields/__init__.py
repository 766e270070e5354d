"""Document-type recognition and field extraction from OCR words and their positions.

`extract()` is the one entry point the scan pipeline calls. It works on word
boxes (lines by vertical overlap, segments split at wide gaps), not on
Tesseract's reading order; finds labels fuzzily on accent-folded text;
normalises values as shared/spec/documents.md says; corrects against
dictionaries (and re-reads weak fields' crops when images are given); and
flags what it cannot trust instead of accepting it silently.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from digitize.config import FieldsConfig
from digitize.fields.extractor import extract_document
from digitize.models import DocType, Extraction, OcrPage

__all__ = ["extract"]


def extract(
    pages: Sequence[OcrPage],
    *,
    images: Sequence[np.ndarray] | None = None,
    doc_type: DocType | None = None,
    citizen_id: str | None = None,
    config: FieldsConfig | None = None,
) -> Extraction:
    """Recognise the type (unless `doc_type` forces it) and extract the fields of one document.

    `images` are the OCR images of `pages` (same pixel grid as the word
    boxes), for re-reading a low-confidence field's crop. `citizen_id` is
    the ID given by the operator (`--citizen`), which wins over what is read.
    """
    return extract_document(
        pages,
        images=images,
        doc_type=doc_type,
        citizen_id=citizen_id,
        config=config or FieldsConfig(),
    )
