"""Calibrated prediction intervals and sample paths from rolling-origin errors.

Interval widths are empirical, not textbook: at each step ``h`` the absolute scaled
backtest errors ``|u| = |actual - forecast| / s_o`` (see :mod:`.backtest`) of all series
in the call are pooled, and their quantiles give the half-width in units of the
series' own scale ``s`` (mean absolute yearly change in the transformed space):

    half_width(h, level) = s * c * Q_h(level / 100)

``Q_h`` is the pooled quantile function (symmetric; a split-conformal construction
with pooling across series). ``c`` (``interval_scale``) lets a series whose own
backtest errors are systematically larger or smaller than the pool's widen or narrow
its intervals, shrunk toward 1 with a prior weight of ``SHRINK`` errors.

When the call holds too few errors to pool (fewer than ``MIN_POOL`` at a step), the
pooled quantiles are blended with the *prior* table: the same quantiles measured on
the in-sample rolling origins of the 645 M3 yearly series (``prior_quantiles.csv``,
made by ``benchmarks/m3_yearly/make_prior.py`` from training data only). Steps beyond
the table's last step grow as a power of ``h`` fitted to the table.

Sample paths have exactly these marginal quantiles: a Gaussian random walk normalised
to unit variance at each step is mapped through its normal CDF onto ``Q_h``, so paths
are serially dependent (a path that starts high tends to stay high) and the share of
paths inside an interval matches its level.

Bands are well-formed (:func:`monotone_table`, :func:`monotone_bands`): quantiles never
cross at a year, and each quantile's distance from the median never shrinks with the
horizon, on the series' transformed scale. Every model of the engine is of the random-walk
or trend type for annual data (uncertainty grows with the horizon), so this holds for all;
a sampling wiggle (one step's pooled quantile below the previous step's) is lifted to the
previous step's value.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtr
from scipy.stats import norm

PROBS = np.r_[np.arange(0.0, 0.99, 0.01), 0.99, 0.995, 0.999]
"""Probability grid of the two-sided quantile tables (``P(|u| <= Q)``)."""

MIN_POOL = 60
SHRINK = 120.0
"""Prior weight (in errors) of the interval factor's shrinkage toward 1: chosen on the M3
in-sample validation split (80 gave 95% coverage 92.0 there once series had 20 backtest
origins; 120 gives 92.7 at nearly the same MSIS, 26.76 vs 26.63)."""
PRIOR_PATH = Path(__file__).with_name("prior_quantiles.csv")


def abs_quantiles(errors: np.ndarray) -> np.ndarray:
    """Quantiles of ``|errors|`` on ``PROBS`` (finite-sample conservative: 'higher')."""
    e = np.abs(errors[np.isfinite(errors)])
    if len(e) == 0:
        return np.full(len(PROBS), np.nan)
    return np.quantile(e, PROBS, method="higher")


@lru_cache(maxsize=1)
def prior_table() -> np.ndarray:
    """Prior ``(H_prior, len(PROBS))`` quantile table; Gaussian random walk if absent."""
    if PRIOR_PATH.exists():
        df = pd.read_csv(PRIOR_PATH)
        steps = sorted(df["h"].unique())
        table = np.empty((len(steps), len(PROBS)))
        for i, h in enumerate(steps):
            sub = df[df["h"] == h].sort_values("p")
            table[i] = np.interp(PROBS, sub["p"].to_numpy(), sub["q"].to_numpy())
        return table
    # Random walk: one-step sd sigma, s = E|step| = sigma * sqrt(2/pi).
    h = np.arange(1, 7)[:, None]
    z = norm.ppf(0.5 + PROBS[None, :] / 2)
    return z * np.sqrt(h) / np.sqrt(2 / np.pi)


def extend_steps(table: np.ndarray, H: int) -> np.ndarray:
    """Extend a quantile table to ``H`` steps with a power law in ``h`` fitted per probability."""
    k = table.shape[0]
    if H <= k:
        return table[:H].copy()
    h = np.arange(1, k + 1)
    out = np.empty((H, table.shape[1]))
    out[:k] = table
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = np.log(np.maximum(table, 1e-12))
    slope = np.polyfit(np.log(h), lq, 1)[0] if k > 1 else np.full(table.shape[1], 0.5)
    slope = np.clip(slope, 0.5, 1.5)
    for j in range(k, H):
        out[j] = table[-1] * ((j + 1) / k) ** slope
    return out


def pooled_table(errors_by_step: list[np.ndarray], H: int) -> tuple[np.ndarray, np.ndarray]:
    """Quantile table ``(H, len(PROBS))`` from pooled scaled errors, blended with the prior.

    Returns the table and the number of pooled errors per step.
    """
    prior = extend_steps(prior_table(), H)
    table = np.empty((H, len(PROBS)))
    counts = np.zeros(H, dtype=int)
    for h in range(H):
        e = errors_by_step[h] if h < len(errors_by_step) else np.array([])
        e = e[np.isfinite(e)]
        counts[h] = len(e)
        if len(e) >= MIN_POOL:
            table[h] = abs_quantiles(e)
        elif len(e) > 0:
            w = len(e) / MIN_POOL
            table[h] = w * abs_quantiles(e) + (1 - w) * prior[h]
        else:
            table[h] = prior[h]
    table = np.maximum.accumulate(table, axis=1)  # monotone in probability
    return table, counts


def series_factor(errors: np.ndarray, table: np.ndarray) -> float:
    """Shrunk ratio of a series' own median |error| to the pool's (1 when it has none).

    ``errors``: ``(n_origins, H)`` scaled errors of the series.
    """
    med = np.interp(0.5, PROBS, np.arange(len(PROBS)))
    ratios = []
    for h in range(min(errors.shape[1], table.shape[0])):
        e = errors[:, h]
        e = np.abs(e[np.isfinite(e)])
        q50 = np.interp(med, np.arange(len(PROBS)), table[h])
        if q50 > 0:
            ratios.extend(np.log(np.maximum(e, 1e-9 * q50) / q50))
    m = len(ratios)
    if m == 0:
        return 1.0
    # Median of log ratios is robust; shrink toward 0 (factor 1).
    return float(np.exp(np.median(ratios) * m / (m + SHRINK)))


def monotone_table(table: np.ndarray) -> np.ndarray:
    """``table`` ``(H, len(PROBS))`` made non-decreasing in probability and in the step ``h``.

    Running maximum along both axes: a step's quantile is at least the previous step's.
    """
    return np.maximum.accumulate(np.maximum.accumulate(np.asarray(table, float), axis=1), axis=0)


def monotone_bands(
    median: np.ndarray,
    bands: dict[int, tuple[np.ndarray, np.ndarray]],
    forward=None,
    inverse=None,
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Well-formed bands: non-crossing at each year, half-widths non-decreasing in the horizon.

    ``median``: ``(H,)``; ``bands``: level (percent) → ``(lo, hi)``, each ``(H,)``, in the
    series' units. Distances ``median - lo`` and ``hi - median`` are taken on the scale
    ``forward`` maps to (the model's transformed scale; identity when ``None``), clipped at
    0, made non-decreasing in the level and in the horizon (running maxima), and mapped back
    with ``inverse``. Values already well-formed are returned unchanged, bit for bit; NaN
    stays NaN. Returns a new dict.
    """
    fwd = forward or (lambda v: np.asarray(v, float))
    inv = inverse or (lambda v: np.asarray(v, float))
    levels = sorted(bands)
    if not levels:
        return {}
    zm = fwd(median)
    lo_new, lo_old = _widths(zm, [fwd(bands[lv][0]) for lv in levels], -1.0)
    hi_new, hi_old = _widths(zm, [fwd(bands[lv][1]) for lv in levels], 1.0)
    res = {}
    for i, lv in enumerate(levels):
        lo, hi = (np.asarray(b, float) for b in bands[lv])
        res[lv] = (
            np.where(lo_new[i] > lo_old[i], inv(zm - lo_new[i]), lo),
            np.where(hi_new[i] > hi_old[i], inv(zm + hi_new[i]), hi),
        )
    return res


