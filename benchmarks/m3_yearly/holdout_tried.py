"""Round-3 variants tried on the in-sample hold-out of M3 yearly and not adopted.

    .venv/bin/python benchmarks/m3_yearly/holdout_tried.py            # every variant
    .venv/bin/python benchmarks/m3_yearly/holdout_tried.py "ets (log)" # one variant

Each variant patches the shipped engine for one run (extra stack inputs, or another
median to mix with the stack) and is scored on the hold-out of ``holdout.py`` (the
last 6 training years of each series); the M3 test years are never loaded. The
numbers are quoted in ``docs/forecasting.md`` ("Round 3").

Historical record: written against the engine before issue 13, whose steps lived in
``api._engine``; the steps are now in ``workbench.forecast.engine`` and the patches
below (``api.run_backtest``, ``api._blend_median``) no longer reach them. Not updated.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from holdout import holdout_split, score  # noqa: E402

from workbench.forecast import api, backtest, models  # noqa: E402
from workbench.forecast.backtest import scaled_errors  # noqa: E402

Feature = Callable[[np.ndarray, object, backtest.SeriesBacktest, int], np.ndarray]
BASE_FEATURES = api.STACK_FEATURES
_EXTRA: dict[str, Feature] = {}
_run_backtest = backtest.run_backtest


def _run_backtest_with_extras(z, tf, H, names):
    bt = _run_backtest(z, tf, H, names)
    for name, fn in _EXTRA.items():
        bt.inc[name] = fn(z, tf, bt, H)
    return bt


api.run_backtest = _run_backtest_with_extras


@contextmanager
def _patched(obj: object, **attrs: object) -> Iterator[None]:
    old = {k: getattr(obj, k) for k in attrs}
    for k, v in attrs.items():
        setattr(obj, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(obj, k, v)


@contextmanager
def extra_inputs(median_share: float | None = None, **fns: Feature) -> Iterator[None]:
    """Add stack inputs (increments in z per origin and step) for one run."""
    _EXTRA.update(fns)
    share = api.MEDIAN_SHARE if median_share is None else median_share
    try:
        with _patched(api, STACK_FEATURES=BASE_FEATURES + tuple(fns), MEDIAN_SHARE=share):
            yield
    finally:
        _EXTRA.clear()


# --- extra inputs -------------------------------------------------------------------


def _ones(z, tf, bt, H):
    """Constant growth column (log/logit series only; zero for identity)."""
    return np.full((len(bt.origins), H), 0.0 if tf.kind == "identity" else 1.0)


def _signed(z, tf, bt, H):
    """Constant column signed by the series' own direction up to the origin."""
    d = np.sign(z[bt.origins - 1] - z[0])
    return _ones(z, tf, bt, H) * d[:, None]


def _damped_drift(phi: float) -> Feature:
    def f(z, tf, bt, H):
        o = bt.origins
        slope = np.where(o > 1, (z[o - 1] - z[0]) / np.maximum(o - 1, 1), 0.0)
        return slope[:, None] * np.cumsum(phi ** np.arange(1, H + 1))[None, :]

    return f


def _trend_pass(z: np.ndarray, phis: np.ndarray):
    """Additive (damped) trend recursion over the engine's (alpha, beta, phi) grid."""
    n = len(z)
    a, bf, ph = np.meshgrid(models._ALPHAS, models._BETA_FRACS, phis, indexing="ij")
    a, b, ph = a.ravel(), (a * bf).ravel(), ph.ravel()
    lv, tr = np.full(a.size, z[0]), np.full(a.size, z[1] - z[0] if n > 1 else 0.0)
    levels, trends, sse = np.empty((n, a.size)), np.empty((n, a.size)), np.zeros((n, a.size))
    levels[0], trends[0] = lv, tr
    for t in range(1, n):
        pred = lv + ph * tr
        e = z[t] - pred
        if t >= 2:
            sse[t] = sse[t - 1] + e * e
        lv, tr = pred + a * e, ph * tr + b * e
        levels[t], trends[t] = lv, tr
    return levels, trends, sse, ph


