"""``forecast()``: automatic, backtested, calibrated forecasts of annual series.

See ``docs/forecasting.md`` for which model is used when and the measured accuracy.
"""

from __future__ import annotations

import math
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
    naive_scales,
    run_backtest,
    scaled_errors,
    select_model,
    stack_weights,
)
from workbench.forecast.intervals import half_width, pooled_table, sample_paths, series_factor
from workbench.forecast.metrics import smape
from workbench.forecast.transforms import Transform, make_transform

STACK_MIN_SERIES = 40
"""Cross-learned stacking needs at least this many series with backtest origins."""

STACK_FEATURES: tuple[str, ...] = BASE_MODELS + tuple(m + "_raw" for m in BASE_MODELS)
"""Inputs of the stacked combination: every base model on the transformed and raw scale."""

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
    inc: np.ndarray  # (H,) point increments in z
    dev: np.ndarray | None  # (n_paths, H) scaled deviations, None when no interval
    hw: dict[int, np.ndarray]  # level -> (H,) half-widths in z
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


def _engine(
    preps: list[_Prepared], levels: tuple[int, ...], n_paths: int, seed: int, method: str
) -> dict[str, _Fit]:
    """Backtest, choose, calibrate and simulate every series in ``preps``."""
    Hmax = max([p.H for p in preps] + [1])
    names = tuple(CANDIDATES) + tuple(m + "_raw" for m in BASE_MODELS)
    bts = {p.sid: run_backtest(p.z, p.tf, Hmax, names) for p in preps}
    eligible = [p for p in preps if len(p.z) > MIN_TRAIN]
    use_stack = method == "stack" or (method == "auto" and len(eligible) >= STACK_MIN_SERIES)
    W = stack_weights([bts[p.sid] for p in eligible], STACK_FEATURES, Hmax) if use_stack else None

    chosen: dict[str, tuple[str, np.ndarray, str]] = {}
    for p in preps:
        bt = bts[p.sid]
        n = len(p.z)
        if W is not None and n >= MIN_TRAIN:
            chosen[p.sid] = ("stack", apply_stack(bt, W, STACK_FEATURES), "cross-learned stack")
        elif method in CANDIDATES:
            chosen[p.sid] = (method, bt.inc[method], "model fixed by caller")
        else:
            name, why = select_model(bt, n)
            chosen[p.sid] = (name, bt.inc[name], why)

    Hsteps = [
        np.concatenate([scaled_errors(bts[s], inc)[:, h] for s, (_, inc, _) in chosen.items()])
        for h in range(Hmax)
    ]
    table, _ = pooled_table(Hsteps, Hmax)
    fits: dict[str, _Fit] = {}
    for p in preps:
        bt = bts[p.sid]
        name, inc, why = chosen[p.sid]
        errs = scaled_errors(bt, inc)
        factor = series_factor(errs, table)
        s = float(naive_scales(p.z, np.array([len(p.z)]))[0])
        smp, msp = _bt_accuracy(p, bt, inc)
        if not np.isfinite(s):
            dev, hw = None, {}
            why += "; one observation: no interval"
        else:
            dev = s * factor * sample_paths(table, n_paths, p.sid, seed)
            hw = {lv: s * factor * half_width(table, lv) for lv in levels}
        fits[p.sid] = _Fit(inc[-1], dev, hw, name, smp, msp, factor, why)
    return fits


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
    df = _validate(history)
    preps = _prepare(df, bounds, horizon, to_year)
    preps = [p for p in preps]

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
        borrowed_from, model_note = "", ""
        if p.H <= 0:
            fit = None
            model, smp, msp, factor, why = (
                "none",
                math.nan,
                math.nan,
                math.nan,
                "no future year requested",
            )
        elif p.sid in borrowers:
            rng = np.random.default_rng([seed, 7, len(p.sid), *p.sid.encode("utf-8")[:16]])
            res = _borrow.borrowed_paths(
                p.years, p.z, p.observed, p.H, [tracks[d] for d in borrowers[p.sid]], rng
            )
            if res is None:
                fit = _engine([p], levels, n_paths, seed, method)[p.sid]
                model, smp, msp, factor = fit.model, fit.bt_smape, fit.bt_mase, fit.factor
                why = fit.note + "; donors do not cover the years needed"
            else:
                point, sims, model_note = res
                fit = None
                model, smp, msp, factor, why = "borrowed", math.nan, math.nan, math.nan, model_note
                borrowed_from = "+".join(borrowers[p.sid])
                fut = np.arange(p.years[-1] + 1, p.years[-1] + p.H + 1)
                tables.append(_table_rows(p, fut, point, sims, levels, "borrowed"))
                paths.append(_path_rows(p, fut, sims))
        else:
            fit = fits[p.sid]
            model, smp, msp, factor, why = (
                fit.model,
                fit.bt_smape,
                fit.bt_mase,
                fit.factor,
                fit.note,
            )
        if fit is not None:
            fut = np.arange(p.years[-1] + 1, p.years[-1] + p.H + 1)
            point = p.z[-1] + fit.inc[: p.H]
            sims = None if fit.dev is None else point[None, :] + fit.dev[:, : p.H]
            hw = {lv: w[: p.H] for lv, w in fit.hw.items()}
            tables.append(_table_rows(p, fut, point, sims, levels, model, hw))
            if sims is not None:
                paths.append(_path_rows(p, fut, sims))
        note = "; ".join(x for x in (p.note, why) if x)
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
                "note": note,
            }
        )
    cols = (
        ["series_id", "year", "mean"]
        + [f"{s}_{lv}" for lv in levels for s in ("lo", "hi")]
        + ["model"]
    )
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=cols)
    pth = (
        pd.concat(paths, ignore_index=True)
        if paths
        else pd.DataFrame(columns=["series_id", "path", "year", "value"])
    )
    return ForecastResult(table[cols], pth, pd.DataFrame(infos, columns=INFO_COLUMNS), levels)


