"""bench/scan: digitize scan against its floor (bare Tesseract) and OCRmyPDF, on the same pages.

Usage: .venv/bin/python bench/scan.py [--pages 32] [--jobs N] [--rounds 2] [--no-ocrmypdf]
                                     [--stages 6]

The floor is `tesseract -l vie` (PDF + TSV output) with one thread per process
and as many processes as cores. OCRmyPDF is installed for the benchmark only,
into bench/.venv-ocrmypdf (gitignored), if missing. Prints pages/second, peak
memory (sum of RSS over the process tree, sampled) and CPU seconds (user +
system of the whole process tree, from the kernel's accounting of waited-for
children) for each.

On a machine shared with other work the wall time of one run says little: the
runs are interleaved over `--rounds` rounds and the best round of each is
kept, and the CPU seconds, which other work barely moves, are printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers_render import legal_text, render_page  # noqa: E402

OCRMYPDF_VENV = ROOT / "bench" / ".venv-ocrmypdf"


def make_pages(n: int, folder: Path) -> list[Path]:
    """n one-page documents of real legal text (Liberation Serif 12 pt, 300 dpi, ~900 chars)."""
    names = ["qd-715", "qd-1397", "qd-2083", "qd-1456", "qd-20574", "qd-784"]
    paths = []
    for i in range(n):
        img, _ = render_page(
            legal_text(names[i % len(names)], skip_chars=(i // len(names)) * 900, max_chars=900)
        )
        path = folder / f"page-{i:03d}.png"
        Image.fromarray(img).save(path, dpi=(300, 300))
        paths.append(path)
    return paths


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def measure(fn) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Seconds, peak MiB (RSS of this process's children tree, sampled every 50 ms), CPU seconds."""
    me = psutil.Process()
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            total = 0
            for p in me.children(recursive=True):
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    cpu = _children_cpu()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    stop.set()
    t.join()
    return seconds, peak / 2**20, cpu


def floor(pages: list[Path], out: Path, jobs: int) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(p: Path) -> None:
        subprocess.run(
            ["tesseract", str(p), str(out / p.stem), "-l", "vie", "--dpi", "300", "pdf", "tsv"],
            check=True,
            capture_output=True,
            env=env,
        )

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, pages))


def digitize(pages: list[Path], out: Path, jobs: int) -> None:
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "digitize"),
            "scan",
            *map(str, pages),
            "--dry-run",
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--json",
        ],
        check=False,
        capture_output=True,
    )


def ensure_ocrmypdf() -> Path | None:
    """OCRmyPDF in its own venv and Ghostscript (Debian), installed on first use (bench only)."""
    exe = OCRMYPDF_VENV / "bin" / "ocrmypdf"
    try:
        if subprocess.run(["which", "gs"], capture_output=True).returncode:
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "ghostscript"], check=False, capture_output=True
            )
        if not exe.exists():
            subprocess.run([sys.executable, "-m", "venv", str(OCRMYPDF_VENV)], check=True)
            subprocess.run(
                [str(OCRMYPDF_VENV / "bin" / "pip"), "install", "-q", "ocrmypdf"], check=True
            )
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"OCRmyPDF not available: {e}", file=sys.stderr)
        return None
    return exe if exe.exists() else None


def ocrmypdf(exe: Path, pages: list[Path], out: Path, jobs: int) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(p: Path) -> None:
        subprocess.run(
            [
                str(exe),
                "-l",
                "vie",
                "--jobs",
                "1",
                "--image-dpi",
                "300",
                "--output-type",
                "pdf",
                str(p),
                str(out / f"{p.stem}.pdf"),
            ],
            check=False,
            capture_output=True,
            env=env,
        )

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, pages))


