"""Every row of signed-pdfs/expected.tsv: expected verdict and exit code, in time, no traceback.

Real pyHanko validation of 75 real files (pyHanko's and EU DSS's test data,
including attacks and denial-of-service files), each in the budgeted worker.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digitize.cli import app
from digitize.errors import ExitCode
from digitize.sign.verify import VerifyRequest, parse_time, verify_files

# module-scoped fixtures verify the whole set once: keep the module on one xdist worker
pytestmark = pytest.mark.xdist_group("verify_corpus")

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "signed-pdfs"
ROOT_CERT = CORPUS / "pyhanko" / "crypto" / "certomancer-testing-ca-root.cert.der"
ROWS = [
    line.rstrip("\n").split("\t")
    for line in (CORPUS / "expected.tsv").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
OK = {
    "FAILED_OR_ERROR": {"TOTAL_FAILED", "ERROR"},
    "ANY": {"TOTAL_PASSED", "TOTAL_FAILED", "ERROR", "INDETERMINATE", "NO_SIGNATURE"},
}
EXIT = {
    "TOTAL_PASSED": ExitCode.OK,
    "TOTAL_FAILED": ExitCode.FAILED,
    "INDETERMINATE": ExitCode.NEEDS_REVIEW,
    "NO_SIGNATURE": ExitCode.NEEDS_REVIEW,
    "ERROR": ExitCode.BAD_INPUT,
}
# Intact files whose signatures all chain to pyHanko's test root: they pass with it at 2020-11-01.
PASS_WITH_TEST_ROOT = {
    "pyhanko/pdf/certified-with-indirect-refs-in-dir.pdf",
    "pyhanko/pdf/sig-with-ski-sid.pdf",
    "pyhanko/pdf/sig-no-signed-attrs.pdf",
    "pyhanko/pdf/pades-with-old-style-signing-cert-attr.pdf",
    "pyhanko/pdf/pades-with-old-style-signing-cert-attr-issser.pdf",
    "pyhanko/pdf/separate-annots-kids-indir.pdf",
    "pyhanko/pdf/pades-lta-dss-indirect-arrs-test.pdf",
    "pyhanko/pdf/pades-lta-dss-indirect-arrs-test-2.pdf",
    "pyhanko/pdf/form-update-override-appearance-stream.pdf",
    "pyhanko/pdf/form-update-override-appearance-stream-ap-indirect.pdf",
    "pyhanko/pdf/form-update-no-override-appearance-stream-ap-indirect.pdf",
    "pyhanko/pdf/form-update-original-ap-type-wrong.pdf",
}


def _run(**kw):
    req = VerifyRequest(files=tuple(CORPUS / r[0] for r in ROWS), jobs=2, **kw)
    return {rel: rep for (rel, *_), rep in zip(ROWS, verify_files(req), strict=True)}


@pytest.fixture(scope="module")
def untrusted():
    return _run()


@pytest.fixture(scope="module")
def trusted():
    return _run(trust=(ROOT_CERT,), at=parse_time("2020-11-01"))


@pytest.mark.parametrize("rel,want", [(r[0], r[1]) for r in ROWS], ids=[r[0] for r in ROWS])
def test_expected_verdict_without_trust(untrusted, rel, want):
    rep = untrusted[rel]
    assert rep.verdict.value in OK.get(want, {want}), (rep.verdict, rep.error, rep.to_json())
    assert rep.exit_code == EXIT[rep.verdict.value]
    assert rep.seconds < 10
    json.dumps(rep.to_json())  # the JSON line is serialisable


@pytest.mark.parametrize("rel,want", [(r[0], r[1]) for r in ROWS], ids=[r[0] for r in ROWS])
def test_with_pyhanko_test_root(trusted, rel, want):
    rep = trusted[rel]
    if rel in PASS_WITH_TEST_ROOT:
        assert rep.verdict.value == "TOTAL_PASSED", rep.to_json()
    elif want in ("TOTAL_FAILED", "FAILED_OR_ERROR"):
        assert rep.verdict.value in {"TOTAL_FAILED", "ERROR"}, rep.to_json()
    elif want == "NO_SIGNATURE":
        assert rep.verdict.value == "NO_SIGNATURE"


def test_cli_json_lines_and_batch_exit_code():
    files = [
        CORPUS / "pyhanko/pdf/sig-with-ski-sid.pdf",
        CORPUS / "pyhanko/pdf/minimal.pdf",
        CORPUS / "dss/pdf-signed-added-page.pdf",
    ]
    result = CliRunner().invoke(
        app, ["verify", "--json", "--trust", str(ROOT_CERT), "--at", "2020-11-01", *map(str, files)]
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["verdict"] for d in lines] == ["TOTAL_PASSED", "NO_SIGNATURE", "TOTAL_FAILED"]
    assert result.exit_code == ExitCode.FAILED
    sig = lines[0]["signatures"][0]
    for key in (
        "field",
        "signer",
        "signed_at",
        "indication",
        "sub_indication",
        "intact",
        "trusted",
        "revocation",
        "timestamp",
        "coverage",
        "modifications",
        "pades_level",
    ):
        assert key in sig
    assert lines[0]["certification"] is None and lines[0]["error"] is None
    assert sig["signer"] == "Alice" and sig["coverage"] == "ENTIRE_FILE"


def test_cli_exit_codes_single_files(tmp_path):
    runner = CliRunner()
    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_text("hello")
    assert runner.invoke(app, ["verify", str(not_pdf)]).exit_code == ExitCode.BAD_INPUT
    assert runner.invoke(app, ["verify", str(CORPUS / "pyhanko/pdf/minimal.pdf")]).exit_code == 3
    r = runner.invoke(app, ["verify", str(CORPUS / "pyhanko/pdf/sig-with-ski-sid.pdf")])
    assert r.exit_code == ExitCode.NEEDS_REVIEW and "INDETERMINATE" in r.stdout
    r = runner.invoke(app, ["verify", "--at", "yesterday", str(not_pdf)])
    assert r.exit_code == ExitCode.USAGE


def test_slow_file_is_cut_off_by_the_time_budget():
    """Over its deadline a worker is killed and replaced; the file gets a fail-closed verdict."""

    from digitize.sign.verify.budget import Budget, run_batch
    from digitize.sign.verify.engine import EngineOptions

    slow = CORPUS / "dss/pades-multiple-pages-annots-overlap.pdf"  # ~1.5 s of difference analysis
    unsigned = CORPUS / "pyhanko/pdf/minimal.pdf"
    reps = list(
        run_batch([(slow, "slow"), (unsigned, "next")], EngineOptions(), Budget(seconds=0.3))
    )
    assert reps[0].verdict.value == "TOTAL_FAILED" and "time" in (reps[0].error or "")
    assert reps[1].verdict.value == "NO_SIGNATURE"  # the replacement worker goes on


def test_memory_budget_fails_closed(tmp_path):
    """A worker that cannot get memory answers TOTAL_FAILED/ERROR, and the batch goes on."""
    from digitize.sign.verify.budget import Budget, run_batch
    from digitize.sign.verify.engine import EngineOptions

    big = tmp_path / "big-signed.pdf"  # reading it needs a fresh 8 MB mapping, over RLIMIT_AS
    big.write_bytes((CORPUS / "dss/pdf-signed-original.pdf").read_bytes() + b"%" * (8 << 20))
    small = CORPUS / "pyhanko/pdf/minimal.pdf"
    reps = list(run_batch([(big, "a"), (small, "b")], EngineOptions(), Budget(memory_mb=1)))
    assert reps[0].verdict.value == "TOTAL_FAILED" and "memory" in (reps[0].error or "")
    assert reps[1].verdict.value in ("NO_SIGNATURE", "ERROR")
