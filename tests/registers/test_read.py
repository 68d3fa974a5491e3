"""Reading registers: headers, encodings, Excel, units, codes and located errors."""

from __future__ import annotations

import pytest

from workbench.registers.read import read_register


def test_chinese_headers_gbk_units_converted_to_wan(write_csv, register_rows):
    df, rep = read_register(write_csv("名录.csv", register_rows, "gbk"))
    assert rep.ok, rep.format()
    assert len(df) == 9
    a = df[(df["enterprise_id"] == "91341700A") & (df["year"] == 2021)].iloc[0]
    assert a["region"] == "Guichi"
    assert a["revenue_wan"] == pytest.approx(400_000)  # 40 亿元 = 400,000 万元
    assert a["value_added_wan"] == pytest.approx(100_000)
    assert bool(a["above_scale"]) is True
    zone = df[df["enterprise_id"] == "91341700C"]
    assert set(zone["region"]) == {"Jiangnan_Zone"}
    e = df[df["enterprise_id"] == "91341700E"].iloc[0]
    assert e["code_2017"] == "6560" and "2011" in e["code_note"]
    assert df["value_added_wan"].isna().sum() == 1


def test_excel_with_unit_line_and_numeric_codes(write_xlsx):
    rows = [
        ["单位：万元"],
        ["企业名称", "行业代码", "地区", "营业收入", "增加值"],
        ["甲", 111, "青阳县", 1200, 300],
        ["乙", 3973, "池州高新区", 5000, 1250.5],
    ]
    df, rep = read_register(write_xlsx("名录.xlsx", rows), year=2023)
    assert rep.ok, rep.format()
    assert list(df["industry_code"]) == ["0111", "3973"]  # leading zero restored
    assert list(df["region"]) == ["Qingyang", "Chizhou_HiTech"]
    assert list(df["year"]) == [2023, 2023]
    assert df["value_added_wan"].tolist() == [300, 1250.5]
    assert any("name is used as id" in w.message for w in rep.warnings)


def test_yuan_unit_column(write_csv):
    rows = [
        ["企业代码", "行业代码", "县区", "营业收入", "单位"],
        ["X1", "6513", "石台县", "2,500,000", "元"],
    ]
    df, rep = read_register(write_csv("r.csv", rows), year=2022)
    assert rep.ok, rep.format()
    assert df["revenue_wan"].iat[0] == pytest.approx(250.0)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["Z1", "甲", "3973", "火星区", 2021, 1, 1, 1, "是"], "县区", "unknown region '火星区'"),
        (
            ["Z1", "甲", "3973", "贵池区", 2021, "十", 1, 1, "是"],
            "营业收入(亿元)",
            "not a number: '十'",
        ),
        (["Z1", "甲", "3973", "贵池区", "二〇二一", 1, 1, 1, "是"], "年份", "not a year"),
        (
            ["Z1", "甲", "3973", "贵池区", 2021, -5, 1, 1, "是"],
            "营业收入(亿元)",
            "negative revenue",
        ),
        (["Z1", "甲", "3973", "贵池区", 2021, 1, 1, 1, "大概"], "是否规上", "is not 是/否"),
    ],
)
def test_bad_cell_is_located(write_csv, register_rows, row, column, message):
    df, rep = read_register(write_csv("坏名录.csv", [register_rows[0], row]))
    assert not rep.ok
    err = rep.errors[0]
    assert err.file == "坏名录.csv" and err.row == 2 and err.column == repr(column)
    assert message in err.message


def test_duplicate_enterprise_year_and_missing_unit(write_csv):
    rows = [
        ["企业代码", "行业代码", "县区", "年份", "增加值"],
        ["A", "3973", "贵池区", 2021, 1],
        ["A", "3973", "贵池区", 2021, 2],
    ]
    _, rep = read_register(write_csv("dup.csv", rows))
    msgs = [(e.row, e.message) for e in rep.errors]
    assert any("no unit" in m for _, m in msgs)
    assert (3, "enterprise 'A' appears twice for 2021") in msgs


def test_year_option_must_agree_with_year_column(write_csv, register_rows):
    _, rep = read_register(write_csv("r.csv", register_rows), year=2021)
    assert any("differs from --year 2021" in e.message and e.row == 7 for e in rep.errors)


def test_missing_code_column(write_csv):
    _, rep = read_register(
        write_csv("r.csv", [["企业名称", "县区", "增加值(万元)"], ["甲", "贵池区", 1]]), year=2021
    )
    assert any("missing column for industry_code" in e.message for e in rep.errors)
