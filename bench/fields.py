"""Field-extraction benchmark: synthetic eval sets (mild and harsh), OCR + extract, exact match.

usage: .venv/bin/python bench/fields.py --n 200 [--levels mild,harsh] [--jobs 2] [--out DIR]

Generates DIR/<level>/ with synth.evalset (unless present), prepares each page
as the scan pipeline does (digitize.ocr.preprocess.prepare_page: orientation,
deskew, clean-up, upscaling below 250 dpi), runs Tesseract
(digitize.ocr.tesseract.recognize, psm 3) and
digitize.fields.extract on every file, and prints doc-type accuracy,
per-type and per-field exact match (normalised as shared/tools/score-fields.py
compares) and seconds per page. Misses are listed for iteration.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digitize.config import OcrConfig  # noqa: E402
from digitize.fields import extract  # noqa: E402
from digitize.models import OcrPage  # noqa: E402
from digitize.ocr.preprocess import prepare_page  # noqa: E402
from digitize.ocr.tesseract import recognize  # noqa: E402
from synth.evalset import write_evalset  # noqa: E402

_OCR_CACHE: Path | None = None


def _cached_recognize(image, *, dpi, language="vie", psm=3, timeout=0, pdf=True):
    """Tesseract's result per (image bytes, settings) on disk: extractor-only iterations skip OCR.

    Only with --ocr-cache; final figures come from a run without it.
    """
    arr = np.ascontiguousarray(np.asarray(image))
    h = hashlib.sha1(arr.tobytes())
    h.update(repr((arr.shape, str(arr.dtype), round(dpi, 3), language, psm, pdf)).encode())
    f = _OCR_CACHE / f"{h.hexdigest()}.pkl" if _OCR_CACHE else None
    if f is not None and f.exists():
        return pickle.loads(f.read_bytes())
    rec = recognize(image, dpi=dpi, language=language, psm=psm, timeout=timeout, pdf=pdf)
    if f is not None:
        tmp = f.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(rec))
        tmp.replace(f)
    return rec


def _use_cache(folder: Path | None) -> None:
    """In each worker: route the bench's and the extractor's Tesseract runs through the cache."""
    global _OCR_CACHE
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    _OCR_CACHE = folder
    import digitize.fields.extractor as extractor_mod
    import digitize.fields.reread as reread_mod

    extractor_mod.recognize = _cached_recognize
    reread_mod.recognize = _cached_recognize


def norm(key: str, v: object) -> str | None:
    """The comparison of shared/tools/score-fields.py."""
    if v is None:
        return None
    s = " ".join(unicodedata.normalize("NFC", str(v)).split())
    if key.endswith("name") or key in ("issuing_body", "title"):
        return s.upper()
    if key in (
        "place_of_birth",
        "place_of_origin",
        "place_of_residence",
        "place_of_death",
        "registration_place",
        "summary",
    ):
        return s.casefold().rstrip(".")
    return s


def load_pages(path: Path) -> list[tuple[np.ndarray, float]]:
    if path.suffix.lower() == ".pdf":
        from pdf2image import convert_from_path

        return [
            (np.asarray(im.convert("L")), 300.0) for im in convert_from_path(str(path), dpi=300)
        ]
    im = Image.open(path)
    dpi = float(im.info.get("dpi", (300, 300))[0]) or 300.0
    return [(np.asarray(f.convert("L")), dpi) for f in ImageSequence.Iterator(im)]


def run_one(path: str) -> dict:
    t0 = time.time()
    pages, images = [], []
    for i, (arr, dpi) in enumerate(load_pages(Path(path)), 1):
        prep = prepare_page(arr, dpi, upscale_below_dpi=OcrConfig().upscale_below_dpi)
        arr, dpi = prep.ocr_image, prep.ocr_dpi
        rec = (_cached_recognize if _OCR_CACHE else recognize)(arr, dpi=dpi, pdf=False)
        pages.append(OcrPage(i, arr.shape[1], arr.shape[0], dpi, rec.words, rec.text))
        images.append(arr)
    ex = extract(pages, images=images)
    return {
        "file": Path(path).name,
        "doc_type": ex.doc_type.value,
        "pages": len(pages),
        "fields": {k: v.value for k, v in ex.fields.items()},
        "conf": {k: round(v.confidence, 2) for k, v in ex.fields.items()},
        "flags": list(ex.flags),
        "seconds": time.time() - t0,
    }


def score(truth: list[dict], got: dict[str, dict]) -> dict:
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    type_ok, misses = 0, []
    for t in truth:
        o = got.get(t["file"], {})
        type_ok += o.get("doc_type") == t["doc_type"]
        for k, v in t["fields"].items():
            g = (o.get("fields") or {}).get(k)
            ok = norm(k, g) == norm(k, v)
            for d, key in ((per_field, f"{t['doc_type']}.{k}"), (per_type, t["doc_type"])):
                d[key][0] += ok
                d[key][1] += 1
            if not ok:
                misses.append(
                    f"{t['file']} {k}: want {v!r} got {g!r} conf={o.get('conf', {}).get(k)}"
                )
    return {
        "per_field": dict(per_field),
        "per_type": dict(per_type),
        "type_ok": type_ok,
        "n": len(truth),
        "misses": misses,
    }


def report(level: str, sc: dict, secs: float, pages: int, jobs: int, show: int) -> str:
    out = [f"## {level}"]
    for k, (ok, n) in sorted(sc["per_field"].items()):
        out.append(f"{k:45s} {ok}/{n} = {ok / n:.1%}")
    for k, (ok, n) in sorted(sc["per_type"].items()):
        out.append(f"TYPE {k:40s} {ok}/{n} = {ok / n:.1%}")
    allok = sum(v[0] for v in sc["per_type"].values())
    alln = sum(v[1] for v in sc["per_type"].values())
    worst = min(sc["per_field"].items(), key=lambda kv: kv[1][0] / kv[1][1])
    out.append(f"misses ({len(sc['misses'])}, first {show}):")
    out += ["  " + m for m in sc["misses"][:show]]
    out.append(
        f"SUMMARY {level}: doc_type {sc['type_ok']}/{sc['n']} = {sc['type_ok'] / sc['n']:.1%}; "
        f"fields {allok}/{alln} = {allok / alln:.1%}; worst field {worst[0]} "
        f"{worst[1][0] / worst[1][1]:.1%}; {secs / pages:.2f} s/page wall with {jobs} jobs"
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--levels", default="mild,harsh")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/digitize-bench-fields"))
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument(
        "--external",
        type=Path,
        default=None,
        help="also run this scorer (shared/tools/score-fields.py) on each set: "
        "it scores `digitize scan --dry-run --json`, the whole pipeline",
    )
    ap.add_argument(
        "--ocr-cache",
        type=Path,
        default=None,
        help="keep Tesseract results on disk here (for iterating on the extractor only; "
        "not for reported figures)",
    )
    ap.add_argument("--only", default="", help="comma-separated file names (iteration)")
    a = ap.parse_args(argv)
    for level in a.levels.split(","):
        d = a.out / f"{level}-{a.n}-{a.seed}"
        if not (d / "truth.jsonl").exists():
            write_evalset(d, a.n, level, a.seed)
        truth = [json.loads(ln) for ln in open(d / "truth.jsonl", encoding="utf-8")]
        if a.only:
            only = set(a.only.split(","))
            truth = [t for t in truth if t["file"] in only or t["file"].split("-")[0] in only]
        t0 = time.time()
        with ProcessPoolExecutor(a.jobs, initializer=_use_cache, initargs=(a.ocr_cache,)) as pool:
            results = list(pool.map(run_one, [str(d / t["file"]) for t in truth]))
        secs = time.time() - t0
        (d / ("results-only.jsonl" if a.only else "results.jsonl")).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8"
        )
        got = {r["file"]: r for r in results}
        print(
            report(
                level, score(truth, got), secs, sum(r["pages"] for r in results), a.jobs, a.show
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
