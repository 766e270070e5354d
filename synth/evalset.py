"""`python -m synth.evalset DIR --n 200 --level mild|harsh --seed S`: a labelled evaluation set.

Writes DIR/<files> and DIR/truth.jsonl (one line per file: file, doc_type,
fields), the format shared/tools/score-fields.py reads. Types rotate evenly,
fonts and layouts vary by seed; every tenth decision is a two-page TIFF.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from synth.people import DOC_TYPES
from synth.write import generate, save

__all__ = ["write_evalset", "main"]


def write_evalset(out: Path, n: int, level: str, seed: int) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for i in range(n):
        doc_type = DOC_TYPES[i % len(DOC_TYPES)]
        two = doc_type == "administrative_decision" and i % 10 == 9
        g = generate(doc_type, seed * 1_000_003 + i, level, pages=2 if two else 1)
        ext = ".tif" if two else (".jpg" if i % 3 == 0 else ".png")
        name = f"{i:04d}-{doc_type}{ext}"
        save(g, out / name, quality=85)
        truth.append(
            {
                "file": name,
                "doc_type": doc_type,
                "fields": g.record.truth,
                "font": g.family,
                "level": level,
            }
        )
    with open(out / "truth.jsonl", "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth.evalset")
    ap.add_argument("dir", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--level", choices=("clean", "scan", "mild", "harsh"), default="mild")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    write_evalset(a.dir, a.n, a.level, a.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
