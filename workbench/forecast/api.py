"""``forecast()``: automatic, backtested, calibrated forecasts of annual series.

See ``docs/forecasting.md`` for which model is used when and the measured accuracy.
The steps are in :mod:`workbench.forecast.engine`; this module checks the input,
prepares series, borrows for short ones, runs an engine and assembles the tables.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.forecast import borrow as _borrow
from workbench.forecast.backtest import CANDIDATES
from workbench.forecast.engine import (
    MEDIAN_SHARE,
    STACK_FEATURES,
    STACK_MIN_SERIES,
    Fit,
    Prepared,
    isolated,
    release_memory,
    run_local,
)
from workbench.forecast.intervals import PROBS, monotone_bands
from workbench.forecast.transforms import make_transform

ENGINES = ("local", "dask")

INFO_COLUMNS = [
    "series_id",
    "model",
    "n_obs",
    "first_year",
    "last_year",
    "last_value",
    "backtest_smape",
    "backtest_mase",
    "n_scored",
    "interval_scale",
    "borrowed_from",
    "note",
]
"""``n_scored``: backtest errors behind ``backtest_smape``/``_mase`` (real years only)."""

FAILED_COLUMNS = ["series_id", "reason"]

Bounds = dict[str, tuple[float, float]] | tuple[float, float] | None


@dataclass
class ForecastResult:
    """Forecasts of many series.

    ``table``: series_id, year, median, mean, lo_L, hi_L per level, model (future years
    only). ``median`` is the point forecast, the back-transformed median of the
    transformed forecast; ``mean`` is the same column under its old name, kept for one
    release. ``paths``: series_id (Categorical), path, year, value (sample paths,
    future years).
    ``info``: one row per forecast series (model, backtest accuracy and the number of
    scored errors, interval scale, borrowing). ``failed``: series_id, reason of series
    that could not be forecast (the others are unaffected).
    """

    table: pd.DataFrame
    paths: pd.DataFrame
    info: pd.DataFrame
    levels: tuple[int, ...] = field(default=(80, 95))
    failed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FAILED_COLUMNS))


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


def _prepare(
    df: pd.DataFrame,
    bounds: Bounds,
    horizon: int | None,
    to_year: int | None,
    failed: dict[str, str],
) -> list[Prepared]:
    """Transformed, gap-free series; a series that cannot be transformed goes to ``failed``.

    Series come in order of first appearance; one sort of the whole frame (not one
    per series) gives each series' years in order.
    """
    codes, sids = pd.factorize(df["series_id"].to_numpy())
    yr, val = df["year"].to_numpy(), df["value"].to_numpy()
    order = np.lexsort((yr, codes))
    cuts = np.r_[0, np.flatnonzero(np.diff(codes[order])) + 1, len(order)]
    out = []
    for k, sid in enumerate(sids):
        idx = order[cuts[k] : cuts[k + 1]]
        args = (str(sid), yr[idx], val[idx], bounds, horizon, to_year)
        p = isolated(failed, str(sid), _prepare_one, *args)
        if p is not None:
            out.append(p)
    return out


def _prepare_one(
    sid: str,
    yr: np.ndarray,
    val: np.ndarray,
    bounds: Bounds,
    horizon: int | None,
    to_year: int | None,
) -> Prepared:
    """One series (its years ascending, values) transformed and gap-filled."""
    b = bounds.get(sid) if isinstance(bounds, dict) else bounds
    try:
        tf = make_transform(val, b)
    except ValueError as exc:
        raise ValueError(f"series {sid!r}: {exc}") from exc
    y0, y1 = int(yr[0]), int(yr[-1])
    years = np.arange(y0, y1 + 1)
    observed = np.isin(years, yr)
    z = np.interp(years, yr, tf.forward(val))
    H = horizon if horizon is not None else max(int(to_year) - y1, 0)  # type: ignore[arg-type]
    n_gap = int((~observed).sum())
    note = f"{n_gap} missing year(s) interpolated for fitting, never scored" if n_gap else ""
    return Prepared(sid, years, z, observed, tf, len(yr), float(val[-1]), H, note)


def _check_args(
    horizon: int | None,
    to_year: int | None,
    levels: tuple[int, ...],
    n_paths: int,
    method: str,
    engine: str,
) -> tuple[int, ...]:
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
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: use {' or '.join(ENGINES)}")
    return levels


def forecast(
    history: pd.DataFrame,
    horizon: int | None = None,
    *,
    to_year: int | None = None,
    levels: tuple[int, ...] = (80, 95),
    bounds: Bounds = None,
    donors: pd.DataFrame | None = None,
    n_paths: int = 1000,
    seed: int = 0,
    donor_map: dict[str, str | list[str]] | None = None,
    method: str = "auto",
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
) -> ForecastResult:
    """Forecast every series in ``history`` (long: series_id, year, value; gaps allowed).

    ``horizon``: years after each series' last year; ``to_year``: forecast every series
    up to this calendar year instead (one of the two is required). ``levels``: two-sided
    interval levels in percent. ``bounds``: ``(lo, hi)`` for all series or a dict per
    series (see :func:`workbench.forecast.bounds_for_kind`); ``(0, 100)`` gives a logit
    transform, ``(0, inf)`` a log transform; default ``(0, inf)`` when a series is all
    positive, else unbounded. ``donors``: long frame of longer related series that short
    series borrow growth from (see :mod:`workbench.forecast.borrow`; ``donor_map`` or a
    ``for_series`` column says who borrows from whom; a donor's bounds come from the
    ``bounds`` dict, or the tuple when its values fit). ``method``: ``auto`` (stack when
    the call holds at least ``STACK_MIN_SERIES`` backtestable series, else per-series
    selection), ``stack``, ``select``, or one candidate model name. ``engine``:
    ``local`` (one process) or ``dask`` (series spread over Dask workers: a local
    cluster, or the running ``scheduler`` at that address; same numbers); ``progress``
    shows a progress bar for the Dask engine. Deterministic for a given ``seed``.

    Bad arguments or a malformed frame raise ``ValueError``; a series that cannot be
    forecast (e.g. a value outside its bounds) is listed in ``result.failed`` with the
    reason, and every other series is forecast.
    """
    levels = _check_args(horizon, to_year, levels, n_paths, method, engine)
    df = _validate(history)
    failed: dict[str, str] = {}
    preps = _prepare(df, bounds, horizon, to_year, failed)
    borrowers, tracks = _borrowing_plan(preps, donors, donor_map, bounds, n_paths, seed)
    own = [p for p in preps if p.sid not in borrowers and p.H > 0]
    fits = _run_engine(own, levels, n_paths, seed, method, engine, scheduler, progress, failed)
    for p in preps:
        if p.sid in borrowers and p.H > 0:
            args = (
                p,
                [tracks[d] for d in borrowers[p.sid] if d in tracks],
                levels,
                n_paths,
                seed,
                method,
            )
            fit = isolated(failed, p.sid, _borrowed_fit, *args)
            if fit is not None:
                fits[p.sid] = fit
    release_memory()  # the engine's freed intermediates, before the large frames
    return _assemble(preps, fits, levels, failed)


def _run_engine(
    own: list[Prepared],
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
    method: str,
    engine: str,
    scheduler: str | None,
    progress: bool,
    failed: dict[str, str],
) -> dict[str, Fit]:
    """Fits of the series that forecast on their own, by the chosen engine."""
    if not own:
        return {}
    if engine == "dask":
        from workbench.forecast.dask_engine import run_dask

        fits, bad = run_dask(own, levels, n_paths, seed, method, scheduler, progress)
    else:
        fits, bad = run_local(own, levels, n_paths, seed, method)
    failed.update(bad)
    return fits


def _borrowing_plan(
    preps: list[Prepared],
    donors: pd.DataFrame | None,
    donor_map: dict[str, str | list[str]] | None,
    bounds: Bounds,
    n_paths: int,
    seed: int,
) -> tuple[dict[str, list[str]], dict[str, _borrow.DonorTrack]]:
    """Who borrows from which donors, and the donors' trajectories."""
    if donors is None or not len(donors):
        return {}, {}
    short = [p.sid for p in preps if len(p.years) < _borrow.MIN_OWN_YEARS]
    borrowers = _borrow.donor_map_from(short, donors, donor_map)
    if not borrowers:
        return {}, {}
    need_year = max(int(p.years[-1]) + p.H for p in preps if p.sid in borrowers)
    return borrowers, _donor_tracks(donors, need_year, n_paths, seed, bounds)


