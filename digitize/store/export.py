"""A citizen's whole file as a BagIt package: every version, every digest re-checked.

A provincial archive takes the citizen's complete file, not a snapshot. The
bag holds, under `data/`:

* the head version's files at their logical paths (`citizen.json`,
  `records/<record id>/…`): what the file is now, readable as it is;
* `ocfl/`: the whole OCFL object — declaration, root inventory and sidecar,
  and every version `vN/` with its inventory, sidecar and content — so every
  earlier version (a record's state before a review, say) travels too, with
  who wrote it and when, and the receiver can validate it as OCFL.

The object is fixity-checked first under its lock (a damaged object is
refused, nothing written); then every file is streamed out with its sha512
recomputed against the inventory (content) or the sidecar (inventories), and
the bag's own sha512 manifest must agree with the inventory before the bag is
renamed into place.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitize.errors import DocumentFailed, UsageProblem
from digitize.store.ocfl import OBJECT_SPEC, sha512_bytes

if TYPE_CHECKING:
    from digitize.store.archive import Archive

__all__ = ["DamagedObject", "UnknownCitizen", "ExportReport", "export"]


class DamagedObject(DocumentFailed):
    """A stored file no longer matches its digest: the object is not exported."""

    key = "archive.damaged_object"


class UnknownCitizen(DocumentFailed):
    """No archive exists for this personal ID."""

    key = "archive.unknown_citizen"


@dataclass(frozen=True)
class ExportReport:
    """Where a citizen's BagIt package went, and what it holds."""

    citizen_id: str
    object_id: str
    out: Path
    files: int  # files of the head version (data/<logical path>)
    bytes: int  # every payload byte of the bag (head files and the OCFL object)
    version: str  # the head version
    versions: int = 1  # versions in data/ocfl/


def export(archive: Archive, citizen_id: str, out: Path) -> ExportReport:
    """Write the citizen's archive (head files + the whole OCFL object) as a BagIt bag at `out`."""
    import bagit

    oid = archive.citizen_object_id(citizen_id)
    if not archive.ocfl.object_dir(oid).exists():
        raise UnknownCitizen(citizen_id=citizen_id)
    with archive.ocfl.lock(oid):  # one consistent state, even while others file
        damage = archive.ocfl.fixity(oid).damaged
        if damage:
            raise DamagedObject(count=len(damage), files=", ".join(d.path for d in damage))
        inv = archive.ocfl.inventory(oid)
        if inv is None:
            raise UnknownCitizen(citizen_id=citizen_id)
        out = Path(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise UsageProblem("archive.export_exists", out=str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.{uuid.uuid4().hex}.partial"
        staging.mkdir()
        try:
            state = archive.ocfl.head_state(inv)
            total = 0
            try:  # streamed, every digest re-checked on the way out
                for logical in sorted(state):
                    total += archive.ocfl.copy_out(oid, logical, staging / logical, inv)
                expected = {f"data/{logical}": digest for logical, digest in state.items()}
                for rel, digest in _object_files(archive, oid, inv):
                    total += archive.ocfl.copy_stored(oid, rel, staging / "ocfl" / rel, digest)
                    expected[f"data/ocfl/{rel}"] = digest
            except DamagedObject:
                raise
            except DocumentFailed as e:  # changed since the fixity pass, or the declaration
                raise DamagedObject(count=1, files=str(e.params.get("path", ""))) from e
            bag = bagit.make_bag(
                str(staging),
                {
                    "Source-Organization": "digitize",
                    "External-Identifier": oid,
                    "External-Description": (
                        f"Per-citizen archive, OCFL object {oid}: {inv['head']} at data/, "
                        f"all {len(inv['versions'])} version(s) at data/ocfl/"
                    ),
                },
                checksums=["sha512"],
            )
            _same_digests(bag, expected)
            bag.validate()
            if out.exists():
                out.rmdir()
            os.rename(staging, out)
        except Exception:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    archive.audit.append(
        operator=archive.operator,
        action="export",
        objects=[oid],
        detail={"files": len(state), "version": inv["head"], "versions": len(inv["versions"])},
    )
    return ExportReport(
        citizen_id, oid, out, len(state), total, str(inv["head"]), len(inv["versions"])
    )


def _object_files(archive: Archive, oid: str, inv: dict[str, Any]) -> list[tuple[str, str]]:
    """Every file of the OCFL object with the sha512 it must have (inventories: their sidecar's).

    Only what the object's inventory names (and the declaration): a stray file
    in the object directory does not travel.
    """
    obj = archive.ocfl.object_dir(oid)
    declaration = f"0={OBJECT_SPEC}"
    files = [(declaration, sha512_bytes(f"{OBJECT_SPEC}\n".encode()))]
    for where in ["", *sorted(inv["versions"], key=lambda v: int(v[1:]))]:
        prefix = f"{where}/" if where else ""
        sidecar = obj / prefix / "inventory.json.sha512"
        try:
            side_bytes = sidecar.read_bytes()
            inv_digest = side_bytes.split()[0].decode()
        except (OSError, IndexError, UnicodeDecodeError) as e:
            raise DamagedObject(count=1, files=f"{prefix}inventory.json.sha512") from e
        files.append((f"{prefix}inventory.json", inv_digest))
        files.append((f"{prefix}inventory.json.sha512", sha512_bytes(side_bytes)))
    for digest, rels in sorted(inv["manifest"].items()):
        files.extend((rel, digest) for rel in rels)
    return files


def _same_digests(bag: object, expected: dict[str, str]) -> None:
    """The bag's sha512 of each file must be the OCFL inventory's (nothing changed in between)."""
    entries = bag.entries  # type: ignore[attr-defined]
    for path, digest in expected.items():
        if entries.get(path, {}).get("sha512") != digest:
            raise DamagedObject(count=1, files=path)
