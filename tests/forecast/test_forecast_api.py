import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.forecast import ForecastResult, forecast


def _long(series: dict[str, tuple[list[int], list[float]]]) -> pd.DataFrame:
    rows = [(sid, y, v) for sid, (ys, vs) in series.items() for y, v in zip(ys, vs, strict=True)]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


def _synthetic(n_series: int, n: int, seed: int) -> pd.DataFrame:
    """Seeded synthetic log random walks with drift (SYNTHETIC test data)."""
    rng = np.random.default_rng(seed)
    out = {}
    for i in range(n_series):
        drift, sd = rng.uniform(-0.02, 0.12), rng.uniform(0.02, 0.15)
        z = np.log(rng.uniform(10, 1000)) + np.cumsum(rng.normal(drift, sd, n))
        out[f"s{i:03d}"] = (list(range(2000, 2000 + n)), list(np.exp(z)))
    return _long(out)


def _check_order(table: pd.DataFrame) -> None:
    t = table.dropna()
    assert (t["lo_95"] <= t["lo_80"] + 1e-9).all()
    assert (t["lo_80"] <= t["mean"] + 1e-9).all()
    assert (t["mean"] <= t["hi_80"] + 1e-9).all()
    assert (t["hi_80"] <= t["hi_95"] + 1e-9).all()


HIST = _long(
    {
        "growth": (list(range(2011, 2021)), [5, 6, 7.5, 8.1, 9.9, 11.5, 13.0, 15.2, 17.9, 20.1]),
        "wiggle": (list(range(2012, 2021)), [40, 42, 39, 45, 44, 47, 46, 50, 49]),
        "short3": ([2018, 2019, 2020], [3.0, 3.3, 3.5]),
    }
)


def test_output_shapes_and_columns():
    res = forecast(HIST, horizon=5, n_paths=200)
    assert isinstance(res, ForecastResult)
    assert list(res.table.columns) == [
        "series_id",
        "year",
        "median",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
        "model",
    ]
    assert len(res.table) == 3 * 5
    assert set(res.table["year"]) == set(range(2021, 2026))
    assert len(res.paths) == 3 * 5 * 200
    assert list(res.info.columns)[:3] == ["series_id", "model", "n_obs"]
    info = res.info.set_index("series_id")
    assert info.loc["short3", "model"] == "naive"
    assert "too short" in info.loc["short3", "note"]
    assert np.isfinite(info.loc["growth", "backtest_mase"])
    _check_order(res.table)


def test_scaling_a_series_scales_forecasts_and_intervals():
    base = forecast(HIST, horizon=4, n_paths=100)
    scaled_hist = HIST.assign(value=HIST["value"] * 1000.0)
    scaled = forecast(scaled_hist, horizon=4, n_paths=100)
    cols = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
    np.testing.assert_allclose(
        scaled.table[cols].to_numpy(), base.table[cols].to_numpy() * 1000.0, rtol=1e-6
    )
    np.testing.assert_allclose(scaled.paths["value"], base.paths["value"] * 1000.0, rtol=1e-6)


def test_scaling_holds_for_series_with_negative_values():
    h = _long({"x": (list(range(2000, 2012)), [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5, 8])})
    a = forecast(h, horizon=3)
    b = forecast(h.assign(value=h["value"] * 7.0), horizon=3)
    np.testing.assert_allclose(b.table["hi_95"], a.table["hi_95"] * 7.0, rtol=1e-6)
    assert a.info["model"].iloc[0] != ""


def test_shares_stay_within_0_100():
    h = _long({"share": (list(range(2012, 2021)), [80, 85, 90, 93, 95, 97, 98, 99, 99.5])})
    res = forecast(h, horizon=10, bounds=(0, 100), n_paths=500)
    vals = res.table[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]].to_numpy()
    assert np.all((vals >= 0) & (vals <= 100))
    assert res.paths["value"].between(0, 100).all()
    _check_order(res.table)