def _borrowed_fit(
    p: Prepared,
    tracks: list[_borrow.DonorTrack],
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
    method: str,
) -> Fit:
    """A short series' forecast from its donors' growth (own engine when none covers it)."""
    rng = np.random.default_rng([seed, zlib.crc32(p.sid.encode("utf-8"))])
    res = _borrow.borrowed_paths(p.years, p.z, p.observed, p.H, tracks, rng, p.tf)
    if res is None:
        fits, bad = run_local([p], levels, n_paths, seed, method)
        if p.sid not in fits:
            raise ValueError(bad.get(p.sid, "no forecast"))
        fit = fits[p.sid]
        fit.note += "; donors do not cover the years needed"
        return fit
    point_z, sims_z, why, used = res
    sims, point = p.tf.inverse(sims_z), p.tf.inverse(point_z)
    bands = {}
    for lv in levels:
        a = (100 - lv) / 200
        lo = np.minimum(np.quantile(sims, a, axis=0), point)
        hi = np.maximum(np.quantile(sims, 1 - a, axis=0), point)
        bands[lv] = (lo, hi)
    return Fit(point, bands, sims, "borrowed", math.nan, math.nan, math.nan, why, 0, "+".join(used))


def _assemble(
    preps: list[Prepared], fits: dict[str, Fit], levels: tuple[int, ...], failed: dict[str, str]
) -> ForecastResult:
    """The long table, paths, info and failed frames of a call."""
    parts, paths, infos = [], [], []
    for p in preps:
        if p.sid in failed and p.sid not in fits:
            continue
        fit = fits.get(p.sid)
        if fit is None:
            fit = Fit(
                np.empty(0),
                {},
                None,
                "none",
                math.nan,
                math.nan,
                math.nan,
                "no future year requested",
            )
        fut = np.arange(p.years[-1] + 1, p.years[-1] + p.H + 1)
        if p.H > 0:
            bands = {lv: (lo[: p.H], hi[: p.H]) for lv, (lo, hi) in fit.bands.items()}
            bands = monotone_bands(fit.point[: p.H], bands, p.tf.forward, p.tf.inverse)
            parts.append((p.sid, fut, fit.point[: p.H], bands, fit.model))
            if fit.paths is not None:
                paths.append((p.sid, fut, fit.paths[:, : p.H]))
        infos.append(_info_row(p, fit))
    fail = pd.DataFrame(sorted(failed.items()), columns=FAILED_COLUMNS)
    info = pd.DataFrame(infos, columns=INFO_COLUMNS)
    return ForecastResult(_table(parts, levels), _paths_frame(paths), info, levels, fail)


