"""`workbench report` on the session's real refresh run: the report's statuses and
probabilities are the run's (lives here to reuse the one refresh of tests/app)."""

from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from workbench.cli import app
from workbench.plans import load_plan
from workbench.targets import Status


def test_cli_report_carries_the_runs_statuses_and_probabilities(run, tmp_path):
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(
        app, ["report", "--plan", "chizhou-digital", "--year", "2025", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["主要指标"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: k for k, h in enumerate(rows[0])}
    shown = {row[col["指标"]]: row for row in rows[1:]}
    plan = load_plan("chizhou-digital")
    assert set(shown) == {x.name_zh for x in plan.indicators}
    tg = run.targets[run.targets["target_year"] == 2025].set_index("indicator")
    checked = 0
    for x in plan.indicators:
        if x.id not in tg.index or x.target(2025) is None or not x.target(2025).is_numeric:
            continue
        status = Status(str(tg.at[x.id, "status"]))
        assert shown[x.name_zh][col["状态"]] == status.label("zh"), x.id
        p = tg.at[x.id, "probability"]
        if status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK):
            assert shown[x.name_zh][col["达标概率"]] == f"{p:.0%}", x.id
            checked += 1
    assert checked >= 3  # the run is judged as of 2021: its 2025 targets are open
