# ruff: noqa
import sys

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
exec(open("cand_base.py").read().split("def damp")[0])
_ft = {}


def fold_models(learn):
    key = id(learn)
    if key not in _ft:
        _ft[key] = [
            fit_trees({L: tuple(a[v[3] != k] for a in v) for L, v in learn.items()}) for k in (0, 1)
        ]
    return _ft[key]


def members(learn, L, X, S, G, Wg, gbm):
    st = mps.apply(X, G, Wg)
    md = np.median(X, axis=2)
    D = design(X, S, np.full(len(X), L), G)
    tr = gbm.predict(D).reshape(len(X), H) * S[:, None]
    return np.stack([st, md, tr], axis=-1)  # (N,H,3)


_meta = {}


def meta_weights(learn, L, scaled, per_step, pool_L):
    key = (id(learn), L, scaled, per_step, pool_L)
    if key in _meta:
        return _meta[key]
    fm = fold_models(learn)
    Ms, Ys, Ss = [], [], []
    Lset = [L] if not pool_L else [l for l in learn if abs(l - L) <= 1]
    for l in Lset:
        X, Y, S, fold, G = learn[l]
        for k in (0, 1):
            tr = fold != k
            te = fold == k
            Wg = mps.group_weights(X[tr], Y[tr], G[tr])
            Ms.append(members(learn, l, X[te], S[te], G[te], Wg, fm[k]))
            Ys.append(Y[te])
            Ss.append(S[te])
    M = np.concatenate(Ms)
    Y = np.concatenate(Ys)
    S = np.concatenate(Ss)
    ok = np.all(np.isfinite(M), axis=(1, 2)) & np.all(np.isfinite(Y), axis=1) & (S > 0)
    M, Y, S = M[ok], Y[ok], S[ok]
    if scaled:
        M = M / S[:, None, None]
        Y = Y / S[:, None]
    if per_step:
        W = np.array([mps.lad_capped(M[:, h], Y[:, h]) for h in range(H)])
        W = np.array([W[max(0, h - 1) : h + 2].mean(axis=0) for h in range(H)])
    else:
        w = mps.lad_capped(M.reshape(-1, 3), Y.reshape(-1))
        W = np.tile(w, (H, 1))
    _meta[key] = W
    return W


def meta(scaled=True, per_step=False, pool_L=False):
    def fn(learn, c, rs):
        X, Y, S, fold, G = learn[c]
        Wg = mps.group_weights(X, Y, G)
        gbm = trees_for(learn, (id(learn), "base"))
        Xe, Se, Ge = ev_arrays(rs)
        M = members(learn, c, Xe, Se, Ge, Wg, gbm)
        W = meta_weights(learn, c, scaled, per_step, pool_L)
        out = np.einsum("nhm,hm->nh", np.nan_to_num(M), W)
        base = 0.75 * (0.5 * M[..., 0] + 0.5 * M[..., 1]) + 0.25 * M[..., 2]
        return np.where(np.all(np.isfinite(M), axis=2), out, base)

    return fn


for sc in (True, False):
    for ps in (False, True):
        report(f"meta scaled={sc} per_step={ps}", meta(sc, ps))
report("meta scaled pooled L±1", meta(True, False, True))
for h in LEARN:
    print(h, {L: np.round(meta_weights(LEARN[h], L, True, False, False)[0], 2) for L in (6, 8, 10)})
