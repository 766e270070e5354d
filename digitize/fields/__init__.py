"""Document-type recognition and field extraction from OCR words and their positions.

`extract()` is the one entry point the scan pipeline calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from digitize.config import FieldsConfig
from digitize.models import DocType, Extraction, OcrPage

__all__ = ["extract"]


def extract(pages: Sequence[OcrPage], *, images: Sequence[np.ndarray] | None = None,
            doc_type: DocType | None = None, citizen_id: str | None = None,
            config: FieldsConfig | None = None) -> Extraction:
    """Recognise the type (unless `doc_type` forces it) and extract the fields of one document.

    `images` are the OCR images of `pages` (same pixel grid as the word
    boxes), for re-reading a low-confidence field's crop. `citizen_id` is
    the ID given by the operator (`--citizen`), which wins over what is read.
    """
    ids = (citizen_id,) if citizen_id else ()
    return Extraction(doc_type=doc_type or DocType.UNKNOWN,
                      doc_type_confidence=1.0 if doc_type else 0.0, citizen_ids=ids)
