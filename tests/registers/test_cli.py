"""``workbench register …`` and ``workbench measure``."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()


def test_register_ingest_list_remove(write_csv, register_rows):
    path = write_csv("名录.csv", register_rows)
    r = runner.invoke(app, ["register", "ingest", str(path), "--source", "测试"])
    assert r.exit_code == 0, r.output
    assert "register vintage r1: added, 9 records, years 2021, 2022" in r.output
    r = runner.invoke(app, ["register", "list"])
    assert r.exit_code == 0 and "名录.csv" in r.output and "2021|2022" in r.output
    r = runner.invoke(app, ["register", "remove", "r1"])
    assert r.exit_code == 0 and "removed register vintage r1" in r.output
    r = runner.invoke(app, ["register", "remove", "r1"])
    assert r.exit_code == 1 and "no register vintage 1" in r.output


def test_register_ingest_bad_file_exit_1(write_csv, register_rows):
    rows = [register_rows[0], ["A", "甲", "3973", "贵池区", 2021, "十", 1, 1, "是"]]
    r = runner.invoke(app, ["register", "ingest", str(write_csv("坏.csv", rows)), "--source", "x"])
    assert r.exit_code == 1
    assert "坏.csv, row 2, column '营业收入(亿元)': not a number: '十'" in r.output
    assert "nothing was changed" in r.output


def _measure(write_csv, register, gdp, tmp_path):
    out = tmp_path / "out.csv"
    args = ["measure", str(write_csv("reg.csv", register)), "--code-column", "代码", "--value-column", "增加值",
            "--region-column", "县区", "--year-column", "年份", "--gdp", str(write_csv("gdp.csv", gdp)), "--out", str(out)]  # fmt: skip
    return runner.invoke(app, args), out


REG = [
    ["代码", "县区", "年份", "增加值"],
    ["C3973", "贵池区", "2021", "100"],
    ["6513", "池州高新区", "2021", "50"],
    ["3011", "池州高新区", "2021", "200"],
    ["6530", "贵池区", "2022", "10"],
    ["6510", "贵池区", "2022", "30"],
]


def test_measure_one_shot_hand_computed(write_csv, tmp_path):
    gdp = [
        ["region", "year", "gdp"],
        ["贵池", "2021", "1000"],
        ["池州高新区", "2021", "2000"],
        ["贵池区", "2022", "400"],
    ]
    r, out = _measure(write_csv, REG, gdp, tmp_path)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, encoding="utf-8-sig", dtype={"category": str}, keep_default_na=False)
    assert list(df.columns) == ["region", "year", "category", "value", "share_of_gdp"]
    v = df.set_index(["region", "year", "category"])
    assert v.loc[("贵池区", 2021, "core"), "share_of_gdp"] == pytest.approx(10.0)  # 100 / 1000
    assert v.loc[("池州高新区", 2021, "03"), "value"] == pytest.approx(50)
    assert v.loc[("池州高新区", 2021, "05"), "value"] == pytest.approx(0.3507 * 200)
    assert v.loc[("池州高新区", 2021, "total"), "share_of_gdp"] == pytest.approx(
        (50 + 70.14) / 2000 * 100
    )
    # 2011 codes: 6530 → 6560 (03), 6510 is ambiguous → UNMATCHED, reported
    assert v.loc[("贵池区", 2022, "03"), "value"] == pytest.approx(10)
    assert v.loc[("贵池区", 2022, "UNMATCHED"), "value"] == pytest.approx(30)
    assert "ambiguous GB/T 4754-2011 codes" in r.output
    parts = df[df["category"].isin(["01", "02", "03", "04", "05", "NA", "UNMATCHED"])]
    sums = parts.groupby(["region", "year"])["value"].sum()
    assert sums.to_dict() == pytest.approx(
        {("池州高新区", 2021): 250, ("贵池区", 2021): 100, ("贵池区", 2022): 40}
    )


def test_measure_bad_gdp_is_located(write_csv, tmp_path):
    r, out = _measure(
        write_csv, REG, [["region", "year", "gdp"], ["贵池区", "2021", "abc"]], tmp_path
    )
    assert r.exit_code == 1 and "gdp.csv: row 2, column 'gdp': not a number: 'abc'" in r.output
    assert not out.exists()


def test_measure_bad_value_is_located(write_csv, tmp_path):
    bad = [*REG, ["3973", "贵池区", "2021", "x"]]
    r, _ = _measure(write_csv, bad, [["region", "year", "gdp"], ["贵池区", "2021", "1"]], tmp_path)
    assert r.exit_code == 1 and "row 7" in r.output and "增加值" in r.output
