"""``forecast()``: automatic, backtested, calibrated forecasts of annual series.

See ``docs/forecasting.md`` for which model is used when and the measured accuracy.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.forecast import borrow as _borrow
from workbench.forecast.backtest import (
    BASE_MODELS,
    CANDIDATES,
    MIN_TRAIN,
    SeriesBacktest,
    apply_stack,
    group_stack_weights,
    naive_scales,
    run_backtest,
    scaled_errors,
    select_model,
    trend_group,
)
from workbench.forecast.intervals import (
    PROBS,
    half_width,
    pooled_table,
    sample_paths,
    series_factor,
)
from workbench.forecast.metrics import smape
from workbench.forecast.transforms import Transform, make_transform

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
the stack). The robust median steadies the regression's weights; on the in-sample
hold-out of M3 yearly (the stack trained without it), shares 0.1 to 0.6 all helped.
``None``: learn the share per call by least absolute deviations on the cross-fitted
backtests (a grid of 0 to 1 in steps of 0.05)."""

INFO_COLUMNS = [
    "series_id",
    "model",
    "n_obs",
    "first_year",
    "last_year",
    "last_value",
    "backtest_smape",
    "backtest_mase",
    "interval_scale",
    "borrowed_from",
    "note",
]


@dataclass
class ForecastResult:
    """Forecasts of many series.

    ``table``: series_id, year, mean, lo_L, hi_L per level, model (future years only;
    ``mean`` is the point forecast, the back-transformed median of the transformed
    forecast). ``paths``: series_id, path, year, value (sample paths, future years).
    ``info``: one row per series (model, backtest accuracy, interval scale, borrowing).
    """

    table: pd.DataFrame
    paths: pd.DataFrame
    info: pd.DataFrame
    levels: tuple[int, ...] = field(default=(80, 95))


@dataclass
class _Prepared:
    sid: str
    years: np.ndarray  # consecutive years first..last
    z: np.ndarray  # transformed, gaps interpolated
    observed: np.ndarray  # bool per year
    tf: Transform
    n_obs: int
    last_value: float
    H: int
    note: str