def test_positive_series_stay_positive_even_when_falling_fast():
    h = _long({"fall": (list(range(2010, 2021)), [1000 * 0.6**i for i in range(11)])})
    res = forecast(h, horizon=8)
    assert (res.table[["mean", "lo_95"]] > 0).all().all()
    assert (res.paths["value"] > 0).all()


def test_short_series_fallbacks():
    h = _long({"one": ([2020], [5.0]), "two": ([2019, 2020], [4.0, 5.0])})
    res = forecast(h, horizon=3)
    info = res.info.set_index("series_id")
    assert info.loc["one", "model"] == "naive"
    assert info.loc["two", "model"] == "naive"
    one = res.table[res.table["series_id"] == "one"]
    np.testing.assert_allclose(one["mean"], 5.0)
    assert one["lo_95"].isna().all()  # no interval from one observation without donors
    two = res.table[res.table["series_id"] == "two"]
    # two points take no trend (backtest.FALLBACKS): the last value, with an interval
    # from the one observed change
    np.testing.assert_allclose(two["mean"], 5.0)
    assert (two["hi_95"] > two["mean"]).all() and (two["lo_95"] < two["mean"]).all()


def test_gaps_are_interpolated_and_reported():
    h = _long({"gappy": ([2012, 2013, 2016, 2017, 2018, 2019, 2020], [1, 2, 5, 6, 7, 8, 9])})
    res = forecast(h, horizon=2)
    assert "2 missing year(s) interpolated" in res.info["note"].iloc[0]
    assert res.info["n_obs"].iloc[0] == 7


def test_to_year_forecasts_every_series_to_that_year():
    h = _long(
        {
            "a": ([2016, 2017, 2018, 2019], [1, 2, 3, 4]),
            "b": ([2019, 2020, 2021, 2022], [1, 2, 3, 4]),
        }
    )
    res = forecast(h, to_year=2030)
    last = res.table.groupby("series_id")["year"].agg(["min", "max", "size"])
    assert last.loc["a"].tolist() == [2020, 2030, 11]
    assert last.loc["b"].tolist() == [2023, 2030, 8]


def test_single_observation_borrows_donor_growth_with_wide_intervals():
    donor = _long({"cn": (list(range(2005, 2025)), [100 * 1.1**i for i in range(20)])})
    h = _long({"city": ([2020], [50.0])})
    res = forecast(h, to_year=2030, donors=donor, n_paths=2000)
    info = res.info.iloc[0]
    assert info["model"] == "borrowed" and info["borrowed_from"] == "cn"
    t = res.table
    # Donor grows 10%/yr exactly; its actuals cover 2021–2024, then its forecast.
    np.testing.assert_allclose(t["mean"], 50.0 * 1.1 ** np.arange(1, 11), rtol=1e-6)
    assert t["lo_95"].notna().all()
    width = np.log(t["hi_95"] / t["lo_95"]).to_numpy()
    assert np.all(np.diff(width) > 0)  # uncertainty grows with the horizon
    assert width[-1] > 1.0  # wide: more than a factor e between the ends by 2030
    _check_order(t)


def test_donor_map_chooses_donors_and_unknown_donor_is_an_error():
    donors = _long(
        {
            "fast": (list(range(2010, 2021)), [10 * 1.2**i for i in range(11)]),
            "slow": (list(range(2010, 2021)), [10 * 1.02**i for i in range(11)]),
        }
    )
    h = _long({"x": ([2020], [1.0])})
    res = forecast(h, horizon=3, donors=donors, donor_map={"x": "slow"})
    assert res.info["borrowed_from"].iloc[0] == "slow"
    # One observation: the donor's forecast growth from 2020 (its own engine forecast).
    slow = donors[donors["series_id"] == "slow"]
    own = forecast(slow, horizon=3).table["median"].to_numpy() / (10 * 1.02**10)
    np.testing.assert_allclose(res.table["median"], own, rtol=1e-9)
    assert np.all((own > 1.0) & (own <= 1.02 ** np.arange(1, 4) + 1e-9))
    with pytest.raises(ValueError, match="unknown donors"):
        forecast(h, horizon=3, donors=donors, donor_map={"x": "nope"})


