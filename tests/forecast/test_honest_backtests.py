"""Backtests score real observations only; interpolated years are never evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.forecast import forecast
from workbench.forecast.backtest import run_backtest
from workbench.forecast.transforms import make_transform

YEARS = list(range(2000, 2021))  # 21 years


def _series(years: list[int], seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z = np.log(50) + np.cumsum(rng.normal(0.06, 0.05, len(YEARS)))
    v = dict(zip(YEARS, np.exp(z), strict=True))
    return pd.DataFrame({"series_id": "nat", "year": years, "value": [v[y] for y in years]})


def test_five_real_points_over_21_years_score_nine_errors_not_forty():
    # Real years 2000, 2005, 2010, 2015, 2020 (indices 0, 5, 10, 15, 20); the rest filled.
    # Backtest origins o = 6..20 forecast indices o..o+2 (h = 3); only indices 10, 15, 20
    # are real: 3 origins reach each of them -> 9 scored errors.
    sparse = _series([2000, 2005, 2010, 2015, 2020])
    res = forecast(sparse, horizon=3, method="theta", n_paths=50)
    info = res.info.iloc[0]
    assert info["n_scored"] == 9
    assert "interpolated for fitting, never scored" in info["note"]
    # The same values observed every year: origins 6..18 score 3 each, 19 two, 20 one: 42.
    full = _series(YEARS)
    assert forecast(full, horizon=3, method="theta", n_paths=50).info["n_scored"].iloc[0] == 42


def test_interpolated_targets_have_no_actual_in_the_backtest():
    z = np.linspace(0.0, 2.0, 12)
    observed = np.ones(12, bool)
    observed[[7, 9]] = False
    bt = run_backtest(z, make_transform(np.exp(z), None), 2, ("naive",), observed)
    for k, o in enumerate(bt.origins[:-1]):
        for h in range(2):
            idx = o + h
            if idx < 12:
                assert np.isfinite(bt.actual[k, h]) == bool(observed[idx]), (o, h)


def test_missing_target_years_are_not_scored():
    # Two versions of a series differ only in three years missing from one of them:
    # those years are filled for fitting but never scored.
    full = _series(YEARS)
    gappy = full[~full["year"].isin([2012, 2013, 2014])]
    a = forecast(gappy, horizon=3, method="naive", n_paths=20).info.iloc[0]
    b = forecast(full, horizon=3, method="naive", n_paths=20).info.iloc[0]
    assert a["n_scored"] < b["n_scored"]
    assert a["n_scored"] == 42 - 9  # 3 missing target years x 3 origins each
    assert np.isfinite(a["backtest_smape"]) and a["backtest_smape"] > 0


@pytest.mark.parametrize("method", ["auto", "select"])
def test_selection_counts_only_real_errors(method):
    sparse = _series([2000, 2005, 2010, 2015, 2020])
    note = forecast(sparse, horizon=3, method=method, n_paths=20).info["note"].iloc[0]
    if "selected on" in note:
        n = int(note.split("selected on ")[1].split(" ")[0])
        assert n <= 9
