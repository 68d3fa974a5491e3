"""Forecast bands are well-formed: quantiles never cross at a year, and each quantile's
distance from the median never shrinks with the horizon (issue 14, item 5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.forecast import forecast
from workbench.forecast.intervals import half_width, monotone_bands, monotone_table, sample_paths


def _a(*v: float) -> np.ndarray:
    return np.array(v, dtype=float)


def test_a_jagged_lower_bound_is_lifted_to_the_previous_width_in_levels():
    # the lower bound 128.25 -> 106.40 -> 126.22 beside a median 150, 160, 170:
    # distances 21.75, 53.60, 43.78 -> 21.75, 53.60, 53.60 -> lower 128.25, 106.40, 116.40
    out = monotone_bands(_a(150, 160, 170), {95: (_a(128.25, 106.40, 126.22), _a(170, 190, 220))})
    np.testing.assert_allclose(out[95][0], [128.25, 106.40, 116.40])
    np.testing.assert_array_equal(out[95][1], [170, 190, 220])  # 20, 30, 50: already growing


def test_on_the_log_scale_the_ratio_to_the_median_is_kept():
    # log distances 0.157, 0.408, 0.298 -> the third takes the second's: lower = 170 * 106.4/160
    out = monotone_bands(
        _a(150, 160, 170), {95: (_a(128.25, 106.40, 126.22), _a(170, 190, 220))}, np.log, np.exp
    )
    np.testing.assert_allclose(out[95][0], [128.25, 106.40, 113.05])


def test_crossing_levels_are_uncrossed_and_widths_grow():
    median = _a(100, 100, 100)
    bands = {
        95: (_a(90, 95, 85), _a(110, 120, 115)),
        80: (_a(92, 97, 84), _a(105, 104, 125)),  # the 80% lower bound below the 95% one in year 3
    }
    out = monotone_bands(median, bands)
    # lower distances: 80% 8, 3, 16 -> 8, 8, 16; 95% max(10, 8), max(5, 3) ... -> 10, 10, 16
    np.testing.assert_allclose(out[80][0], [92, 92, 84])
    np.testing.assert_allclose(out[95][0], [90, 90, 84])
    # upper distances: 80% 5, 4, 25 -> 5, 5, 25; 95% 10, 20, 15 -> max with 80%: 10, 20, 25
    np.testing.assert_allclose(out[80][1], [105, 105, 125])
    np.testing.assert_allclose(out[95][1], [110, 120, 125])


def test_a_bound_on_the_wrong_side_of_the_median_is_put_on_it():
    out = monotone_bands(_a(10, 11), {80: (_a(10.5, 9), _a(12, 13))})
    np.testing.assert_allclose(out[80][0], [10, 9])


def test_well_formed_bands_come_back_bit_for_bit_and_nan_stays_nan():
    median = _a(1.1, 2.3, 3.7)
    lo, hi = _a(0.3, 0.1, np.nan), _a(1.9, 4.1, np.nan)
    out = monotone_bands(median, {95: (lo, hi)}, np.log, np.exp)
    np.testing.assert_array_equal(out[95][0], lo)
    np.testing.assert_array_equal(out[95][1], hi)
    assert monotone_bands(median, {}) == {}


def test_the_quantile_table_grows_with_the_step_and_so_do_half_widths_and_paths():
    table = np.array([[1.0, 2.0], [0.5, 3.0], [0.7, 1.0]])
    np.testing.assert_array_equal(monotone_table(table), [[1, 2], [1, 3], [1, 3]])
    full = np.tile(np.linspace(0.1, 3.0, 102), (4, 1)) * _a(1.0, 1.5, 1.2, 2.0)[:, None]
    hw = half_width(full, 95)
    assert np.all(np.diff(hw) >= 0) and hw[2] == hw[1]
    dev = sample_paths(full, 4000, "s", 0)
    q = np.quantile(np.abs(dev), 0.95, axis=0)
    np.testing.assert_allclose(q[2], q[1], rtol=0.05)  # step 3 sampled from step 2's row


def _history() -> pd.DataFrame:
    """SYNTHETIC seeded log random walks, long and short, rising and falling."""
    rng = np.random.default_rng(11)
    rows = []
    for i in range(12):
        n = 6 + 2 * i
        z = np.log(50 + 20 * i) + np.cumsum(rng.normal(0.08 - 0.015 * i, 0.1, n))
        rows += [(f"s{i:02d}", 2025 - n + t, float(np.exp(v))) for t, v in enumerate(z)]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


@pytest.mark.parametrize("to_year", [2030, 2034])
def test_every_forecast_band_is_well_formed(to_year):
    res = forecast(_history(), to_year=to_year, n_paths=200)
    t = res.table.sort_values(["series_id", "year"])
    cols = ["lo_95", "lo_80", "median", "hi_80", "hi_95"]
    assert np.all(np.diff(t[cols].to_numpy(), axis=1) >= -1e-9)  # no crossing at any year
    for _, g in t.groupby("series_id"):
        lm = np.log(g["median"].to_numpy())
        for c in cols:
            if c != "median":
                width = np.abs(np.log(g[c].to_numpy()) - lm)
                assert np.all(np.diff(width) >= -1e-9), (g["series_id"].iloc[0], c)


def test_a_scenario_band_drawn_from_paths_is_well_formed_too():
    from workbench.scenario import _quantiles

    # SYNTHETIC paths: year 2 spreads wider than year 3 around the same median 100
    v = np.array([[80.0, 50.0, 90.0], [100.0, 100.0, 100.0], [120.0, 200.0, 110.0]])
    q = _quantiles(None, v, np.ones(3), np.inf)
    np.testing.assert_allclose(q["p50"], [100, 100, 100])
    lo = q["lo_95"]  # np.percentile 2.5%: 81.0, 52.5, 90.5 -> log ratios grow -> 52.5 kept
    np.testing.assert_allclose(lo, [81.0, 52.5, 52.5])
    assert np.all(q["lo_95"] <= q["lo_80"]) and np.all(q["hi_80"] <= q["hi_95"])
