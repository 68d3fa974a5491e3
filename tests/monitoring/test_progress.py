"""Progress sheets: template, located errors, append-only vintaged records, summaries."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from tests.monitoring.conftest import update
from workbench.cli import app
from workbench.ingest import IngestError
from workbench.progress import history, ingest_sheet, latest, progress_path, read_sheet, summary
from workbench.progress.store import archive_root

TODAY = dt.date(2024, 1, 31)


def test_template_lists_every_task_and_project(tmp_path):
    from workbench.progress import write_template

    path = write_template(tmp_path / "t.xlsx")
    res = read_sheet(path, today=TODAY)
    assert res.errors == [] and res.records.empty
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    kinds = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert kinds.count("重点任务") == 42 and kinds.count("重点项目") == 58
    assert ws.data_validations.dataValidation[0].formula1 == '"未启动,推进中,已完成,滞后"'
    with pytest.raises(IngestError, match="没有填写任何进展"):
        ingest_sheet(path, today=TODAY)
    assert not progress_path().exists()


def test_good_sheet_is_recorded_archived_and_shown(filled):
    path = filled(
        "p.xlsx",
        {
            ("重点任务", "3"): update("滞后", percent=30, 进展说明="平台招标推迟"),
            ("重点任务", "41"): update("已完成", percent=100, 佐证链接="https://example.org/a"),
            ("重点项目", "18-1"): update("推进中", period="2023-H2", percent="45%"),
        },
    )
    res = ingest_sheet(path, today=TODAY)
    assert res.created and res.n_records == 3
    h = history()
    assert len(h) == 3
    row = h.set_index("item_id").loc["p18-1"]
    assert (row["status"], row["percent"], row["period"]) == ("in_progress", 45.0, "2023-H2")
    # the file is archived byte-for-byte under its SHA-256
    archived = list(archive_root().rglob(f"{res.sha256}.xlsx"))
    assert len(archived) == 1 and archived[0].read_bytes() == path.read_bytes()
    # the same bytes again add nothing
    again = ingest_sheet(path, today=TODAY)
    assert not again.created and len(history()) == 3
    tasks = summary.task_status()
    assert tasks.set_index("task_no").at[3, "status"] == "delayed"
    units = summary.by_unit(tasks).set_index("unit")
    assert units.at["市数据资源管理局", "lead"] == 13
    assert units.at["市数据资源管理局", "lead_delayed"] == 1  # task 3
    assert units.at["市数据资源管理局", "lead_completed"] == 1  # task 41
    assert units.at["市财政局", "partner"] == 1 and units.at["市财政局", "lead"] == 1


def test_updates_are_appended_never_overwritten(filled):
    ingest_sheet(filled("a.csv", {("重点任务", "3"): update("推进中", percent=20)}), today=TODAY)
    ingest_sheet(
        filled(
            "b.csv",
            {("重点任务", "3"): update("已完成", period="2024-Q1", percent=100, on="2024-01-30")},
        ),
        today=TODAY,
    )
    h = history(kind="task", item_id="3")
    assert list(h["status"]) == ["in_progress", "completed"]
    lt = latest().set_index("item_id")
    assert lt.at["3", "status"] == "completed"
    # as known before the second sheet: the first state
    first = h["ingested_at"].iloc[0]
    assert (
        latest(as_of=first.to_pydatetime()).set_index("item_id").at["3", "status"] == "in_progress"
    )


def test_bad_sheet_is_refused_with_located_errors_and_changes_nothing(filled):
    ingest_sheet(filled("ok.xlsx", {("重点任务", "1"): update()}), today=TODAY)
    before = progress_path().read_bytes()
    n_archived = len(list(archive_root().rglob("*.json")))
    bad = filled(
        "bad.xlsx",
        {
            ("重点任务", "2"): update("快完成了"),
            ("重点任务", "43"): update(),
            ("重点任务", "5"): update(percent=120),
            ("重点任务", "6"): update("已完成", percent=80),
            ("重点任务", "7"): update(on="2030-01-01"),
            ("重点任务", "8"): update(佐证链接="见附件"),
            ("重点任务", "9"): update(period="2023年"),
            ("重点项目", "99-1"): update(),
        },
    )
    with pytest.raises(IngestError) as exc:
        ingest_sheet(bad, today=TODAY)
    got = {(i.row, i.column) for i in exc.value.errors}
    assert (3, "F (进展状态)") in got  # task 2 is on sheet row 3
    assert (6, "G (完成百分比)") in got  # task 5
    assert (7, "G (完成百分比)") in got  # task 6: completed but 80 %
    assert (8, "K (填报日期)") in got  # task 7: a future date
    assert (9, "I (佐证链接)") in got  # task 8
    assert (10, "E (报告期)") in got  # task 9
    assert (102, "B (编号)") in got  # task 43, appended after the 100 template rows
    assert (103, "B (编号)") in got  # project 99-1
    assert all(i.file == "bad.xlsx" and i.sheet == "进展填报" for i in exc.value.errors)
    assert progress_path().read_bytes() == before
    assert len(list(archive_root().rglob("*.json"))) == n_archived


def test_duplicate_item_and_period_in_one_sheet(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(
        "类别,编号,报告期,进展状态,填报人,填报日期\n"
        "重点任务,4,2023,推进中,王五,2023-12-01\n"
        "重点任务,4,2023,滞后,王五,2023-12-02\n",
        encoding="gbk",
    )
    res = read_sheet(path, today=TODAY)
    assert [(i.row, i.column) for i in res.errors] == [(3, "编号")]
    assert "第 2 行" in res.errors[0].message


def test_english_headers_and_messages(tmp_path):
    path = tmp_path / "en.csv"
    path.write_text(
        "Kind,Number,Period,Status,Percent complete,Reported by,Reported on\n"
        "Task,12,2023,Done,100,Li,2023-11-01\n"
        "Project,3-2,2023,sort of,,Li,2023-11-01\n",
        encoding="utf-8",
    )
    res = read_sheet(path, today=TODAY, lang="en")
    assert len(res.records) == 1 and res.records.iloc[0]["item_id"] == "12"
    assert [(i.row, i.column) for i in res.errors] == [(3, "Status")]
    assert "Not started / In progress / Completed / Delayed" in res.errors[0].message


def test_cli_template_ingest_show(tmp_path, filled):
    runner = CliRunner()
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["progress", "template", str(out)])
    assert r.exit_code == 0 and out.exists()
    bad = filled("bad.csv", {("重点任务", "2"): update("快完成了")})
    r = runner.invoke(app, ["progress", "ingest", str(bad)])
    assert r.exit_code == 1
    assert "bad.csv，第 3 行，“进展状态”列" in r.output
    good = filled("good.csv", {("重点任务", "2"): update("推进中", percent=50)})
    r = runner.invoke(app, ["progress", "ingest", str(good), "--lang", "en"])
    assert r.exit_code == 0 and "1 progress record(s) recorded" in r.output
    r = runner.invoke(app, ["progress", "show", "--lang", "en"])
    assert r.exit_code == 0 and "In progress" in r.output and "Not reported" in r.output
    assert "Lead unit" in r.output and "lead_unit" not in r.output
    r = runner.invoke(app, ["progress", "show", "--history"])
    assert r.exit_code == 0 and "重点任务" in r.output and "推进中" in r.output
