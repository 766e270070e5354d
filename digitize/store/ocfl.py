"""A small OCFL 1.1 writer and reader: one object per citizen, immutable versions, sha512.

Why our own writer rather than ocfl-py's: ocfl-py 2.1 can write a version
without a `created` date, leaves an orphan `vN/` after a crash in the middle
of a version, and does not re-check digests on extraction. Here every file is
written to a temporary name, fsynced and renamed; a new version is built in
the archive's own work area and renamed into the object in one step; the
root inventory is replaced last. A crash at any point leaves either the old
head or a complete new version directory, which `recover()` rolls forward
(an intent file names every object being written). ocfl-py is used to
validate the result (`validate_objects`), counting good objects.

The layout is extension 0003 (hash-and-id n-tuple) over opaque object ids,
so no personal ID ever appears in a directory name.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitize.errors import DocumentFailed, EnvironmentProblem
from digitize.store.files import (
    CHUNK,
    copy_new,
    fsync_dir,
    fsync_tree,
    sha512_bytes,
    sha512_file,
    write_atomic,
    write_new,
)

if TYPE_CHECKING:
    from digitize.store.fixity import ObjectCheck

__all__ = ["OcflRoot", "sha512_file", "sha512_bytes", "write_atomic"]

SPEC = "ocfl_1.1"
OBJECT_SPEC = "ocfl_object_1.1"
INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory"
LAYOUT = "0003-hash-and-id-n-tuple-storage-layout"


def _inventory_bytes(inventory: Mapping[str, Any]) -> bytes:
    return (json.dumps(inventory, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _created(at: datetime) -> str:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")


class OcflRoot:
    """The OCFL storage root at `root`, with a private work area (`work`): locks, temp dirs."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = Path(root)
        self.work = Path(work)
        self.tmp = self.work / "tmp"
        self.locks = self.work / "locks"
        self.intents = self.work / "intents"

    # ----- set-up -------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the storage root (declaration, layout) and the work area if missing."""
        try:
            for d in (self.tmp, self.locks, self.intents):
                d.mkdir(parents=True, exist_ok=True)
            if (self.root / f"0={SPEC}").exists():
                return
            staging = self.tmp / f"root.{uuid.uuid4().hex}"
            staging.mkdir()
            write_new(staging / f"0={SPEC}", f"{SPEC}\n".encode())
            write_new(
                staging / "ocfl_layout.json",
                json.dumps(
                    {"extension": LAYOUT, "description": "hashed n-tuple of opaque object ids"},
                    indent=1,
                ).encode(),
            )
            write_new(
                staging / "extensions" / LAYOUT / "config.json",
                json.dumps(
                    {
                        "extensionName": LAYOUT,
                        "digestAlgorithm": "sha256",
                        "tupleSize": 3,
                        "numberOfTuples": 3,
                    },
                    indent=1,
                ).encode(),
            )
            self.root.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(staging, self.root)
            except OSError:  # another process created it first
                shutil.rmtree(staging, ignore_errors=True)
                if not (self.root / f"0={SPEC}").exists():
                    raise
            fsync_dir(self.root.parent)
        except OSError as e:
            raise EnvironmentProblem(detail=f"archive not writable: {e}") from e

    def object_dir(self, object_id: str) -> Path:
        """Extension 0003 path: three 3-char tuples of sha256(id), then the (safe) id itself."""
        digest = hashlib.sha256(object_id.encode()).hexdigest()
        return self.root / digest[0:3] / digest[3:6] / digest[6:9] / object_id

    # ----- locking ------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, object_id: str, *, blocking: bool = True) -> Iterator[bool]:
        """An exclusive per-object lock across processes (fcntl); yields False if not taken."""
        fd = os.open(self.locks / f"{object_id}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # releases the lock

    # ----- reading ------------------------------------------------------------------------

    def inventory(self, object_id: str) -> dict[str, Any] | None:
        """The object's root inventory, or None when the object does not exist."""
        path = self.object_dir(object_id) / "inventory.json"
        try:
            return dict(json.loads(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            raise DocumentFailed(
                "archive.stored_damaged",
                path=f"{object_id}/inventory.json",
                problem=type(e).__name__,
            ) from e

    @staticmethod
    def head_state(inventory: Mapping[str, Any]) -> dict[str, str]:
        """Logical path → digest of the head version."""
        state = inventory["versions"][inventory["head"]]["state"]
        return {p: d for d, paths in state.items() for p in paths}

    def read(
        self, object_id: str, logical: str, inventory: Mapping[str, Any] | None = None
    ) -> bytes:
        """The bytes of `logical` in the head version, digest re-checked (DocumentFailed if not)."""
        inv = inventory or self.inventory(object_id)
        if inv is None:
            raise DocumentFailed("archive.stored_damaged", path=object_id, problem="missing")
        digest = self.head_state(inv).get(logical)
        if digest is None:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{logical}", problem="missing"
            )
        rel = inv["manifest"][digest][0]
        try:
            data = (self.object_dir(object_id) / rel).read_bytes()
        except OSError as e:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{rel}", problem=e.strerror
            ) from e
        if sha512_bytes(data) != digest:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{rel}", problem="digest mismatch"
            )
        return data

    def copy_out(
        self, object_id: str, logical: str, dest: Path, inventory: Mapping[str, Any]
    ) -> int:
        """Stream `logical` of the head version to `dest`, digest re-checked; its size."""
        digest = self.head_state(inventory).get(logical)
        if digest is None:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{logical}", problem="missing"
            )
        return self.copy_stored(object_id, inventory["manifest"][digest][0], dest, digest)

    def copy_stored(self, object_id: str, rel: str, dest: Path, digest: str) -> int:
        """Stream the stored file `rel` (of any version) to `dest`, digest re-checked; its size.

        `digest` is a sha512 hex digest, or for an inventory the one its sidecar holds.
        """
        h = hashlib.sha512()
        size = 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.object_dir(object_id) / rel, "rb") as fin, open(dest, "xb") as fout:
                while chunk := fin.read(CHUNK):
                    h.update(chunk)
                    size += len(chunk)
                    fout.write(chunk)
        except FileNotFoundError as e:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{rel}", problem="missing"
            ) from e
        if h.hexdigest() != digest:
            raise DocumentFailed(
                "archive.stored_damaged", path=f"{object_id}/{rel}", problem="digest mismatch"
            )
        return size

    def object_ids(self) -> Iterator[str]:
        """Every object id in the root (from the directory tree, not from any index)."""
        if not self.root.is_dir():
            return
        for a in sorted(p for p in self.root.iterdir() if p.is_dir() and len(p.name) == 3):
            for b in sorted(a.iterdir()):
                for c in sorted(b.iterdir()):
                    for obj in sorted(c.iterdir()):
                        if (obj / f"0={OBJECT_SPEC}").exists():
                            yield obj.name

    # ----- writing (caller holds the object's lock) ----------------------------------------

    def add_version(
        self,
        object_id: str,
        files: Mapping[str, bytes | Path],
        *,
        created: datetime,
        message: str,
        user: str,
    ) -> int:
        """Write a new version whose state is the head state plus `files`; returns its number."""
        self._write_intent(object_id)
        self._clean_work(object_id)
        obj = self.object_dir(object_id)
        inv = self.inventory(object_id)
        if inv is not None:
            self._roll_forward(object_id)
            inv = self.inventory(object_id)
        number = 1 if inv is None else int(inv["head"][1:]) + 1
        vname = f"v{number}"
        staging = self.tmp / f"{object_id}.{uuid.uuid4().hex}"
        vdir = staging / vname if inv is not None else staging / "obj" / vname
        manifest: dict[str, list[str]] = {
            k: list(v) for k, v in (inv or {}).get("manifest", {}).items()
        }
        state = dict(self.head_state(inv)) if inv is not None else {}
        for logical, src in sorted(files.items()):  # a Path is streamed (scans may be large)
            digest = sha512_bytes(src) if isinstance(src, bytes) else sha512_file(Path(src))
            state[logical] = digest
            if digest not in manifest:
                rel = f"{vname}/content/{logical}"
                if isinstance(src, bytes):
                    write_new(vdir / "content" / logical, src)
                else:
                    copy_new(Path(src), vdir / "content" / logical, digest)
                manifest[digest] = [rel]
        by_digest: dict[str, list[str]] = {}
        for logical, digest in sorted(state.items()):
            by_digest.setdefault(digest, []).append(logical)
        versions = dict((inv or {}).get("versions", {}))
        versions[vname] = {
            "created": _created(created),
            "message": message,
            "user": {"name": user or "digitize"},
            "state": by_digest,
        }
        new_inv = {
            "id": object_id,
            "type": INVENTORY_TYPE,
            "digestAlgorithm": "sha512",
            "head": vname,
            "contentDirectory": "content",
            "manifest": manifest,
            "versions": versions,
        }
        inv_bytes = _inventory_bytes(new_inv)
        sidecar = f"{sha512_bytes(inv_bytes)} inventory.json\n".encode()
        write_new(vdir / "inventory.json", inv_bytes)
        write_new(vdir / "inventory.json.sha512", sidecar)
        fsync_tree(vdir)
        if inv is None:  # a new object: build all of it, rename it into place in one step
            top = staging / "obj"
            write_new(top / f"0={OBJECT_SPEC}", f"{OBJECT_SPEC}\n".encode())
            write_new(top / "inventory.json", inv_bytes)
            write_new(top / "inventory.json.sha512", sidecar)
            fsync_dir(top)
            for _ in range(20):  # a concurrent cleanup may remove an empty parent: retry
                obj.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.rename(top, obj)
                    break
                except FileNotFoundError:
                    continue
            fsync_dir(obj.parent)
        else:
            os.rename(vdir, obj / vname)
            fsync_dir(obj)
            write_atomic(obj / "inventory.json", inv_bytes)  # root inventory last
            write_atomic(obj / "inventory.json.sha512", sidecar)
        shutil.rmtree(staging, ignore_errors=True)
        return number

    def done(self, object_id: str) -> None:
        """Forget the intent of `object_id` (its version and its index rows are committed)."""
        (self.intents / f"{object_id}.intent").unlink(missing_ok=True)

    def pending(self) -> list[str]:
        """Objects with an unfinished write (a crash, or a writer still at work)."""
        return sorted(p.stem for p in self.intents.glob("*.intent"))

    def recover(self, object_id: str) -> None:
        """After a crash: drop temp dirs, roll the object forward to its last complete version."""
        self._clean_work(object_id)
        obj = self.object_dir(object_id)
        if obj.exists():
            self._roll_forward(object_id)
        else:
            parent = obj.parent
            while parent != self.root:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent

    def _write_intent(self, object_id: str) -> None:
        write_atomic(self.intents / f"{object_id}.intent", object_id.encode())

    def _clean_work(self, object_id: str) -> None:
        for stale in self.tmp.glob(f"{object_id}.*"):
            shutil.rmtree(stale, ignore_errors=True)

    def _roll_forward(self, object_id: str) -> None:
        obj = self.object_dir(object_id)
        for stray in obj.glob(".inventory.json*.tmp"):
            stray.unlink(missing_ok=True)
        numbers = sorted(int(p.name[1:]) for p in obj.glob("v*") if p.name[1:].isdigit())
        if not numbers:
            return
        last = obj / f"v{numbers[-1]}"
        inv_bytes = (last / "inventory.json").read_bytes()
        sidecar = (last / "inventory.json.sha512").read_bytes()
        root_inv = obj / "inventory.json"
        if not root_inv.exists() or root_inv.read_bytes() != inv_bytes:
            write_atomic(root_inv, inv_bytes)
        side = obj / "inventory.json.sha512"
        if not side.exists() or side.read_bytes() != sidecar:
            write_atomic(side, sidecar)

    # ----- checking -----------------------------------------------------------------------

    def fixity(self, object_id: str) -> ObjectCheck:
        """Re-hash every stored file of the object (all versions) against its inventory."""
        from digitize.store.fixity import fixity

        return fixity(self, object_id)

    def validate_objects(self, *, check_digests: bool = True) -> tuple[int, int, list[str]]:
        """ocfl-py's validator over the root: (objects, good objects, messages)."""
        from digitize.store.fixity import validate_objects

        return validate_objects(self, check_digests=check_digests)
