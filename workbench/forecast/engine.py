"""The forecasting engine in named steps, shared by the local and the Dask engine.

Per series (parallel over series): :func:`backtest_series` → :func:`stack_inputs` →
:func:`choose_series` → :func:`series_errors` → :func:`finish_series`.
Across series (on one machine, cheap): :func:`learn_stack` (cross-learned weights) and
:func:`calibrate` (pooled interval tables). :func:`run_local` chains them in one process;
:mod:`workbench.forecast.dask_engine` runs the per-series steps on Dask workers and the
pooled steps on the driver, so both give the same numbers.

Shapes: ``H`` is the largest horizon of the call; increments and errors are
``(n_origins, H)`` arrays in the series' transformed space ``z``.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field, replace

import numpy as np
from threadpoolctl import threadpool_limits

from workbench.forecast import pooled_short as _pool
from workbench.forecast import prior_short as _ps
from workbench.forecast.backtest import (
    BASE_MODELS,
    CANDIDATES,
    MIN_TRAIN,
    SeriesBacktest,
    StackRows,
    apply_stack,
    group_stack_weights,
    naive_scales,
    run_backtest,
    run_backtests,
    scaled_errors,
    select_model,
    stack_rows,
    trend_group,
)
from workbench.forecast.intervals import half_width, pooled_table, sample_paths, series_factor
from workbench.forecast.prior_short import prior_for
from workbench.forecast.transforms import Transform

STACK_MIN_SERIES = 40
"""Cross-learned stacking needs at least this many series with backtest origins."""

CAL_ORIGINS = 10
"""Calibration pools each series' last this many finite errors per step."""

RAW_MARGIN = 0.5
"""A log-transformed series gets original-scale intervals only when their in-sample
interval score is below this fraction of the log-scale one (a clear win: choosing the
lower of two noisy scores would otherwise narrow intervals by selection alone)."""

STACK_FEATURES: tuple[str, ...] = BASE_MODELS + tuple(m + "_raw" for m in BASE_MODELS) + ("combo",)
"""Inputs of the stacked combination: every base model on the transformed and raw scale,
and the median combination (kept because it lowered sMAPE/MASE on the in-sample
validation split of M3, 18.76/3.200 -> 18.59/3.149)."""

MEDIAN_SHARE: float | None = 0.3
"""Share of the median of all stack inputs in the final stacked forecast (the rest is
the stack). On the in-sample hold-out of M3 yearly, shares 0.1 to 0.6 all helped.
``None``: learn the share per call by least absolute deviations on the cross-fitted
backtests (a grid of 0 to 1 in steps of 0.05)."""

SHARE_GRID = np.linspace(0.0, 1.0, 21)

PRIOR_MEDIAN_SHARE = 0.5
"""Share of the median of the stack inputs mixed into a short series' prior stack. On
the short-history hold-out (sMAPE / MASE at cuts 6, 8, 10): 0 18.97/3.280,
18.32/3.153, 18.77/3.248; 0.3 (round 1) 18.84/3.255, 18.13/3.125, 18.51/3.206; 0.5
(round 2) 18.84/3.251, 18.08/3.120, 18.40/3.189; 0.7 18.88/3.257, 18.08/3.121,
18.33/3.179; 1 (the median alone) 19.08/3.285, 18.14/3.136, 18.33/3.178."""

POOLED_SHARE = 0.25
"""Share of the pooled model (:mod:`workbench.forecast.pooled_short`) in a short series'
prior forecast (round 3). On the short-history hold-out (sMAPE / MASE at cuts 6, 8, 10)
0.25 gave 18.65/3.214, 18.14/3.119, 18.39/3.178 against 18.81/3.250, 18.05/3.119,
18.34/3.179 without it; on an earlier hold-out (the 6 years before those) the gain is
large at every cut (see docs/forecasting.md, round 3)."""

SHORT_PRIOR = "prior"
"""How a series of ``prior_short.SHORT_MIN``..``SHORT_MAX`` years is stacked (``method``
auto or stack): ``prior`` with the weights and interval table learned on M3 windows of
its length, ``off`` as a long series (in-call stack or per-series selection)."""

ALL_NAMES: tuple[str, ...] = tuple(dict.fromkeys(CANDIDATES + BASE_MODELS)) + tuple(
    m + "_raw" for m in BASE_MODELS
)
"""Every model run in a backtest."""


