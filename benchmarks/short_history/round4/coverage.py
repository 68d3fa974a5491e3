# ruff: noqa
import sys

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
from sim import *
from workbench.forecast.intervals import monotone_table


def coverage(hold, cuts=(6, 8, 10), power=0.5):
    lname, ename = HOLDOUTS[hold]
    learn = learn_set(lname)
    fold_trees = [mps.fit_pooled(learn, lambda f, k=k: f != k) for k in (0, 1)]
    trees = mps.fit_pooled(learn)
    out = {}
    for c in cuts:
        pick = {}
        for L in range(SHORT_MIN, c + 1):
            for r in win(ename, L):
                if r["k"] == 0 and r["kind"] != "identity":
                    pick[r["sid"]] = r
        rs = list(pick.values())
        cov95, cov80 = [], []
        for L in sorted({r["L"] for r in rs}):
            sub = [r for r in rs if r["L"] == L]
            X, Y, S, fold, G = learn[L]
            Q = mps.error_quantiles(X, Y, S, fold, G, power, L, fold_trees)
            Wg = mps.group_weights(X, Y, G)
            Xe, Se, Ge = ev_arrays(sub)
            inc = mps.final_increments(Xe, Se, L, Ge, Wg, trees)
            for r, d, s in zip(sub, inc, Se):
                for lv, acc in ((0.95, cov95), (0.80, cov80)):
                    hw = s**power * np.array([np.interp(lv, PROBS, Q[h]) for h in range(H)])
                    lo = r["tf"].inverse(r["z"][-1] + d - hw)
                    hi = r["tf"].inverse(r["z"][-1] + d + hw)
                    acc.append(np.mean((r["act"] >= lo) & (r["act"] <= hi)))
        out[c] = (100 * np.mean(cov80), 100 * np.mean(cov95))
    return out


for h in ("V", "W", "X"):
    print(h, {c: f"{a:.1f}/{b:.1f}" for c, (a, b) in coverage(h).items()}, flush=True)
