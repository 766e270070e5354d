"""`digitize doctor`: thin command over `digitize.doctor`."""

from __future__ import annotations

from digitize.cli.app import command, state
from digitize.cli.common import JsonOpt, emit_json, finish, stdout
from digitize.i18n import t

__all__ = ["doctor"]


@command(name="doctor", help_key="doctor.help")
def doctor(json_out: JsonOpt = False) -> None:
    from digitize.doctor import exit_code, run_checks

    checks = run_checks(lambda: state().config)
    for c in checks:
        fix = t(c.fix, **dict(c.fix_params)) if c.fix else None
        if json_out:
            emit_json({"check": c.name, "ok": c.ok, "detail": c.detail, "fix": fix})
            continue
        mark = t("doctor.ok") if c.ok else t("doctor.missing")
        line = f"[{mark}] {t('doctor.check.' + c.name)}"
        if c.detail:
            line += f": {c.detail}"
        if fix:
            line += f" — {fix}"
        stdout.print(line, markup=False, soft_wrap=True)
    missing = sum(not c.ok for c in checks)
    if not json_out:
        stdout.print(
            t("doctor.all_ok") if not missing else t("doctor.some_missing", count=missing),
            markup=False,
            soft_wrap=True,
        )
    finish(exit_code(checks))
