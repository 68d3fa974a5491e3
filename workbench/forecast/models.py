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

Return shape of every model: ``(len(origins), H)`` float array.
"""

from __future__ import annotations

from collections.abc import Callable

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


def naive(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Random walk: the last value carried forward."""
    last = z[origins - 1]
    return np.repeat(last[:, None], H, axis=1)


def drift(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Random walk with drift: the average step from first to last value, extended."""
    o = origins.astype(float)
    slope = np.where(o > 1, (z[origins - 1] - z[0]) / np.maximum(o - 1, 1), 0.0)
    steps = np.arange(1, H + 1)
    return z[origins - 1][:, None] + slope[:, None] * steps[None, :]


def _ses_pass(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels ``(n, A)`` after each observation and cumulative SSE ``(n, A)`` per alpha."""
    n = len(z)
    A = len(_ALPHAS)
    level = np.empty((n, A))
    sse = np.zeros((n, A))
    lv = np.full(A, z[0])
    level[0] = lv
    for t in range(1, n):
        e = z[t] - lv
        sse[t] = sse[t - 1] + e * e
        lv = lv + _ALPHAS * e
        level[t] = lv
    return level, sse


def _ses_fit(z: np.ndarray, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per origin: the least-squares alpha and the level at ``z[o-1]``."""
    level, sse = _ses_pass(z)
    idx = np.argmin(sse[origins - 1] + 1e-12 * np.arange(len(_ALPHAS))[::-1], axis=1)
    rows = origins - 1
    return _ALPHAS[idx], level[rows, idx]


def ses(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Simple exponential smoothing (ETS A,N,N): a flat forecast at the smoothed level."""
    _, lv = _ses_fit(z, origins)
    return np.repeat(lv[:, None], H, axis=1)


def damped(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Damped additive trend (ETS A,Ad,N), least squares over an (alpha, beta, phi) grid.

    Initial state: level ``z[0]``, trend ``z[1] - z[0]``; the SSE counts one-step errors
    from the third observation on (the first two only set the state).
    """
    n = len(z)
    a, bf, ph = np.meshgrid(_ALPHAS, _BETA_FRACS, _PHIS, indexing="ij")
    a, b, ph = a.ravel(), (a * bf).ravel(), ph.ravel()
    G = a.size
    lv = np.full(G, z[0])
    tr = np.full(G, z[1] - z[0] if n > 1 else 0.0)
    levels = np.empty((n, G))
    trends = np.empty((n, G))
    sse = np.zeros((n, G))
    levels[0], trends[0] = lv, tr
    for t in range(1, n):
        pred = lv + ph * tr
        e = z[t] - pred
        if t >= 2:
            sse[t] = sse[t - 1] + e * e
        lv = pred + a * e
        tr = ph * tr + b * e
        levels[t], trends[t] = lv, tr
    rows = origins - 1
    # Ties (e.g. a perfectly linear series) go to the least damped, most reactive setting.
    idx = np.argmin(sse[rows] - 1e-12 * ph[None, :], axis=1)
    steps = np.arange(1, H + 1)
    phis = ph[idx]
    cum = np.cumsum(phis[:, None] ** steps[None, :], axis=1)
    return levels[rows, idx][:, None] + cum * trends[rows, idx][:, None]


def theta(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Standard Theta method (Assimakopoulos & Nikolopoulos; Hyndman & Billah's form).

    SES forecast plus half the least-squares slope of the series up to the origin, with
    the SES-dependent correction ``h - 1 + 1/alpha - (1-alpha)^o / alpha``.
    """
    alpha, lv = _ses_fit(z, origins)
    slope = _ols_slopes(z, origins)
    steps = np.arange(1, H + 1)[None, :]
    o = origins[:, None].astype(float)
    al = alpha[:, None]
    corr = steps - 1 + 1 / al - (1 - al) ** o / al
    return lv[:, None] + 0.5 * slope[:, None] * corr


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
    n = len(z)
    th, al = np.meshgrid(_THETAS, _DOTM_ALPHAS, indexing="ij")
    th, al = th.ravel(), al.ravel()
    w = 1 - 1 / th
    G = th.size
    lv = al * z[0] + (1 - al) * z[0] / th
    mean, A, B = z[0], z[0], 0.0
    levels = np.empty((n, G))
    sse = np.zeros((n, G))
    As, Bs = np.empty(n), np.empty(n)
    levels[0], As[0], Bs[0] = lv, A, B
    for i in range(1, n):
        t = i + 1
        mu = lv + w * ((1 - al) ** (t - 1) * A + (1 - (1 - al) ** t) / al * B)
        e = z[i] - mu
        sse[i] = sse[i - 1] + e * e
        lv = al * z[i] + (1 - al) * lv
        B = ((t - 2) * B + 6 * (z[i] - mean) / t) / (t + 1)
        mean = ((t - 1) * mean + z[i]) / t
        A = mean - B * (t + 1) / 2
        levels[i], As[i], Bs[i] = lv, A, B
    rows = origins - 1
    # Ties (a perfectly linear series) go to the lowest theta, then the highest alpha.
    idx = np.argmin(sse[rows] + 1e-12 * (th - al)[None, :], axis=1)
    a, wk = al[idx][:, None], w[idx][:, None]
    o = origins[:, None].astype(float)
    steps = np.arange(1, H + 1)[None, :]
    trend = (1 - a) ** o * As[rows][:, None] + ((1 - (1 - a) ** (o + 1)) / a + steps - 1) * Bs[
        rows
    ][:, None]
    return levels[rows, idx][:, None] + wk * trend


def _ols_slopes(z: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``z[:o]`` on time for every origin (0 when o < 2)."""
    t = np.arange(len(z), dtype=float)
    cs_t, cs_z = np.cumsum(t), np.cumsum(z)
    cs_tt, cs_tz = np.cumsum(t * t), np.cumsum(t * z)
    o = origins.astype(float)
    r = origins - 1
    sxx = cs_tt[r] - cs_t[r] ** 2 / o
    sxy = cs_tz[r] - cs_t[r] * cs_z[r] / o
    return np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), 0.0)


def loglinear(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """Linear trend in the transformed space (constant growth rate for a log transform).

    The line is anchored at the last observation (its slope is the least-squares one),
    so the forecast starts from where the series is rather than from the fitted line.
    """
    slope = _ols_slopes(z, origins)
    steps = np.arange(1, H + 1)
    return z[origins - 1][:, None] + slope[:, None] * steps[None, :]


def arima(z: np.ndarray, origins: np.ndarray, H: int) -> np.ndarray:
    """ARIMA(p,1,0) with drift, ``p`` in 0..2 chosen by AICc, fitted by least squares.

    A small automatic order search: the differences follow an AR(p) with a constant;
    the forecast iterates the AR on the differences and sums them back.
    """
    out = np.empty((len(origins), H))
    for k, o in enumerate(origins):
        d = np.diff(z[:o])
        best_aicc, best = np.inf, None
        for p in range(0, 3):
            m = len(d) - p
            npar = p + 2  # AR terms, constant, variance
            if m - npar - 1 <= 0:
                break
            X = np.ones((m, p + 1))
            for j in range(p):
                X[:, j + 1] = d[p - 1 - j : len(d) - 1 - j]
            yv = d[p:]
            coef, *_ = np.linalg.lstsq(X, yv, rcond=None)
            resid = yv - X @ coef
            s2 = max(float(resid @ resid) / m, 1e-300)
            aicc = m * np.log(s2) + 2 * npar + 2 * npar * (npar + 1) / (m - npar - 1)
            if p > 0 and not _stationary(coef[1:]):
                continue
            if aicc < best_aicc:
                best_aicc, best = aicc, (p, coef)
        if best is None:
            mean_d = float(d.mean()) if len(d) else 0.0
            out[k] = z[o - 1] + mean_d * np.arange(1, H + 1)
            continue
        p, coef = best
        hist = list(d[-p:]) if p else []
        level = z[o - 1]
        for h in range(H):
            nxt = coef[0] + sum(coef[j + 1] * hist[-1 - j] for j in range(p))
            hist.append(nxt)
            level = level + nxt
            out[k, h] = level
    return out


def _stationary(phi: np.ndarray) -> bool:
    """All roots of ``x^p - phi_1 x^(p-1) - ... - phi_p`` inside radius 0.98.

    Closed form for p <= 2 (the orders used here; ``np.roots`` was a quarter of the
    engine's time on many series), ``np.roots`` beyond.
    """
    if len(phi) == 1:
        return bool(abs(phi[0]) < 0.98)
    if len(phi) == 2:
        a, b = float(phi[0]), float(phi[1])
        disc = a * a + 4 * b
        if disc < 0:  # complex pair, modulus sqrt(-b)
            return bool(np.sqrt(-b) < 0.98)
        r = np.sqrt(disc)
        return bool(max(abs(a + r), abs(a - r)) / 2 < 0.98)
    roots = np.roots(np.r_[1.0, -phi])
    return bool(np.all(np.abs(roots) < 0.98))


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

    Models needing more data than an origin holds give NaN rows at that origin.
    """
    base_needed = set()
    for name in names:
        base_needed.update(COMBOS.get(name, (name,)))
    out: dict[str, np.ndarray] = {}
    for name in base_needed:
        res = np.full((len(origins), H), np.nan)
        ok = origins >= MIN_OBS[name]
        if ok.any():
            res[ok] = MODELS[name](z, origins[ok], H)
        out[name] = res
    for name in names:
        if name in COMBOS:
            stack = np.stack([out[m] for m in COMBOS[name]])
            out[name] = np.median(stack, axis=0)
    return {k: out[k] for k in names}


def min_obs(name: str) -> int:
    """Fewest observations a model or combination needs."""
    return max(MIN_OBS[m] for m in COMBOS.get(name, (name,)))
