# ruff: noqa
import sys

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
exec(open("cand_base.py").read().split("def damp")[0])
from sklearn.ensemble import HistGradientBoostingRegressor

# A: bagged trees (bootstrap over series by fold hash variations)
_bag = {}


def fit_bag(learn, B, seed0=0):
    models = []
    for b in range(B):
        rng = np.random.default_rng(seed0 + b)
        Xs, Ys, Ws = [], [], []
        for L, (X, Y, S, fold, G) in learn.items():
            ok = (S > 0) & np.all(np.isfinite(X), axis=(1, 2)) & np.all(np.isfinite(Y), axis=1)
            w = rng.poisson(1.0, ok.sum()).astype(float)
            Xs.append(design(X[ok], S[ok], np.full(ok.sum(), L), G[ok]))
            Ys.append(np.clip(Y[ok] / S[ok, None], -30, 30).reshape(-1))
            Ws.append(np.repeat(w, X.shape[1]))
        p = dict(mps.GBM_PARAMS)
        p["random_state"] = b
        models.append(
            HistGradientBoostingRegressor(**p).fit(
                np.vstack(Xs), np.concatenate(Ys), sample_weight=np.concatenate(Ws)
            )
        )
    return models


def bagged(B, ps=0.25):
    base = shipped(pooled_share=0)

    def fn(learn, c, rs):
        key = (id(learn), B)
        if key not in _bag:
            _bag[key] = fit_bag(learn, B)
        f = base(learn, c, rs)
        Xe, Se, Ge = ev_arrays(rs)
        D = design(Xe, Se, np.full(len(Xe), c), Ge)
        p = np.mean([m.predict(D) for m in _bag[key]], axis=0).reshape(len(Xe), H) * Se[:, None]
        return np.where(np.isfinite(p), (1 - ps) * f + ps * p, f)

    return fn


report("bagged trees B=5", bagged(5))
report("bagged trees B=5 share .4", bagged(5, 0.4))
