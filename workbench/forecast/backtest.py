"""Rolling-origin backtests, per-series model selection and pooled stacking weights.

For one series ``z`` (transformed, gap-free, length ``n``) the backtest forecasts from
every origin ``o`` in ``first_origin(n)..n`` (``o`` = observations used) and records,
per model, the forecast *increments* ``f[o, h] - z[o-1]`` for steps ``h = 1..H``. The
last origin (``o = n``) is the real forecast; the others are compared with what
happened. Errors are scaled by ``s_o``, the mean absolute one-year change of ``z[:o]``
(the MASE denominator in the transformed space), so errors pool across series.

Models are run twice: on ``z`` and on the raw values (then mapped into ``z``), because
a trend in levels and a trend in logs extrapolate differently; both sets of increments
are candidates ("theta" vs "theta_raw").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import linalg
from scipy.optimize import nnls

from workbench.forecast.models import COMBOS, MODELS, min_obs, run_models
from workbench.forecast.transforms import Transform

BASE_MODELS: tuple[str, ...] = tuple(MODELS)
CANDIDATES: tuple[str, ...] = (
    "combo",
    "theta",
    "damped",
    "arima",
    "ses",
    "drift",
    "naive",
    "loglinear",
)
"""Models a series may select on its own backtest (``combo`` first: it wins ties)."""

MIN_TRAIN = 6
"""Fewest observations at a backtest origin (shorter windows say little about the series)."""

MAX_BT_ORIGINS = 20
"""Most recent in-sample origins backtested per series (20 rather than 10 gives every
series six realised errors at step 6 for the stack; in-sample validation on M3:
sMAPE 18.574 -> 18.535)."""

STACK_SMOOTH = 1
"""Stack weights at step h are the mean of the per-step fits at h-1..h+1 (in-sample
validation on M3: sMAPE 18.535 -> 18.508, MASE 3.142 -> 3.140)."""

MIN_SELECT_ERRORS = 3
"""A series needs this many backtest forecasts before its own errors may choose its model."""


@dataclass
class SeriesBacktest:
    """Forecast increments of every model at every origin of one series.

    ``inc[name]``: ``(len(origins), H)`` increments in ``z``; ``actual``: the realised
    increments (NaN past the end); ``scale``: ``s_o`` per origin.
    """

    origins: np.ndarray
    inc: dict[str, np.ndarray]
    actual: np.ndarray
    scale: np.ndarray
    H: int
    feature_names: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_bt(self) -> int:
        """Number of in-sample origins (all but the last)."""
        return len(self.origins) - 1


def first_origin(n: int) -> int:
    """Earliest backtest origin for a series of length ``n``."""
    return max(MIN_TRAIN, n - MAX_BT_ORIGINS)


def naive_scales(z: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Mean absolute one-step change of ``z[:o]`` per origin (NaN when ``o < 2``)."""
    ad = np.abs(np.diff(z))
    cs = np.r_[0.0, np.cumsum(ad)]
    o = origins
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(o >= 2, cs[np.maximum(o - 1, 0)] / np.maximum(o - 1, 1), np.nan)


def run_backtest(
    z: np.ndarray,
    tf: Transform,
    H: int,
    names: tuple[str, ...],
    observed: np.ndarray | None = None,
) -> SeriesBacktest:
    """Backtest ``names`` (base models, combos, ``*_raw`` variants) on one series.

    ``observed``: bool per entry of ``z``; an interpolated year (False) is never
    compared with a forecast, so its ``actual`` stays NaN (default: all observed).
    """
    return run_backtests([z], [tf], H, names, [observed])[0]


