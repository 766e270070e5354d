"""The scan pipeline's filer: `digitize.pipeline` looks this function up by name.

It opens the archive named by the scan options (one short-lived `Archive`
per document, so it also works in fresh worker processes) and reports the
status and record id the pipeline puts into the document's JSON line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from digitize.config import ArchiveConfig
from digitize.models import ScannedDocument, ScanStatus
from digitize.store.archive import Archive

if TYPE_CHECKING:
    from digitize.pipeline import ScanOptions

__all__ = ["file_scanned"]


def file_scanned(doc: ScannedDocument, options: ScanOptions) -> tuple[ScanStatus, str | None]:
    """File `doc` into the configured archive: (filed | needs_review, record id)."""
    config = options.archive or ArchiveConfig()
    with Archive.open(config, operator=options.operator) as archive:
        filed = archive.file_scanned(doc)
    return filed.status, filed.record_id
