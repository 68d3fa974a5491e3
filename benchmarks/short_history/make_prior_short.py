"""Learn the short-series prior from windows of M3 yearly *training* data.

A forecaster that has seen thousands of series should beat one that sees eight points.
For every window length ``L`` (``SHORT_MIN``..``SHORT_MAX`` years) this cuts windows of
``L`` years followed by 6 known years out of the M3 yearly training parts (up to 6 per
series, the most recent ones, 2 years apart), runs the engine's models on each window
exactly as it would on a short series, and learns

* per step ``h``: non-negative least-absolute-deviation weights of the stack inputs
  (smoothed over h-1..h+1, as the in-call stack), and
* per step ``h``: quantiles of the absolute scaled errors of the final forecast
  (cross-fitted: windows of half the series scored with weights and a pooled model
  learned on the other half), which become the interval table of a series of ``L`` years.

The weights of each step sum to at most 1 (round 3; the rest goes to the naive
forecast, whose increment is zero): the combination never extrapolates a trend further
than its most trending input. Across all lengths it also learns the pooled model
(``workbench.forecast.pooled_short``: gradient-boosted trees on the scaled stack
inputs, absolute-error loss), stored as a node table in ``pooled_short.csv``.

Only training data are read: ``--split test`` (default) uses the full training parts
and writes the shipped ``workbench/forecast/prior_short.csv`` and ``pooled_short.csv``;
``--split validation`` uses the training parts without their last 6 years (for design
on the hold-out) and writes ``benchmarks/short_history/work/prior_short_validation.csv``
and ``pooled_short_validation.csv``.

    .venv/bin/python benchmarks/short_history/make_prior_short.py [--split validation]
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from cuts import H, splits  # noqa: E402

from workbench.forecast.backtest import (  # noqa: E402
    GROUP_WEIGHT,
    MIN_GROUP_SERIES,
    TREND_CUTS,
    _lad_nnls,
    naive_scales,
    run_backtest,
    trend_group,
)
from workbench.forecast.engine import (  # noqa: E402
    ALL_NAMES,
    POOLED_SHARE,
    PRIOR_MEDIAN_SHARE,
    STACK_FEATURES,
)
from workbench.forecast.intervals import PROBS, abs_quantiles  # noqa: E402
from workbench.forecast.pooled_short import (  # noqa: E402
    POOLED_SHORT_PATH,
    Trees,
    design,
    load_trees,
    node_table,
    pooled_increments,
)
from workbench.forecast.prior_short import (  # noqa: E402
    PRIOR_SHORT_PATH,
    SCALE_POWER,
    SHORT_MAX,
    SHORT_MIN,
)
from workbench.forecast.transforms import make_transform  # noqa: E402

DESIGN_POWERS = (0.0, 0.5, 1.0)
"""Scale powers tabulated for design (validation); the shipped file has ``SCALE_POWER``
only (hold-out, cut 6, MSIS: power 0 39.9, 0.5 26.7, 1 83.2)."""
WINDOWS_PER_SERIES = 6
"""Most recent windows per series and length, ``STRIDE`` years apart (3 gave sMAPE 19.04
at cut 6 on the hold-out, 6 gave 18.84)."""
STRIDE = 2
GBM_PARAMS = dict(
    loss="absolute_error",
    max_iter=200,
    learning_rate=0.05,
    max_leaf_nodes=15,
    min_samples_leaf=50,
    early_stopping=False,
    random_state=0,
)
"""The pooled model's trees (hold-out: mixed in at ``POOLED_SHARE`` 0.25, see
docs/forecasting.md, round 3)."""
TARGET_CLIP = 30.0
"""Scaled targets are clipped to +-this before fitting (a few windows of near-constant
series have huge scaled changes)."""


def window_rows(train: pd.DataFrame, L: int) -> tuple[np.ndarray, ...]:
    """Features ``(N, H, F)``, actual increments ``(N, H)``, scales ``(N,)``, the fold
    (0/1 by series) and trend group of every window of ``L`` years followed by ``H``
    known years."""
    X, Y, S, fold, grp = [], [], [], [], []
    for sid, g in train.groupby("series_id", sort=False):
        y = g.sort_values("year")["value"].to_numpy(float)
        n = len(y)
        for k in range(WINDOWS_PER_SERIES):
            t = n - H - k * STRIDE  # window y[t-L:t], targets y[t:t+H]
            if t < L:
                break
            w = y[t - L : t]
            tf = make_transform(w, None)
            z = tf.forward(w)
            bt = run_backtest(z, tf, H, ALL_NAMES)
            F = np.stack([bt.inc[f][-1] for f in STACK_FEATURES], axis=-1)  # (H, F)
            X.append(F)
            Y.append(tf.forward(y[t : t + H]) - z[-1])
            S.append(float(naive_scales(z, np.array([L]))[0]))
            fold.append(zlib.crc32(str(sid).encode()) % 2)
            grp.append(trend_group(z))
    return np.array(X), np.array(Y), np.array(S), np.array(fold), np.array(grp)


def group_weights(X: np.ndarray, Y: np.ndarray, G: np.ndarray) -> dict[int, np.ndarray]:
    """Weights per trend group (as the in-call stack): ``GROUP_WEIGHT`` of the group's own
    fit plus the rest of the pooled fit (key -1); small groups take the pooled fit."""
    pooled = learn_weights(X, Y)
    out = {-1: pooled}
    for g in range(len(TREND_CUTS) + 1):
        m = G == g
        own = learn_weights(X[m], Y[m]) if m.sum() >= MIN_GROUP_SERIES else pooled
        out[g] = GROUP_WEIGHT * own + (1 - GROUP_WEIGHT) * pooled
    return out


def apply(X: np.ndarray, G: np.ndarray, Wg: dict[int, np.ndarray]) -> np.ndarray:
    """Stacked increments ``(N, H)`` with each window's group weights."""
    return np.stack([np.einsum("hf,hf->h", X[i], Wg[int(G[i])]) for i in range(len(X))])


