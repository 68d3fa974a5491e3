"""The SYNTHETIC multi-year register: calibration to the plan's 2020 facts, coverage, labels."""

from __future__ import annotations

import pytest

from workbench.classify import normalise_codes
from workbench.synthetic import SEMICONDUCTOR_CODES, gdp_targets, generate_enterprise_register


@pytest.fixture(scope="module")
def panel():
    return generate_enterprise_register(seed=2021)


def test_semiconductor_chain_matches_the_plan_2020(panel):
    # 池数组〔2021〕1号 一(一)5: 47 above-scale firms, 85 firms in the chain, 76.51亿元, +30.3%
    code = normalise_codes(panel["industry_code"])["code"]
    chain = panel[code.isin(SEMICONDUCTOR_CODES).to_numpy()]
    y20 = chain[chain["year"] == 2020]
    assert len(y20) == 85
    assert int(y20["above_scale"].sum()) == 47
    assert y20["revenue_wan"].sum() == pytest.approx(765_100)
    assert chain[chain["year"] == 2019]["revenue_wan"].sum() == pytest.approx(765_100 / 1.303)
    gbt39 = panel[
        code.str[:2].eq("39").fillna(False).to_numpy() & (panel["year"] == 2020).to_numpy()
    ]
    assert gbt39["revenue_wan"].sum() == pytest.approx(600_000)  # plan base: 60亿元


def test_total_value_added_equals_gdp_each_year(panel):
    gdp = gdp_targets(range(2019, 2026)).set_index("year")["gdp_yi"] * 10_000
    va = panel.groupby("year")["value_added_wan"].sum()
    assert va.to_dict() == pytest.approx(gdp.to_dict())


def test_entries_exits_regions_and_labels(panel):
    first = panel.groupby("enterprise_id")["year"].min()
    last = panel.groupby("enterprise_id")["year"].max()
    assert (first > 2019).sum() > 100 and (last < 2025).sum() > 100
    assert set(panel["region"]) == {
        "贵池区", "东至县", "石台县", "青阳县", "池州经济技术开发区",
        "江南新兴产业集中区", "池州高新区", "九华山风景区", "平天湖风景区",
    }  # fmt: skip
    assert panel["synthetic"].all() and panel.attrs["synthetic"]
    assert (panel["above_scale"] == (panel["revenue_wan"] >= 2000)).all()
    assert generate_enterprise_register(seed=2021).equals(panel)  # deterministic


def test_written_file_ingests_as_synthetic(tmp_path):
    from workbench.registers.read import read_register
    from workbench.synthetic import write_enterprise_register

    path = write_enterprise_register(tmp_path / "合成名录.csv", n_enterprises=300)
    assert path.read_text(encoding="utf-8").startswith("SYNTHETIC")
    df, rep = read_register(path)
    assert rep.ok, rep.format()
    assert df.attrs["synthetic"] is True
    assert set(df["region"]) >= {"Jiangnan_Zone", "Chizhou_HiTech", "Jiuhuashan", "Pingtianhu"}
