"""Fixity and validation of the OCFL root: every stored file re-hashed, every object validated.

Kept apart from the writer (digitize/store/ocfl.py): checking reads
everything and changes nothing. ocfl-py validates structure; its root-level
verdict stays "valid" when an object inside is not, so we count good objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from digitize.errors import DocumentFailed
from digitize.store.ocfl import sha512_file

if TYPE_CHECKING:
    from digitize.store.ocfl import OcflRoot

__all__ = ["Damage", "ObjectCheck", "fixity", "validate_objects"]


@dataclass(frozen=True)
class Damage:
    """A stored file whose bytes no longer match its digest (or that is missing)."""

    object_id: str
    path: str  # relative to the OCFL storage root
    logical_paths: tuple[str, ...]
    problem: str  # "digest_mismatch" | "missing" | "inventory"


@dataclass(frozen=True)
class ObjectCheck:
    """Fixity of one object: how many files were hashed, which are damaged."""

    object_id: str
    files: int
    damaged: tuple[Damage, ...]


def fixity(root: OcflRoot, object_id: str) -> ObjectCheck:
    """Re-hash every stored file of the object (all versions) against its inventory."""
    obj = root.object_dir(object_id)
    rel_obj = str(obj.relative_to(root.root))
    damaged: list[Damage] = []
    try:
        inv = root.inventory(object_id)
    except DocumentFailed:
        inv = None
    if inv is None:
        return ObjectCheck(
            object_id, 0, (Damage(object_id, f"{rel_obj}/inventory.json", (), "inventory"),)
        )
    for where in ["", *sorted(inv["versions"])]:
        inv_path = obj / where / "inventory.json"
        try:
            expected = (obj / where / "inventory.json.sha512").read_text().split()[0]
            ok = sha512_file(inv_path) == expected
        except (OSError, IndexError):
            ok = False
        if not ok:
            damaged.append(
                Damage(
                    object_id,
                    f"{rel_obj}/{where}/inventory.json".replace("//", "/"),
                    (),
                    "inventory",
                )
            )
    logical_of: dict[str, list[str]] = {}
    for version in inv["versions"].values():
        for digest, paths in version["state"].items():
            logical_of.setdefault(digest, []).extend(paths)
    count = 0
    for digest, rels in sorted(inv["manifest"].items()):
        for rel in rels:
            count += 1
            path = obj / rel
            if not path.exists():
                problem = "missing"
            elif sha512_file(path) != digest:
                problem = "digest_mismatch"
            else:
                continue
            damaged.append(
                Damage(
                    object_id,
                    f"{rel_obj}/{rel}",
                    tuple(sorted(set(logical_of.get(digest, [])))),
                    problem,
                )
            )
    return ObjectCheck(object_id, count, tuple(damaged))


def validate_objects(root: OcflRoot, *, check_digests: bool = True) -> tuple[int, int, list[str]]:
    """ocfl-py's validator over the root: (objects, good objects, messages).

    The root-level verdict of ocfl-py 2.1 says "valid" even when an object
    inside is not, so callers must compare the two counts.
    """
    import logging

    from ocfl import StorageRoot
    from ocfl.validator import Validator

    store = StorageRoot(root=str(root.root))
    root_logger = logging.getLogger()
    quiet = logging.NullHandler()  # ocfl-py logs through the root logger (basicConfig)
    root_logger.addHandler(quiet)
    level = root_logger.level
    root_logger.setLevel(logging.WARNING)
    try:
        valid = store.validate(check_digests=check_digests)
        good = store.good_objects
        messages = []
        for dirpath, message in store.errors:  # an object may have been mid-write: once more,
            oid = dirpath.rstrip("/").rsplit("/", 1)[-1]  # now under its lock
            with root.lock(oid):
                again = Validator(check_digests=check_digests)
                if again.validate_object(str(root.root / dirpath)):
                    good += 1
                else:
                    messages.append(message)
    finally:
        root_logger.setLevel(level)
        root_logger.removeHandler(quiet)
    if not valid:
        messages.append(store.log.status_str())
    return store.num_objects, min(good, store.num_objects), messages
