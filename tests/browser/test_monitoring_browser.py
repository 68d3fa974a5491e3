"""The monitoring page in a real browser, in Chinese and English: it renders, and the
evaluation report downloads as a Word and an Excel file that hold the plan's tasks."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from workbench.progress import planpack

pytestmark = pytest.mark.browser


def _make_report(page, wait_idle, tab: str, make: str) -> None:
    page.get_by_role("tab", name=tab).click()
    page.get_by_role("button", name=make).click()
    wait_idle(page, timeout_ms=90_000)


def test_monitoring_page_and_word_report_in_chinese(app_url, page, shot, wait_idle, tmp_path):
    page.goto(f"{app_url}/monitoring")
    page.get_by_role("heading", name="规划实施监测").wait_for()
    page.get_by_text("共 42 项重点任务、58 个重点项目，涉及 49 个责任单位").wait_for()
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "page_monitoring")
    _make_report(page, wait_idle, "评估报告", "生成评估报告")
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载评估报告（Word）").click()
    path = tmp_path / "r.docx"
    dl.value.save_as(path)
    d = docx.Document(str(path))
    assert d.paragraphs[0].text.endswith("期末评估报告")
    cells = {c.text for tb in d.tables for row in tb.rows for c in row.cells}
    assert {r.text_zh for r in planpack.tasks().itertuples()} <= cells
    assert set(planpack.projects()["name_zh"]) <= cells


def test_monitoring_page_and_excel_report_in_english(app_url, page, wait_idle, tmp_path):
    page.goto(f"{app_url}/monitoring?lang=en")
    page.get_by_role("heading", name="Monitoring the plan's implementation").wait_for()
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    _make_report(page, wait_idle, "Evaluation report", "Make the report")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download the evaluation report (Excel)").click()
    path = tmp_path / "r.xlsx"
    dl.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Summary",
        "Indicators",
        "Key tasks",
        "Units",
        "Key projects",
        "Sources",
    ]
    assert wb["Key tasks"].max_row == 43 and wb["Indicators"].max_row == 19
    units = {r[0] for r in wb["Units"].iter_rows(min_row=2, values_only=True)}
    assert units == set(planpack.task_units()["unit_en"])
