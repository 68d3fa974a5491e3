# ruff: noqa
import sys, pickle

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
exec(open("cand_base.py").read().split("def damp")[0])
ALL = {
    h: {
        L: arrays(pickle.load(open(HERE / f"work/winall_{HOLDOUTS[h][0]}_{L}.pkl", "rb")))
        for L in LS
    }
    for h in LEARN
}
from sklearn.ensemble import HistGradientBoostingRegressor

_g = {}


def treesall(tag, params={}, ps=0.25, maxk=None):
    base = shipped(pooled_share=0)

    def fn(learn, c, rs):
        h = [k for k in LEARN if LEARN[k] is learn][0]
        if (h, tag) not in _g:
            _g[(h, tag)] = fit_trees(ALL[h], params=params)
        f = base(learn, c, rs)
        Xe, Se, Ge = ev_arrays(rs)
        p = (
            _g[(h, tag)].predict(design(Xe, Se, np.full(len(Xe), c), Ge)).reshape(len(Xe), H)
            * Se[:, None]
        )
        return np.where(np.isfinite(p), (1 - ps) * f + ps * p, f)

    return fn


report("trees on all windows (stride1, 40)", treesall("a"))
report("trees on all windows share .4", treesall("a", ps=0.4))
report("trees all, 400 it min_leaf 100", treesall("b", dict(max_iter=400, min_samples_leaf=100)))