def test_paths_match_table_intervals():
    res = forecast(HIST, horizon=3, n_paths=4000)
    p = res.paths[(res.paths["series_id"] == "growth") & (res.paths["year"] == 2023)]["value"]
    row = res.table[(res.table["series_id"] == "growth") & (res.table["year"] == 2023)].iloc[0]
    inside = p.between(row["lo_80"], row["hi_80"]).mean()
    assert 0.76 <= inside <= 0.84


def test_seed_makes_paths_reproducible():
    a = forecast(HIST, horizon=2, seed=3, n_paths=50).paths
    b = forecast(HIST, horizon=2, seed=3, n_paths=50).paths
    c = forecast(HIST, horizon=2, seed=4, n_paths=50).paths
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["value"], c["value"])


def test_intervals_are_calibrated_on_held_out_synthetic_data():
    data = _synthetic(120, 25, seed=11)
    train, test = data[data["year"] < 2020], data[data["year"] >= 2020]
    res = forecast(train, horizon=5, n_paths=50)
    t = res.table.merge(test, on=["series_id", "year"])
    cov95 = t["value"].between(t["lo_95"], t["hi_95"]).mean()
    cov80 = t["value"].between(t["lo_80"], t["hi_80"]).mean()
    assert 0.90 <= cov95 <= 0.99
    assert 0.70 <= cov80 <= 0.90
    assert (res.info["model"] == "stack").all()


@pytest.mark.parametrize(
    ("frame", "kwargs", "match"),
    [
        (pd.DataFrame({"series_id": ["a"], "year": [2020]}), {"horizon": 2}, "value"),
        (
            pd.DataFrame({"series_id": ["a", "a"], "year": [2020, 2020], "value": [1, 2]}),
            {"horizon": 2},
            "twice",
        ),
        (
            pd.DataFrame({"series_id": ["a"], "year": [2020], "value": ["x"]}),
            {"horizon": 2},
            "row 0, column value",
        ),
        (HIST, {}, "exactly one"),
        (HIST, {"horizon": 2, "levels": (80, 120)}, "level"),
    ],
)
def test_bad_input_is_rejected_clearly(frame, kwargs, match):
    with pytest.raises(ValueError, match=match):
        forecast(frame, **kwargs)


def test_two_observations_borrow_a_shrunk_growth_gap():
    # Donor grows 10%/yr (log 0.0953); the city grew from 20 to 70 over 2016–2020.
    donor = _long({"cn": (list(range(2010, 2025)), [100 * 1.1**i for i in range(15)])})
    h = _long({"city": ([2016, 2020], [20.0, 70.0])})
    res = forecast(h, horizon=3, donors=donor)
    g_city, g_cn, span = np.log(70 / 20) / 4, np.log(1.1), 4
    delta = (g_city - g_cn) * span / (span + 4)
    expected = 70.0 * np.exp((g_cn + delta) * np.arange(1, 4))
    np.testing.assert_allclose(res.table["mean"], expected, rtol=1e-6)
    assert res.info["borrowed_from"].iloc[0] == "cn"


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.floats(0.5, 2.0), min_size=3, max_size=12),
    st.sampled_from([0.001, 3.0, 1e4]),
)
def test_scaling_invariance_property(growth, k):
    values = np.cumprod(growth) * 10
    h = _long({"x": (list(range(2000, 2000 + len(values))), list(values))})
    a = forecast(h, horizon=3, n_paths=20)
    b = forecast(h.assign(value=h["value"] * k), horizon=3, n_paths=20)
    cols = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
    np.testing.assert_allclose(b.table[cols].to_numpy(), a.table[cols].to_numpy() * k, rtol=1e-6)
    _check_order(a.table)


