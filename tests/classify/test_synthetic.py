import pandas as pd
import pytest

from workbench.classify import aggregate, normalise_codes
from workbench.synthetic import REGIONS, SEMICONDUCTOR_CODES, gdp_targets, generate_register


@pytest.fixture(scope="module")
def reg():
    return generate_register()


def test_labelled_synthetic_and_deterministic(reg):
    assert reg["synthetic"].all() and reg.attrs["synthetic"] is True
    assert list(reg.columns) == [
        "enterprise_id",
        "region",
        "year",
        "industry_code",
        "revenue_wan",
        "value_added_wan",
        "employment",
        "synthetic",
    ]
    again = generate_register(seed=2021)
    pd.testing.assert_frame_equal(reg, again)
    other = generate_register(seed=7, n_enterprises=300)
    assert not other["value_added_wan"].head(50).equals(reg["value_added_wan"].head(50))
    assert set(reg["region"]) == set(REGIONS)
    assert sorted(reg["year"].unique()) == list(range(2016, 2026))
    assert 2000 <= reg["enterprise_id"].nunique() <= 5000
    assert (reg["employment"] >= 1).all() and (reg["value_added_wan"] > 0).all()


def test_total_value_added_equals_published_gdp(reg):
    va = reg.groupby("year")["value_added_wan"].sum() / 10_000  # 亿元
    g = gdp_targets().set_index("year")
    assert va.loc[2020] == pytest.approx(868.9)  # published, published_observations.csv
    assert va.loc[2024] == pytest.approx(1177.8)
    assert va.loc[2016] == pytest.approx(589.0)
    assert va.to_numpy() == pytest.approx(g["gdp_yi"].to_numpy())
    assert g.loc[2025, "gdp_yi"] == pytest.approx(1177.8 * 1.053)
    assert g.loc[2018, "basis"] == "interpolated"


def test_calibrated_electronics_and_semiconductors(reg):
    code = normalise_codes(reg["industry_code"])["code"].fillna("")
    y = reg["year"]
    elec = reg.loc[code.str[:2].eq("39") & y.eq(2020), "revenue_wan"].sum()
    assert elec == pytest.approx(600_000)  # plan base 60 亿元
    semi = reg.loc[code.isin(SEMICONDUCTOR_CODES) & y.eq(2020), "revenue_wan"].sum()
    semi19 = reg.loc[code.isin(SEMICONDUCTOR_CODES) & y.eq(2019), "revenue_wan"].sum()
    assert semi == pytest.approx(765_100)  # 76.51 亿元
    assert semi / semi19 == pytest.approx(1.303)  # 30.3% growth


def test_register_has_malformed_codes_in_a_small_share(reg):
    res = aggregate(
        reg, "industry_code", "value_added_wan", region_column="region", year_column="year"
    )
    u = res.unmatched
    assert {"gbt2011_only", "not_gbt2017", "bad_format", "missing"} <= set(u["status"])
    share = u["value_added_wan_share_pct"].sum()
    assert 0 < share < 3
    # the classification by county and category conserves every county-year total
    t = res.table.groupby(["region", "year"])["value"].sum()
    exp = reg.groupby(["region", "year"])["value_added_wan"].sum()
    assert t.to_numpy() == pytest.approx(exp.sort_index().to_numpy())
