# ruff: noqa
import sys

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
exec(open("cand_base.py").read().split("def damp")[0])
from sklearn.ensemble import HistGradientBoostingRegressor


def wfeat(rs, S, nd=5):
    out = np.full((len(rs), nd), np.nan)
    for i, r in enumerate(rs):
        d = np.diff(r["z"])[-nd:] / S[i]
        out[i, nd - len(d) :] = d
    return out


def learn_rows(name):
    return {L: (arrays(win(name, L)), win(name, L)) for L in LS}


LR = {h: learn_rows(HOLDOUTS[h][0]) for h in LEARN}


def design_w(X, S, L, G, W):
    D = design(X, S, L, G)  # (N*H, f)
    return np.hstack([D, np.repeat(W, X.shape[1], axis=0)])


_gb = {}


def fit_w(h, params):
    Xs, Ys = [], []
    for L, ((X, Y, S, fold, G), rs) in LR[h].items():
        ok = (S > 0) & np.all(np.isfinite(X), axis=(1, 2)) & np.all(np.isfinite(Y), axis=1)
        W = wfeat([r for r, o in zip(rs, ok) if o], S[ok])
        Xs.append(design_w(X[ok], S[ok], np.full(ok.sum(), L), G[ok], W))
        Ys.append(np.clip(Y[ok] / S[ok, None], -30, 30).reshape(-1))
    p = dict(mps.GBM_PARAMS)
    p.update(params)
    return HistGradientBoostingRegressor(**p).fit(np.vstack(Xs), np.concatenate(Ys))


def withwin(tag, params={}, ps=0.25):
    base = shipped(pooled_share=0)

    def fn(learn, c, rs):
        h = [k for k in LEARN if LEARN[k] is learn][0]
        if (h, tag) not in _gb:
            _gb[(h, tag)] = fit_w(h, params)
        f = base(learn, c, rs)
        Xe, Se, Ge = ev_arrays(rs)
        D = design_w(Xe, Se, np.full(len(Xe), c), Ge, wfeat(rs, Se))
        p = _gb[(h, tag)].predict(D).reshape(len(Xe), H) * Se[:, None]
        return np.where(np.isfinite(p), (1 - ps) * f + ps * p, f)

    return fn


report("trees + window diffs", withwin("w"))
report("trees + window diffs share .5", withwin("w", ps=0.5))
report("trees 400 iter", shipped(gbm_key="i400", params=dict(max_iter=400)))
