"""The pooled model for short series: node-table trees, and its share in the forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.forecast import engine, forecast, pooled_short
from workbench.forecast.pooled_short import Trees, load_trees, node_table, trees_table


def _stump(tmp_path) -> Trees:
    """One split on feature 0 at 1.0 (left leaf 2, right leaf 5, NaN right); baseline 0.5."""
    tree = pd.DataFrame(
        {
            "node": [0, 1, 2],
            "feature": [0, 0, 0],
            "threshold": [1.0, 0.0, 0.0],
            "left": [1, 0, 0],
            "right": [2, 0, 0],
            "leaf": [0, 1, 1],
            "value": [0.0, 2.0, 5.0],
            "nan_left": [0, 0, 0],
        }
    )
    path = tmp_path / "trees.csv"
    trees_table(0.5, [tree, tree]).to_csv(path, index=False)
    return load_trees(path)


def test_hand_built_trees(tmp_path):
    trees = _stump(tmp_path)
    X = np.array([[0.0, 9.0], [1.0, 9.0], [3.0, 9.0], [np.nan, 9.0]])
    # two identical trees: baseline 0.5 + 2 * leaf; x <= threshold goes left
    assert trees.predict(X) == pytest.approx([4.5, 4.5, 10.5, 10.5])


def test_node_table_reproduces_scikit_learn(tmp_path):
    from sklearn.ensemble import HistGradientBoostingRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 4))
    y = X[:, 0] ** 2 + np.abs(X[:, 1]) + rng.normal(size=2000)
    gbm = HistGradientBoostingRegressor(loss="absolute_error", max_iter=30, random_state=0)
    gbm.fit(X, y)
    path = tmp_path / "t.csv"
    node_table(gbm).to_csv(path, index=False, float_format="%.17g")
    Xt = rng.normal(size=(300, 4))
    Xt[:10, 0] = np.nan
    assert load_trees(path).predict(Xt) == pytest.approx(gbm.predict(Xt), abs=1e-9)


def _short_history() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(5):
        y = 100 * np.exp(np.cumsum(rng.normal(0.05, 0.08, 8)))
        rows += [(f"s{i}", 2016 + k, float(v)) for k, v in enumerate(y)]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


def test_pooled_share_moves_short_forecasts_between_prior_and_model(monkeypatch):
    """Share 0 and share 1 bracket the shipped forecast (the mix is linear in the
    transformed space, so the log of the median is the weighted mean of both)."""
    if load_trees(pooled_short.POOLED_SHORT_PATH) is None:
        pytest.skip("no pooled model file")
    h = _short_history()
    runs = {}
    for share in (0.0, engine.POOLED_SHARE, 1.0):
        monkeypatch.setattr(engine, "POOLED_SHARE", share)
        runs[share] = forecast(h, horizon=4, n_paths=50, seed=1).table["median"].to_numpy()
    w = engine.POOLED_SHARE
    mixed = np.exp((1 - w) * np.log(runs[0.0]) + w * np.log(runs[1.0]))
    assert runs[w] == pytest.approx(mixed, rel=1e-9)
    assert not np.allclose(runs[0.0], runs[1.0])


def test_without_the_file_the_pooled_model_is_off(monkeypatch, tmp_path):
    h = _short_history()
    monkeypatch.setattr(pooled_short, "POOLED_SHORT_PATH", tmp_path / "missing.csv")
    off = forecast(h, horizon=4, n_paths=50, seed=1).table
    monkeypatch.setattr(engine, "POOLED_SHARE", 0.0)
    zero = forecast(h, horizon=4, n_paths=50, seed=1).table
    pd.testing.assert_frame_equal(off, zero)