def run_backtests(
    zs: list[np.ndarray],
    tfs: list[Transform],
    H: int,
    names: tuple[str, ...],
    observed: list[np.ndarray | None],
) -> list[SeriesBacktest]:
    """:func:`run_backtest` of several series of one length, the models run on all of
    them (and their raw scales) in one pass; each series gets the numbers it gets alone."""
    n = len(zs[0])
    origins = np.arange(min(first_origin(n), n), n + 1)
    plain = tuple(nm for nm in names if not nm.endswith("_raw"))
    raw = tuple(nm[:-4] for nm in names if nm.endswith("_raw"))
    rows, refs = list(zs), []
    if raw:  # both scales in one pass of the models
        for z, tf in zip(zs, tfs, strict=True):
            y = tf.inverse(z)
            refs.append(np.max(np.abs(y)) or 1.0)
            rows.append(y / refs[-1])
    fc = run_models(np.stack(rows), origins, H, tuple(dict.fromkeys(plain + raw)))
    out = []
    for i, (z, tf, obs) in enumerate(zip(zs, tfs, observed, strict=True)):
        last = z[origins - 1][:, None]
        inc: dict[str, np.ndarray] = {nm: fc[nm][i] - last for nm in plain}
        for nm in raw:
            inc[nm + "_raw"] = tf.forward(fc[nm][len(zs) + i] * refs[i]) - last
        out.append(_finish_backtest(z, origins, inc, H, names, obs))
    return out


def _finish_backtest(
    z: np.ndarray,
    origins: np.ndarray,
    inc: dict[str, np.ndarray],
    H: int,
    names: tuple[str, ...],
    observed: np.ndarray | None,
) -> SeriesBacktest:
    """A series' backtest from its increments: realised increments (real years only)."""
    n = len(z)
    actual = np.full((len(origins), H), np.nan)
    for k, o in enumerate(origins):
        hh = min(H, n - o)
        if hh > 0:
            actual[k, :hh] = z[o : o + hh] - z[o - 1]
    if observed is not None:
        # Score real observations only: a target year filled by interpolation is no evidence.
        idx = origins[:, None] + np.arange(H)[None, :]
        real = np.zeros(idx.shape, bool)
        inside = idx < n
        real[inside] = np.asarray(observed, bool)[idx[inside]]
        actual[~real] = np.nan
    return SeriesBacktest(origins, inc, actual, naive_scales(z, origins), H, tuple(names))