def _validate(history: pd.DataFrame) -> pd.DataFrame:
    missing = {"series_id", "year", "value"} - set(history.columns)
    if missing:
        raise ValueError(f"history lacks column(s) {sorted(missing)}; needs series_id, year, value")
    df = history[["series_id", "year", "value"]].copy()
    df["series_id"] = df["series_id"].astype(str)
    yr = pd.to_numeric(df["year"], errors="coerce")
    val = pd.to_numeric(df["value"], errors="coerce")
    bad = yr.isna() | (yr != np.round(yr))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"row {i}, column year: {history['year'].iloc[i]!r} is not a whole year")
    bad = val.isna() | ~np.isfinite(val.astype(float))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"row {i}, column value: {history['value'].iloc[i]!r} is not a finite number"
        )
    df["year"], df["value"] = yr.astype(int), val.astype(float)
    dup = df.duplicated(["series_id", "year"], keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ValueError(
            f"row {i}: series {df['series_id'].iloc[i]!r} has year {df['year'].iloc[i]} twice"
        )
    return df


def _prepare(df: pd.DataFrame, bounds, horizon: int | None, to_year: int | None) -> list[_Prepared]:
    out = []
    for sid, g in df.groupby("series_id", sort=False):
        g = g.sort_values("year")
        b = bounds.get(sid) if isinstance(bounds, dict) else bounds
        try:
            tf = make_transform(g["value"].to_numpy(), b)
        except ValueError as exc:
            raise ValueError(f"series {sid!r}: {exc}") from exc
        y0, y1 = int(g["year"].iloc[0]), int(g["year"].iloc[-1])
        years = np.arange(y0, y1 + 1)
        observed = np.isin(years, g["year"].to_numpy())
        zo = tf.forward(g["value"].to_numpy())
        z = np.interp(years, g["year"].to_numpy(), zo)
        H = horizon if horizon is not None else max(int(to_year) - y1, 0)  # type: ignore[arg-type]
        n_gap = int((~observed).sum())
        note = f"{n_gap} missing year(s) interpolated" if n_gap else ""
        out.append(
            _Prepared(str(sid), years, z, observed, tf, len(g), float(g["value"].iloc[-1]), H, note)
        )
    return out


@dataclass
class _Fit:
    point: np.ndarray  # (H,) point forecast, original scale
    bands: dict[int, tuple[np.ndarray, np.ndarray]]  # level -> (lo, hi), original scale
    paths: np.ndarray | None  # (n_paths, H) original scale; None without intervals
    model: str
    bt_smape: float
    bt_mase: float
    factor: float
    note: str


def _bt_accuracy(p: _Prepared, bt: SeriesBacktest, inc: np.ndarray) -> tuple[float, float]:
    """Backtest sMAPE (0–200) and MASE on the original scale over in-sample origins."""
    if bt.n_bt <= 0:
        return math.nan, math.nan
    y = p.tf.inverse(p.z)
    s_list, m_list = [], []
    for k in range(bt.n_bt):
        o = int(bt.origins[k])
        hh = min(bt.H, len(y) - o)
        if hh <= 0 or o < 2:
            continue
        f = p.tf.inverse(p.z[o - 1] + inc[k, :hh])
        a = y[o : o + hh]
        s_list.append(smape(a, f))
        scale = float(np.mean(np.abs(np.diff(y[:o]))))
        if scale > 0:
            m_list.append(float(np.mean(np.abs(a - f))) / scale)
    sm = float(np.mean(s_list)) if s_list else math.nan
    ms = float(np.mean(m_list)) if m_list else math.nan
    return sm, ms


def _raw_errors(
    p: _Prepared, bt: SeriesBacktest, inc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backtest forecasts, actuals and scales on the original scale, ``(n_bt, H)`` each."""
    y = p.tf.inverse(p.z)
    last = p.z[bt.origins[:-1] - 1][:, None]
    f = p.tf.inverse(last + inc[:-1])
    a = p.tf.inverse(last + bt.actual[:-1])
    s = naive_scales(y, bt.origins[:-1])[:, None]
    return f, a, np.broadcast_to(s, f.shape)


def _interval_score(
    lo: np.ndarray, hi: np.ndarray, a: np.ndarray, s: np.ndarray, alpha: float
) -> float:
    """Mean scaled interval score over finite entries (lower is better)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        sc = ((hi - lo) + (2 / alpha) * ((lo - a) * (a < lo) + (a - hi) * (a > hi))) / s
    sc = sc[np.isfinite(sc)]
    return float(np.mean(sc)) if len(sc) else math.nan


def _engine(
    preps: list[_Prepared],
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
    method: str,
    tables_out: dict[str, np.ndarray] | None = None,
) -> dict[str, _Fit]:
    """Backtest, choose, calibrate and simulate every series in ``preps``."""
    Hmax = max([p.H for p in preps] + [1])
    names = tuple(dict.fromkeys(CANDIDATES + BASE_MODELS)) + tuple(m + "_raw" for m in BASE_MODELS)
    bts = {p.sid: run_backtest(p.z, p.tf, Hmax, names) for p in preps}
    eligible = [p for p in preps if len(p.z) > MIN_TRAIN]
    use_stack = bool(eligible) and (
        method == "stack" or (method == "auto" and len(eligible) >= STACK_MIN_SERIES)
    )
    W, W_cross = None, {}
    if use_stack:
        groups = {p.sid: trend_group(p.z) for p in preps}
        W = _group_weights(eligible, bts, groups, Hmax)
        if len(eligible) >= STACK_MIN_SERIES:
            # Cross-fitting: each series' backtest (hence its calibration errors) uses
            # weights learned on the other fold, so intervals do not inherit the
            # in-sample optimism of the stack's own fit.
            folds = [eligible[0::2], eligible[1::2]]
            for k, fold in enumerate(folds):
                Wk = _group_weights(folds[1 - k], bts, groups, Hmax)
                W_cross.update({p.sid: Wk for p in fold})

    chosen: dict[str, tuple[str, np.ndarray, str]] = {}
    for p in preps:
        bt = bts[p.sid]
        n = len(p.z)
        if W is not None and n >= MIN_TRAIN:
            g = groups[p.sid]
            inc = apply_stack(bt, W[g], STACK_FEATURES)
            if p.sid in W_cross:
                inc = np.vstack([apply_stack(bt, W_cross[p.sid][g], STACK_FEATURES)[:-1], inc[-1:]])
            chosen[p.sid] = ("stack", inc, "cross-learned stack")
        elif method in CANDIDATES:
            chosen[p.sid] = (method, bt.inc[method], "model fixed by caller")
        else:
            name, why = select_model(bt, n)
            chosen[p.sid] = (name, bt.inc[name], why)
    if W is not None:
        _blend_median(chosen, bts)

    # Errors in the transformed space (z) and on the original scale (raw), pooled per step.
    err_z = {s: scaled_errors(bts[s], inc) for s, (_, inc, _) in chosen.items()}
    raw = {p.sid: _raw_errors(p, bts[p.sid], chosen[p.sid][1]) for p in preps}
    err_raw = {}
    for sid, (f, a, s) in raw.items():
        with np.errstate(invalid="ignore", divide="ignore"):
            err_raw[sid] = (a - f) / np.where(s > 0, s, np.nan)
    table_z, c_zs = _calibrate(err_z, Hmax)
    table_r, c_rs = _calibrate(err_raw, Hmax)
    if tables_out is not None:
        tables_out.update(z=table_z, raw=table_r)

    fits: dict[str, _Fit] = {}
    for p in preps:
        bt = bts[p.sid]
        name, inc, why = chosen[p.sid]
        n = len(p.z)
        smp, msp = _bt_accuracy(p, bt, inc)
        point_z = p.z[-1] + inc[-1]
        point = p.tf.inverse(point_z)
        s_z = float(naive_scales(p.z, np.array([n]))[0])
        if not np.isfinite(s_z):
            fits[p.sid] = _Fit(
                point, {}, None, name, smp, msp, math.nan, why + "; one observation: no interval"
            )
            continue
        c_z, c_r = c_zs[p.sid], c_rs[p.sid]
        space = _pick_space(p, bt, inc, raw[p.sid], table_z, table_r, c_z, c_r)
        dev = sample_paths(table_z if space == "z" else table_r, n_paths, p.sid, seed)
        if space == "z":
            paths = p.tf.inverse(point_z[None, :] + s_z * c_z * dev)
            bands = {
                lv: (
                    p.tf.inverse(point_z - s_z * c_z * half_width(table_z, lv)),
                    p.tf.inverse(point_z + s_z * c_z * half_width(table_z, lv)),
                )
                for lv in levels
            }
            factor = c_z
        else:
            y = p.tf.inverse(p.z)
            s_y = float(np.mean(np.abs(np.diff(y))))
            lo_b, hi_b = _clip_bounds(p.tf)
            paths = np.clip(point[None, :] + s_y * c_r * dev, lo_b, hi_b)
            bands = {
                lv: (
                    np.clip(point - s_y * c_r * half_width(table_r, lv), lo_b, hi_b),
                    np.clip(point + s_y * c_r * half_width(table_r, lv), lo_b, hi_b),
                )
                for lv in levels
            }
            factor = c_r
            why += f"; intervals on the original scale (lower in-sample interval score than on the {p.tf.kind} scale)"
        fits[p.sid] = _Fit(point, bands, paths, name, smp, msp, factor, why)
    return fits


def _median_inc(bt: SeriesBacktest) -> np.ndarray:
    """Per-step median of the stack inputs' increments, ``(len(origins), H)``."""
    return np.median(np.stack([bt.inc[f] for f in STACK_FEATURES]), axis=0)


def _blend_median(
    chosen: dict[str, tuple[str, np.ndarray, str]], bts: dict[str, SeriesBacktest]
) -> None:
    """Mix every stacked series' increments with the median of the stack inputs, in place.

    The share is ``MEDIAN_SHARE``, or (``None``) the grid value with the least pooled
    absolute scaled backtest error of the cross-fitted stack.
    """
    stacked = [sid for sid, (name, _, _) in chosen.items() if name == "stack"]
    meds = {sid: _median_inc(bts[sid]) for sid in stacked}
    share = MEDIAN_SHARE
    if share is None:
        grid = np.linspace(0.0, 1.0, 21)
        loss = np.zeros(len(grid))
        for sid in stacked:
            bt, inc = bts[sid], chosen[sid][1]
            s = bt.scale[:-1, None]
            with np.errstate(invalid="ignore", divide="ignore"):
                a = bt.actual[:-1] / s
                x, m = inc[:-1] / s, meds[sid][:-1] / s
            for i, w in enumerate(grid):
                e = np.abs(a - (1 - w) * x - w * m)
                loss[i] += float(np.sum(e[np.isfinite(e)]))
        share = float(grid[int(np.argmin(loss))])
    for sid in stacked:
        name, inc, why = chosen[sid]
        chosen[sid] = (name, (1 - share) * inc + share * meds[sid], why)


def _group_weights(
    preps: list[_Prepared], bts: dict[str, SeriesBacktest], groups: dict[str, int], H: int
) -> dict[int, np.ndarray]:
    """Trend-group stack weights learned on the backtests of ``preps``."""
    return group_stack_weights(
        [bts[p.sid] for p in preps], [groups[p.sid] for p in preps], STACK_FEATURES, H
    )


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


def _clip_bounds(tf: Transform) -> tuple[float, float]:
    """Admissible value range: bounds pulled inside as the transform does."""
    lo = float(tf.inverse(np.array(-30.0))) if tf.kind != "identity" else -math.inf
    hi = float(tf.inverse(np.array(30.0))) if tf.kind == "logit" else math.inf
    if tf.kind == "log":
        lo = tf.lo + tf.floor
    return lo, hi


def _pick_space(p, bt, inc, raw, table_z, table_r, c_z, c_r) -> str:
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
    hw_z = half_width(table_z, 95)[None, :H]
    hw_r = half_width(table_r, 95)[None, :H]
    zc = last + inc[:-1]
    lo_z, hi_z = p.tf.inverse(zc - s_zo * c_z * hw_z), p.tf.inverse(zc + s_zo * c_z * hw_z)
    lo_r, hi_r = np.maximum(f - s * c_r * hw_r, 0.0), f + s * c_r * hw_r
    sz = _interval_score(lo_z, hi_z, a, s, 0.05)
    sr = _interval_score(lo_r, hi_r, a, s, 0.05)
    return "raw" if np.isfinite(sr) and np.isfinite(sz) and sr < RAW_MARGIN * sz else "z"


def forecast(
    history: pd.DataFrame,
    horizon: int | None = None,
    *,
    to_year: int | None = None,
    levels: tuple[int, ...] = (80, 95),
    bounds: dict[str, tuple[float, float]] | tuple[float, float] | None = None,
    donors: pd.DataFrame | None = None,
    n_paths: int = 1000,
    seed: int = 0,
    donor_map: dict[str, str | list[str]] | None = None,
    method: str = "auto",
) -> ForecastResult:
    """Forecast every series in ``history`` (long: series_id, year, value; gaps allowed).

    ``horizon``: years after each series' last year; ``to_year``: forecast every series
    up to this calendar year instead (one of the two is required). ``levels``: two-sided
    interval levels in percent. ``bounds``: ``(lo, hi)`` for all series or a dict per
    series; ``(0, 100)`` gives a logit transform, ``(0, inf)`` a log transform; default
    ``(0, inf)`` when a series is all positive, else unbounded. ``donors``: long frame of
    longer related series that short series borrow growth from (see
    :mod:`workbench.forecast.borrow`; ``donor_map`` or a ``for_series`` column says who
    borrows from whom). ``method``: ``auto`` (stack when the call holds at least
    ``STACK_MIN_SERIES`` backtestable series, else per-series selection), ``stack``,
    ``select``, or one candidate model name. Deterministic for a given ``seed``.
    """
    if (horizon is None) == (to_year is None):
        raise ValueError("give exactly one of horizon and to_year")
    if horizon is not None and horizon < 1:
        raise ValueError(f"horizon must be at least 1, got {horizon}")
    levels = tuple(int(lv) for lv in levels)
    for lv in levels:
        if not 0 < lv < 100:
            raise ValueError(f"level {lv} must be between 0 and 100 (percent)")
    if n_paths < 1:
        raise ValueError("n_paths must be at least 1")
    if method not in ("auto", "stack", "select", *CANDIDATES):
        raise ValueError(
            f"method {method!r}: use auto, stack, select or one of {', '.join(CANDIDATES)}"
        )
    df = _validate(history)
    preps = _prepare(df, bounds, horizon, to_year)

    borrowers: dict[str, list[str]] = {}
    tracks: dict[str, _borrow.DonorTrack] = {}
    if donors is not None and len(donors):
        short = [p.sid for p in preps if len(p.years) < _borrow.MIN_OWN_YEARS]
        borrowers = _borrow.donor_map_from(short, donors, donor_map)
        if borrowers:
            need_year = max(int(p.years[-1]) + p.H for p in preps if p.sid in borrowers)
            tracks = _donor_tracks(donors, need_year, n_paths, seed)

    own = [p for p in preps if p.sid not in borrowers and p.H > 0]
    fits = _engine(own, levels, n_paths, seed, method) if own else {}

    tables, paths, infos = [], [], []
    for p in preps:
        borrowed_from = ""
        fit: _Fit | None = None
        fut = np.arange(p.years[-1] + 1, p.years[-1] + p.H + 1)
        if p.H <= 0:
            model, smp, msp, factor, why = (
                "none",
                math.nan,
                math.nan,
                math.nan,
                "no future year requested",
            )
        elif p.sid in borrowers:
            rng = np.random.default_rng([seed, zlib.crc32(p.sid.encode("utf-8"))])
            donor_tracks = [tracks[d] for d in borrowers[p.sid]]
            res = _borrow.borrowed_paths(p.years, p.z, p.observed, p.H, donor_tracks, rng)
            if res is None:
                fit = _engine([p], levels, n_paths, seed, method)[p.sid]
                fit.note += "; donors do not cover the years needed"
            else:
                point_z, sims_z, why = res
                model, smp, msp, factor = "borrowed", math.nan, math.nan, math.nan
                borrowed_from = "+".join(borrowers[p.sid])
                sims = p.tf.inverse(sims_z)
                point = p.tf.inverse(point_z)
                bands = {}
                for lv in levels:
                    a = (100 - lv) / 200
                    lo = np.minimum(np.quantile(sims, a, axis=0), point)
                    hi = np.maximum(np.quantile(sims, 1 - a, axis=0), point)
                    bands[lv] = (lo, hi)
                tables.append(_table_rows(p.sid, fut, point, bands, levels, model))
                paths.append(_path_rows(p.sid, fut, sims))
        else:
            fit = fits[p.sid]
        if fit is not None:
            model, smp, msp, factor, why = (
                fit.model,
                fit.bt_smape,
                fit.bt_mase,
                fit.factor,
                fit.note,
            )
            bands = {lv: (lo[: p.H], hi[: p.H]) for lv, (lo, hi) in fit.bands.items()}
            tables.append(_table_rows(p.sid, fut, fit.point[: p.H], bands, levels, model))
            if fit.paths is not None:
                paths.append(_path_rows(p.sid, fut, fit.paths[:, : p.H]))
        infos.append(
            {
                "series_id": p.sid,
                "model": model,
                "n_obs": p.n_obs,
                "first_year": int(p.years[0]),
                "last_year": int(p.years[-1]),
                "last_value": p.last_value,
                "backtest_smape": smp,
                "backtest_mase": msp,
                "interval_scale": factor,
                "borrowed_from": borrowed_from,
                "note": "; ".join(x for x in (p.note, why) if x),
            }
        )
    cols = (
        ["series_id", "year", "mean"]
        + [f"{s}_{lv}" for lv in levels for s in ("lo", "hi")]
        + ["model"]
    )
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=cols)
    pth = _paths_frame(paths)
    return ForecastResult(table[cols], pth, pd.DataFrame(infos, columns=INFO_COLUMNS), levels)


def calibration_table(history: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """The pooled quantile table of scaled errors in the transformed space.

    Long frame ``h, p, q``: at step ``h``, a share ``p`` of the in-sample rolling-origin
    errors (scaled by the series' mean absolute yearly change and interval factor) is
    within ``q``. Used to build the prior table from M3 yearly training data.
    """
    preps = _prepare(_validate(history), None, horizon, None)
    out: dict[str, np.ndarray] = {}
    _engine(preps, (95,), 1, 0, "auto", tables_out=out)
    t = out["z"]
    return pd.DataFrame(
        {
            "h": np.repeat(np.arange(1, t.shape[0] + 1), t.shape[1]),
            "p": np.tile(PROBS, t.shape[0]),
            "q": t.ravel(),
        }
    )


def _table_rows(
    sid: str,
    fut: np.ndarray,
    point: np.ndarray,
    bands: dict[int, tuple[np.ndarray, np.ndarray]],
    levels: tuple[int, ...],
    model: str,
) -> pd.DataFrame:
    out: dict[str, object] = {"series_id": sid, "year": fut, "mean": point}
    nan = np.full(len(fut), np.nan)
    for lv in levels:
        lo, hi = bands.get(lv, (nan, nan))
        out[f"lo_{lv}"] = lo
        out[f"hi_{lv}"] = hi
    out["model"] = model
    return pd.DataFrame(out)


def _path_rows(sid: str, fut: np.ndarray, sims: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    """A series' paths as (id, future years, values ``(n_paths, H)``), framed later."""
    return sid, fut, sims


def _paths_frame(parts: list[tuple[str, np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """Long frame series_id, path, year, value from per-series path blocks."""
    if not parts:
        return pd.DataFrame(columns=["series_id", "path", "year", "value"])
    sizes = [s.size for _, _, s in parts]
    return pd.DataFrame(
        {
            "series_id": np.repeat(np.array([sid for sid, _, _ in parts], dtype=object), sizes),
            "path": np.concatenate(
                [np.repeat(np.arange(s.shape[0]), s.shape[1]) for _, _, s in parts]
            ),
            "year": np.concatenate([np.tile(f, s.shape[0]) for _, f, s in parts]),
            "value": np.concatenate([s.ravel() for _, _, s in parts]),
        }
    )


def _donor_tracks(
    donors: pd.DataFrame, need_year: int, n_paths: int, seed: int
) -> dict[str, _borrow.DonorTrack]:
    """Donor trajectories in their transformed space up to ``need_year``."""
    try:
        # A donor serving several borrowers may repeat its rows (one per for_series).
        d = _validate(donors.drop_duplicates(["series_id", "year", "value"]))
    except ValueError as exc:
        raise ValueError(f"donors: {exc}") from exc
    preps = _prepare(d, None, None, need_year)
    own = [p for p in preps if p.H > 0]
    fits = _engine(own, (80,), n_paths, seed, "auto") if own else {}
    out = {}
    for p in preps:
        pt, pa = p.z.copy(), np.repeat(p.z[None, :], n_paths, axis=0)
        years = p.years
        if p.sid in fits:
            f = fits[p.sid]
            fpt = p.tf.forward(f.point[: p.H])
            fpa = (
                p.tf.forward(f.paths[:, : p.H])
                if f.paths is not None
                else np.repeat(fpt[None, :], n_paths, axis=0)
            )
            pt = np.r_[pt, fpt]
            pa = np.hstack([pa, fpa])
            years = np.arange(years[0], years[-1] + p.H + 1)
        obs_years = p.years[p.observed]
        out[p.sid] = _borrow.DonorTrack(years, pt, pa, int(obs_years[-1]), int(obs_years[0]), p.sid)
    return out
