"""One set of numbers: the same quantity shows the same value on every page (Overview,
Forecasts, Scenarios at the baseline, Plan review), because they read the same run.

The quantities: the probability of meeting each open 2025 target (the issue saw 33% on the
Overview and 35% on Scenarios), and the forecast median of the share and of online sales
in 2022 and 2030 (21.18 on Forecasts, 19.1 on Scenarios)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from workbench import app_data as ad
from workbench import scenario as sc
from workbench.reference import indicator

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
SERIES = ("digital_economy_share_gdp", "online_retail_sales")


def _app(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_probabilities_agree_on_overview_scenarios_and_review(run):
    tg = run.targets.set_index(["indicator", "target_year"])
    overview = pd.concat([t.value for t in _app("overview").table])
    scen = _app("scenarios").table[1].value.reset_index()  # the comparison table
    review = pd.concat([t.value for t in _app("review").table])
    open_2025 = [
        i for i in tg.xs(2025, level="target_year").index
        if tg.loc[(i, 2025), "status"] in ad.PROBABILISTIC
    ]  # fmt: skip
    assert set(SERIES) <= set(open_2025)
    for ind in open_2025:
        name = indicator(ind).name_zh
        expected = f"{tg.loc[(ind, 2025), 'probability']:.0%}"
        assert overview.loc[name, "达标概率"] == expected, ind
        assert f"（{expected}）" in review.loc[name, "2025年结果"], ind
        row = scen[(scen["指标"] == name) & (scen["目标年份"] == "2025")].iloc[0]
        assert row["情景 A · 结果"] == expected, ind


@pytest.mark.parametrize("year", [2022, 2030])
def test_forecast_medians_agree_on_forecasts_and_scenarios(run, year):
    scen = _app("scenarios", sc_year=str(year))
    results = scen.table[0].value  # beside the controls: rows of quantities, A then B
    for ind in SERIES:
        sid = f"Chizhou/{ind}"
        fc = _app("forecasts", series=sid).dataframe[0].value.set_index("年份")
        table = run.forecasts[run.forecasts["series_id"] == sid].set_index("year")
        centre = ad.centre_column(table)
        assert fc.loc[year, "中位数"] == table.loc[year, centre]
        row = [i for i in results.index if i.startswith(indicator(ind).name_zh + "（")]
        assert row, results.index
        assert results.loc[row[0], "情景 A"] == f"{table.loc[year, centre]:,.2f}"


def test_the_library_baseline_equals_the_run_path_for_path(run):
    basis = ad.scenario_basis(run)
    res = sc.simulate(basis, sc.preset(basis, "baseline"))
    for ind in SERIES:
        years, v = res.values[ind]
        p = run.paths[run.paths["series_id"] == f"Chizhou/{ind}"]
        m = p.pivot_table(index="path", columns="year", values="value")[list(years)]
        assert (v == m.to_numpy()).all(), ind
    probs = res.probabilities.set_index(["indicator", "target_year"])
    tg = run.targets.set_index(["indicator", "target_year"])
    for ind in SERIES:
        for year in (2022, 2025):
            assert probs.loc[(ind, year), "probability"] == tg.loc[(ind, year), "probability"]


def test_scenario_base_split_adds_up_to_the_base_scale_in_the_stated_sentence(run):
    # the sentence above the table states the base scale (亿元); the table splits it
    at = _app("scenarios")
    tab = next(d.value for d in at.dataframe if "scale" in d.value.columns)  # 规模（亿元）
    stated = next(m.value for m in at.markdown if "基年规模" in m.value)
    base = float(stated.split("=")[-1].split("亿元")[0].strip())
    assert tab["scale"].sum() == pytest.approx(base, abs=0.01)
    assert tab["share_pct"].sum() == pytest.approx(100.0)
