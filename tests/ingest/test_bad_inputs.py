"""Bad deliveries: each is refused with a message naming the problem and where it is."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.ingest import IngestError, read_observations, validate_file

from .conftest import csv_bytes

H = ["地区", "指标", "年份", "数值", "单位"]
OK = ["池州市", "网络零售额", 2020, 70.2, "亿元"]


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class Case:
    name: str  # file name
    data: bytes
    fragment: str  # must appear in the error message
    row: int | None = None
    column: str | None = None  # must appear in the issue's column label
    sheet: str | None = None


CASES = [
    Case("empty.csv", b"", "the file is empty"),
    Case("blank.csv", b"  \n\n \r\n", "the file is empty"),
    Case("header_only.csv", csv_bytes([H]), "no data rows below the header (row 1)"),
    Case(
        "no_value_col.csv",
        csv_bytes([["地区", "指标", "年份", "单位"], ["池州", "网络零售额", 2020, "亿元"]]),
        "missing required column(s): 数值/value",
        row=1,
    ),
    Case(
        "no_region_col.csv",
        csv_bytes([["指标", "年份", "数值", "单位"], ["网络零售额", 2020, 70, "亿元"]]),
        "missing required column(s): 地区/region",
        row=1,
    ),
    Case(
        "not_number.csv",
        csv_bytes([H, OK, ["池州", "网络零售额", 2021, "七十", "亿元"]]),
        "not a number: '七十'",
        row=3,
        column="'数值'",
    ),
    Case(
        "old_year.csv",
        csv_bytes([H, ["池州", "网络零售额", 1800, 1, "亿元"]]),
        "impossible year 1800",
        2,
        "'年份'",
    ),
    Case(
        "future_year.csv",
        csv_bytes([H, ["池州", "网络零售额", 2099, 1, "亿元"]]),
        "impossible year 2099",
        2,
        "'年份'",
    ),
    Case(
        "word_year.csv",
        csv_bytes([H, ["池州", "网络零售额", "去年", 1, "亿元"]]),
        "not a year: '去年'",
        2,
        "'年份'",
    ),
    Case(
        "negative.csv",
        csv_bytes([H, OK, ["池州", "网络零售额", 2021, -3, "亿元"]]),
        "negative value -3",
        3,
        "'数值'",
    ),
    Case(
        "share_high.csv",
        csv_bytes([H, ["池州", "光纤宽带用户占比", 2020, 120, "%"]]),
        "outside 0–100",
        2,
        "'数值'",
    ),
    Case(
        "share_neg.csv",
        csv_bytes([H, ["池州", "fiber_broadband_share", 2020, -5, "%"]]),
        "outside 0–100",
        2,
        "'数值'",
    ),
    Case(
        "permille_high.csv",
        csv_bytes([H, ["池州", "光纤宽带用户占比", 2020, 1500, "‰"]]),
        "outside 0–100",
        2,
        "'数值'",
    ),
    Case(
        "bad_indicator.csv",
        csv_bytes([H, ["池州", "网购总额", 2020, 1, "亿元"]]),
        "unknown indicator '网购总额'",
        2,
        "'指标'",
    ),
    Case(
        "bad_region.csv",
        csv_bytes([H, ["合肥市", "网络零售额", 2020, 1, "亿元"]]),
        "unknown region '合肥市'",
        2,
        "'地区'",
    ),
    Case(
        "empty_region.csv",
        csv_bytes([H, ["", "网络零售额", 2020, 1, "亿元"]]),
        "region is empty",
        2,
        "'地区'",
    ),
    Case(
        "bad_unit.csv",
        csv_bytes([H, ["池州", "网络零售额", 2020, 1, "斤"]]),
        "unknown unit '斤'",
        2,
        "'单位'",
    ),
    Case(
        "pct_for_level.csv",
        csv_bytes([H, ["池州", "网络零售额", 2020, 12, "%"]]),
        "unit '%' cannot apply to online_retail_sales",
        2,
        "'单位'",
    ),
    Case(
        "usd.csv",
        csv_bytes([H, ["池州", "网络零售额", 2020, 12, "万美元"]]),
        "unit '万美元' cannot apply",
        2,
        "'单位'",
    ),
    Case(
        "no_unit.csv",
        csv_bytes([["地区", "指标", "年份", "数值"], ["池州", "网络零售额", 2020, 70]]),
        "no unit given",
        2,
        "'数值'",
    ),
    Case(
        "pct_sign_money.csv",
        csv_bytes([H, ["池州", "网络零售额", 2020, "12%", "亿元"]]),
        "has a % sign",
        2,
        "'数值'",
    ),
    Case(
        "conflict_dup.csv",
        csv_bytes([H, OK, ["池州", "网络零售额", 2020, 70.0, "亿元"]]),
        "conflicting duplicate: Chizhou online_retail_sales 2020 is 70 here but 70.2 in row 2",
        3,
        "'数值'",
    ),
    Case(
        "dup_column.csv",
        csv_bytes(
            [
                ["地区", "指标", "年份", "数值", "数值", "单位"],
                ["池州", "网络零售额", 2020, 1, 2, "亿元"],
            ]
        ),
        "duplicate column for 'value'",
        1,
        "'数值'",
    ),
    Case(
        "undecodable.csv",
        "地区,指标\n".encode() + b"\xff\xfe\x80\x80,\x81\n",
        "cannot decode the file",
    ),
    Case("binary.csv", b"\x00\x01\x02\x03abc\x00", "NUL bytes"),
    Case(
        "no_header.csv",
        csv_bytes([["池州市统计局"], ["这是一段说明文字"], ["没有表头"]]),
        "no header row found",
    ),
    Case(
        "wide_bad.csv",
        csv_bytes(
            [
                ["地区", "指标", "单位", "2016年", "2017年"],
                ["池州", "网络零售额", "亿元", 20.5, "n.a."],
            ]
        ),
        "not a number: 'n.a.'",
        2,
        "'2017年'",
    ),
    Case(
        "bad_date.csv", csv_bytes([H + ["发布日期"], OK + ["昨天"]]), "not a date", 2, "'发布日期'"
    ),
    Case(
        "both_layouts.csv",
        csv_bytes([H + ["2019"], OK + [1]]),
        "both a value column and year columns",
        1,
    ),
    # Excel
    Case("truncated.xlsx", xlsx_bytes({"Data": [H, OK]})[:700], "corrupt or truncated Excel"),
    Case("garbage.xlsx", b"this is not a spreadsheet at all", "corrupt or truncated Excel"),
    Case("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy .xls"),
    Case(
        "row3_bad.xlsx",
        xlsx_bytes(
            {"表1": [["池州市主要指标"], [], H, OK, ["池州", "网络零售额", 2021, "abc", "亿元"]]}
        ),
        "not a number: 'abc'",
        5,
        "D ('数值')",
        sheet="表1",
    ),
    Case(
        "sheet2_neg.xlsx",
        xlsx_bytes(
            {
                "说明": [["本表由统计局提供"]],
                "Data": [H, ["东至县", "电子信息制造业营业收入", 2020, -1, "亿元"]],
            }
        ),
        "negative value -1",
        2,
        "D ('数值')",
        sheet="Data",
    ),
    Case("empty_book.xlsx", xlsx_bytes({"Sheet1": []}), "the file is empty"),
    Case(
        "no_year.xlsx",
        xlsx_bytes({"S": [["地区", "指标", "数值", "单位"], ["池州", "网络零售额", 1, "亿元"]]}),
        "missing required column(s): 年份/year",
        1,
        sheet="S",
    ),
]


def test_at_least_25_bad_fixtures():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)
    assert sum(c.name.endswith((".xlsx", ".xls")) for c in CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_refused_with_location(case: Case, tmp_path: Path):
    path = tmp_path / case.name
    path.write_bytes(case.data)
    report = validate_file(path)
    assert not report.ok
    hits = [i for i in report.errors if case.fragment in i.message]
    assert hits, f"no error containing {case.fragment!r}; got: {report.format()}"
    issue = hits[0]
    assert issue.file == case.name
    assert issue.row == case.row
    if case.column is not None:
        assert issue.column is not None and case.column in issue.column
    if case.sheet is not None:
        assert issue.sheet == case.sheet
    text = report.format()
    assert "REFUSED" in text and case.name in text
    if case.row is not None:
        assert f"row {case.row}" in text
    with pytest.raises(IngestError) as info:
        read_observations(path)
    assert any(case.fragment in i.message for i in info.value.errors)


@pytest.mark.parametrize("name", ["not_number.csv", "truncated.xlsx", "empty.csv", "legacy.xls"])
def test_cli_validate_refuses_without_traceback(name: str, tmp_path: Path):
    case = next(c for c in CASES if c.name == name)
    path = tmp_path / name
    path.write_bytes(case.data)
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 1
    assert case.fragment in res.output
    assert "Traceback" not in res.output


def test_cli_ingest_bad_file_exit_1_and_store_untouched(tmp_path: Path, home: Path):
    case = next(c for c in CASES if c.name == "negative.csv")
    path = tmp_path / case.name
    path.write_bytes(case.data)
    res = CliRunner().invoke(app, ["ingest", str(path), "--source", "池州市统计局"])
    assert res.exit_code == 1
    assert "negative value -3" in res.output and "row 3" in res.output
    assert "Traceback" not in res.output
    assert not (home / "archive").exists() or not any((home / "archive").rglob("*.csv"))


def test_cli_missing_file_exit_1(tmp_path: Path):
    res = CliRunner().invoke(app, ["validate", str(tmp_path / "nope.csv")])
    assert res.exit_code == 1
    assert "file not found" in res.output
