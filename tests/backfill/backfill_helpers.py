"""Backfill test helpers: tiny real documents, a fake archive injected as the filer, fixtures."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from digitize.backfill.executors import InlineExecutor
from digitize.backfill.ledger import Ledger
from digitize.backfill.run import BackfillRequest, Summary, new_run_id, run_backfill
from digitize.errors import DocumentFailed
from digitize.models import ScannedDocument, ScanStatus
from digitize.ocr.engine import NullEngine
from digitize.pipeline import ScanOptions
from digitize.store.db import open_engine

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
WORDS = ("Giấy khai sinh", "Quyết định", "Trích lục", "Đăng ký", "Ủy ban nhân dân",
         "Hộ tịch", "Cộng hòa", "Độc lập", "Tự do", "Hạnh phúc", "Xã Tân Phú", "Số 12")


def make_docs(folder: Path, n: int, *, start: int = 0, width: int = 900) -> list[Path]:
    """`n` small, distinct page images of one short Vietnamese line (fast for Tesseract)."""
    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(str(FONT), 40)
    paths = []
    for i in range(start, start + n):
        img = Image.new("L", (width, 160), 255)
        ImageDraw.Draw(img).text((30, 50), f"{WORDS[i % len(WORDS)]} {i:04d}", font=font, fill=0)
        path = folder / f"doc-{i:04d}.png"
        img.save(path, dpi=(300, 300))
        paths.append(path)
    return paths


@dataclass
class FakeArchive:
    """Files by content hash like the real archive (idempotent); can fail on purpose."""

    records: dict[str, str] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    fail_times: dict[str, int] = field(default_factory=dict)  # source name → failures left
    always_fail: set[str] = field(default_factory=set)
    review: set[str] = field(default_factory=set)
    seen_citizens: dict[str, str | None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def find_source(self, sha256: str) -> str | None:
        return self.records.get(sha256)

    def __call__(self, doc: ScannedDocument, options: ScanOptions) -> tuple[ScanStatus, str | None]:
        name = Path(doc.source).name
        with self.lock:
            self.calls.append(name)
            self.seen_citizens[name] = options.citizen_id
            if name in self.always_fail:
                raise DocumentFailed(detail="disk full")
            if self.fail_times.get(name, 0) > 0:
                self.fail_times[name] -= 1
                raise DocumentFailed(detail="transient")
            record = self.records.setdefault(doc.source_sha256, f"rec-{len(self.records) + 1}")
        status = ScanStatus.NEEDS_REVIEW if name in self.review else ScanStatus.FILED
        return status, record


@pytest.fixture
def fake_archive() -> FakeArchive:
    return FakeArchive()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'index.sqlite'}"


def inline_run(db_url: str, archive: FakeArchive, sources: list[Path], *, engine=None,
               stop: threading.Event | None = None, on_progress=None, **kw) -> Summary:
    """One backfill in this process with the null OCR engine and the fake archive."""
    kw.setdefault("backoff_seconds", 0.01)
    req = BackfillRequest(sources=tuple(sources), options=ScanOptions(),
                          engine=engine or NullEngine(), filer=archive, **kw)
    ledger = Ledger(open_engine(db_url), new_run_id())
    return run_backfill(req, InlineExecutor(), ledger, archive, stop=stop,
                        on_progress=on_progress)
