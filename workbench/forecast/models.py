"""Fast forecasting models for short annual series, evaluated at many origins at once.

Every model here works on one series ``z`` (a 1-D float array in the *transformed*
space, see :mod:`workbench.forecast.transforms`, no gaps) and a set of forecast
origins. An origin ``o`` means "use ``z[:o]`` only"; the model returns the point
forecasts for steps ``1..H`` after ``z[o-1]``. Rolling-origin backtests and the final
forecast (origin ``len(z)``) come from the same call, so the backtest judges exactly
the code that makes the forecast.

Smoothing models (SES, damped trend, Theta) are fitted by a vectorised grid search: one
pass over the series runs the recursion for every parameter combination, and the
cumulative sum of squared one-step errors gives the least-squares parameters for
*every* origin at once. That is what makes refitting at each origin cheap (a few
milliseconds per series), instead of one numerical optimisation per origin.

Return shape of every model: ``(len(origins), H)`` float array for one series ``z``;
``(S, len(origins), H)`` for ``S`` series of one length given as rows ``(S, n)``, which
share one pass of the recursions (the backtests batch series this way; each row gets
exactly the numbers it gets alone).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps

import numpy as np

_ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97, 1.0])
_BETA_FRACS = np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0])
_PHIS = np.array([0.8, 0.86, 0.9, 0.94, 0.97, 0.99])
_DOTM_ALPHAS = np.array([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99])
_THETAS = np.array([1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0])

MIN_OBS: dict[str, int] = {
    "naive": 1,
    "drift": 2,
    "ses": 2,
    "damped": 3,
    "theta": 3,
    "arima": 4,
    "loglinear": 2,
    "dotm": 3,
}
"""Fewest observations each model needs before its origin."""


def _rows(model: Callable[[np.ndarray, np.ndarray, int], np.ndarray]):
    """Let a model take one series ``(n,)`` (giving ``(K, H)``) or rows ``(S, n)``
    (giving ``(S, K, H)``)."""

    @wraps(model)
    def run(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
        z = np.asarray(z, float)
        return model(z[None, :], origins, H)[0] if z.ndim == 1 else model(z, origins, H)

    return run


@_rows
def naive(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Random walk: the last value carried forward."""
    last = z[..., origins - 1]
    return np.repeat(last[..., None], H, axis=-1)


