"""Borrowing happens in the borrower's own transformed space (hand-computed values)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench.forecast import forecast

CN_YEARS = list(range(2012, 2024))
CN_SHARE = [30.0, 33.0, 36.0, 40.0, 44.0, 48.0, 52.0, 56.0, 60.0, 64.0, 67.0, 70.0]
CN = dict(zip(CN_YEARS, CN_SHARE, strict=True))


def _logit(x: float) -> float:
    return math.log(x / (100 - x))


def _inv(z: float) -> float:
    return 100 / (1 + math.exp(-z))


def _frames(donor_values: dict[int, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    city = pd.DataFrame({"series_id": "city", "year": [2019, 2020], "value": [20.0, 30.0]})
    cn = pd.DataFrame(
        {"series_id": "cn", "year": list(donor_values), "value": list(donor_values.values())}
    )
    return city, cn


def test_a_share_borrows_the_donor_share_logit_change():
    city, cn = _frames(CN)
    bounds = {"city": (0.0, 100.0), "cn": (0.0, 100.0)}
    res = forecast(city, horizon=3, donors=cn, bounds=bounds, n_paths=400)
    got = res.table.set_index("year")["median"]
    # delta: own logit growth 2019->2020 minus the donor's, shrunk by span/(span+4) = 1/5.
    delta = ((_logit(30) - _logit(20)) - (_logit(60) - _logit(56))) / 5
    for h in (1, 2, 3):
        expect = _inv(_logit(30) + _logit(CN[2020 + h]) - _logit(60) + delta * h)
        assert got[2020 + h] == pytest.approx(expect, rel=1e-9)
    # The old defect added the donor's *log* growth as a logit change: visibly different.
    wrong = _inv(_logit(30) + math.log(CN[2023] / 60) + delta * 3)
    assert abs(got[2023] - wrong) > 1.0
    assert res.info["model"].iloc[0] == "borrowed"
    assert "logit change" in res.info["note"].iloc[0]
    assert (res.table["hi_95"] < 100).all() and (res.table["lo_95"] > 0).all()


def test_a_share_borrows_a_level_donor_relative_change():
    level = {y: 1000.0 * 1.1 ** (y - 2012) for y in CN_YEARS}  # grows 10% a year
    city, cn = _frames(level)
    res = forecast(city, horizon=2, donors=cn, bounds={"city": (0.0, 100.0)}, n_paths=400)
    got = res.table.set_index("year")["median"]
    # Relative change applied to the share's level, then logit: 30 -> 33 -> 36.3.
    g_donor = _logit(30) - _logit(30 / 1.1)
    delta = ((_logit(30) - _logit(20)) - g_donor) / 5
    for h in (1, 2):
        expect = _inv(_logit(30 * 1.1**h) + delta * h)
        assert got[2020 + h] == pytest.approx(expect, rel=1e-9)
    assert "relative change mapped to logit" in res.info["note"].iloc[0]


def test_a_level_borrows_log_growth_of_a_level():
    level = {y: 1000.0 * 1.1 ** (y - 2012) for y in CN_YEARS}
    city = pd.DataFrame({"series_id": "city", "year": [2019, 2020], "value": [20.0, 30.0]})
    cn = pd.DataFrame({"series_id": "cn", "year": list(level), "value": list(level.values())})
    res = forecast(city, horizon=2, donors=cn, n_paths=400)
    got = res.table.set_index("year")["median"]
    delta = (math.log(30 / 20) - math.log(1.1)) / 5
    for h in (1, 2):
        assert got[2020 + h] == pytest.approx(30 * 1.1**h * math.exp(delta * h), rel=1e-9)


def test_paths_of_a_borrowing_share_stay_inside_0_100():
    city, cn = _frames(CN)
    res = forecast(city, horizon=3, donors=cn, bounds=(0.0, 100.0), n_paths=500)
    v = res.paths["value"].to_numpy()
    assert np.all((v > 0) & (v < 100))
    # The tuple bounds apply to the donor too (its values fit): a logit change.
    assert "logit change" in res.info["note"].iloc[0]