def scaled_errors(bt: SeriesBacktest, inc: np.ndarray) -> np.ndarray:
    """Backtest errors ``(actual - forecast) / s_o`` of in-sample origins, ``(n_bt, H)``."""
    s = bt.scale[:-1, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        e = (bt.actual[:-1] - inc[:-1]) / np.where(s > 0, s, np.nan)
    return e


FALLBACKS: tuple[tuple[str, int], ...] = (("combo", 4), ("naive", 1))
"""Model of a series too short to backtest, by its minimum length. Two or three points
take no trend (before: drift from 2, theta from 3): on both M3 hold-outs of
``benchmarks/borrowing/run.py`` the last value beat drift from 2 points (sMAPE / MASE
20.58 / 3.85 vs 33.39 / 7729 and 24.13 / 4.25 vs 51.00 / 12.78) and theta from 3
(20.58 / 3.85 vs 21.57 / 3.87 and 24.13 / 4.25 vs 29.56 / 4.70)."""


def select_model(bt: SeriesBacktest, n: int) -> tuple[str, str]:
    """The candidate with the lowest mean absolute scaled backtest error, and why.

    Falls back by length when the series has fewer than ``MIN_SELECT_ERRORS`` backtest
    forecasts: ``FALLBACKS`` (``combo`` from 4 years, else ``naive``).
    """
    avail = [c for c in CANDIDATES if n >= min_obs(c) and c in bt.inc]
    best, best_err, n_err = None, np.inf, 0
    for c in avail:
        e = scaled_errors(bt, bt.inc[c])
        e = e[np.isfinite(e)]
        if len(e) < MIN_SELECT_ERRORS:
            continue
        m = float(np.mean(np.abs(e)))
        if m < best_err - 1e-12:
            best, best_err, n_err = c, m, len(e)
    if best is not None:
        return best, f"selected on {n_err} backtest errors"
    flat = n > 1 and np.all(bt.scale[np.isfinite(bt.scale)] == 0)
    why = "constant history, zero-width intervals" if flat else f"too short to backtest ({n} years)"
    for c, need in FALLBACKS:
        if n >= need:
            return c, f"{why}: fallback {c}"
    return "naive", "fallback naive"


STACK_QR_ROWS = 120_000
"""A stack fit on more rows than this (more than 20,000 series at 6 origins per step)
solves each reweighted NNLS on the triangular factor of a QR decomposition instead of
on the rows themselves: the same minimiser, equal weights up to rounding (at most
1.2e-12 apart on the 100k-series resample, where ``learn_stack`` took 139 s CPU with the
rows and 50 s this way: past the CPU cache NNLS on the rows slows per row). Fits on
fewer rows are unchanged to the bit (docs/forecasting.md, "The stack regression")."""


def _lad_nnls(X: np.ndarray, y: np.ndarray, iters: int = 30, qr: bool = False) -> np.ndarray:
    """Non-negative least absolute deviations by iteratively reweighted NNLS (``qr``:
    each NNLS on the QR factor of the weighted rows, see ``STACK_QR_ROWS``)."""
    solve = _nnls_qr if qr else _nnls_rows
    X = np.asfortranarray(X) if qr else X  # the QR's blocks are built column by column
    w = solve(X, y, None)
    for _ in range(iters):
        r = np.abs(y - X @ w)
        w = solve(X, y, 1 / np.sqrt(np.maximum(r, 1e-4)))
    return w


def _nnls_rows(X: np.ndarray, y: np.ndarray, sw: np.ndarray | None) -> np.ndarray:
    """``nnls`` of the rows weighted by ``sw`` (None: unweighted)."""
    if sw is None:
        return nnls(X, y)[0]
    return nnls(X * sw[:, None], y * sw)[0]


QR_CHUNK = 8192
"""Rows per block of the blocked QR in :func:`_nnls_qr` (a block fits the CPU cache)."""


def _nnls_qr(X: np.ndarray, y: np.ndarray, sw: np.ndarray | None) -> np.ndarray:
    """``nnls`` of the weighted rows through ``R`` of ``QR([X y] * sw)``: with
    ``Q^T [X y] = [R_X r_y]``, ``|X w - y|^2`` and ``|R_X w - r_y|^2`` differ by a
    constant (None: unweighted). ``R`` comes blockwise: the ``R`` of every block of
    ``QR_CHUNK`` rows, stacked, factored once more (the same ``R`` up to signs)."""
    n = X.shape[1]
    sw = np.ones(len(y)) if sw is None else sw
    parts = []
    for i in range(0, len(y), QR_CHUNK):
        k = slice(i, i + QR_CHUNK)
        A = np.empty((len(y[k]), n + 1), order="F")
        np.multiply(X[k], sw[k, None], out=A[:, :n])
        np.multiply(y[k], sw[k], out=A[:, n])
        parts.append(_qr_r(A))
    R = _qr_r(np.asfortranarray(np.vstack(parts)))
    return nnls(R[:n, :n], R[:n, n])[0]


def _qr_r(A: np.ndarray) -> np.ndarray:
    """The triangular factor ``R`` (at most ``A``'s column count of rows) of a Fortran-
    ordered ``A``, which is overwritten (LAPACK ``geqrf``)."""
    (geqrf,) = linalg.get_lapack_funcs(("geqrf",), (A,))
    return np.triu(geqrf(A, overwrite_a=1)[0][: A.shape[1]])


def stack_weights(
    bts: list[SeriesBacktest],
    features: tuple[str, ...],
    H: int,
    last_k: int = 6,
    smooth: int | None = None,
) -> np.ndarray:
    """Per-step combination weights ``(H, len(features))`` learned across series.

    Pooled non-negative least-absolute-deviation regression of the realised increments
    on the models' forecast increments, over the last ``last_k`` in-sample origins of
    every series (cross-learning; no hold-out data are touched). The weights of step
    ``h`` are then averaged with those of the ``smooth`` neighbouring steps on each side
    (fewer at the ends), which steadies the noisy per-step fits; ``None``: ``STACK_SMOOTH``.
    """
    return fit_stack([stack_rows(bt, features, H, last_k) for bt in bts], H, len(features), smooth)


StackRows = list[tuple[np.ndarray, np.ndarray]]
"""Per step ``h``: the regression rows ``(X (k, F), y (k,))`` one series gives the stack."""


def stack_rows(bt: SeriesBacktest, features: tuple[str, ...], H: int, last_k: int = 6) -> StackRows:
    """The stack-regression rows of one series: its last ``last_k`` scored origins per step.

    Small (at most ``last_k`` rows per step), so a distributed engine can ship them to the
    driver instead of the whole backtest.
    """
    out = []
    for h in range(H):
        if h >= bt.H:
            out.append((np.empty((0, len(features))), np.empty(0)))
            continue
        ok = np.isfinite(bt.actual[:-1, h])
        F = np.column_stack([bt.inc[f][:-1, h] for f in features])
        ok &= np.all(np.isfinite(F), axis=1)
        idx = np.where(ok)[0][-last_k:]
        out.append((F[idx], bt.actual[idx, h]))
    return out


def fit_stack(
    rows: list[StackRows], H: int, n_features: int, smooth: int | None = None
) -> np.ndarray:
    """Per-step weights ``(H, n_features)`` from the pooled rows of many series (in order)."""
    smooth = STACK_SMOOTH if smooth is None else smooth
    W = np.zeros((H, n_features))
    for h in range(H):
        X = [r[h][0] for r in rows if len(r[h][1])]
        Y = [r[h][1] for r in rows if len(r[h][1])]
        if X:
            Xh, yh = np.vstack(X), np.concatenate(Y)
            W[h] = _lad_nnls(Xh, yh, qr=len(yh) > STACK_QR_ROWS)
        elif h > 0:
            W[h] = W[h - 1]
    if smooth > 0:
        W = np.array([W[max(0, h - smooth) : h + smooth + 1].mean(axis=0) for h in range(H)])
    return W


TREND_CUTS: tuple[float, ...] = (1 / 3, 2 / 3, 1 - 1e-9)
"""Trend-strength groups for the stack: below 1/3, 1/3-2/3, 2/3-1, and monotone (1)."""

GROUP_WEIGHT = 0.75
"""A group's stack weights: this share of its own fit plus the rest of the pooled fit."""

MIN_GROUP_SERIES = 20
"""A trend group with fewer series uses the pooled weights alone."""


def trend_strength(z: np.ndarray) -> float:
    """``|mean yearly change| / mean |yearly change|`` of ``z``: 0 (no net trend) to 1
    (monotone). 0 for a constant or one-point series."""
    d = np.diff(z)
    m = float(np.mean(np.abs(d))) if len(d) else 0.0
    return abs(float(np.mean(d))) / m if m > 0 else 0.0


def trend_group(z: np.ndarray) -> int:
    """Index of the ``TREND_CUTS`` group of ``z`` (0 .. len(TREND_CUTS))."""
    return int(np.searchsorted(np.array(TREND_CUTS), trend_strength(z), side="right"))


def group_stack_weights(
    rows: list[StackRows], groups: list[int], n_features: int, H: int
) -> dict[int, np.ndarray]:
    """Stack weights per trend group, ``{group: (H, n_features)}``, from series' rows.

    Each group's own fit (:func:`fit_stack` on its series) is shrunk toward the
    fit pooled over all series: ``GROUP_WEIGHT * own + (1 - GROUP_WEIGHT) * pooled``.
    Groups with fewer than ``MIN_GROUP_SERIES`` series, and groups absent from ``rows``,
    get the pooled weights (key ``-1`` holds them).
    """
    pooled = fit_stack(rows, H, n_features)
    out = {-1: pooled}
    for g in range(len(TREND_CUTS) + 1):
        members = [r for r, gg in zip(rows, groups, strict=True) if gg == g]
        if len(members) >= MIN_GROUP_SERIES:
            own = fit_stack(members, H, n_features)
            out[g] = GROUP_WEIGHT * own + (1 - GROUP_WEIGHT) * pooled
        else:
            out[g] = pooled
    return out


def apply_stack(bt: SeriesBacktest, W: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """Stacked increments ``(len(origins), H)`` of one series."""
    F = np.stack([bt.inc[f] for f in features], axis=-1)  # origins, H, features
    return np.einsum("ohf,hf->oh", F, W)


__all__ = [
    "BASE_MODELS",
    "CANDIDATES",
    "COMBOS",
    "SeriesBacktest",
    "apply_stack",
    "fit_stack",
    "group_stack_weights",
    "naive_scales",
    "run_backtest",
    "scaled_errors",
    "select_model",
    "stack_rows",
    "stack_weights",
    "trend_group",
    "trend_strength",
]