@_rows
def drift(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Random walk with drift: the average step from first to last value, extended."""
    o = origins.astype(float)
    last = z[..., origins - 1]
    slope = np.where(o > 1, (last - z[..., :1]) / np.maximum(o - 1, 1), 0.0)
    steps = np.arange(1, H + 1)
    return last[..., None] + slope[..., None] * steps


def _snapshots(rows: np.ndarray) -> dict[int, int]:
    """Position of each recursion step ``t`` whose state is kept (the origins' last rows)."""
    return {int(r): k for k, r in enumerate(rows)}


def _ses_pass(z: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels and cumulative SSE ``(len(rows), S, A)`` per alpha after observations
    ``rows`` of the ``S`` series ``z`` ``(S, n)`` (one pass for all of them)."""
    S, n = z.shape
    A = len(_ALPHAS)
    keep = _snapshots(rows)
    level = np.empty((len(rows), S, A))
    sse = np.zeros((len(rows), S, A))
    lv = np.repeat(z[:, :1], A, axis=1)
    acc = np.zeros((S, A))
    if 0 in keep:
        level[keep[0]] = lv
    for t in range(1, n):
        e = z[:, t : t + 1] - lv
        acc = acc + e * e
        lv = lv + _ALPHAS * e
        if t in keep:
            level[keep[t]], sse[keep[t]] = lv, acc
    return level, sse


def _ses_fit(z: np.ndarray, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row and origin ``(S, K)``: the least-squares alpha and the level at ``z[o-1]``."""
    level, sse = _ses_pass(z, origins - 1)
    idx = np.argmin(sse + 1e-12 * np.arange(len(_ALPHAS))[::-1], axis=-1)  # (K, S)
    lv = np.take_along_axis(level, idx[..., None], axis=-1)[..., 0]
    return _ALPHAS[idx].T, lv.T


@_rows
def ses(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Simple exponential smoothing (ETS A,N,N): a flat forecast at the smoothed level."""
    _, lv = _ses_fit(z, origins)
    return np.repeat(lv[..., None], H, axis=-1)


@_rows
def damped(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Damped additive trend (ETS A,Ad,N), least squares over an (alpha, beta, phi) grid.

    Initial state: level ``z[0]``, trend ``z[1] - z[0]``; the SSE counts one-step errors
    from the third observation on (the first two only set the state).
    """
    S, n = z.shape
    a, bf, ph = np.meshgrid(_ALPHAS, _BETA_FRACS, _PHIS, indexing="ij")
    a, b, ph = a.ravel(), (a * bf).ravel(), ph.ravel()
    G = a.size
    rows = origins - 1
    keep = _snapshots(rows)
    lv = np.repeat(z[:, :1], G, axis=1)
    tr = np.repeat(z[:, 1:2] - z[:, :1] if n > 1 else np.zeros((S, 1)), G, axis=1)
    levels = np.empty((len(rows), S, G))
    trends = np.empty((len(rows), S, G))
    sse = np.zeros((len(rows), S, G))
    acc = np.zeros((S, G))
    if 0 in keep:
        levels[keep[0]], trends[keep[0]] = lv, tr
    pred, e, tmp = np.empty((S, G)), np.empty((S, G)), np.empty((S, G))
    for t in range(1, n):  # in place: pred = lv + ph tr, lv = pred + a e, tr = ph tr + b e
        np.multiply(ph, tr, out=pred)
        pred += lv
        np.subtract(z[:, t : t + 1], pred, out=e)
        if t >= 2:
            np.multiply(e, e, out=tmp)
            acc += tmp
        np.multiply(a, e, out=lv)
        lv += pred
        np.multiply(b, e, out=tmp)
        tr *= ph
        tr += tmp
        if t in keep:
            k = keep[t]
            levels[k], trends[k], sse[k] = lv, tr, acc
    # Ties (e.g. a perfectly linear series) go to the least damped, most reactive setting.
    idx = np.argmin(sse - 1e-12 * ph, axis=-1)[..., None]  # (K, S, 1)
    steps = np.arange(1, H + 1)
    phis = ph[idx]
    cum = np.cumsum(phis**steps, axis=-1)
    lvl = np.take_along_axis(levels, idx, axis=-1)
    trd = np.take_along_axis(trends, idx, axis=-1)
    return (lvl + cum * trd).transpose(1, 0, 2)


@_rows
def theta(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Standard Theta method (Assimakopoulos & Nikolopoulos; Hyndman & Billah's form).

    SES forecast plus half the least-squares slope of the series up to the origin, with
    the SES-dependent correction ``h - 1 + 1/alpha - (1-alpha)^o / alpha``.
    """
    alpha, lv = _ses_fit(z, origins)
    slope = _ols_slopes(z, origins)
    steps = np.arange(1, H + 1)
    o = origins[:, None].astype(float)
    al = alpha[..., None]
    corr = steps - 1 + 1 / al - (1 - al) ** o / al
    return lv[..., None] + 0.5 * slope[..., None] * corr


@lru_cache(maxsize=128)
def _dotm_powers(n: int, alphas: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    """``(1-a)^(t-1)`` and ``(1 - (1-a)^t) / a`` for ``t = 0..n`` over the grid ``alphas``."""
    al = np.array(alphas)
    pw = np.array([(1 - al) ** (t - 1) for t in range(n + 1)])
    qb = np.array([(1 - (1 - al) ** t) / al for t in range(n + 1)])
    return pw, qb


@_rows
def dotm(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Dynamic optimised Theta model (DOTM; Fiorucci et al. 2016, IJF 32(4)).

    A Theta method whose trend line is re-estimated by least squares at every time
    step (``A_t``, ``B_t``: intercept and slope of ``z[:t]``) and whose theta
    coefficient is chosen per series by in-sample fit, together with the SES alpha:
    least squares over a (theta, alpha) grid, theta in 1..5 (1 is SES; 2 the standard
    Theta method). One-step prediction at time ``t`` (1-based)::

        mu_t = l_{t-1} + (1 - 1/theta) * ((1-a)^(t-1) A_{t-1} + (1 - (1-a)^t) / a * B_{t-1})

    and from origin ``n`` the h-step forecast is
    ``l_n + (1 - 1/theta) * ((1-a)^n A_n + ((1 - (1-a)^(n+1)) / a + h - 1) * B_n)``.
    The initial level ``l_0 = z[0] / theta`` makes ``mu_1 = z[0]``.
    """
    S, n = z.shape
    th, al = (g.ravel() for g in np.meshgrid(_THETAS, _DOTM_ALPHAS, indexing="ij"))
    w = 1 - 1 / th
    oma = 1 - al
    pw, qb = _dotm_powers(n, tuple(al.tolist()))
    rows = origins - 1
    keep = _snapshots(rows)
    z0 = z[:, :1]
    lv = al * z0 + (1 - al) * z0 / th
    mean, A, B = z0, z0, np.zeros((S, 1))
    levels = np.empty((len(rows), S, th.size))
    sse = np.zeros((len(rows), S, th.size))
    As, Bs = np.empty((len(rows), S)), np.empty((len(rows), S))
    acc = np.zeros((S, th.size))
    if 0 in keep:
        levels[keep[0]], As[keep[0]], Bs[keep[0]] = lv, A[:, 0], B[:, 0]
    for i in range(1, n):
        t = i + 1
        zi = z[:, i : i + 1]
        e = zi - (lv + w * (pw[t] * A + qb[t] * B))
        acc = acc + e * e
        lv = al * zi + oma * lv
        B = ((t - 2) * B + 6 * (zi - mean) / t) / (t + 1)
        mean = ((t - 1) * mean + zi) / t
        A = mean - B * (t + 1) / 2
        if i in keep:
            k = keep[i]
            levels[k], sse[k], As[k], Bs[k] = lv, acc, A[:, 0], B[:, 0]
    # Ties (a perfectly linear series) go to the lowest theta, then the highest alpha.
    idx = np.argmin(sse + 1e-12 * (th - al), axis=-1).T  # (S, K)
    a, wk = al[idx][..., None], w[idx][..., None]
    o = origins[:, None].astype(float)
    steps = np.arange(1, H + 1)
    trend = (1 - a) ** o * As.T[..., None] + ((1 - (1 - a) ** (o + 1)) / a + steps - 1) * Bs.T[
        ..., None
    ]
    lvl = np.take_along_axis(levels, idx.T[..., None], axis=-1)[..., 0].T
    return lvl[..., None] + wk * trend


def _ols_slopes(z: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``z[..., :o]`` on time for every origin (0 when o < 2)."""
    t = np.arange(z.shape[-1], dtype=float)
    cs_t, cs_z = np.cumsum(t), np.cumsum(z, axis=-1)
    cs_tt, cs_tz = np.cumsum(t * t), np.cumsum(t * z, axis=-1)
    o = origins.astype(float)
    r = origins - 1
    sxx = cs_tt[r] - cs_t[r] ** 2 / o
    sxy = cs_tz[..., r] - cs_t[r] * cs_z[..., r] / o
    return np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), 0.0)


@_rows
def loglinear(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Linear trend in the transformed space (constant growth rate for a log transform).

    The line is anchored at the last observation (its slope is the least-squares one),
    so the forecast starts from where the series is rather than from the fitted line.
    """
    slope = _ols_slopes(z, origins)
    steps = np.arange(1, H + 1)
    return z[..., origins - 1][..., None] + slope[..., None] * steps


@_rows
def arima(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """ARIMA(p,1,0) with drift, ``p`` in 0..2 chosen by AICc, fitted by least squares.

    A small automatic order search: the differences follow an AR(p) with a constant;
    the forecast iterates the AR on the differences and sums them back. Every series
    and origin is fitted at once (batched least squares on zero-padded designs; each
    fit's numbers do not depend on the others in the batch).
    """
    S = z.shape[0]
    d = np.diff(z, axis=1)
    K = len(origins)
    srow = np.repeat(np.arange(S), K)  # series of each fit
    L = np.tile(origins - 1, S)  # differences available at each fit's origin
    best_aicc = np.full(S * K, np.inf)
    coef = np.zeros((S * K, 3))  # constant, phi_1, phi_2 of the chosen order
    found = np.zeros(S * K, bool)
    for p in range(0, 3):
        ok = L - p - (p + 2) - 1 > 0  # m - npar - 1 > 0
        if not ok.any():
            break
        c, aicc = _ar_fit(d, srow[ok], L[ok], p)
        keep = np.isfinite(aicc) if p == 0 else _stationary_batch(c[:, 1:])
        better = keep & (aicc < best_aicc[ok])
        idx = np.flatnonzero(ok)[better]
        best_aicc[idx] = aicc[better]
        coef[idx] = 0.0
        coef[idx, : p + 1] = c[better]
        found[idx] = True
    return _ar_forecast(z, d, srow, L, coef, found, H).reshape(S, K, H)


def _ar_fit(
    d: np.ndarray, srow: np.ndarray, L: np.ndarray, p: int
) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares AR(p)-with-constant fits of ``d[s, :l]`` for every ``(s, l)`` pair.

    Returns coefficients ``(len(L), p + 1)`` (constant first) and AICc per fit.
    """
    m = L - p
    M = int(m.max())
    r = np.arange(M)
    valid = r[None, :] < m[:, None]  # (N, M)
    t = np.where(valid, p + r[None, :], p)
    s = srow[:, None]
    X = np.zeros((len(L), M, p + 1))
    X[..., 0] = valid
    for j in range(p):
        X[..., j + 1] = np.where(valid, d[s, t - 1 - j], 0.0)
    y = np.where(valid, d[s, t], 0.0)
    rtol = np.finfo(float).eps * np.maximum(m, p + 1)
    c = np.sum(np.linalg.pinv(X, rtol=rtol) * y[:, None, :], axis=-1)
    resid = y - np.sum(X * c[:, None, :], axis=-1)
    npar = p + 2
    s2 = np.maximum(np.sum(resid * resid, axis=-1) / m, 1e-300)
    aicc = m * np.log(s2) + 2 * npar + 2 * npar * (npar + 1) / (m - npar - 1)
    return c, aicc


def _stationary_batch(phi: np.ndarray) -> np.ndarray:
    """Per row of AR(1) or AR(2) coefficients ``(N, p)``: all roots of
    ``x^p - phi_1 x^(p-1) - ... - phi_p`` inside radius 0.98 (closed form: a real pair's
    larger modulus, or a complex pair's modulus ``sqrt(-phi_2)``)."""
    if phi.shape[1] == 1:
        return np.abs(phi[:, 0]) < 0.98
    a, b = phi[:, 0], phi[:, 1]
    disc = a * a + 4 * b
    with np.errstate(invalid="ignore"):
        cplx = np.sqrt(-b) < 0.98
        rr = np.sqrt(disc)
        real = np.maximum(np.abs(a + rr), np.abs(a - rr)) / 2 < 0.98
    return np.where(disc < 0, cplx, real)


def _ar_forecast(
    z: np.ndarray,
    d: np.ndarray,
    srow: np.ndarray,
    L: np.ndarray,
    coef: np.ndarray,
    found: np.ndarray,
    H: int,
) -> np.ndarray:
    """Iterate each fit's AR on the differences from its origin and sum back, ``(N, H)``.

    A fit without a usable order takes the mean difference as drift.
    """
    h1 = np.where(found, d[srow, np.maximum(L - 1, 0)], 0.0)  # last difference
    h2 = np.where(found, d[srow, np.maximum(L - 2, 0)], 0.0)  # the one before
    out = np.empty((len(L), H))
    level = z[srow, L]
    for h in range(H):
        nxt = coef[:, 0] + (coef[:, 1] * h1 + coef[:, 2] * h2)
        h1, h2 = nxt, h1
        level = level + nxt
        out[:, h] = level
    for k in np.flatnonzero(~found):
        dk = d[srow[k], : L[k]]
        mean_d = float(dk.mean()) if len(dk) else 0.0
        out[k] = z[srow[k], L[k]] + mean_d * np.arange(1, H + 1)
    return out


MODELS: dict[str, Callable[[np.ndarray, np.ndarray, int], np.ndarray]] = {
    "naive": naive,
    "drift": drift,
    "ses": ses,
    "damped": damped,
    "theta": theta,
    "arima": arima,
    "loglinear": loglinear,
    "dotm": dotm,
}
"""Base models by name."""

COMBOS: dict[str, tuple[str, ...]] = {
    "combo": ("damped", "theta", "arima"),
    "combo_shd": ("ses", "damped", "theta"),
}
"""Combinations: the per-step median (3 members: the middle one) of their members."""


def run_models(
    z: np.ndarray, origins: np.ndarray, H: int, names: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Point forecasts ``(len(origins), H)`` for each named model or combination.

    ``z`` may also be 2-D ``(S, n)``: ``S`` series of one length run together (the
    smoothing recursions then cost one pass for all of them; each row's numbers are
    those it gets alone), giving ``(S, len(origins), H)`` per name.
    Models needing more data than an origin holds give NaN rows at that origin.
    """
    if z.ndim == 1:
        return {k: v[0] for k, v in run_models(z[None, :], origins, H, names).items()}
    base_needed = set()
    for name in names:
        base_needed.update(COMBOS.get(name, (name,)))
    out: dict[str, np.ndarray] = {}
    for name in sorted(base_needed):
        res = np.full((z.shape[0], len(origins), H), np.nan)
        ok = origins >= MIN_OBS[name]
        if ok.any():
            res[:, ok] = MODELS[name](z, origins[ok], H)
        out[name] = res
    for name in names:
        if name in COMBOS:
            stack = np.stack([out[m] for m in COMBOS[name]])
            out[name] = np.median(stack, axis=0)
    return {k: out[k] for k in names}


def min_obs(name: str) -> int:
    """Fewest observations a model or combination needs."""
    return max(MIN_OBS[m] for m in COMBOS.get(name, (name,)))
