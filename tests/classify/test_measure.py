import pandas as pd
import pytest

from workbench.classify import aggregate
from workbench.measure import core_structure, digital_economy_scale
from workbench.paths import SOURCES_DIR

D = 0.3507


def test_hand_computed_scale_and_share():
    # one county, one year, value added in 亿元
    df = pd.DataFrame(
        {
            "code": ["3973", "6513", "1311", "5211", "6510"],
            "va": [20.0, 5.0, 10.0, 15.0, 2.0],
            "year": [2020] * 5,
        }
    )
    res = aggregate(df, "code", "va", year_column="year")
    out = digital_economy_scale(res, pd.DataFrame({"year": [2020], "gdp": [200.0]}))
    r = out.iloc[0]
    assert r["core"] == pytest.approx(25.0)  # 3973 (01) + 6513 (03)
    assert r["digitalisation"] == pytest.approx(D * (10 + 15))  # 1311 (大类 13), 5211 (大类 52)
    assert r["total"] == pytest.approx(25 + D * 25)
    assert r["share_of_gdp_pct"] == pytest.approx((25 + D * 25) / 200 * 100)
    assert r["core_share_pct"] == pytest.approx(12.5)
    assert r["unmatched"] == pytest.approx(2.0)
    assert not r["table_verified"]


def test_gdp_as_number_and_value_column_choice():
    df = pd.DataFrame({"code": ["3973", "5211"], "va": [10.0, 20.0], "rev": [40.0, 80.0]})
    res = aggregate(df, "code", ["rev", "va"])
    with pytest.raises(ValueError, match="value_column"):
        digital_economy_scale(res, 100.0)
    out = digital_economy_scale(res, 100.0, value_column="va")
    assert out["share_of_gdp_pct"].iloc[0] == pytest.approx(10 + D * 20)


def test_by_region_and_year_with_gdp_frame():
    df = pd.DataFrame(
        {
            "code": ["3973"] * 4,
            "va": [1.0, 2.0, 3.0, 4.0],
            "county": ["东至县", "东至县", "石台县", "石台县"],
            "year": [2020, 2021] * 2,
        }
    )
    res = aggregate(df, "code", "va", year_column="year", region_column="county")
    gdp = pd.DataFrame(
        {
            "county": ["东至县", "东至县", "石台县", "石台县"],
            "year": [2020, 2021] * 2,
            "gdp": [10.0, 20.0, 30.0, 40.0],
        }
    )
    out = digital_economy_scale(res, gdp).set_index(["county", "year"])
    assert out.loc[("石台县", 2021), "share_of_gdp_pct"] == pytest.approx(10.0)
    assert out.loc[("东至县", 2020), "core_share_pct"] == pytest.approx(10.0)


def test_nbs_2023_core_structure_from_published_observations():
    obs = pd.read_csv(SOURCES_DIR / "published_observations.csv", dtype={"value": float})
    rows = obs[obs["indicator"].str.startswith("digital_core_va_cat0") & (obs["year"] == 2023)]
    assert len(rows) == 4
    va = {
        ind[len("digital_core_va_cat") :][:2]: v
        for ind, v in zip(rows["indicator"], rows["value"], strict=True)
    }
    s = core_structure(va).set_index("major_code")
    # NBS: 03 43.6%, 01 33.8%, 04 19.4%, 02 3.2% (percentages quoted in the same rows)
    quoted = {
        ind[len("digital_core_va_cat") :][:2]: float(q.split("(")[1].split("%")[0])
        for ind, q in zip(rows["indicator"], rows["source_quote"], strict=True)
    }
    assert quoted == {"03": 43.6, "01": 33.8, "04": 19.4, "02": 3.2}
    for code, pct in quoted.items():
        assert round(s.loc[code, "share_pct"], 1) == pct
    total = obs[(obs["indicator"] == "digital_core_va") & (obs["year"] == 2023)]["value"].iloc[0]
    assert s["value"].sum() == pytest.approx(total)  # the four sum to NBS's 127555 亿元


def test_core_structure_from_a_classified_frame_ignores_05_and_rest():
    t = pd.DataFrame(
        {
            "major_code": ["01", "02", "05", None, "03", "04"],
            "value": [1.0, 1.0, 50.0, 100.0, 1.0, 1.0],
        }
    )
    s = core_structure(t)
    assert s["share_pct"].tolist() == [25.0, 25.0, 25.0, 25.0]
    with pytest.raises(ValueError):
        core_structure({"05": 3.0})