def _aicc(sse: np.ndarray, m: np.ndarray, k: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        v = m * np.log(np.maximum(sse, 1e-300) / m) + 2 * k + 2 * k * (k + 1) / (m - k - 1)
    return np.where(m - k - 1 > 0, v, np.inf)


def ets_auto(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Peer-style automatic ETS: ANN, AAN or AAdN by AICc at each origin (least squares)."""
    rows, steps = origins - 1, np.arange(1, H + 1)
    m = (origins - 2).astype(float)
    level, sse_s = models._ses_pass(z)
    s2 = sse_s[rows] - sse_s[1]
    i_s = np.argmin(s2, axis=1)
    cands = [
        (_aicc(s2[np.arange(len(rows)), i_s], m, 3), np.repeat(level[rows, i_s][:, None], H, 1))
    ]
    for phis, k in ((np.array([1.0]), 5), (models._PHIS, 6)):
        lv, tr, sse, ph = _trend_pass(z, phis)
        idx = np.argmin(sse[rows] - 1e-12 * ph[None, :], axis=1)
        cum = np.cumsum(ph[idx][:, None] ** steps[None, :], axis=1)
        cands.append(
            (_aicc(sse[rows, idx], m, k), lv[rows, idx][:, None] + cum * tr[rows, idx][:, None])
        )
    best = np.argmin(np.stack([c[0] for c in cands]), axis=0)
    return np.stack([c[1] for c in cands])[best, np.arange(len(origins))]


def _ets_log(z, tf, bt, H):
    return ets_auto(z, bt.origins, H) - z[bt.origins - 1][:, None]


def _ets_raw(z, tf, bt, H):
    y = tf.inverse(z)
    ref = np.max(np.abs(y)) or 1.0
    return tf.forward(ets_auto(y / ref, bt.origins, H) * ref) - z[bt.origins - 1][:, None]


# --- other medians mixed with the stack -----------------------------------------------


@contextmanager
def median_of(members: tuple[str, ...] | int, share: float) -> Iterator[None]:
    """Mix the stack with the median of ``members`` (or of the top-k inputs by their
    pooled in-sample backtest error when ``members`` is an int) instead of all inputs."""
    chosen: dict[str, tuple[str, ...]] = {}

    def rank(bts, features):
        err = {}
        for f in features:
            e = np.concatenate([scaled_errors(bt, bt.inc[f])[-6:].ravel() for bt in bts])
            err[f] = float(np.mean(np.abs(e[np.isfinite(e)])))
        return tuple(sorted(features, key=err.get))

    orig_blend = api._blend_median

    def blend(ch, bts):
        if isinstance(members, int):
            stacked = [bts[s] for s, (n, _, _) in ch.items() if n == "stack"]
            chosen["m"] = rank(stacked, BASE_FEATURES)[:members]
        else:
            chosen["m"] = members
        orig_blend(ch, bts)

    def median_inc(bt):
        return np.median(np.stack([bt.inc[f] for f in chosen["m"]]), axis=0)

    with _patched(api, _blend_median=blend, _median_inc=median_inc, MEDIAN_SHARE=share):
        yield


def _best_single_weights(bts, features, H, last_k=6, smooth=None):
    """One-hot weights: per step, the input with the least pooled absolute error."""
    W = np.zeros((H, len(features)))
    for h in range(H):
        err = np.zeros(len(features))
        for bt in bts:
            ok = np.isfinite(bt.actual[:-1, h])
            F = np.column_stack([bt.inc[f][:-1, h] for f in features])
            ok &= np.all(np.isfinite(F), axis=1)
            idx = np.where(ok)[0][-last_k:]
            err += np.abs(bt.actual[idx, h][:, None] - F[idx]).sum(axis=0)
        W[h, int(np.argmin(err))] = 1.0
    return W


FIVE = ("theta", "combo", "theta_raw", "damped_raw", "dotm")
THREE = ("theta", "combo", "damped_raw")
SMOOTH6 = ("theta", "theta_raw", "damped", "damped_raw", "dotm", "dotm_raw")
EIGHT = SMOOTH6 + ("arima", "arima_raw")

VARIANTS: dict[str, Callable[[], object]] = {
    "shipped (reference)": lambda: extra_inputs(),
    "growth column": lambda: extra_inputs(up=_ones),
    "growth and decline columns": lambda: extra_inputs(up=_ones, dn=lambda *a: -_ones(*a)),
    "growth column signed by direction": lambda: extra_inputs(sgn=_signed),
    "drift with damped growth 0.9": lambda: extra_inputs(ddrift=_damped_drift(0.9)),
    "ets (log)": lambda: extra_inputs(ets=_ets_log),
    "ets (raw)": lambda: extra_inputs(ets_raw=_ets_raw),
    "ets (log and raw)": lambda: extra_inputs(ets=_ets_log, ets_raw=_ets_raw),
    "ets (log), no median": lambda: extra_inputs(median_share=0.0, ets=_ets_log),
}


@contextmanager
def single_best(median_share: float) -> Iterator[None]:
    """Stack weights replaced by one input per step and trend group."""
    with _patched(backtest, stack_weights=_best_single_weights):
        with _patched(api, MEDIAN_SHARE=median_share):
            yield


VARIANTS["per-step single best input per trend group, with the median"] = lambda: single_best(0.3)
VARIANTS["per-step single best input per trend group, no median"] = lambda: single_best(0.0)
for _share in (0.2, 0.3, 0.4, 0.5):
    VARIANTS[f"median of 5 hand-picked, share {_share}"] = lambda s=_share: median_of(FIVE, s)
for _share in (0.2, 0.3):
    VARIANTS[f"median of 3 hand-picked, share {_share}"] = lambda s=_share: median_of(THREE, s)
for _share in (0.2, 0.3, 0.4):
    VARIANTS[f"median of theta/damped/dotm both scales, share {_share}"] = lambda s=_share: (
        median_of(SMOOTH6, s)
    )
VARIANTS["median of those and arima, share 0.3"] = lambda: median_of(EIGHT, 0.3)
for _k in (3, 5, 7):
    VARIANTS[f"median of top {_k} by backtest error, share 0.3"] = lambda k=_k: median_of(k, 0.3)
for _share in (0.2, 0.4, 0.5):
    VARIANTS[f"median of top 5 by backtest error, share {_share}"] = lambda s=_share: median_of(
        5, s
    )


def main(names: list[str]) -> None:
    vtrain, vtest = holdout_split()
    print("| variant | sMAPE | MASE | cover 80 | cover 95 | MSIS 95 |")
    print("|---|---|---|---|---|---|")
    for name in names or list(VARIANTS):
        with VARIANTS[name]():
            s = score(vtrain, vtest)
        print(
            f"| {name} | {s['smape']:.3f} | {s['mase']:.4f} | {s['coverage_80']:.1f} | "
            f"{s['coverage_95']:.1f} | {s['msis_95']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(sys.argv[1:])
