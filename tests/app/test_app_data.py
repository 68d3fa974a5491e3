"""app_data: the tables behind the pages, checked without Streamlit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench import app_data as ad
from workbench.reference import indicators


def test_overview_without_a_run_still_lists_every_indicator_with_its_base(run):
    obs = run.history
    table = ad.overview_table(None, obs, "en")
    assert table["name"].tolist() == [x.name_en for x in indicators()]
    assert set(table["status"]) <= {"no_run", "qualitative"}
    assert table["probability"].isna().all()


def test_overview_gap_is_target_minus_latest_in_the_unit(run):
    table = ad.overview_table(run, run.history, "zh").set_index("indicator_id")
    r = table.loc["online_retail_sales"]
    assert r["gap"] == pytest.approx(150 - r["latest_value"])
    assert table.loc["gov_systems_cloud_rate", "status"] == "qualitative"
    assert math.isnan(table.loc["gov_systems_cloud_rate", "gap"])


def test_target_aid_growth_reaches_the_suggested_target(run):
    aid = ad.target_for_probability(run, 2030, 0.7).set_index("indicator_id")
    r = aid.loc["online_retail_sales"]
    years = 2030 - r["latest_year"]
    assert r["latest_value"] * (1 + r["growth_pct"] / 100) ** years == pytest.approx(r["target"])
    # a higher required probability never gives a higher target
    hi = ad.target_for_probability(run, 2030, 0.9).set_index("indicator_id")
    assert (hi["target"] <= aid["target"] + 1e-9).all()
    with pytest.raises(ValueError, match="between 0 and 1"):
        ad.target_for_probability(run, 2030, 70)


def test_series_labels_and_downloads(run):
    assert ad.series_label("Chizhou/online_retail_sales", "zh") == "网络零售额"
    assert ad.series_label("China/gdp", "en") == "GDP · China"
    assert ad.series_label("Nowhere/thing") == "Nowhere/thing"
    d = ad.series_download(run, "Chizhou/gdp")
    assert set(d["kind"]) == {"actual", "forecast"}
    fc = d[d["kind"] == "forecast"]
    np.testing.assert_allclose(
        fc["value"], run.forecasts[run.forecasts["series_id"] == "Chizhou/gdp"]["mean"]
    )
    assert d["run_id"].eq(run.run_id).all()
    xlsx = ad.excel_bytes({"data": d})
    assert xlsx[:2] == b"PK"  # a zip container: .xlsx


def test_every_label_has_both_languages_with_the_same_placeholders():
    import string

    from workbench.i18n import LABELS, t

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, entry in LABELS.items():
        assert entry.get("zh") and entry.get("en"), key
        assert fields(entry["zh"]) == fields(entry["en"]), key
    assert t("no_such_label", "en") == "no_such_label"  # a missing label shows its key


def test_category_totals_shares_sum_to_100_within_each_group():
    import pandas as pd

    cats = pd.DataFrame(
        {
            "year": [2020, 2020, 2020, 2021],
            "category": ["01 a", "01 a", "05 b", "01 a"],
            "value": [1.0, 2.0, 1.0, 4.0],
        }
    )
    by_year = ad.category_totals(cats, ("year",)).set_index(["year", "category"])
    assert by_year.at[(2020, "01 a"), "value"] == 3.0
    assert by_year.at[(2020, "01 a"), "share_pct"] == pytest.approx(75.0)
    assert by_year.at[(2021, "01 a"), "share_pct"] == pytest.approx(100.0)
    overall = ad.category_totals(cats).set_index("category")
    assert overall["share_pct"].sum() == pytest.approx(100.0)
    assert overall.at["01 a", "share_pct"] == pytest.approx(7 / 8 * 100)
