"""Verify benchmark: files per second on N certified copies, ours vs pyHanko's own validation API.

usage: .venv/bin/python bench/verify.py [--n 200] [--out DIR] [--repeat 3]

Builds N certify-like copies (two PAdES B-LT signatures, the first certifying
with DocMDP; tests/sign/verify_copies.py) into DIR unless present, then in
the same run, with 1 and 2 workers:
  floor: pyHanko's classic API (validate_pdf_signature / validate_pdf_timestamp
         with the DSS as validation context) on every signature, in-process;
  ours:  digitize.sign.verify.verify_files (fork-per-file worker with budget,
         our modification policy, reports).
Also the wall time of `digitize verify --json FILE` (one file, including
start-up), median of --repeat runs. The machine may be shared: compare the
ratio, not the absolute figures.
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import subprocess
import sys
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sign"))

import verify_copies as vc  # noqa: E402

from digitize.sign.verify import VerifyRequest, verify_files  # noqa: E402

logging.disable(logging.CRITICAL)


def build(out: Path, n: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pki = vc.DemoPki.load()
    (out / "demo-root.der").write_bytes(pki.root_der())
    paths = []
    for i in range(n):
        p = out / f"copy-{i:04d}.pdf"
        if not p.exists():
            p.write_bytes(vc.certified_copy(pki, number=str(1000 + i)))
        paths.append(p)
    return paths


def _pyhanko_one(args: tuple[Path, bytes]) -> bool:
    """What a caller of pyHanko's validation API does, per file: every signature, DSS as context."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    path, root = args
    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    kwargs = {"trust_roots": [x509.Certificate.load(root)], "allow_fetching": False}
    ok = True
    for sig in reader.embedded_signatures:
        try:
            vc_ = DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
        except NoDSSFoundError:
            vc_ = ValidationContext(**kwargs)
        if sig.sig_object_type == "/DocTimeStamp":
            ok &= validate_pdf_timestamp(sig, validation_context=vc_).bottom_line
        else:
            ok &= validate_pdf_signature(sig, vc_).bottom_line
    return ok


def floor(paths: list[Path], root: bytes, jobs: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    if jobs == 1:
        results = [_pyhanko_one((p, root)) for p in paths]
    else:
        with get_context("fork").Pool(jobs) as pool:
            results = pool.map(_pyhanko_one, [(p, root) for p in paths], chunksize=4)
    return time.perf_counter() - t0, sum(results)


def ours(paths: list[Path], anchor: Path, jobs: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    reps = list(verify_files(VerifyRequest(files=tuple(paths), trust=(anchor,), jobs=jobs)))
    return time.perf_counter() - t0, sum(r.verdict.value == "TOTAL_PASSED" for r in reps)


def cli_wall(path: Path, anchor: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "digitize"),
                "verify",
                "--json",
                "--trust",
                str(anchor),
                str(path),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", type=Path, default=Path("/tmp/digitize-bench-verify"))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    t0 = time.perf_counter()
    paths = build(a.out, a.n)
    anchor = a.out / "demo-root.der"
    root = anchor.read_bytes()
    print(f"{len(paths)} copies ready in {time.perf_counter() - t0:.1f}s ({a.out})")
    _pyhanko_one((paths[0], root))  # warm imports for the in-process floor
    print(
        "| workers | pyHanko API files/s | digitize verify files/s | ours / floor "
        "| passed (floor, ours) |"
    )
    print("| --- | --- | --- | --- | --- |")
    for jobs in (1, 2):
        f_s, f_ok = floor(paths, root, jobs)
        o_s, o_ok = ours(paths, anchor, jobs)
        print(
            f"| {jobs} | {len(paths) / f_s:.1f} | {len(paths) / o_s:.1f} | {f_s / o_s:.2f} "
            f"| {f_ok}, {o_ok} |"
        )
    print(
        f"`digitize verify --json` on one copy, wall incl. start-up (median of {a.repeat}): "
        f"{cli_wall(paths[0], anchor, a.repeat):.2f}s"
    )


if __name__ == "__main__":
    main()
