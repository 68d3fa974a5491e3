"""The memory-lean paths frame and engine give exactly the numbers of the plain ones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.forecast import engine as E
from workbench.forecast import forecast
from workbench.forecast.api import _paths_frame, _prepare, _validate


def _synthetic(n_series: int, seed: int) -> pd.DataFrame:
    """Seeded synthetic log random walks of 5 to 14 years (SYNTHETIC test data)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_series):
        drift, sd = rng.uniform(-0.02, 0.12), rng.uniform(0.02, 0.15)
        z = np.log(rng.uniform(10, 1000)) + np.cumsum(rng.normal(drift, sd, 5 + i % 10))
        rows += [(f"s{i:03d}", 2000 + t, float(np.exp(v))) for t, v in enumerate(z)]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


def test_paths_frame_by_hand():
    got = _paths_frame([("x", np.array([2021, 2022]), np.array([[1.0, 2.0], [3.0, 4.0]]))])
    assert list(got.columns) == ["series_id", "path", "year", "value"]
    assert list(got["series_id"].astype(str)) == ["x"] * 4
    assert list(got["path"]) == [0, 0, 1, 1]
    assert list(got["year"]) == [2021, 2022, 2021, 2022]
    assert list(got["value"]) == [1.0, 2.0, 3.0, 4.0]


def test_paths_frame_equals_one_frame_per_series_concatenated():
    rng = np.random.default_rng(2)
    parts = []
    for sid, k, h in (("b", 4, 3), ("a", 4, 1), ("c", 2, 5)):
        block = rng.normal(size=(k, h + 2))[:, :h]  # a column slice, as fit.paths[:, :H]
        parts.append((sid, np.arange(2021, 2021 + h), block))
    ref = pd.concat(
        [
            pd.DataFrame(
                {
                    "series_id": sid,
                    "path": np.repeat(np.arange(s.shape[0]), s.shape[1]),
                    "year": np.tile(fut, s.shape[0]),
                    "value": s.ravel(),
                }
            )
            for sid, fut, s in parts
        ],
        ignore_index=True,
    )
    got = _paths_frame(parts)
    assert isinstance(got["series_id"].dtype, pd.CategoricalDtype)
    assert list(got["series_id"].cat.categories) == ["b", "a", "c"]  # call order
    assert got["path"].dtype == np.int32
    plain = got.astype({"series_id": ref["series_id"].dtype, "path": np.int64})
    pd.testing.assert_frame_equal(plain, ref, check_exact=True)


def test_no_paths_gives_the_empty_frame():
    assert list(_paths_frame([]).columns) == ["series_id", "path", "year", "value"]


def _frames_equal(a, b) -> None:
    for name in ("table", "paths", "info", "failed"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def test_dropping_backtest_increments_changes_no_number(monkeypatch):
    """Finishing a series must not need the models' increments (they are freed first):
    keeping them gives the same frames, for a stacked call with short series and gaps."""
    data = _synthetic(45, seed=4).drop(index=[7, 30])
    kw = dict(horizon=4, n_paths=30, seed=1)
    lean = forecast(data, **kw)
    assert len(lean.failed) == 0 and (lean.info["model"] == "stack").sum() >= 40
    monkeypatch.setattr(E, "drop_increments", lambda bt: bt)
    _frames_equal(lean, forecast(data, **kw))


def test_dropping_increments_with_per_series_selection(monkeypatch):
    data = _synthetic(8, seed=6)
    kw = dict(horizon=3, n_paths=20, seed=2, method="select")
    lean = forecast(data, **kw)
    assert len(lean.failed) == 0
    monkeypatch.setattr(E, "drop_increments", lambda bt: bt)
    _frames_equal(lean, forecast(data, **kw))


def test_dropped_backtest_keeps_what_finishing_needs():
    preps = _prepare(_validate(_synthetic(1, seed=1)), None, 3, None, {})
    bt = E.backtest_many(preps, 3, {})["s000"]
    slim = E.drop_increments(bt)
    assert slim.inc == {} and len(bt.inc) == len(E.ALL_NAMES)  # the original is untouched
    for name in ("origins", "actual", "scale"):
        assert getattr(slim, name) is getattr(bt, name)
    assert (slim.H, slim.n_bt) == (bt.H, bt.n_bt)