@dataclass
class Prepared:
    """One series ready to model: gap-free transformed history and its horizon."""

    sid: str
    years: np.ndarray  # consecutive years first..last
    z: np.ndarray  # transformed, gaps interpolated
    observed: np.ndarray  # bool per year: a real observation (not a fill)
    tf: Transform
    n_obs: int
    last_value: float
    H: int
    note: str


@dataclass
class Fit:
    """A series' forecast on the original scale, ``(H,)`` per array, and its evidence."""

    point: np.ndarray
    bands: dict[int, tuple[np.ndarray, np.ndarray]]  # level -> (lo, hi)
    paths: np.ndarray | None  # (n_paths, H); None without intervals
    model: str
    bt_smape: float
    bt_mase: float
    factor: float
    note: str
    n_scored: int = 0
    borrowed_from: str = ""


@dataclass
class Chosen:
    """The model chosen for a series and its increments at every origin."""

    name: str
    inc: np.ndarray  # (n_origins, H)
    why: str
    prior_table: np.ndarray | None = None  # (H, len(PROBS)) interval table of the prior


@dataclass
class StackPlan:
    """Cross-learned stack weights of a call: per trend group, and per cross-fitting fold."""

    weights: dict[int, np.ndarray] | None = None
    fold_weights: list[dict[int, np.ndarray]] = field(default_factory=list)
    fold_of: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    share: float = 0.0


# ---------------------------------------------------------------- per series


def backtest_series(p: Prepared, H: int) -> SeriesBacktest:
    """Rolling-origin backtest of every model on one series (real years scored only)."""
    return run_backtest(p.z, p.tf, H, ALL_NAMES, p.observed)


BATCH = 32
"""Series of one length backtested together (the models' recursions run once for all)."""


def backtest_many(
    preps: list[Prepared], H: int, failed: dict[str, str]
) -> dict[str, SeriesBacktest]:
    """:func:`backtest_series` of every series, those of one length in batches of
    ``BATCH`` (same numbers, less interpreter overhead). A batch that raises is redone
    series by series, so a failure stays with its own series (recorded in ``failed``)."""
    by_len: dict[int, list[Prepared]] = {}
    for p in preps:
        by_len.setdefault(len(p.z), []).append(p)
    done: dict[str, SeriesBacktest] = {}
    for group in by_len.values():
        for i in range(0, len(group), BATCH):
            part = group[i : i + BATCH]
            try:
                bts = run_backtests(
                    [p.z for p in part],
                    [p.tf for p in part],
                    H,
                    ALL_NAMES,
                    [p.observed for p in part],
                )
                done.update({p.sid: bt for p, bt in zip(part, bts, strict=True)})
            except Exception:
                for p in part:
                    bt = isolated(failed, p.sid, backtest_series, p, H)
                    if bt is not None:
                        done[p.sid] = bt
    return {p.sid: done[p.sid] for p in preps if p.sid in done}


def stack_inputs(p: Prepared, bt: SeriesBacktest, H: int) -> tuple[int, StackRows | None]:
    """The series' trend group and its stack-regression rows (None: too short to stack)."""
    rows = stack_rows(bt, STACK_FEATURES, H) if len(p.z) > MIN_TRAIN else None
    return trend_group(p.z), rows


def choose_series(p: Prepared, bt: SeriesBacktest, plan: StackPlan, method: str) -> Chosen:
    """Stacked increments (weights of the series' group; cross-fitted for backtests) or
    the model the caller fixed or the series' own backtest selects; a short series
    takes the stack learned on many series of its length (``SHORT_PRIOR``)."""
    short = SHORT_PRIOR == "prior" and method in ("auto", "stack") and p.tf.kind != "identity"
    if short and np.any(np.diff(p.z) != 0):  # a constant series stays with the plain rules
        pr = prior_for(len(p.z), STACK_FEATURES)
        if pr is not None:
            inc = apply_stack(bt, pr.weights_for(bt.H, trend_group(p.z)), STACK_FEATURES)
            inc = (1 - PRIOR_MEDIAN_SHARE) * inc + PRIOR_MEDIAN_SHARE * median_inc(bt)
            inc = mix_pooled(p, bt, inc)
            why = f"stack learned on M3 yearly windows of {len(p.z)} years (short-series prior)"
            return Chosen("stack", inc, why, pr.table_for(bt.H))
    if plan.weights is not None and len(p.z) >= MIN_TRAIN:
        g = plan.groups[p.sid]
        inc = apply_stack(bt, plan.weights[g], STACK_FEATURES)
        if p.sid in plan.fold_of:
            Wk = plan.fold_weights[plan.fold_of[p.sid]][g]
            inc = np.vstack([apply_stack(bt, Wk, STACK_FEATURES)[:-1], inc[-1:]])
        return Chosen("stack", inc, "cross-learned stack")
    if method in CANDIDATES:
        return Chosen(method, bt.inc[method], "model fixed by caller")
    name, why = select_model(bt, len(p.z))
    return Chosen(name, bt.inc[name], why)