def stages(pages: list[Path]) -> None:
    """CPU per page of each stage of one worker (in this process), Tesseract's run included."""
    from digitize.config import FieldsConfig, OcrConfig
    from digitize.document import without_leaders
    from digitize.fields import extract
    from digitize.models import OcrPage
    from digitize.ocr.ingest import iter_pages, open_source
    from digitize.ocr.pdf import PdfMetadata, SearchablePdf
    from digitize.ocr.preprocess import prepare_page
    from digitize.ocr.tesseract import recognize

    spent: dict[str, float] = {}

    @contextlib.contextmanager
    def timed(name: str):  # type: ignore[no-untyped-def]
        cpu, kids = time.process_time(), _children_cpu()
        yield
        spent[name] = spent.get(name, 0.0) + time.process_time() - cpu
        if name == "tesseract run":
            key = "  (the tesseract process)"
            spent[key] = spent.get(key, 0.0) + _children_cpu() - kids

    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        for path in pages:
            with timed("open + sniff + hash"):
                src = open_source(path, OcrConfig())
            with timed("decode"):
                page = next(iter_pages(src, OcrConfig()))
            with timed("preprocess"):
                prep = prepare_page(page.image, page.dpi)
            with timed("form leaders removed"):
                ocr_image = without_leaders(prep.ocr_image, prep.ocr_dpi)
            with timed("tesseract run"):
                rec = recognize(ocr_image, dpi=prep.ocr_dpi)
            h, w = prep.ocr_image.shape[:2]
            ocr = OcrPage(1, w, h, prep.ocr_dpi, rec.words, rec.text)
            pdf = SearchablePdf(PdfMetadata(title=path.stem, engine="tesseract", creator="bench"))
            same = prep.display_image is page.image
            with timed("pdf page"):
                pdf.add_page(
                    prep.display_image,
                    prep.display_dpi,
                    rec.pdf,
                    encoded=page.encoded if same else None,
                )
            with timed("pdf save"):
                pdf.save(Path(tmp) / f"{path.stem}.pdf")
            with timed("fields (digitize.fields)"):
                extract([ocr], images=[ocr_image], config=FieldsConfig())
    n = len(pages)
    print(f"\nCPU per page, one worker, {n} pages:")
    for name, seconds in spent.items():
        print(f"  {name:28s} {seconds / n * 1000:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=32)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--no-ocrmypdf", action="store_true")
    ap.add_argument("--stages", type=int, default=0, help="also profile N pages stage by stage")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        base = Path(tmp)
        (base / "in").mkdir()
        pages = make_pages(args.pages, base / "in")
        runs = [("floor: tesseract -l vie", floor), ("digitize scan", digitize)]
        if not args.no_ocrmypdf:
            exe = ensure_ocrmypdf()
            if exe is not None:
                runs.append(("ocrmypdf -l vie", lambda p, o, j: ocrmypdf(exe, p, o, j)))
        best: dict[str, tuple[float, float, float]] = {}
        for r in range(args.rounds):
            for name, fn in runs:
                out = base / f"{name.split()[0].strip(':')}-{r}"
                out.mkdir()
                seconds, peak, cpu = measure(lambda fn=fn, out=out: fn(pages, out, args.jobs))
                print(
                    f"round {r + 1}  {name:26s} {seconds:7.1f} s  {cpu:7.1f} CPU s  "
                    f"peak {peak:5.0f} MiB",
                    flush=True,
                )
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, peak, cpu)
        ref_s, _, ref_cpu = best["floor: tesseract -l vie"]
        print(f"\n{len(pages)} pages, {args.jobs} jobs, best of {args.rounds} round(s):")
        print(
            f"{'run':28s} {'time':>8s} {'pages/s':>8s} {'peak MiB':>9s} {'CPU s':>7s} "
            f"{'time×':>6s} {'CPU×':>6s}"
        )
        for name, (seconds, peak, cpu) in best.items():
            print(
                f"{name:28s} {seconds:7.1f}s {len(pages) / seconds:8.2f} {peak:9.0f} {cpu:7.1f} "
                f"{seconds / ref_s:6.2f} {cpu / ref_cpu:6.2f}"
            )
        if args.stages:
            stages(pages[: args.stages])


if __name__ == "__main__":
    main()