def _table(
    parts: list[tuple[str, np.ndarray, np.ndarray, dict, str]], levels: tuple[int, ...]
) -> pd.DataFrame:
    """The long forecast table from per-series ``(sid, years, point, bands, model)``,
    built column by column (one frame, not one per series)."""
    cols = (
        ["series_id", "year", "median", "mean"]
        + [f"{s}_{lv}" for lv in levels for s in ("lo", "hi")]
        + ["model"]
    )
    if not parts:
        return pd.DataFrame(columns=cols)
    sizes = [len(fut) for _, fut, _, _, _ in parts]
    point = np.concatenate([pt for _, _, pt, _, _ in parts])
    out: dict[str, object] = {
        "series_id": np.repeat(np.array([s for s, *_ in parts], dtype=object), sizes),
        "year": np.concatenate([fut for _, fut, _, _, _ in parts]),
        "median": point,
        "mean": point.copy(),
    }
    for lv in levels:
        for j, side in enumerate(("lo", "hi")):
            out[f"{side}_{lv}"] = np.concatenate(
                [b[lv][j] if lv in b else np.full(len(f), np.nan) for _, f, _, b, _ in parts]
            )
    out["model"] = np.repeat(np.array([m for *_, m in parts], dtype=object), sizes)
    return pd.DataFrame(out)[cols]


def _info_row(p: Prepared, fit: Fit) -> dict:
    return {
        "series_id": p.sid,
        "model": fit.model,
        "n_obs": p.n_obs,
        "first_year": int(p.years[0]),
        "last_year": int(p.years[-1]),
        "last_value": p.last_value,
        "backtest_smape": fit.bt_smape,
        "backtest_mase": fit.bt_mase,
        "n_scored": int(fit.n_scored),
        "interval_scale": fit.factor,
        "borrowed_from": fit.borrowed_from,
        "note": "; ".join(x for x in (p.note, fit.note) if x),
    }


