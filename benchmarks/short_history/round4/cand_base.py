# ruff: noqa
import sys

sys.path.insert(0, ".")
import numpy as np

np.seterr(all="ignore")
from sim import *

LEARN = {h: learn_set(HOLDOUTS[h][0]) for h in ("V", "W", "X")}
BASE = {h: evaluate(shipped(), h, learn=LEARN[h]) for h in LEARN}


def report(name, fn):
    rs = {h: evaluate(fn, h, learn=LEARN[h]) for h in LEARN}
    rel_s = np.mean([rs[h][c][0] / BASE[h][c][0] - 1 for h in rs for c in rs[h]]) * 100
    rel_m = np.mean([rs[h][c][1] / BASE[h][c][1] - 1 for h in rs for c in rs[h]]) * 100
    c6 = np.mean([rs[h][6][1] / BASE[h][6][1] - 1 for h in rs]) * 100
    print(
        f"{name:40s} dS {rel_s:+.2f}% dM {rel_m:+.2f}% dM6 {c6:+.2f}% | "
        + " | ".join(f"{h}: {fmt(rs[h])}" for h in rs),
        flush=True,
    )


print("base", {h: fmt(BASE[h]) for h in BASE})


def damp(d):
    f0 = shipped()
    return lambda l, c, rs: (1 - d) * f0(l, c, rs)


for d in (0.05, 0.1):
    report(f"damp {d}", damp(d))
report("pooled per L 0.5 if L<=7", shipped(pooled_share=lambda c: 0.5 if c <= 7 else 0.25))
report("median share 0.7", shipped(median_share=0.7))
report("trees 400 iter", shipped(gbm_key="i400", params=dict(max_iter=400)))
report("trees lr .1", shipped(gbm_key="lr1", params=dict(learning_rate=0.1)))