def _table_rows(
    p: _Prepared,
    fut: np.ndarray,
    point: np.ndarray,
    sims: np.ndarray | None,
    levels: tuple[int, ...],
    model: str,
    hw: dict[int, np.ndarray] | None = None,
) -> pd.DataFrame:
    out = {"series_id": p.sid, "year": fut, "mean": p.tf.inverse(point)}
    for lv in levels:
        if hw:
            lo, hi = point - hw[lv], point + hw[lv]
        elif sims is not None:
            a = (100 - lv) / 200
            lo = np.minimum(np.quantile(sims, a, axis=0), point)
            hi = np.maximum(np.quantile(sims, 1 - a, axis=0), point)
        else:
            lo = hi = np.full(len(fut), np.nan)
        out[f"lo_{lv}"] = p.tf.inverse(lo)
        out[f"hi_{lv}"] = p.tf.inverse(hi)
    out["model"] = model
    return pd.DataFrame(out)


def _path_rows(p: _Prepared, fut: np.ndarray, sims: np.ndarray) -> pd.DataFrame:
    n, H = sims.shape
    return pd.DataFrame(
        {
            "series_id": p.sid,
            "path": np.repeat(np.arange(n), H),
            "year": np.tile(fut, n),
            "value": p.tf.inverse(sims).ravel(),
        }
    )


def _donor_tracks(
    donors: pd.DataFrame, need_year: int, n_paths: int, seed: int
) -> dict[str, _borrow.DonorTrack]:
    """Donor trajectories in their transformed space up to ``need_year``."""
    d = donors[["series_id", "year", "value"]].copy()
    try:
        d = _validate(d)
    except ValueError as exc:
        raise ValueError(f"donors: {exc}") from exc
    d = d.drop_duplicates(["series_id", "year"])
    preps = _prepare(d, None, None, need_year)
    own = [p for p in preps if p.H > 0]
    fits = _engine(own, (80,), n_paths, seed, "auto") if own else {}
    out = {}
    for p in preps:
        pt, pa = p.z.copy(), np.repeat(p.z[None, :], n_paths, axis=0)
        years = p.years
        if p.sid in fits:
            f = fits[p.sid]
            fpt = p.z[-1] + f.inc[: p.H]
            fpa = fpt[None, :] + (f.dev[:, : p.H] if f.dev is not None else 0.0)
            pt = np.r_[pt, fpt]
            pa = np.hstack([pa, np.broadcast_to(fpa, (n_paths, p.H))])
            years = np.arange(years[0], years[-1] + p.H + 1)
        obs_years = p.years[p.observed]
        out[p.sid] = _borrow.DonorTrack(years, pt, pa, int(obs_years[-1]), int(obs_years[0]), p.sid)
    return out