def test_for_series_column_maps_donors_and_may_repeat_rows():
    base = _long({"cn": (list(range(2010, 2021)), [10 * 1.05**i for i in range(11)])})
    other = _long({"xx": (list(range(2010, 2021)), [10 * 1.3**i for i in range(11)])})
    donors = pd.concat(
        [base.assign(for_series="a"), base.assign(for_series="b"), other.assign(for_series="c")],
        ignore_index=True,
    )
    h = _long({"a": ([2020], [1.0]), "b": ([2020], [2.0]), "c": ([2020], [3.0])})
    res = forecast(h, horizon=2, donors=donors)
    assert res.info.set_index("series_id")["borrowed_from"].to_dict() == {
        "a": "cn",
        "b": "cn",
        "c": "xx",
    }
    b = res.table[res.table["series_id"] == "b"]
    cn = forecast(base, horizon=2).table["median"].to_numpy() / (10 * 1.05**10)
    np.testing.assert_allclose(b["median"], 2.0 * cn, rtol=1e-9)  # the donor's growth


def test_constant_history_is_explained():
    res = forecast(_long({"c": (list(range(2010, 2020)), [5.0] * 10)}), horizon=2)
    np.testing.assert_allclose(res.table["mean"], 5.0)
    assert "constant history" in res.info["note"].iloc[0]


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="method"):
        forecast(HIST, horizon=2, method="prophet")


def _log_points(res: ForecastResult) -> np.ndarray:
    return np.log(res.table.sort_values(["series_id", "year"])["mean"].to_numpy())


def test_stacked_forecast_mixes_the_stack_with_the_median_of_its_inputs(monkeypatch):
    from workbench.forecast import engine as api
    from workbench.forecast.backtest import run_backtest
    from workbench.forecast.transforms import make_transform

    data = _synthetic(50, 14, seed=21)
    runs = {}
    for share in (0.0, 1.0, api.MEDIAN_SHARE):
        monkeypatch.setattr(api, "MEDIAN_SHARE", share)
        res = forecast(data, horizon=4, n_paths=20)
        assert (res.info["model"] == "stack").all()
        runs[share] = _log_points(res)
    # Log transform: the point forecast is the mix of the two ends in log space.
    w = api.MEDIAN_SHARE
    assert 0 < w < 1
    np.testing.assert_allclose(runs[w], (1 - w) * runs[0.0] + w * runs[1.0], rtol=0, atol=1e-9)
    assert not np.allclose(runs[0.0], runs[1.0])
    # Share 1: the per-step median of the 17 stack inputs' forecasts, computed directly.
    g = data[data["series_id"] == "s007"]
    y = g["value"].to_numpy()
    tf = make_transform(y, None)
    z = tf.forward(y)
    bt = run_backtest(z, tf, 4, api.STACK_FEATURES)
    med = np.median([bt.inc[f][-1] for f in api.STACK_FEATURES], axis=0)
    i = sorted(data["series_id"].unique()).index("s007")
    np.testing.assert_allclose(runs[1.0][4 * i : 4 * i + 4], z[-1] + med, atol=1e-9)


def test_learned_median_share_is_one_grid_value_for_all_series(monkeypatch):
    from workbench.forecast import engine as api

    data = _synthetic(50, 14, seed=22)
    runs = {}
    for share in (0.0, 1.0, None):
        monkeypatch.setattr(api, "MEDIAN_SHARE", share)
        runs[share] = _log_points(forecast(data, horizon=3, n_paths=20))
    d = runs[1.0] - runs[0.0]
    big = np.abs(d) > 1e-6
    w = (runs[None][big] - runs[0.0][big]) / d[big]
    assert np.ptp(w) < 1e-6 and 0 <= w[0] <= 1
    assert abs(w[0] * 20 - round(w[0] * 20)) < 1e-6
