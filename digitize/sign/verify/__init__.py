"""`digitize verify`: judge signed PDFs offline, fail closed, explain the answer.

`verify_files` is the one entry point the CLI calls. Modules: `engine`
(pyHanko's validation), `policy` (our indications and modification policy),
`budget` (forked worker per file with memory and time limits), `trust`
(anchors, never the OS store), `report` (typed results, JSON, human text),
`etsi` (ETSI TS 119 102-2 XML report via pyHanko's AdES validation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from digitize.errors import InputRejected, UsageProblem
from digitize.sign.verify.report import FileReport, Verdict, render_human

__all__ = [
    "VerifyRequest",
    "verify_files",
    "parse_time",
    "expand_inputs",
    "FileReport",
    "Verdict",
    "render_human",
]


@dataclass(frozen=True)
class VerifyRequest:
    """Everything one `digitize verify` run needs, resolved from options and configuration."""

    files: tuple[Path, ...]
    trust: tuple[Path, ...] = ()
    at: datetime | None = None
    online: bool = False
    jobs: int = 1
    time_budget_seconds: float = 10.0
    memory_budget_mb: int = 1024
    extract_dir: Path | None = None
    xml_dir: Path | None = None


def parse_time(text: str) -> datetime:
    """An ISO 8601 date or date-time; naive values are taken as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise UsageProblem(detail=f"--at: not an ISO 8601 time: {text!r}") from e
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def expand_inputs(files: tuple[Path, ...]) -> list[tuple[Path, str]]:
    """Files as given; directories become the PDFs under them (sorted, recursive)."""
    items: list[tuple[Path, str]] = []
    for f in files:
        if f.is_dir():
            items.extend(
                (p, str(p))
                for p in sorted(f.rglob("*"))
                if p.suffix.lower() == ".pdf" and p.is_file()
            )
        else:
            items.append((f, str(f)))
    return items


def verify_files(req: VerifyRequest) -> Iterator[FileReport]:
    """Verify every file, each in a budgeted worker; yields one report per file, in order."""
    from digitize.sign.verify.budget import Budget, run_batch
    from digitize.sign.verify.engine import EngineOptions
    from digitize.sign.verify.trust import load_anchors

    anchors = tuple(c.dump() for c in load_anchors(req.trust))
    options = EngineOptions(
        anchors=anchors,
        at=req.at,
        online=req.online,
        extract_dir=req.extract_dir,
        xml_dir=req.xml_dir,
    )
    budget = Budget(seconds=req.time_budget_seconds, memory_mb=req.memory_budget_mb)
    items = expand_inputs(req.files)
    if not items:
        raise InputRejected("verify.error.no_files")
    yield from run_batch(items, options, budget, jobs=req.jobs)
