# ruff: noqa
"""Round-4 design simulator at window level (throwaway; hold-outs only)."""

import pickle, sys
from pathlib import Path
import numpy as np, pandas as pd

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
import make_prior_short as mps  # noqa
from workbench.forecast.pooled_short import pooled_increments, design  # noqa
from workbench.forecast.prior_short import SHORT_MIN, SHORT_MAX  # noqa
from workbench.forecast.intervals import PROBS  # noqa
from simwin import frame  # noqa

H = 6
LS = range(SHORT_MIN, SHORT_MAX + 1)
_cache = {}


def win(name, L):
    key = (name, L)
    if key not in _cache:
        _cache[key] = pickle.load(open(HERE / f"work/win_{name}_{L}.pkl", "rb"))
    return _cache[key]


def arrays(rs):
    return (
        np.array([r["F"] for r in rs]),
        np.array([r["Y"] for r in rs]),
        np.array([r["S"] for r in rs]),
        np.array([r["fold"] for r in rs]),
        np.array([r["G"] for r in rs]),
    )


def learn_set(name):
    return {L: arrays(win(name, L)) for L in LS}


_scales = {}


def scale_of(name):
    if name not in _scales:
        df = frame(name).sort_values(["series_id", "year"])
        _scales[name] = (
            df.groupby("series_id")["value"].apply(lambda v: float(v.diff().abs().mean())).to_dict()
        )
    return _scales[name]


HOLDOUTS = {
    "V": ("E1", "E0"),
    "W": ("E2", "E1"),
    "X": ("E3", "E2"),
}  # learn frame, eval frame (k=0 windows)


def evaluate(inc_fn, hold="V", cuts=(6, 8, 10), learn=None):
    """inc_fn(learn, L, eval_rows) -> increments (N,H). Returns {cut: (smape, mase)}."""
    lname, ename = HOLDOUTS[hold]
    learn = learn if learn is not None else learn_set(lname)
    sc = scale_of(lname)
    out = {}
    for c in cuts:
        pick = {}
        for L in range(SHORT_MIN, c + 1):
            for r in win(ename, L):
                if r["k"] == 0 and r["kind"] != "identity":
                    pick[r["sid"]] = r
        rs = list(pick.values())
        inc = np.zeros((len(rs), H))
        for L in sorted({r["L"] for r in rs}):
            idx = [i for i, r in enumerate(rs) if r["L"] == L]
            inc[idx] = inc_fn(learn, L, [rs[i] for i in idx])
        sm, ma = [], []
        for r, d in zip(rs, inc):
            f = r["tf"].inverse(r["z"][-1] + d)
            a = r["act"]
            den = np.abs(a) + np.abs(f)
            sm.append(
                np.mean(np.where(den > 0, 200 * np.abs(a - f) / np.where(den > 0, den, 1), 0))
            )
            ma.append(np.mean(np.abs(a - f)) / sc[r["sid"]])
        out[c] = (float(np.mean(sm)), float(np.mean(ma)), len(rs))
    return out


def fmt(res):
    return ", ".join(f"{v[0]:.2f}/{v[1]:.3f}" for v in res.values())


_trees = {}


def trees_for(learn, key, **kw):
    k = key
    if k not in _trees:
        _trees[k] = fit_trees(learn, **kw)
    return _trees[k]


def fit_trees(learn, params=None, design_fn=None):
    from sklearn.ensemble import HistGradientBoostingRegressor

    Xs, Ys = [], []
    for L, (X, Y, S, fold, G) in learn.items():
        ok = (S > 0) & np.all(np.isfinite(X), axis=(1, 2)) & np.all(np.isfinite(Y), axis=1)
        Xs.append((design_fn or design)(X[ok], S[ok], np.full(ok.sum(), L), G[ok]))
        Ys.append(np.clip(Y[ok] / S[ok, None], -30, 30).reshape(-1))
    p = dict(mps.GBM_PARAMS)
    p.update(params or {})
    return HistGradientBoostingRegressor(**p).fit(np.vstack(Xs), np.concatenate(Ys))


def ev_arrays(rs):
    return (
        np.array([r["F"] for r in rs]),
        np.array([r["S"] for r in rs]),
        np.array([r["G"] for r in rs]),
    )


def shipped(median_share=0.5, pooled_share=0.25, gbm_key="base", params=None, design_fn=None):
    def fn(learn, c, rs):
        X, Y, S, fold, G = learn[c]
        Wg = mps.group_weights(X, Y, G)
        Xe, Se, Ge = ev_arrays(rs)
        f = (1 - median_share) * mps.apply(Xe, Ge, Wg) + median_share * np.median(Xe, axis=2)
        if pooled_share == 0:
            return f
        gbm = trees_for(learn, (id(learn), gbm_key), params=params, design_fn=design_fn)
        D = (design_fn or design)(Xe, Se, np.full(len(Xe), c), Ge)
        p = gbm.predict(D).reshape(len(Xe), H) * Se[:, None]
        ps = pooled_share(c) if callable(pooled_share) else pooled_share
        return np.where(np.isfinite(p), (1 - ps) * f + ps * p, f)

    return fn