def calibration_table(history: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """The pooled quantile table of scaled errors in the transformed space.

    Long frame ``h, p, q``: at step ``h``, a share ``p`` of the in-sample rolling-origin
    errors (scaled by the series' mean absolute yearly change and interval factor) is
    within ``q``. Used to build the prior table from M3 yearly training data.
    """
    preps = _prepare(_validate(history), None, horizon, None, {})
    out: dict[str, np.ndarray] = {}
    run_local(preps, (95,), 1, 0, "auto", tables_out=out)
    t = out["z"]
    return pd.DataFrame(
        {
            "h": np.repeat(np.arange(1, t.shape[0] + 1), t.shape[1]),
            "p": np.tile(PROBS, t.shape[0]),
            "q": t.ravel(),
        }
    )


PATH_COLUMNS = ["series_id", "path", "year", "value"]


def _paths_frame(parts: list[tuple[str, np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """Long frame series_id, path, year, value from per-series ``(sid, years, paths)``.

    The largest frame of a call (``n_paths`` × years rows per series), so it is filled
    into preallocated columns and taken over without a copy, and ``series_id`` is a
    Categorical of the series in call order (a small code per row, not a string);
    ``path`` is int32.
    """
    if not parts:
        return pd.DataFrame(columns=PATH_COLUMNS)
    sizes = np.array([s.size for _, _, s in parts])
    n = int(sizes.sum())
    path, year, value = np.empty(n, np.int32), np.empty(n, np.int64), np.empty(n)
    i = 0
    for _, fut, s in parts:
        k, h = s.shape
        path[i : i + s.size].reshape(k, h)[:] = np.arange(k)[:, None]
        year[i : i + s.size].reshape(k, h)[:] = fut
        value[i : i + s.size].reshape(k, h)[:] = s
        i += s.size
    codes = np.repeat(np.arange(len(parts), dtype=_code_dtype(len(parts))), sizes)
    sid = pd.Categorical.from_codes(codes, categories=pd.Index([sid for sid, _, _ in parts]))
    cols = {"series_id": sid, "path": path, "year": year, "value": value}
    return pd.DataFrame(cols, copy=False)


def _code_dtype(n_categories: int) -> type:
    """The code type pandas keeps for ``n_categories`` (so the codes are not copied)."""
    for t in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(t).max:
            return t
    return np.int64


def _donor_bounds(donors: pd.DataFrame, bounds: Bounds) -> dict[str, tuple[float, float]]:
    """Bounds of each donor: from the ``bounds`` dict, or the tuple where its values fit."""
    if isinstance(bounds, dict):
        return {d: b for d, b in bounds.items()}
    if bounds is None:
        return {}
    lo, hi = bounds
    v = donors.groupby("series_id")["value"]
    fits = (v.min() >= lo) & (v.max() <= hi)
    return {str(d): (lo, hi) for d, ok in fits.items() if ok}


def _donor_tracks(
    donors: pd.DataFrame, need_year: int, n_paths: int, seed: int, bounds: Bounds = None
) -> dict[str, _borrow.DonorTrack]:
    """Donor trajectories on their original scale up to ``need_year`` (a donor that
    cannot be forecast is left out; its borrowers use the other donors or their own)."""
    try:
        # A donor serving several borrowers may repeat its rows (one per for_series).
        d = _validate(donors.drop_duplicates(["series_id", "year", "value"]))
    except ValueError as exc:
        raise ValueError(f"donors: {exc}") from exc
    preps = _prepare(d, _donor_bounds(d, bounds), None, need_year, {})
    own = [p for p in preps if p.H > 0]
    fits = run_local(own, (80,), n_paths, seed, "auto")[0] if own else {}
    out = {}
    for p in preps:
        y = p.tf.inverse(p.z)
        pt, pa, years = y, np.repeat(y[None, :], n_paths, axis=0), p.years
        if p.sid in fits:
            f = fits[p.sid]
            fpa = (
                f.paths[:, : p.H]
                if f.paths is not None
                else np.repeat(f.point[None, : p.H], n_paths, axis=0)
            )
            pt = np.r_[pt, f.point[: p.H]]
            pa = np.hstack([pa, fpa])
            years = np.arange(years[0], years[-1] + p.H + 1)
        elif p.H > 0:
            continue  # the donor could not be forecast
        obs_years = p.years[p.observed]
        out[p.sid] = _borrow.DonorTrack(
            years, pt, pa, int(obs_years[-1]), int(obs_years[0]), p.sid, p.tf
        )
    return out


__all__ = [
    "FAILED_COLUMNS",
    "INFO_COLUMNS",
    "MEDIAN_SHARE",
    "STACK_FEATURES",
    "STACK_MIN_SERIES",
    "ForecastResult",
    "calibration_table",
    "forecast",
]
