"""Where backfill work comes from: directory trees and manifest CSVs, streamed.

A province's backlog can hold millions of files, so nothing here builds a
list: directories are walked with `os.scandir` (one directory's entries in
memory at a time, sorted so runs are reproducible) and manifests are read row
by row. A manifest is a CSV with a header: `path` (relative to the manifest's
folder, or absolute), and optionally `citizen_id` and `doc_type`, which are
passed to the scan as if given with `--citizen` / `--type`.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digitize.errors import InputRejected, UsageProblem
from digitize.models import DocType
from digitize.ocr.ingest import DOCUMENT_SUFFIXES

__all__ = ["Candidate", "walk", "read_manifest", "discover", "parse_since"]


@dataclass(frozen=True)
class Candidate:
    """A file that may need digitizing, with what the source says about it.

    `problem` is a catalog key when the source itself is wrong for this file
    (a manifest row naming a missing file, a bad ID): the run reports it as a
    failure without reading the file.
    """

    path: Path
    citizen_id: str | None = None
    doc_type: DocType | None = None
    problem: str | None = None
    detail: str = ""


def walk(root: Path) -> Iterator[Path]:
    """Document files under `root`, depth first; hidden entries skipped.

    Files are yielded in directory order as `os.scandir` reads them (a flat
    folder of a million scans is never listed in memory); only the names of
    subfolders are kept, sorted, until they are walked.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        subdirs = []
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            subdirs.append(entry.path)
                        elif (entry.is_file() and os.path.splitext(entry.name)[1].lower()
                              in DOCUMENT_SUFFIXES):
                            yield Path(entry.path)
                    except OSError:
                        continue
        except OSError:
            pass  # vanished or unreadable folder: nothing to do there tonight
        stack.extend(Path(d) for d in sorted(subdirs, reverse=True))


def _citizen(value: str) -> str | None:
    digits = re.sub(r"\s+", "", value)
    return digits if re.fullmatch(r"\d{12}", digits) else None


def read_manifest(manifest: Path) -> Iterator[Candidate]:
    """Rows of a manifest CSV as candidates; a bad row becomes a candidate with a problem."""
    try:
        fh = manifest.open(newline="", encoding="utf-8-sig")
    except OSError as e:
        raise InputRejected("backfill.manifest.unreadable", source=str(manifest),
                            detail=e.strerror or str(e)) from e
    with fh:
        reader = csv.DictReader(fh)
        columns = {c.strip().lower() for c in reader.fieldnames or ()}
        if "path" not in columns:
            raise InputRejected("backfill.manifest.no_path", source=str(manifest))
        base = manifest.resolve().parent
        for row in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if not row.get("path"):
                continue
            path = Path(row["path"]).expanduser()
            path = path if path.is_absolute() else base / path
            yield _manifest_candidate(path, row)


def _manifest_candidate(path: Path, row: dict[str, str]) -> Candidate:
    raw_id, raw_type = row.get("citizen_id", ""), row.get("doc_type", "")
    citizen = _citizen(raw_id) if raw_id else None
    if raw_id and citizen is None:
        return Candidate(path, problem="backfill.manifest.bad_citizen", detail=raw_id)
    doc_type = None
    if raw_type and raw_type != "auto":
        try:
            doc_type = DocType(raw_type)
        except ValueError:
            return Candidate(path, problem="backfill.manifest.bad_type", detail=raw_type)
    if not path.is_file():
        return Candidate(path, problem="backfill.manifest.missing")
    return Candidate(path, citizen_id=citizen, doc_type=doc_type)


def discover(sources: Iterable[Path], manifests: Iterable[Path] = (),
             since: datetime | None = None) -> Iterator[Candidate]:
    """Every candidate of every source, lazily; `since` keeps files modified at or after it."""
    cutoff = since.timestamp() if since is not None else None

    def recent(path: Path) -> bool:
        if cutoff is None:
            return True
        try:
            return path.stat().st_mtime >= cutoff
        except OSError:
            return False

    for manifest in manifests:
        for cand in read_manifest(manifest):
            if cand.problem or recent(cand.path):
                yield cand
    for source in sources:
        if source.is_dir():
            for path in walk(source):
                if recent(path):
                    yield Candidate(path)
        elif source.is_file():
            if recent(source):
                yield Candidate(source)
        else:
            raise InputRejected("scan.reject.missing", source=str(source))


def parse_since(value: str | None) -> datetime | None:
    """`--since`: an ISO date or date-time (local time unless it says otherwise)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageProblem("backfill.bad_since", value=value) from None
    return parsed if parsed.tzinfo else parsed.astimezone()
