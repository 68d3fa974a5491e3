"""The evaluation report, opened and read: every indicator, task, unit and project, and the
numbers of a run made from known data."""

from __future__ import annotations

import re

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from tests.monitoring.conftest import update
from workbench.progress import ingest_sheet, planpack, template_frame
from workbench.report import write_report

CJK = re.compile(r"[\u4e00-\u9fff]+")


def docx_text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _progress(tmp_path):
    df = template_frame().astype(object)
    hit = (df["类别"] == "重点任务") & (df["编号"] == "3")
    for col, v in update("滞后", percent=30, 进展说明='=HYPERLINK("http://x")').items():
        df.loc[hit, col] = v
    path = tmp_path / "p.csv"
    df.fillna("").to_csv(path, index=False)
    ingest_sheet(path)


def test_word_final_report_in_chinese(tmp_path, fake_run, obs):
    _progress(tmp_path)
    path = write_report(tmp_path / "r.docx", year=2025, run=fake_run, obs=obs)
    text = docx_text(path)
    assert "池州市“十四五”数字池州建设规划期末评估报告" in text
    assert "池数组〔2021〕1号" in text and "数据截至：2023" in text
    assert "本报告为期末评估：指标状态按 2025 年目标判定。" in text
    for x in planpack.indicators():
        assert x.name_zh in text, x.id
    for r in planpack.tasks().itertuples():
        assert r.text_zh in text, r.task_no
    for unit in planpack.task_units()["unit_zh"].unique():
        assert unit in text, unit
    for name in planpack.projects()["name_zh"]:
        assert name in text, name
    # the known run: 2025 statuses 1 on track, 1 at risk, 1 off track, 7 qualitative, 8 without data
    assert (
        "有望达标 1 项，存在风险 1 项，难以达标 1 项，未达标 0 项，实际值未录入 0 项，数据不足 8 项，定性目标 7 项"
        in text
    )
    assert "2,700 (2023)" in text and "87%" in text and "55%" in text and "12%" in text
    assert "测试来源甲摘录2700" in text and "https://example.org/base_stations_5g" in text
    assert "官方发布" in text and "2024-03-01" in text
    # progress: task 3 is delayed; 41 tasks not reported
    assert "滞后 1 项" in text and "未填报 41 项" in text
    d = docx.Document(str(path))
    status_tables = [tb for tb in d.tables if "状态" in [c.text for c in tb.rows[0].cells]]
    assert len(status_tables) == 4  # one per indicator group
    runs = [r for tb in status_tables for row in tb.rows[1:] for c in row.cells
            for p in c.paragraphs for r in p.runs if r.text == "有望达标"]  # fmt: skip
    assert len(runs) == 1 and str(runs[0].font.color.rgb) == "43A047"
    assert len(d.inline_shapes) == 1  # one headline indicator has a forecast in this run
    assert "test-run-1" in text


def test_word_midterm_report_in_english(tmp_path, fake_run, obs):
    path = write_report(tmp_path / "r.docx", year=2023, lang="en", run=fake_run, obs=obs)
    text = docx_text(path)
    assert "mid-term evaluation report" in text
    assert "statuses judge the 2022 targets; probabilities are of meeting the 2025 targets" in text
    for x in planpack.indicators():
        assert x.name_en in text, x.id
    for r in planpack.tasks().itertuples():
        assert r.text_en in text, r.task_no
    for unit in planpack.task_units()["unit_en"].unique():
        assert unit in text
    for name in planpack.projects()["name_en"]:
        assert name in text
    # mid-term judges the 2022 targets: 2 met, 1 missed, 1 qualitative, 14 without data
    assert (
        "Met 2, On track 0, At risk 0, Off track 0, Missed 1, Actual not entered 0, Insufficient data 14, Qualitative 1"
        in text
    )
    # Chinese only where it is a name or a citation: the plan's number, 亿元, the quotes
    runs = set(CJK.findall(text))
    assert runs <= {"池数组", "号", "亿元", "测试来源甲摘录", "测试来源乙摘录", "测试来源丙摘录"}, (
        runs
    )


def test_excel_report_holds_the_same_tables(tmp_path, fake_run, obs):
    _progress(tmp_path)
    path = write_report(tmp_path / "r.xlsx", year=2025, run=fake_run, obs=obs)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["总体情况", "主要指标", "重点任务", "责任单位", "重点项目", "来源"]

    def rows(name):
        ws = wb[name]
        values = list(ws.iter_rows(values_only=True))
        return values[0], values[1:]

    head, ind = rows("主要指标")
    assert len(ind) == 18
    col = {h: k for k, h in enumerate(head)}
    by_name = {r[col["指标"]]: r for r in ind}
    r5g = by_name["累计建成5G基站数"]
    assert r5g[col["最新实际值（年份）"]] == "2,700 (2023)"
    assert r5g[col["状态"]] == "有望达标" and r5g[col["达标概率"]] == "87%"
    assert r5g[col["2025年目标"]] == "≥ 3000"
    # the status is drawn in the colour of workbench.targets.Status
    ws = wb["主要指标"]
    k = next(i for i, r in enumerate(ind) if r[col["指标"]] == "累计建成5G基站数")
    assert ws.cell(row=k + 2, column=col["状态"] + 1).font.color.rgb.endswith("43A047")
    head, tasks = rows("重点任务")
    assert len(tasks) == 42
    col = {h: k for k, h in enumerate(head)}
    t3 = next(r for r in tasks if r[col["序号"]] == 3)
    assert t3[col["牵头单位"]] == "市数据资源管理局" and t3[col["进展状态"]] == "滞后"
    # a note that Excel would run as a formula is stored as text
    assert t3[col["进展说明"]] == '\'=HYPERLINK("http://x")'
    head, units = rows("责任单位")
    assert len(units) == 49
    assert {r[0] for r in units} == set(planpack.task_units()["unit_zh"])
    head, projects = rows("重点项目")
    assert len(projects) == 58


def test_cli_report_refuses_other_formats(tmp_path):
    r = CliRunner().invoke(
        __import__("workbench.cli", fromlist=["app"]).app,
        ["report", "--year", "2025", "--out", str(tmp_path / "r.pdf")],
    )
    assert r.exit_code == 1 and "须为 .docx 或 .xlsx" in r.output


def test_focus_year_frames_midterm_and_final():
    from workbench.report.content import focus_year

    info = planpack.plan_info()
    assert [focus_year(info, y) for y in (2021, 2022, 2023, 2024, 2025, 2026)] == [
        2022, 2022, 2022, 2022, 2025, 2025,
    ]  # fmt: skip
    with pytest.raises(KeyError):
        planpack.plan_info("no-such-plan")
