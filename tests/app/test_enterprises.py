"""重点企业监测 in AppTest, in Chinese and English: numbers against workbench.registers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workbench.registers import monitor as mo

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
LATIN = re.compile(r"[A-Za-z]{2,}")
ALLOWED = {"GDP", "CSV", "Excel"}


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if lang != "zh":
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/enterprises.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def panel():
    return mo.enterprise_panel(mo.synthetic_records())


def _table(at: AppTest, column: str):
    """The first table shown with ``column`` among its headers."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_zh_demo_register_numbers_and_labels(panel):
    at = _page("zh")
    assert at.title[0].value == "重点企业监测"
    assert any("合成数据" in w.value for w in at.warning)  # SYNTHETIC banner
    cur = panel[panel["year"] == 2025]
    m = _metrics(at)
    assert m["企业数"] == f"{len(cur):,}"
    assert m["数字经济增加值（亿元）"] == f"{cur['digital_va_wan'].sum() / 10_000:,.2f}"
    assert m["前十名集中度"] == f"{mo.concentration(panel, 2025):.1f}%"
    flows = mo.entries_exits(panel).set_index("year")
    assert m["新进入企业"] == f"{int(flows.at[2025, 'entrants']):,}"
    top = at.dataframe[0].value
    expected = mo.top_enterprises(panel, 2025)
    assert top["企业名称"].tolist() == expected["name"].tolist()
    assert top["数字经济增加值（万元）"].iloc[0] == pytest.approx(
        expected["digital_va_wan"].iloc[0]
    )
    # no Latin word on the Chinese page (units and accepted acronyms aside)
    texts = [e.value for e in (*at.title, *at.caption, *at.subheader, *at.warning, *at.info)]
    texts += [m.label for m in at.metric] + list(top.columns) + top["县区"].tolist()
    words = {w for s in texts for w in LATIN.findall(str(s))} - ALLOWED
    assert not words, words


def test_zh_chain_preset_matches_the_plans_2020_facts():
    at = _page("zh")
    at.selectbox(key="en_year").set_value(2020).run()
    at.toggle(key="en_chain").set_value(True).run()
    m = _metrics(at)
    assert m["企业数"] == "85" and m["规上企业数"] == "47"
    chain = _table(at, "营业收入（亿元）").set_index("年份")
    assert chain.at[2020, "营业收入（亿元）"] == pytest.approx(76.51)


def test_zh_region_and_ranking_follow_the_selection(panel):
    at = _page("zh")
    at.selectbox(key="en_region@zh").set_value("Jiangnan_Zone").run()
    at.radio(key="en_by").set_value("revenue_wan").run()
    sel = mo.select(panel, region="Jiangnan_Zone")
    assert _metrics(at)["企业数"] == f"{(sel['year'] == 2025).sum():,}"
    top = at.dataframe[0].value
    assert set(top["县区"]) == {"江南新兴产业集中区"}
    assert top["企业名称"].tolist() == mo.top_enterprises(sel, 2025, "revenue_wan")["name"].tolist()


def test_en_page_is_english(panel):
    at = _page("en")
    assert at.title[0].value == "Key-enterprise monitoring"
    assert any("SYNTHETIC" in w.value for w in at.warning)
    assert _metrics(at)["Enterprises"] == f"{(panel['year'] == 2025).sum():,}"
    top = at.dataframe[0].value
    assert "Digital value added (10k yuan)" in top.columns  # units in English too
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(top.columns))
    assert top["Enterprise"].str.startswith("Synthetic enterprise ").all()


def test_downloads_are_labelled_and_formula_safe():
    import io

    import pandas as pd

    from workbench.registers.views import csv_bytes

    df = pd.DataFrame(
        {"企业名称": ["=HYPERLINK(1)", "+1", "-2", "@x", "\tq", "正常"], "数值": [1, 2, 3, 4, 5, 6]}
    )
    out = pd.read_csv(
        io.BytesIO(csv_bytes(df, True, "zh")), encoding="utf-8-sig", keep_default_na=False
    )
    assert out["合成数据"].unique().tolist() == ["SYNTHETIC"]
    assert out["企业名称"].tolist() == ["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "'\tq", "正常"]
    assert out["数值"].tolist() == [1, 2, 3, 4, 5, 6]


def test_enterprise_database_is_shown_when_it_has_a_register(tmp_path, monkeypatch):
    import csv

    from workbench.registers.db import RegisterDB

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    rows = [
        [
            "统一社会信用代码",
            "企业名称",
            "行业代码",
            "县区",
            "年份",
            "营业收入(万元)",
            "增加值(万元)",
            "是否规上",
        ],
        ["A", "甲公司", "3973", "贵池区", 2023, 1900, 500, "否"],
        ["A", "甲公司", "3973", "贵池区", 2024, 2500, 700, "是"],
        ["B", "乙公司", "6513", "池州高新区", 2024, 800, 300, "否"],
    ]
    path = tmp_path / "名录.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    RegisterDB().ingest(path, source="测试")
    at = _page("zh")
    assert at.radio(key="en_source").value == "db"
    assert not any("合成数据" in w.value for w in at.warning)
    m = _metrics(at)
    assert m["企业数"] == "2" and m["新进入企业"] == "1"
    assert m["数字经济增加值（亿元）"] == f"{(700 + 300) / 10_000:,.2f}"  # both fully core
    cross = _table(at, "变化")
    assert cross["企业名称"].tolist() == ["甲公司"] and cross["变化"].tolist() == ["升入规上"]
    county = _table(at, "核心产业增加值（亿元）").set_index("县区")
    assert county.at["贵池区", "核心产业增加值（亿元）"] == pytest.approx(0.07)
    assert county.at["池州高新区", "核心产业增加值（亿元）"] == pytest.approx(0.03)
    assert county.at["池州市", "数字经济增加值（亿元）"] == pytest.approx(
        0.10
    )  # each enterprise once
    from workbench.store import Store

    gdp = Store().observations(region="Chizhou", indicator="gdp", year=2024)["value"].iat[0]
    # a column with gaps is shown as text, two decimals, a gap as "—" (never the word None)
    assert county.at["池州市", "核心产业占比（%）"] == f"{0.10 / gdp * 100:,.2f}"
    assert (county["数字经济占比（%）"] == "—").sum() == 2  # no county or zone GDP in the store
    # the Composition page reads the same database: same 2024 total, no SYNTHETIC banner
    co = AppTest.from_file(APP, default_timeout=90)
    co.run()
    co.switch_page("app_pages/composition.py").run()
    assert co.radio(key="co_source").value == "db"
    assert not any("合成数据" in w.value for w in co.warning)
    assert co.dataframe[0].value["增加值（亿元）"].sum() == pytest.approx((700 + 300) / 10_000)
