"""County views of an indicator: hand-computed totals, zones never added, non-additive
indicators without a total, and no view without county data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.county import admin_regions, county_view, display_table
from workbench.plans import load_plan

PLAN = load_plan("chizhou-digital")
REGIONS = PLAN.regions.assign(within=PLAN.regions.get("within", ""))


def _obs(rows, unit="亿元", indicator="gdp", grade="primary"):
    df = pd.DataFrame(rows, columns=["region", "year", "value"])
    return df.assign(indicator=indicator, unit=unit, grade=grade)


OBS = _obs(
    [
        ("Guichi", 2022, 300.0), ("Dongzhi", 2022, 200.0), ("Shitai", 2022, 50.0),
        ("Qingyang", 2022, 150.0), ("Jiangnan_Zone", 2022, 100.0), ("Chizhou", 2022, 1000.0),
        ("Guichi", 2023, 320.0), ("Dongzhi", 2023, 210.0), ("Jiangnan_Zone", 2023, 110.0),
        ("Chizhou", 2021, 900.0),
    ]
)  # fmt: skip


def test_total_adds_districts_and_counties_only():
    assert admin_regions(REGIONS, "Chizhou") == ["Guichi", "Dongzhi", "Shitai", "Qingyang"]
    v = county_view(OBS, "gdp", REGIONS, "Chizhou")
    assert v.years == [2022, 2023]
    assert list(v.table["region"]) == ["Guichi", "Dongzhi", "Shitai", "Qingyang", "Jiangnan_Zone"]
    tot = v.total.set_index("year")
    assert tot.loc[2022, "sum"] == 700.0  # 300 + 200 + 50 + 150; the zone's 100 is not added
    assert (tot.loc[2022, "n"], tot.loc[2022, "n_admin"]) == (4, 4)
    assert tot.loc[2023, "sum"] == 530.0 and tot.loc[2023, "n"] == 2
    assert tot.loc[2022, "city"] == 1000.0 and math.isnan(tot.loc[2023, "city"])
    assert not v.synthetic


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_names_from_the_catalogue(lang):
    shown = display_table(county_view(OBS, "gdp", REGIONS, "Chizhou"), lang)
    names = list(shown.iloc[:, 0])
    if lang == "zh":
        assert names[:5] == ["贵池区", "东至县", "石台县", "青阳县", "江南新兴产业集中区"]
        assert names[5] == "区县合计（每年至少 2/4 个区县有数）" and names[6] == "全市（公布值）"
        assert shown.iloc[4, 1] == "功能区，位于贵池区（不计入合计）"  # regions.csv within
    else:
        assert names[0] == "Guichi District" and names[5].startswith("Districts and counties")
    assert shown.iloc[5]["2022"] == 700.0


def test_share_indicator_has_no_total():
    obs = _obs([("Guichi", 2022, 12.5), ("Dongzhi", 2022, 8.0)], unit="%",
               indicator="digital_economy_share_gdp")  # fmt: skip
    v = county_view(obs, "digital_economy_share_gdp", REGIONS, "Chizhou")
    assert v.total is None and list(v.table[2022]) == [12.5, 8.0]


def test_no_county_data_gives_no_view_and_synthetic_is_flagged():
    assert county_view(_obs([("Chizhou", 2022, 1.0)]), "gdp", REGIONS, "Chizhou") is None
    v = county_view(_obs([("Guichi", 2022, 1.0)], grade="synthetic"), "gdp", REGIONS, "Chizhou")
    assert v.synthetic
