"""Every case of the hostile corpus (``corpus.py``) has its expected outcome: refused with a
located message, or accepted with the right value (and the expected warning)."""

from __future__ import annotations

import time

import pytest
from corpus import CASES, Case
from typer.testing import CliRunner

from workbench.cli import app
from workbench.ingest import read_with_report


def _check(case: Case, tmp_path) -> None:
    path = case.make(tmp_path)
    t0 = time.perf_counter()
    df, report = read_with_report(path, **case.options)
    assert time.perf_counter() - t0 < 30, "a hostile file must be refused or read promptly"
    if case.outcome == "refused":
        assert not report.ok, f"{case.name} was accepted: {report.format()}"
        hits = [i for i in report.errors if case.message in i.message]
        assert hits, f"{case.name}: no error says {case.message!r}:\n{report.format()}"
        issue = hits[0]
        assert issue.file == path.name
        if case.row is not None:
            assert issue.row == case.row, report.format()
        if case.column is not None:
            assert issue.column and case.column in issue.column, report.format()
        assert df.empty
        return
    assert report.ok, f"{case.name} was refused:\n{report.format()}"
    row = df[(df["indicator"] == case.indicator) & (df["year"] == case.year)]
    assert len(row) == 1 and row["value"].item() == pytest.approx(case.value, rel=1e-12)
    if case.message:
        assert any(case.message in w.message for w in report.warnings), report.format()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_has_its_expected_outcome(case: Case, tmp_path):
    _check(case, tmp_path)


REFUSED_BY_CLI = [c for c in CASES if c.outcome == "refused" and not c.options]


@pytest.mark.parametrize("case", REFUSED_BY_CLI, ids=[c.name for c in REFUSED_BY_CLI])
def test_cli_validate_refuses_with_exit_1_and_the_location(case: Case, tmp_path):
    path = case.make(tmp_path)
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 1, res.output
    assert case.message in res.output and "Traceback" not in res.output
    if case.row is not None:
        assert f"row {case.row}" in res.output
