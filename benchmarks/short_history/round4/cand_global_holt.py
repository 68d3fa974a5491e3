# ruff: noqa
"""Damped Holt with parameters learned across windows (one set per length), as a member."""

import sys

sys.path.insert(0, ".")
import itertools
import numpy as np

np.seterr(all="ignore")
exec(open("cand_base.py").read().split("def damp")[0])
GRID = list(
    itertools.product(
        (0.1, 0.3, 0.5, 0.7, 0.9, 1.0), (0.0, 0.05, 0.1, 0.2, 0.4), (0.6, 0.8, 0.9, 0.95, 1.0)
    )
)


def holt(Z, a, b, phi):
    """Z (N, L) -> increments (N, H)."""
    l = Z[:, 0].copy()
    t = Z[:, 1] - Z[:, 0]
    for j in range(1, Z.shape[1]):
        lp = l
        l = a * Z[:, j] + (1 - a) * (lp + phi * t)
        t = b * (l - lp) + (1 - b) * phi * t
    steps = np.cumsum(phi ** np.arange(1, H + 1))
    return (l - Z[:, -1])[:, None] + t[:, None] * steps[None, :]


def zs(rs):
    return np.array([r["z"] for r in rs])


_best = {}


def best_params(hold, L):
    key = (hold, L)
    if key not in _best:
        rs = win(HOLDOUTS[hold][0], L)
        Z = zs(rs)
        Y = np.array([r["Y"] for r in rs])
        S = np.array([r["S"] for r in rs])
        ok = (S > 0) & np.all(np.isfinite(Y), axis=1)
        errs = [np.nanmean(np.abs(Y[ok] - holt(Z[ok], *g)) / S[ok, None]) for g in GRID]
        _best[key] = GRID[int(np.argmin(errs))]
    return _best[key]


def member(a_share):
    base = shipped()

    def fn(learn, c, rs):
        h = [k for k in LEARN if LEARN[k] is learn][0]
        f = base(learn, c, rs)
        g = holt(zs(rs), *best_params(h, c))
        return (1 - a_share) * f + a_share * g

    return fn


for a in (0.15, 0.3):
    report(f"global damped Holt member {a}", member(a))
print({h: {L: best_params(h, L) for L in (6, 8, 10)} for h in LEARN})