def mix_pooled(p: Prepared, bt: SeriesBacktest, inc: np.ndarray) -> np.ndarray:
    """A short series' prior increments ``(n_origins, H)`` mixed with the pooled model's
    (``POOLED_SHARE``; at each origin the model sees the history up to that origin)."""
    trees = _pool.load_trees(_pool.POOLED_SHORT_PATH)
    if trees is None or POOLED_SHARE == 0:
        return inc
    F = np.stack([bt.inc[f] for f in STACK_FEATURES], axis=-1)
    groups = np.array([trend_group(p.z[:o]) for o in bt.origins])
    pooled = _pool.pooled_increments(trees, F, bt.scale, bt.origins, groups)
    return np.where(np.isfinite(pooled), (1 - POOLED_SHARE) * inc + POOLED_SHARE * pooled, inc)


def median_inc(bt: SeriesBacktest) -> np.ndarray:
    """Per-step median of the stack inputs' increments, ``(n_origins, H)``."""
    return np.median(np.stack([bt.inc[f] for f in STACK_FEATURES]), axis=0)


def share_loss(bt: SeriesBacktest, ch: Chosen) -> np.ndarray:
    """Absolute scaled backtest error of a stacked series for every median share on
    ``SHARE_GRID`` (summed over series to learn the share when ``MEDIAN_SHARE`` is None)."""
    s = bt.scale[:-1, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        a, x, m = bt.actual[:-1] / s, ch.inc[:-1] / s, median_inc(bt)[:-1] / s
    loss = np.zeros(len(SHARE_GRID))
    for i, w in enumerate(SHARE_GRID):
        e = np.abs(a - (1 - w) * x - w * m)
        loss[i] = float(np.sum(e[np.isfinite(e)]))
    return loss


def blend_median(bt: SeriesBacktest, ch: Chosen, share: float) -> Chosen:
    """A stacked series' increments mixed with the median of the stack inputs."""
    if ch.name != "stack" or ch.prior_table is not None:
        return ch
    return Chosen(ch.name, (1 - share) * ch.inc + share * median_inc(bt), ch.why)


def series_errors(
    p: Prepared, bt: SeriesBacktest, inc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Scaled backtest errors in ``z`` and on the original scale, and the raw
    forecasts/actuals/scales behind the latter (each ``(n_bt, H)``)."""
    err_z = scaled_errors(bt, inc)
    raw = _raw_errors(p, bt, inc)
    f, a, s = raw
    with np.errstate(invalid="ignore", divide="ignore"):
        err_raw = (a - f) / np.where(s > 0, s, np.nan)
    return err_z, err_raw, raw


def _raw_errors(
    p: Prepared, bt: SeriesBacktest, inc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backtest forecasts, actuals and scales on the original scale, ``(n_bt, H)`` each."""
    y = p.tf.inverse(p.z)
    last = p.z[bt.origins[:-1] - 1][:, None]
    f = p.tf.inverse(last + inc[:-1])
    a = p.tf.inverse(last + bt.actual[:-1])
    d = np.abs(np.diff(y))
    cs = np.r_[0.0, np.cumsum(d)]
    o = bt.origins[:-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(o >= 2, cs[np.maximum(o - 1, 0)] / np.maximum(o - 1, 1), np.nan)[:, None]
    return f, a, np.broadcast_to(s, f.shape)


def bt_accuracy(p: Prepared, bt: SeriesBacktest, inc: np.ndarray) -> tuple[float, float, int]:
    """Backtest sMAPE (0–200), MASE and the number of scored errors, original scale.

    Only real observations are scored: a year filled by interpolation is skipped.
    Element-wise terms for all origins at once; each origin's means over its own
    scored years, as one origin at a time would give them.
    """
    if bt.n_bt <= 0:
        return math.nan, math.nan, 0
    y = p.tf.inverse(p.z)
    n, H = len(y), bt.H
    o = bt.origins[: bt.n_bt]
    idx = o[:, None] + np.arange(H)[None, :]
    real = (idx < n) & (o[:, None] >= 2)
    real[real] = p.observed[idx[real]]
    f = p.tf.inverse(p.z[o - 1][:, None] + inc[: bt.n_bt, :H])
    a = y[np.minimum(idx, n - 1)]
    den = np.abs(a) + np.abs(f)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(den > 0, 200.0 * np.abs(a - f) / np.where(den > 0, den, 1), 0.0)
    abs_err = np.abs(a - f)
    ad = np.abs(np.diff(y))
    s_list, m_list = [], []
    for k in np.flatnonzero(real.any(axis=1)):
        s_list.append(float(np.mean(terms[k][real[k]])))
        scale = float(np.mean(ad[: o[k] - 1]))
        if scale > 0:
            m_list.append(float(np.mean(abs_err[k][real[k]])) / scale)
    sm = float(np.mean(s_list)) if s_list else math.nan
    ms = float(np.mean(m_list)) if m_list else math.nan
    return sm, ms, int(real.sum())


# ---------------------------------------------------------------- across series


def use_stack(n_eligible: int, method: str) -> bool:
    """Whether the call is stacked: ``method="stack"`` or enough backtestable series."""
    return n_eligible > 0 and (
        method == "stack" or (method == "auto" and n_eligible >= STACK_MIN_SERIES)
    )


def learn_stack(
    rows: dict[str, StackRows], groups: dict[str, int], H: int, method: str
) -> StackPlan:
    """Trend-group stack weights from the rows of eligible series (in call order).

    With at least ``STACK_MIN_SERIES`` series, also cross-fitted weights: each half of
    the series (alternate positions) gets weights learned on the other half, so its
    backtest errors (hence its intervals) do not inherit the stack's in-sample optimism.
    """
    ids = list(rows)
    plan = StackPlan(groups=dict(groups))
    if not use_stack(len(ids), method):
        return plan
    # One BLAS thread: the reweighted NNLS fits on thousands of rows cross OpenBLAS's
    # threading threshold, and its threads spinning on a busy machine made this step
    # grow far faster than the number of series (4k series: 53 s CPU with two threads, 2 s
    # with one; same weights on M3).
    with threadpool_limits(limits=1, user_api="blas"):
        _fit_plan(plan, ids, rows, groups, H)
    return plan


def _fit_plan(
    plan: StackPlan, ids: list[str], rows: dict[str, StackRows], groups: dict[str, int], H: int
) -> None:
    """Fill ``plan`` with the pooled and the cross-fitted trend-group weights."""
    F = len(STACK_FEATURES)
    plan.weights = group_stack_weights([rows[s] for s in ids], [groups[s] for s in ids], F, H)
    if len(ids) >= STACK_MIN_SERIES:
        folds = [ids[0::2], ids[1::2]]
        for k, fold in enumerate(folds):
            other = folds[1 - k]
            plan.fold_weights.append(
                group_stack_weights([rows[s] for s in other], [groups[s] for s in other], F, H)
            )
            plan.fold_of.update({s: k for s in fold})


def learned_share(losses: list[np.ndarray]) -> float:
    """The median share: ``MEDIAN_SHARE``, or the grid value with the least summed loss."""
    if MEDIAN_SHARE is not None:
        return MEDIAN_SHARE
    if not losses:
        return 0.0
    return float(SHARE_GRID[int(np.argmin(np.sum(losses, axis=0)))])


@dataclass
class Calibration:
    """Pooled quantile tables (``z`` and original scale) and per-series factors."""

    table_z: np.ndarray
    table_r: np.ndarray
    c_z: dict[str, float]
    c_r: dict[str, float]


def calibrate(err_z: dict[str, np.ndarray], err_raw: dict[str, np.ndarray], H: int) -> Calibration:
    """Interval tables and factors from every series' scaled backtest errors."""
    table_z, c_z = _calibrate(err_z, H)
    table_r, c_r = _calibrate(err_raw, H)
    return Calibration(table_z, table_r, c_z, c_r)


def _calibrate(errors: dict[str, np.ndarray], H: int) -> tuple[np.ndarray, dict[str, float]]:
    """Pooled quantile table of factor-normalised errors and each series' factor.

    Two passes: a first pooled table gives each series' factor ``c`` (its shrunk
    median error relative to the pool); the final table pools ``u / c``, so that
    ``s * c * Q_h`` does not count the spread between series twice.
    """
    first, _ = pooled_table([_recent(errors, h) for h in range(H)], H)
    factors = {sid: series_factor(e, first) for sid, e in errors.items()}
    normed = {sid: e / factors[sid] for sid, e in errors.items()}
    table, _ = pooled_table([_recent(normed, h) for h in range(H)], H)
    return table, factors


def _recent(errors: dict[str, np.ndarray], h: int) -> np.ndarray:
    """Pooled step-``h`` errors: each series' last ``CAL_ORIGINS`` finite ones."""
    parts = []
    for e in errors.values():
        col = e[:, h] if h < e.shape[1] else np.array([])
        parts.append(col[np.isfinite(col)][-CAL_ORIGINS:])
    return np.concatenate(parts) if parts else np.array([])


# ---------------------------------------------------------------- final forecast


def finish_series(
    p: Prepared,
    bt: SeriesBacktest,
    ch: Chosen,
    raw: tuple[np.ndarray, np.ndarray, np.ndarray],
    cal: Calibration,
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
) -> Fit:
    """Point forecast, calibrated bands and sample paths of one series."""
    smp, msp, n_scored = bt_accuracy(p, bt, ch.inc)
    point_z = p.z[-1] + ch.inc[-1]
    point = p.tf.inverse(point_z)
    s_z = float(naive_scales(p.z, np.array([len(p.z)]))[0])
    if not np.isfinite(s_z):
        why = ch.why + "; one observation: no interval"
        return Fit(point, {}, None, ch.name, smp, msp, math.nan, why, n_scored)
    c_z, c_r = cal.c_z[p.sid], cal.c_r[p.sid]
    space = _pick_space(p, bt, ch.inc, raw, cal, c_z, c_r)
    table = cal.table_z if space == "z" else cal.table_r
    if ch.prior_table is not None:
        space, table = "z", ch.prior_table
        c_z = s_z ** (_ps.SCALE_POWER - 1) if s_z > 0 else 1.0  # half-width s**power * Q_h
    dev = sample_paths(table, n_paths, p.sid, seed)
    why = ch.why
    if space == "z":
        paths = p.tf.inverse(point_z[None, :] + s_z * c_z * dev)
        bands = {}
        for lv in levels:
            hw = s_z * c_z * half_width(table, lv)
            bands[lv] = (p.tf.inverse(point_z - hw), p.tf.inverse(point_z + hw))
        factor = c_z
    else:
        s_y = float(np.mean(np.abs(np.diff(p.tf.inverse(p.z)))))
        lo_b, hi_b = clip_bounds(p.tf)
        paths = np.clip(point[None, :] + s_y * c_r * dev, lo_b, hi_b)
        bands = {}
        for lv in levels:
            hw = s_y * c_r * half_width(table, lv)
            bands[lv] = (np.clip(point - hw, lo_b, hi_b), np.clip(point + hw, lo_b, hi_b))
        factor = c_r
        why += f"; intervals on the original scale (lower in-sample interval score than on the {p.tf.kind} scale)"
    return Fit(point, bands, paths, ch.name, smp, msp, factor, why, n_scored)


def clip_bounds(tf: Transform) -> tuple[float, float]:
    """Admissible value range: bounds pulled inside as the transform does."""
    lo = float(tf.inverse(np.array(-30.0))) if tf.kind != "identity" else -math.inf
    hi = float(tf.inverse(np.array(30.0))) if tf.kind == "logit" else math.inf
    if tf.kind == "log":
        lo = tf.lo + tf.floor
    return lo, hi


def _interval_score(
    lo: np.ndarray, hi: np.ndarray, a: np.ndarray, s: np.ndarray, alpha: float
) -> float:
    """Mean scaled interval score over finite entries (lower is better)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        sc = ((hi - lo) + (2 / alpha) * ((lo - a) * (a < lo) + (a - hi) * (a > hi))) / s
    sc = sc[np.isfinite(sc)]
    return float(np.mean(sc)) if len(sc) else math.nan


def _pick_space(p: Prepared, bt, inc, raw, cal: Calibration, c_z: float, c_r: float) -> str:
    """Interval space by in-sample 95% interval score: ``raw`` if below ``RAW_MARGIN`` times ``z``.

    Only for a log-transformed series with backtests; otherwise ``z`` (the transformed
    space, which also keeps intervals inside the bounds).
    """
    if p.tf.kind != "log" or bt.n_bt <= 0:
        return "z"
    f, a, s = raw
    H = f.shape[1]
    s_zo = bt.scale[:-1, None]
    last = p.z[bt.origins[:-1] - 1][:, None]
    hw_z = half_width(cal.table_z, 95)[None, :H]
    hw_r = half_width(cal.table_r, 95)[None, :H]
    zc = last + inc[:-1]
    lo_z, hi_z = p.tf.inverse(zc - s_zo * c_z * hw_z), p.tf.inverse(zc + s_zo * c_z * hw_z)
    lo_r, hi_r = np.maximum(f - s * c_r * hw_r, 0.0), f + s * c_r * hw_r
    sz = _interval_score(lo_z, hi_z, a, s, 0.05)
    sr = _interval_score(lo_r, hi_r, a, s, 0.05)
    return "raw" if np.isfinite(sr) and np.isfinite(sz) and sr < RAW_MARGIN * sz else "z"


# ---------------------------------------------------------------- one process


def isolated(failed: dict[str, str], sid: str, fn, *args):
    """``fn(*args)``, or None with the reason recorded in ``failed`` when it raises."""
    try:
        return fn(*args)
    except Exception as exc:  # one series must never stop the others
        failed[sid] = f"{type(exc).__name__}: {exc}"
        return None


def _plan_of(
    preps: list[Prepared], bts: dict[str, SeriesBacktest], H: int, method: str
) -> StackPlan:
    """The call's stack plan from every series' stack rows (not kept after it is learned)."""
    inputs = {p.sid: stack_inputs(p, bts[p.sid], H) for p in preps}
    rows = {s: r for s, (_, r) in inputs.items() if r is not None}
    return learn_stack(rows, {s: g for s, (g, _) in inputs.items()}, H, method)


def drop_increments(bt: SeriesBacktest) -> SeriesBacktest:
    """``bt`` without every model's increments, once the series' model is chosen (and
    blended): finishing a series needs only its origins, actuals and scales, and the
    increments are most of a backtest's memory (17 models × origins × H)."""
    return replace(bt, inc={})


def release_memory() -> None:
    """Hand the heap pages freed so far back to the operating system (glibc's
    ``malloc_trim``; nothing on other C libraries). Freed backtests are many small blocks
    that the allocator otherwise keeps, and the call's large frames are then allocated on
    top of them (10k series: peak 582 MB without, 524 MB with)."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def run_local(
    preps: list[Prepared],
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
    method: str,
    tables_out: dict[str, np.ndarray] | None = None,
) -> tuple[dict[str, Fit], dict[str, str]]:
    """Backtest, choose, calibrate and simulate every series in one process.

    Returns the fits and ``{series_id: reason}`` of series that failed on their own.
    """
    failed: dict[str, str] = {}
    H = max([p.H for p in preps] + [1])
    bts = backtest_many(preps, H, failed)
    preps = [p for p in preps if p.sid in bts]
    plan = _plan_of(preps, bts, H, method)
    chosen = {
        p.sid: isolated(failed, p.sid, choose_series, p, bts[p.sid], plan, method) for p in preps
    }
    preps = [p for p in preps if chosen[p.sid] is not None]
    if plan.weights is not None:
        losses = [share_loss(bts[p.sid], chosen[p.sid]) for p in preps if MEDIAN_SHARE is None]
        plan.share = learned_share(losses)
        chosen = {p.sid: blend_median(bts[p.sid], chosen[p.sid], plan.share) for p in preps}
    bts = {p.sid: drop_increments(bts[p.sid]) for p in preps}
    errs = {
        p.sid: isolated(failed, p.sid, series_errors, p, bts[p.sid], chosen[p.sid].inc)
        for p in preps
    }
    preps = [p for p in preps if errs[p.sid] is not None]
    cal = calibrate(
        {p.sid: errs[p.sid][0] for p in preps}, {p.sid: errs[p.sid][1] for p in preps}, H
    )
    if tables_out is not None:
        tables_out.update(z=cal.table_z, raw=cal.table_r)
    raws = {p.sid: errs.pop(p.sid)[2] for p in preps}  # the scaled errors are pooled now
    fits = {}
    for p in preps:
        args = (p, bts[p.sid], chosen[p.sid], raws[p.sid], cal, levels, n_paths, seed)
        fit = isolated(failed, p.sid, finish_series, *args)
        if fit is not None:
            fits[p.sid] = fit
    return fits, failed
