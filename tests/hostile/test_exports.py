"""Downloads and exports never carry live formulas (OWASP CSV injection), and
``workbench export`` writes the store's current values with their sources."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench import export
from workbench.app_data import excel_bytes
from workbench.cli import app
from workbench.store import Store

HOSTILE = ['=HYPERLINK("https://evil.example","x")', "=1+2", "@SUM(A1:A2)", "+cmd|' /C calc'!A0",
           "-2+3", "\tTAB", "\rCR"]  # fmt: skip


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"source": HOSTILE, "value": [-4.5, 1.0, 2.0, 3.0, -1.0, 0.0, 7.0], "year": range(7)}
    )


def test_neutralise_prefixes_exactly_the_dangerous_first_characters():
    for text in HOSTILE:
        assert export.neutralise(text) == "'" + text
    for text in ("池州市统计局", "a=b", "1-2", "", " =x"):
        assert export.neutralise(text) == text
    assert export.neutralise(-4.5) == -4.5 and export.neutralise(None) is None


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    text = export.csv_bytes(_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["source", "value", "year"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert rows[1][1] == "-4.5"  # a negative number is a number, not text


def test_xlsx_cells_are_values_never_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(excel_bytes({"=sheet": _frame()})))
    ws = wb.worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = [ws.cell(row=i, column=1).value for i in range(2, 2 + len(HOSTILE))]
    # a bare CR reads back as CR (lxml installed, e.g. by python-docx) or as LF (stdlib XML)
    assert [x.replace("\r", "\n") for x in texts] == ["'" + h.replace("\r", "\n") for h in HOSTILE]
    assert ws.cell(row=2, column=2).value == -4.5 and ws.cell(row=2, column=2).data_type == "n"


def test_cli_export_of_a_store_holding_hostile_sources(tmp_path):
    delivery = tmp_path / "hostile.csv"
    delivery.write_text(
        "地区,指标,年份,数值,单位,来源,原文\n"
        '池州市,网络零售额,2021,80.5,亿元,"=HYPERLINK(""https://evil.example"",""fix"")",@SUM(1)\n',
        encoding="utf-8",
    )
    Store().ingest(delivery, source="池州市统计局", priority=10)
    r = CliRunner()
    out_csv, out_xlsx = tmp_path / "plan.csv", tmp_path / "plan.xlsx"
    res = r.invoke(
        app, ["export", "--plan", "chizhou-digital", "--format", "csv", "--out", str(out_csv)]
    )
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out_csv, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    row = df[(df["indicator"] == "online_retail_sales") & (df["year"] == "2021")].iloc[0]
    assert row["source"].startswith("'=HYPERLINK(") and row["quote"] == "'@SUM(1)"
    assert float(row["value"]) == 80.5 and row["grade"] == "primary"
    assert {"publisher", "source_url", "grade", "priority", "vintage_id"} <= set(df.columns)
    res = r.invoke(app, ["export", "--format", "xlsx", "--out", str(out_xlsx)])
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(out_xlsx).worksheets[0]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--plan", "no-such-plan"]])
def test_cli_export_refuses_bad_arguments_without_a_traceback(tmp_path, args):
    res = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "x.csv"), *args])
    assert res.exit_code == 1 and "error:" in res.output and "Traceback" not in res.output
