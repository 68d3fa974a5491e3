"""A pooled (global) model for short series: gradient-boosted trees learned on M3 windows.

The short-series prior (:mod:`workbench.forecast.prior_short`) combines the engine's
models with *linear* weights per length and trend group. The pooled model learns a
*nonlinear* map from the same inputs to the realised change, on thousands of windows
of 4..13 years cut from the M3 yearly training data
(``benchmarks/short_history/make_prior_short.py``, scikit-learn
``HistGradientBoostingRegressor`` with absolute-error loss). Per step ``h`` its inputs
are every stack input's increment divided by the series' mean absolute yearly change
``s`` (transformed space), their median, ``h``, the length, the trend group and
``log s``; it predicts the increment divided by ``s``.

The trees are stored as a plain table in ``pooled_short.csv`` (one row per node) and
evaluated here with numpy, so the engine needs no scikit-learn model file and is
deterministic. Without the file the pooled model is not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

POOLED_SHORT_PATH = Path(__file__).with_name("pooled_short.csv")

DIGITS = 8
"""Inputs are rounded to this many decimals: scaled increments of exactly tied or
constant-growth histories hit the trees' thresholds exactly, and a last-bit difference
(the same series in other units) must not flip a split."""

NODE_COLUMNS = (
    "tree",
    "node",
    "feature",
    "threshold",
    "left",
    "right",
    "leaf",
    "value",
    "nan_left",
)
"""Columns of the node table (``tree`` -1 holds the baseline in ``value``)."""


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees as flat arrays; node ``i`` of tree ``t`` is row
    ``start[t] + i``."""

    baseline: float
    start: np.ndarray  # (n_trees,)
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    nan_left: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predictions ``(n,)`` for rows ``X (n, n_features)`` (all trees at once)."""
        X = np.asarray(X, float)
        rows = np.arange(len(X))[:, None]
        node = np.broadcast_to(self.start[None, :], (len(X), len(self.start))).copy()
        while True:
            leaf = self.leaf[node]
            if leaf.all():
                break
            x = X[rows, self.feature[node]]
            go_left = np.where(np.isnan(x), self.nan_left[node], x <= self.threshold[node])
            child = self.start[None, :] + np.where(go_left, self.left[node], self.right[node])
            node = np.where(leaf, node, child)
        return self.baseline + self.value[node].sum(axis=1)


def trees_table(baseline: float, trees: list[pd.DataFrame]) -> pd.DataFrame:
    """The node table of ``trees`` (one frame per tree with the columns after ``tree``)."""
    parts = [pd.DataFrame([dict.fromkeys(NODE_COLUMNS, 0) | {"tree": -1, "value": baseline}])]
    parts += [t.assign(tree=k)[list(NODE_COLUMNS)] for k, t in enumerate(trees)]
    return pd.concat(parts, ignore_index=True)


def node_table(gbm) -> pd.DataFrame:
    """The node table of a fitted scikit-learn ``HistGradientBoostingRegressor``
    (numerical features, identity link)."""
    trees = []
    for (pred,) in gbm._predictors:
        nd = pred.nodes
        cols = {
            "node": np.arange(len(nd)),
            "feature": nd["feature_idx"],
            "threshold": nd["num_threshold"],
            "left": nd["left"],
            "right": nd["right"],
            "leaf": nd["is_leaf"].astype(int),
            "value": nd["value"],
            "nan_left": nd["missing_go_to_left"].astype(int),
        }
        trees.append(pd.DataFrame(cols))
    return trees_table(float(np.ravel(gbm._baseline_prediction)[0]), trees)


@lru_cache(maxsize=4)
def load_trees(path: Path = POOLED_SHORT_PATH) -> Trees | None:
    """The pooled model from its node table; None when the file is absent."""
    if not path.exists():
        return None
    df = pd.read_csv(path)
    base = float(df.loc[df["tree"] == -1, "value"].iloc[0])
    df = df[df["tree"] >= 0].sort_values(["tree", "node"]).reset_index(drop=True)
    start = df.groupby("tree").head(1).index.to_numpy()
    return Trees(
        base,
        start,
        df["feature"].to_numpy(int),
        df["threshold"].to_numpy(float),
        df["left"].to_numpy(int),
        df["right"].to_numpy(int),
        df["leaf"].to_numpy(bool),
        df["value"].to_numpy(float),
        df["nan_left"].to_numpy(bool),
    )


def design(F: np.ndarray, s: np.ndarray, L: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Model rows ``(n * H, n_features)`` (row ``i * H + h``) from stack-input increments
    ``F (n, H, n_inputs)``, scales ``s (n,)``, lengths ``L (n,)`` and trend groups ``g (n,)``."""
    n, H, _ = F.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        Fs = F / s[:, None, None]
        med = np.median(Fs, axis=2)
        logs = np.log(s)
    hh = np.broadcast_to(np.arange(H)[None, :], (n, H))
    cols = [
        Fs.reshape(n * H, -1),
        med.reshape(-1, 1),
        hh.reshape(-1, 1),
        np.repeat(L, H)[:, None],
        np.repeat(g, H)[:, None],
        np.repeat(logs, H)[:, None],
    ]
    return np.round(np.hstack([np.asarray(c, float) for c in cols]), DIGITS)


def pooled_increments(
    trees: Trees, F: np.ndarray, s: np.ndarray, L: np.ndarray, g: np.ndarray
) -> np.ndarray:
    """Pooled-model increments ``(n, H)`` (NaN where ``s`` is not positive)."""
    n, H, _ = F.shape
    ok = np.isfinite(s) & (s > 0)
    out = np.full((n, H), np.nan)
    if ok.any():
        pred = trees.predict(design(F[ok], s[ok], L[ok], g[ok])).reshape(-1, H)
        out[ok] = pred * s[ok, None]
    return out


__all__ = [
    "POOLED_SHORT_PATH",
    "Trees",
    "design",
    "load_trees",
    "node_table",
    "pooled_increments",
    "trees_table",
]
