"""Measured digital economy from a multi-year register, checked against hand computation.

Register (亿元, tests/registers/conftest.py): codes 3973/3985 are 01 and 6513/6560 are 03
with weight 1; 3011 is outside the core and gives 0.3507 (the 05 placeholder) to 05; the
2011 code 6530 is recoded to 6560; record E has no value added: 10 × 0.2968 = 2.968.
GDP (亿元): 池州市 1000/1100, 贵池区 300/320, 东至县 200/210, 江南新兴产业集中区 100/110.
"""

from __future__ import annotations

import pytest

from workbench.registers.derived import ingest_register, remove_register
from workbench.store import Store

# region, year → core value added (亿元) and core share (%)
CORE = {
    ("Guichi", 2021): (10 + 5, 15 / 300 * 100),
    ("Jiangnan_Zone", 2021): (20, 20 / 100 * 100),
    ("Dongzhi", 2021): (2.968, 2.968 / 200 * 100),
    ("Chizhou", 2021): (10 + 5 + 20 + 2.968, 37.968 / 1000 * 100),
    ("Guichi", 2022): (15, 15 / 320 * 100),
    ("Jiangnan_Zone", 2022): (25 + 3, 28 / 110 * 100),
    ("Dongzhi", 2022): (0, 0.0),
    ("Chizhou", 2022): (15 + 28, 43 / 1100 * 100),
}
# digital-economy total (01–05) share: core + 0.3507 × 3011's value added
TOTAL_SHARE = {
    ("Chizhou", 2021): (37.968 + 0.3507 * 40) / 1000 * 100,
    ("Dongzhi", 2021): (2.968 + 0.3507 * 40) / 200 * 100,
    ("Dongzhi", 2022): (0.3507 * 42) / 210 * 100,
    ("Chizhou", 2022): (43 + 0.3507 * 42) / 1100 * 100,
}


def _value(store: Store, region: str, indicator: str, year: int) -> float:
    df = store.observations(region=region, indicator=indicator, year=year)
    assert len(df) == 1, (region, indicator, year)
    return float(df["value"].iat[0])


@pytest.fixture
def measured(write_csv, register_rows, gdp_in_store):
    res, pub = ingest_register(
        write_csv("名录2021-2022.csv", register_rows, "gbk"), source="测试名录"
    )
    return res, pub, Store()


def test_core_value_added_and_share_per_region_and_year(measured):
    _, _, store = measured
    for (region, year), (core, share) in CORE.items():
        assert _value(store, region, "digital_core_va", year) == pytest.approx(core, abs=1e-9)
        assert _value(store, region, "digital_core_va_share_gdp", year) == pytest.approx(share)


def test_total_share_includes_category_05(measured):
    _, _, store = measured
    for (region, year), share in TOTAL_SHARE.items():
        assert _value(store, region, "digital_economy_share_gdp", year) == pytest.approx(share)


def test_categories_sum_to_register_total_and_zone_is_not_counted_twice(measured):
    _, pub, _ = measured
    t = pub.measurement.table
    parts = t[t["category"].isin(["01", "02", "03", "04", "05", "NA", "UNMATCHED"])]
    sums = parts.groupby(["region", "year"])["value"].sum() / 10_000  # 万元 → 亿元
    assert sums[("Chizhou", 2021)] == pytest.approx(10 + 5 + 20 + 40 + 2.968)
    assert sums[("Chizhou", 2022)] == pytest.approx(15 + 25 + 42 + 3)
    # the city is the sum of its districts/counties and the zone, each record once
    for y in (2021, 2022):
        below = sum(sums.get((r, y), 0.0) for r in ("Guichi", "Dongzhi", "Jiangnan_Zone"))
        assert sums[("Chizhou", y)] == pytest.approx(below)


def test_provenance_and_grade(measured):
    res, pub, store = measured
    row = store.observations(
        region="Chizhou", indicator="digital_economy_share_gdp", year=2021
    ).iloc[0]
    assert f"register vintage r{res.vintage_id}" in row["source"]
    assert "名录2021-2022.csv" in row["note"] and "value_added_rates.csv" in row["note"]
    assert "GDP 10000000 万元" in row["quote"]
    assert set(pub.frame["grade"]) == {"derived"}
    assert row["grade"] == "derived"  # the store keeps the grade


def test_remove_brings_back_the_plan_figure(measured):
    res, _, store = measured
    assert store.observations(region="Chizhou", indicator="digital_economy_share_gdp", year=2020)[
        "value"
    ].tolist() == [20.0]
    remove_register(res.vintage_id)
    assert store.observations(
        region="Chizhou", indicator="digital_economy_share_gdp", year=2021
    ).empty
    assert store.observations(region="Guichi", indicator="digital_core_va").empty
    assert store.observations(region="Chizhou", indicator="digital_economy_share_gdp", year=2020)[
        "value"
    ].tolist() == [20.0]


def test_synthetic_register_writes_synthetic_series_only(write_csv, register_rows):
    _, pub = ingest_register(write_csv("合成.csv", register_rows), source="SYNTHETIC 测试")
    assert set(pub.frame["grade"]) == {"synthetic"}
    assert pub.frame["indicator"].str.endswith("_synthetic").all()
    stored = Store().observations(indicator="digital_economy_share_gdp_synthetic")
    assert set(stored["grade"]) == {"synthetic"}
    store = Store()
    assert store.observations(
        region="Chizhou", indicator="digital_economy_share_gdp", year=2021
    ).empty
    # a synthetic register's own total stands in for GDP: Guichi 2021 core 15 of 15 亿元
    assert _value(store, "Guichi", "digital_core_va_share_gdp_synthetic", 2021) == pytest.approx(
        100.0
    )
