"""Fixtures for the enterprise-register tests: a private WORKBENCH_HOME and file writers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "行业代码",
    "县区",
    "年份",
    "营业收入(亿元)",
    "增加值(亿元)",
    "从业人员",
    "是否规上",
]

# A two-year register: Chinese headers, section letters on some codes, a zone the plan
# names (江南新兴产业集中区), an old GB/T 4754-2011 code (6530 → 6560) and one record
# without value added (revenue × the value-added rate 0.2968 of value_added_rates.csv).
REGISTER = [
    HEADER,
    ["91341700A", "甲半导体", "C3973", "贵池区", 2021, 40, 10, 120, "是"],
    ["91341700B", "乙软件", "I6513", "贵池区", 2021, 8, 5, 30, "是"],
    ["91341700C", "丙封测", "C3985", "江南新兴产业集中区", 2021, 70, 20, 300, "是"],
    ["91341700D", "丁水泥", "3011", "东至县", 2021, 150, 40, 500, "是"],
    ["91341700E", "戊咨询", "6530", "东至县", 2021, 10, "", 20, "否"],
    ["91341700A", "甲半导体", "C3973", "贵池区", 2022, 60, 15, 130, "是"],
    ["91341700C", "丙封测", "3985", "江南新兴产业集中区", 2022, 90, 25, 320, "是"],
    ["91341700D", "丁水泥", "C3011", "东至县", 2022, 160, 42, 510, "是"],
    ["91341700F", "己信息", "6560", "江南新兴产业集中区", 2022, 9, 3, 25, "否"],
]
GDP = [
    ["地区", "指标", "年份", "数值", "单位", "来源"],
    ["池州市", "地区生产总值", 2021, 1000, "亿元", "池州市统计局 测试数据"],
    ["池州市", "地区生产总值", 2022, 1100, "亿元", "池州市统计局 测试数据"],
    ["贵池区", "地区生产总值", 2021, 300, "亿元", "池州市统计局 测试数据"],
    ["贵池区", "地区生产总值", 2022, 320, "亿元", "池州市统计局 测试数据"],
    ["东至县", "地区生产总值", 2021, 200, "亿元", "池州市统计局 测试数据"],
    ["东至县", "地区生产总值", 2022, 210, "亿元", "池州市统计局 测试数据"],
    ["江南新兴产业集中区", "地区生产总值", 2021, 100, "亿元", "池州市统计局 测试数据"],
    ["江南新兴产业集中区", "地区生产总值", 2022, 110, "亿元", "池州市统计局 测试数据"],
]


def _derived_files() -> set[Path]:
    from workbench.paths import DATA_DIR

    return {
        p
        for d in ("archive", "store", "registers")
        if (DATA_DIR / d).exists()
        for p in (DATA_DIR / d).rglob("*")
    }


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Iterator[Path]:
    """Every test works in its own WORKBENCH_HOME and must leave data/ untouched."""
    before = _derived_files()
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("WORKBENCH_HOME", str(h))
    yield h
    assert _derived_files() == before, "a test wrote into data/"


@pytest.fixture
def write_csv(tmp_path):
    """``write_csv(name, rows, encoding="utf-8") -> Path``."""

    def _write(name: str, rows: list[list[object]], encoding: str = "utf-8") -> Path:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        p = tmp_path / name
        p.write_bytes(buf.getvalue().encode(encoding))
        return p

    return _write


@pytest.fixture
def write_xlsx(tmp_path):
    """``write_xlsx(name, rows) -> Path`` (one sheet, rows from row 1)."""

    def _write(name: str, rows: list[list[object]]) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "名录"
        for r in rows:
            ws.append(r)
        p = tmp_path / name
        wb.save(p)
        return p

    return _write


@pytest.fixture
def gdp_in_store(write_csv):
    """County, zone and city GDP delivered to the observation store (亿元)."""
    from workbench.store import Store

    Store().ingest(write_csv("gdp.csv", GDP), source="池州市统计局 测试数据")


@pytest.fixture
def register_rows() -> list[list[object]]:
    """The two-year register above (header first)."""
    return [list(r) for r in REGISTER]
