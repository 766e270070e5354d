"""Durable file writes: temp name, fsync, rename, fsync the directory; streamed sha512.

Every byte the archive keeps goes through these, so a crash leaves either
the old file or the complete new one, never a torn file under a real name.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from digitize.errors import DocumentFailed

__all__ = [
    "CHUNK",
    "sha512_bytes",
    "sha512_file",
    "fsync_dir",
    "fsync_tree",
    "write_atomic",
    "write_new",
    "copy_new",
]

CHUNK = 1 << 20


def sha512_bytes(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


def sha512_file(path: Path) -> str:
    h = hashlib.sha512()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename, fsync the directory.

    The one atomic write of the project (archive, certified copies, scan outputs, verify
    reports): a reader never sees half a file under a real name.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def copy_new(src: Path, dest: Path, digest: str) -> None:
    """Stream `src` into a new file, re-hashing on the way: a source changed meanwhile fails."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha512()
    with open(src, "rb") as fin, open(dest, "xb") as fout:
        while chunk := fin.read(CHUNK):
            h.update(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    if h.hexdigest() != digest:
        raise DocumentFailed("archive.source_changed", path=str(src))


def fsync_tree(top: Path) -> None:
    for dirpath, _dirs, _files in os.walk(top, topdown=False):
        fsync_dir(Path(dirpath))