def learn_weights(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-step weights ``(H, F)`` by pooled non-negative LAD, smoothed over h-1..h+1."""
    W = np.zeros((H, X.shape[2]))
    for h in range(H):
        ok = np.all(np.isfinite(X[:, h]), axis=1) & np.isfinite(Y[:, h])
        W[h] = lad_capped(X[ok, h], Y[ok, h])
    return np.array([W[max(0, h - 1) : h + 2].mean(axis=0) for h in range(H)])


def lad_capped(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Non-negative LAD weights summing to at most 1 (the naive input, a zero column,
    takes the rest): a heavily weighted extra row asks for a sum of exactly 1."""
    big = 100.0 * float(np.median(np.abs(y))) + 1e-9
    return _lad_nnls(np.vstack([X, np.full((1, X.shape[1]), big)]), np.r_[y, big])


def final_increments(X, S, L, G, Wg, trees: Trees | None) -> np.ndarray:
    """The engine's forecast increments ``(N, H)`` of windows: the stack mixed with the
    median of its inputs (``PRIOR_MEDIAN_SHARE``) and the pooled model (``POOLED_SHARE``)."""
    f = (1 - PRIOR_MEDIAN_SHARE) * apply(X, G, Wg) + PRIOR_MEDIAN_SHARE * np.median(X, axis=2)
    if trees is None or POOLED_SHARE == 0:
        return f
    p = pooled_increments(trees, X, S, np.full(len(X), L), G)
    return np.where(np.isfinite(p), (1 - POOLED_SHARE) * f + POOLED_SHARE * p, f)


def fit_pooled(rows: dict[int, tuple[np.ndarray, ...]], keep=None) -> Trees:
    """Gradient-boosted trees on the windows of every length (``keep(fold)``: a mask of
    the windows to learn from), exported to :class:`Trees`."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    Xs, Ys = [], []
    for L, (X, Y, S, fold, G) in rows.items():
        ok = (S > 0) & np.all(np.isfinite(X), axis=(1, 2)) & np.all(np.isfinite(Y), axis=1)
        if keep is not None:
            ok &= keep(fold)
        Xs.append(design(X[ok], S[ok], np.full(ok.sum(), L), G[ok]))
        Ys.append(np.clip(Y[ok] / S[ok, None], -TARGET_CLIP, TARGET_CLIP).reshape(-1))
    gbm = HistGradientBoostingRegressor(**GBM_PARAMS).fit(np.vstack(Xs), np.concatenate(Ys))
    table = node_table(gbm)
    path = HERE / "work/_trees.csv"
    path.parent.mkdir(exist_ok=True)
    table.to_csv(path, index=False, float_format="%.9g")
    load_trees.cache_clear()
    return load_trees(path)


def error_quantiles(X, Y, S, fold, G, power: float, L: int, fold_trees) -> np.ndarray:
    """Cross-fitted quantiles ``(H, len(PROBS))`` of absolute errors of the final
    forecast divided by the window's scale to the ``power`` (``SCALE_POWER``)."""
    errs = []
    for k in (0, 1):
        Wg = group_weights(X[fold != k], Y[fold != k], G[fold != k])
        m = fold == k
        f = final_increments(X[m], S[m], L, G[m], Wg, fold_trees[k])
        s = S[fold == k] ** power
        with np.errstate(invalid="ignore", divide="ignore"):
            errs.append((Y[fold == k] - f) / np.where(s > 0, s, np.nan)[:, None])
    e = np.vstack(errs)
    return np.maximum.accumulate(np.array([abs_quantiles(e[:, h]) for h in range(H)]), axis=1)


def main(split: str) -> Path:
    train, _ = splits()[split]
    rows = []
    t0 = time.perf_counter()
    win = {L: window_rows(train, L) for L in range(SHORT_MIN, SHORT_MAX + 1)}
    print(f"windows: {time.perf_counter() - t0:.0f} s", flush=True)
    fold_trees = [fit_pooled(win, lambda f, k=k: f != k) for k in (0, 1)]
    trees_out = fit_pooled(win)
    for L in range(SHORT_MIN, SHORT_MAX + 1):
        X, Y, S, fold, G = win[L]
        Wg = group_weights(X, Y, G)
        for a in (SCALE_POWER,) if split == "test" else DESIGN_POWERS:
            Q = error_quantiles(X, Y, S, fold, G, a, L, fold_trees)
            for h in range(H):
                rows += [
                    (f"quantile_s{a:g}", L, h + 1, f"{p:.3f}", Q[h, i]) for i, p in enumerate(PROBS)
                ]
        for g, W in Wg.items():
            name = "weight" if g < 0 else f"weight_g{g}"
            for h in range(H):
                rows += [(name, L, h + 1, f, W[h, j]) for j, f in enumerate(STACK_FEATURES)]
        print(f"L={L}: {len(X)} windows, {time.perf_counter() - t0:.0f} s", flush=True)
    out = PRIOR_SHORT_PATH if split == "test" else HERE / "work/prior_short_validation.csv"
    pooled = POOLED_SHORT_PATH if split == "test" else HERE / "work/pooled_short_validation.csv"
    (HERE / "work/_trees.csv").replace(pooled)
    print(f"wrote {pooled} ({len(trees_out.value)} nodes)")
    pd.DataFrame(rows, columns=["table", "length", "h", "key", "value"]).to_csv(
        out, index=False, float_format="%.6g"
    )
    print(f"wrote {out}")
    return out


if __name__ == "__main__":
    np.seterr(all="ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["test", "validation"], default="test")
    main(ap.parse_args().split)