def _widths(zm: np.ndarray, zq: list[np.ndarray], sign: float) -> tuple[np.ndarray, np.ndarray]:
    """One side's distances from the median ``(levels, H)``: well-formed ones and the given ones.

    ``sign``: -1 for lower quantiles, +1 for upper ones. NaN (no band) stays NaN.
    """
    old = np.array([sign * (np.asarray(z, float) - zm) for z in zq])
    with np.errstate(invalid="ignore"):
        new = np.maximum(np.nan_to_num(old, nan=0.0), 0.0)
    new = np.maximum.accumulate(np.maximum.accumulate(new, axis=0), axis=1)
    return np.where(np.isnan(old), np.nan, new), old


def half_width(table: np.ndarray, level: float) -> np.ndarray:
    """Half-widths per step (in units of ``s * c``) at a two-sided ``level`` (percent).

    From :func:`monotone_table`: never smaller at a later step.
    """
    p = level / 100
    return np.array([np.interp(p, PROBS, row) for row in monotone_table(table)])


def sample_paths(table: np.ndarray, n_paths: int, key: str, seed: int) -> np.ndarray:
    """Scaled deviations ``(n_paths, H)`` whose marginal at step ``h`` follows ``table[h]``.

    Deterministic for a given ``key`` (series id) and ``seed``.
    """
    H = table.shape[0]
    table = monotone_table(table)
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    walk = np.cumsum(rng.standard_normal((n_paths, H)), axis=1) / np.sqrt(np.arange(1, H + 1))
    p = np.clip(2 * ndtr(np.abs(walk)) - 1, 0, PROBS[-1])
    out = np.empty_like(walk)
    for h in range(H):
        out[:, h] = np.interp(p[:, h], PROBS, table[h])
    return np.sign(walk) * out
