"""Scenario model: hand-computed trajectories, probabilities, share arithmetic, presets,
URL and file round trips, and errors on bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import plans
from workbench import scenario as sc
from workbench.forecast import forecast

PLAN = plans.load_plan("chizhou-digital")
KW = {"region": "Chizhou", "targets": {x.id: x.targets for x in PLAN.indicators}}


def _tables(series: dict[str, dict[int, float]], paths: dict[str, list[list[float]]], years):
    """history/paths/info frames for Chizhou series given by hand."""
    hist = pd.DataFrame(
        [
            {"region": "Chizhou", "indicator": ind, "year": y, "value": v}
            for ind, obs in series.items()
            for y, v in obs.items()
        ]
    )
    info = pd.DataFrame(
        [
            {"series_id": f"Chizhou/{ind}", "last_year": max(obs), "last_value": obs[max(obs)]}
            for ind, obs in series.items()
        ]
    )
    rows = []
    for ind, mats in paths.items():
        for p, vals in enumerate(mats):
            for y, v in zip(years[ind], vals, strict=True):
                rows.append({"series_id": f"Chizhou/{ind}", "path": p, "year": y, "value": v})
    return hist, pd.DataFrame(rows), info


def test_baseline_is_the_run_and_other_growth_moves_every_path_by_one_factor():
    # two GDP paths growing 10% and 30% a year from 100 (2024)
    hist, paths, info = _tables(
        {"gdp": {2024: 100.0}},
        {"gdp": [[110.0, 121.0], [130.0, 169.0]]},
        {"gdp": [2025, 2026]},
    )
    b = sc.build_basis(hist, paths, info, region="Chizhou", to_year=2026)
    # presets: percentiles of the paths' average growth (10% and 30%); baseline = median
    assert sc.preset(b, "baseline").growth["gdp"] == pytest.approx(20.0)
    assert sc.preset(b, "optimistic").growth["gdp"] == pytest.approx(26.0)
    assert sc.preset(b, "pessimistic").growth["gdp"] == pytest.approx(14.0)
    # at the baseline the scenario is the run, path for path
    years, v = sc.simulate(b, sc.preset(b, "baseline")).values["gdp"]
    assert years.tolist() == [2025, 2026]
    np.testing.assert_array_equal(v, [[110.0, 121.0], [130.0, 169.0]])
    # 32% instead of 20%: every path × (1.32 / 1.2)^t = 1.1^t
    _, v = sc.simulate(b, sc.Scenario({"gdp": 32.0})).values["gdp"]
    np.testing.assert_allclose(v, [[121.0, 146.41], [143.0, 204.49]])


def test_probability_is_the_share_of_paths_meeting_the_target():
    # one future year, four paths; the plan's 2025 target for online sales is >= 150 亿元
    vals = [90.0, 140.0, 160.0, 200.0]
    hist, paths, info = _tables(
        {"online_retail_sales": {2024: 100.0}},
        {"online_retail_sales": [[v] for v in vals]},
        {"online_retail_sales": [2025]},
    )
    b = sc.build_basis(hist, paths, info, to_year=2025, **KW)
    base = sc.preset(b, "baseline").growth["online_retail_sales"]
    assert base == pytest.approx(50.0)  # median of -10, 40, 60, 100 % growth
    res = sc.simulate(b, sc.preset(b, "baseline"))
    np.testing.assert_allclose(np.sort(res.values["online_retail_sales"][1][:, 0]), vals)
    p = res.probabilities.set_index("target_year").loc[2025]
    assert p["target_value"] == 150 and p["probability"] == pytest.approx(0.5)
    # 2022 is before the latest actual's year but not observed: no probability row
    assert 2022 not in res.probabilities["target_year"].tolist()
    # 12 more points of growth scale every path by 1.62 / 1.5 = 1.08:
    # 140 → 151.2 now meets the target, 90 → 97.2 still does not
    hi = sc.simulate(b, sc.Scenario({"online_retail_sales": base + 12}))
    assert hi.probabilities["probability"].iloc[0] == pytest.approx(0.75)
    # a year that is over is judged on actuals only: no probability, not entered
    late = sc.build_basis(hist, paths, info, to_year=2025, as_of_year=2026, **KW)
    r = sc.simulate(late, sc.preset(late, "baseline")).probabilities.iloc[0]
    assert math.isnan(r["probability"]) and r["status"] == "not_entered"


def test_baseline_trajectory_shows_the_runs_forecast_table_exactly():
    hist, paths, info = _tables(
        {"gdp": {2024: 100.0}},
        {"gdp": [[110.0, 121.0], [130.0, 169.0]]},
        {"gdp": [2025, 2026]},
    )
    table = pd.DataFrame(
        {"series_id": "Chizhou/gdp", "year": [2025, 2026], "median": [119.5, 144.0],
         "lo_80": [111.0, 123.0], "hi_80": [129.0, 166.0], "lo_95": [110.0, 121.0],
         "hi_95": [130.0, 169.0]}
    )  # fmt: skip
    b = sc.build_basis(hist, paths, info, region="Chizhou", to_year=2026, forecasts=table)
    traj = sc.simulate(b, sc.preset(b, "baseline")).trajectories
    fc = traj[(traj["indicator"] == "gdp") & (traj["kind"] == "scenario")]
    np.testing.assert_array_equal(fc["p50"], [119.5, 144.0])
    np.testing.assert_array_equal(fc["hi_95"], [130.0, 169.0])
    # another growth moves the quantiles by the same factor as the paths
    traj = sc.simulate(b, sc.Scenario({"gdp": 32.0})).trajectories
    fc = traj[(traj["indicator"] == "gdp") & (traj["kind"] == "scenario")]
    np.testing.assert_allclose(fc["p50"], [119.5 * 1.1, 144.0 * 1.21])


def _share_basis():
    # GDP grows exactly 10% a year 2020–2024; the plan's share is 20% in 2020
    gdp = {2020 + i: 80.0 * 1.1**i for i in range(5)}
    hist, paths, info = _tables(
        {"gdp": gdp, "digital_economy_share_gdp": {2020: 20.0}},
        {"gdp": [[gdp[2024] * 1.1, gdp[2024] * 1.21]]},
        {"gdp": [2025, 2026]},
    )
    return sc.build_basis(hist, paths, info, to_year=2026, **KW)


def test_share_is_scale_over_gdp_with_published_split():
    b = _share_basis()
    assert b.base_scale == pytest.approx(16.0)  # 20% × 80
    split = b.split.set_index("major_code")["share"]
    assert split.sum() == pytest.approx(1.0)
    assert split["05"] == pytest.approx(37.18 / (8.35 + 37.18))  # CAICT 2021
    assert split["01"] / split["03"] == pytest.approx(43135 / 55636)  # NBS 2023
    same = sc.Scenario({"gdp": 10, **{f"cat{c}": 10 for c in sc.CATEGORIES}})
    res = sc.simulate(b, same)
    years, share = res.values[sc.SHARE]
    assert years.tolist() == list(range(2021, 2027))
    np.testing.assert_allclose(share, 20.0)
    # categories flat: scale stays 16 while GDP keeps growing 10% a year
    flat = sc.simulate(b, same.with_growth(**{f"cat{c}": 0 for c in sc.CATEGORIES}))
    np.testing.assert_allclose(
        flat.values[sc.SHARE][1][0], 16 / (80 * 1.1 ** np.arange(1, 7)) * 100
    )
    # only category 05 grows 50%: scale 2021 = 16 × (1 − s05) + 16 × s05 × 1.5
    only05 = sc.simulate(
        b, same.with_growth(**{f"cat{c}": 0 for c in "01 02 03 04".split()}, cat05=50)
    )
    s05 = split["05"]
    assert only05.values[sc.SCALE][1][0, 0] == pytest.approx(16 * (1 - s05) + 16 * s05 * 1.5)
    p = flat.probabilities.set_index(["indicator", "target_year"])
    assert p.loc[(sc.SHARE, 2025), "probability"] == 0.0  # 11.2% < 30%
    assert p.loc[(sc.SHARE, 2025), "median"] == pytest.approx(16 / (80 * 1.1**5) * 100)


def test_shock_hits_its_year_and_persists():
    b = _share_basis()
    base = sc.Scenario({"gdp": 10, **{f"cat{c}": 10 for c in sc.CATEGORIES}})
    shocked = sc.Scenario(base.growth, shock_year=2025, shock_pct=-10)
    v0, v1 = sc.simulate(b, base).values["gdp"][1], sc.simulate(b, shocked).values["gdp"][1]
    np.testing.assert_allclose(v1 / v0, [[0.9, 0.9]])
    # the shock hits GDP and the categories alike, so the share does not move
    np.testing.assert_allclose(sc.simulate(b, shocked).values[sc.SHARE][1], 20.0)


@pytest.fixture(scope="module")
def run_like():
    hist = pd.DataFrame(
        {
            "region": "Chizhou",
            "indicator": ["gdp"] * 6 + ["online_retail_sales"] * 2,
            "year": [2015, 2016, 2020, 2021, 2022, 2024, 2016, 2020],
            "value": [569.9, 589.0, 868.9, 1004.2, 1100.0, 1177.8, 20.5, 70.2],
        }
    )
    res = forecast(hist.assign(series_id="Chizhou/" + hist["indicator"]), to_year=2030, n_paths=500)
    return res, sc.build_basis(hist, res.paths, res.info, **KW)


def test_baseline_preset_reproduces_the_forecast_distribution(run_like):
    res, b = run_like
    sim = sc.simulate(b, sc.preset(b, "baseline"))
    for ind in ("gdp", "online_retail_sales"):
        run = res.paths[(res.paths["series_id"] == f"Chizhou/{ind}") & (res.paths["year"] == 2030)]
        years, v = sim.values[ind]
        mine = v[:, years.tolist().index(2030)]
        assert np.median(mine) == pytest.approx(run["value"].median(), rel=0.05)
        # spread (log inter-quartile range) carried over from the run's paths
        iqr = lambda x: np.subtract(*np.percentile(np.log(x), [75, 25]))  # noqa: E731
        assert iqr(mine) == pytest.approx(iqr(run["value"].to_numpy()), rel=0.2)


@settings(max_examples=25, deadline=None)
@given(g1=st.floats(-20, 60), dg=st.floats(0.1, 30))
def test_more_growth_never_lowers_a_probability(run_like, g1, dg):
    _, b = run_like
    lo = sc.simulate(b, sc.Scenario({"online_retail_sales": g1})).probabilities
    hi = sc.simulate(b, sc.Scenario({"online_retail_sales": g1 + dg})).probabilities
    assert (hi["probability"].to_numpy() >= lo["probability"].to_numpy()).all()


def test_missing_driver_series_is_left_out_with_a_note(run_like):
    _, b = run_like
    assert "electronic_info_mfg_revenue" not in b.drivers
    assert any("electronic_info_mfg_revenue" in n for n in b.notes)
    assert not b.has_share


def test_query_params_and_json_round_trip():
    s = sc.Scenario({"gdp": 5.5, "cat03": -2, "online_retail_sales": 30}, 2026, -7.5, "mine")
    q = s.to_query_params("a_")
    assert q == {"a_gdp": "5.5", "a_c03": "-2", "a_ors": "30", "a_shock": "2026:-7.5"}
    back = sc.Scenario.from_query_params(q, "a_", base=sc.Scenario({"cat01": 1.0}, name="mine"))
    assert back.growth == {**s.growth, "cat01": 1.0}
    assert (back.shock_year, back.shock_pct) == (2026, -7.5)
    assert sc.Scenario.from_json(s.to_json()) == s


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sc.Scenario({"gdp": 500}), "growth of gdp: 500 is outside"),
        (lambda: sc.Scenario({"steel": 1}), "unknown driver 'steel'"),
        (lambda: sc.Scenario.from_query_params({"b_ors": "fast"}, "b_"), "query parameter b_ors"),
        (lambda: sc.Scenario.from_query_params({"shock": "2026"}), "not YEAR:PERCENT"),
        (lambda: sc.Scenario.from_json("{"), "not JSON"),
        (lambda: sc.Scenario.from_json('{"a": 1}'), "workbench_scenario"),
        (
            lambda: sc.Scenario.from_json('{"workbench_scenario": 1, "growth_pct": {"gdp": "x"}}'),
            "growth of gdp: 'x' is not a number",
        ),
    ],
)
def test_bad_scenarios_are_rejected_with_a_clear_message(call, message):
    with pytest.raises(sc.ScenarioError, match=message):
        call()


def test_base_split_table_splits_the_base_scale_not_a_hundred_times_it():
    # base scale 16 亿元 (20% × 80); category 05's share of it is CAICT's 37.18/45.53
    b = _share_basis()
    tab = sc.base_split_table(b).set_index("major_code")
    assert tab["scale"].sum() == pytest.approx(16.0)
    assert tab["share_pct"].sum() == pytest.approx(100.0)
    assert tab.loc["05", "scale"] == pytest.approx(16.0 * 37.18 / (8.35 + 37.18))
    assert tab.loc["05", "share_pct"] == pytest.approx(100 * 37.18 / (8.35 + 37.18))
