"""A filing process for the crash and concurrency tests (run as a script, killed at random).

Usage: archive_worker.py ROOT DATABASE START COUNT TAG[/CONTENT]. Files
documents START..START+COUNT-1 (content fixed by number and CONTENT, TAG
by default, so a re-run, or another worker given the same CONTENT, files
the same content again) and prints `done <n> <record_id> <status>` after
each filing returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archive_helpers import HUONG, MINH, make_doc

from digitize.config import ArchiveConfig
from digitize.store.archive import Archive, valid_citizen_id

PEOPLE = ((HUONG,), (MINH,), ("036173594351",), (HUONG, MINH), ())


def main() -> None:
    root, database, start, count, tag = sys.argv[1:6]
    tag, _, content = tag.partition("/")
    work = Path(root).parent / f"worker-{tag}-in"
    with Archive.open(ArchiveConfig(root=Path(root), database=database), operator=f"w-{tag}") as a:
        valid_citizen_id(HUONG)  # warm the lazy imports so kills land in filing proper
        print("ready", flush=True)
        for n in range(int(start), int(start) + int(count)):
            ids = PEOPLE[n % len(PEOPLE)] if tag.startswith("crash") else (HUONG,)
            doc = make_doc(work / str(n), citizen_ids=ids, payload=f"{content or tag}:{n}".encode())
            filed = a.file_scanned(doc)
            print(f"done {n} {filed.record_id} {filed.status.value}", flush=True)


if __name__ == "__main__":
    main()
