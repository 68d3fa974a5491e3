import math

import numpy as np
import pandas as pd
import pytest

from workbench.forecast import forecast
from workbench.targets import (
    assess_targets,
    historical_growth,
    probability_of_meeting,
    required_growth,
    status,
)


def test_probability_respects_ge_and_strict_gt():
    v = np.array([1.0, 2.0, 3.0, 3.0, 4.0])
    assert probability_of_meeting(v, ">=", 3.0) == pytest.approx(3 / 5)
    assert probability_of_meeting(v, ">", 3.0) == pytest.approx(1 / 5)
    assert probability_of_meeting(np.array([np.nan, 5.0]), ">=", 5.0) == 1.0
    assert math.isnan(probability_of_meeting(np.array([]), ">=", 1.0))
    assert probability_of_meeting(v, "<", 3.0) == pytest.approx(2 / 5)
    assert probability_of_meeting(v, "<=", 3.0) == pytest.approx(4 / 5)
    with pytest.raises(ValueError, match="op"):
        probability_of_meeting(v, "=", 3.0)


def test_required_growth_hand_computed():
    # 100 -> 121 in two years is 10% a year.
    assert required_growth(100, 2020, 121, 2022) == pytest.approx(10.0)
    # Online sales: 70.2 (2020) to 150 (2025): (150/70.2)^(1/5) - 1 = 16.40...%
    assert required_growth(70.2, 2020, 150, 2025) == pytest.approx(((150 / 70.2) ** 0.2 - 1) * 100)
    assert math.isnan(required_growth(100, 2022, 121, 2022))
    assert historical_growth(np.array([2016, 2020]), np.array([20.5, 70.2])) == pytest.approx(
        ((70.2 / 20.5) ** 0.25 - 1) * 100
    )


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (1.0, "on_track"),
        (0.8, "on_track"),
        (0.79, "at_risk"),
        (0.2, "at_risk"),
        (0.19, "off_track"),
        (0.0, "off_track"),
    ],
)
def test_status_thresholds(p, expected):
    assert status(p) == expected


def test_assess_targets_uses_paths_and_actuals():
    hist = pd.DataFrame(
        {
            "series_id": ["a"] * 6 + ["b"] * 3,
            "year": [2015, 2016, 2017, 2018, 2019, 2020, 2020, 2021, 2022],
            "value": [10, 11, 12.1, 13.3, 14.6, 16.1, 50, 55, 61],
        }
    )
    res = forecast(hist, to_year=2025, n_paths=2000)
    targets = pd.DataFrame(
        {
            "series_id": ["a", "a", "b", "b"],
            "target_year": [2025, 2025, 2022, 2025],
            "op": [">=", ">=", ">", ">="],
            "target_value": [1.0, 1e6, 60, 1e9],
        }
    )
    out = assess_targets(hist, res, targets, as_of_year=2023)
    assert list(out["status"]) == ["on_track", "off_track", "met", "off_track"]
    assert out["probability"].iloc[0] == 1.0 and out["probability"].iloc[1] == 0.0
    assert out["met_actual"].iloc[2] is True  # 61 > 60 is an actual
    assert out["met_actual"].iloc[0] is None
    # b's latest actual before 2025 is 2022 (61), history 50 -> 61 over 2 years.
    row = out.iloc[3]
    assert row["latest_year"] == 2022 and row["latest_value"] == 61
    assert row["historical_growth_pct"] == pytest.approx(((61 / 50) ** 0.5 - 1) * 100)
    assert row["required_growth_pct"] == pytest.approx(((1e9 / 61) ** (1 / 3) - 1) * 100)


def test_probability_tracks_where_the_target_sits_in_the_distribution():
    hist = pd.DataFrame(
        {"series_id": "a", "year": range(2010, 2021), "value": [10 * 1.08**i for i in range(11)]}
    )
    res = forecast(hist, to_year=2025, n_paths=4000)
    row = res.table[res.table["year"] == 2025].iloc[0]
    targets = pd.DataFrame(
        {
            "series_id": "a",
            "target_year": 2025,
            "op": ">=",
            "target_value": [row["lo_80"], row["mean"], row["hi_80"]],
        }
    )
    p = assess_targets(hist, res, targets, as_of_year=2021)["probability"].to_numpy()
    # lo_80 is the 10th percentile, mean the median, hi_80 the 90th.
    np.testing.assert_allclose(p, [0.9, 0.5, 0.1], atol=0.03)


def test_a_year_that_is_over_shows_its_actual_or_not_entered_never_a_probability():
    hist = pd.DataFrame(
        {"series_id": "a", "year": range(2010, 2021), "value": [10 * 1.08**i for i in range(11)]}
    )
    res = forecast(hist, to_year=2025, n_paths=500)
    targets = pd.DataFrame(
        {"series_id": "a", "target_year": [2020, 2020, 2022, 2025], "op": [">=", "<", ">=", ">="],
         "target_value": [21.0, 21.0, 1.0, 1.0]}
    )  # fmt: skip
    out = assess_targets(hist, res, targets, as_of_year=2024)
    # 2020 actual = 10 * 1.08**10 = 21.589: meets >= 21, misses < 21.
    assert list(out["status"]) == ["met", "missed", "not_entered", "on_track"]
    assert math.isnan(out["probability"].iloc[2])  # 2022 is over: no probability
    assert out["actual"].iloc[0] == pytest.approx(10 * 1.08**10)


def test_judge_covers_every_operator_and_qualitative():
    from workbench.targets import Status, judge, status_counts

    kw = dict(target_year=2025, probability=float("nan"), as_of_year=2026)
    assert judge(op="<=", target=5, actual=5, **kw) is Status.MET
    assert judge(op="<", target=5, actual=5, **kw) is Status.MISSED
    assert judge(op=">", target=5, actual=5, **kw) is Status.MISSED
    assert judge(op="qualitative", target=None, actual=None, **kw) is Status.QUALITATIVE
    assert judge(op=">=", target=5, actual=None, **kw) is Status.NOT_ENTERED
    kw["as_of_year"] = 2025
    assert judge(op=">=", target=5, actual=None, **kw) is Status.INSUFFICIENT_DATA
    counts = status_counts(["met", "met", "missed"])
    assert counts[Status.MET] == 2 and sum(counts.values()) == 3
    assert (
        Status.MET.label("zh") == "已达标"
        and Status.NOT_ENTERED.label("en") == "Actual not entered"
    )
