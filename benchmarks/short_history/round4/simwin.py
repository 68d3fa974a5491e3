# ruff: noqa
"""Window rows with ids (throwaway design cache for round 4)."""

import pickle, sys, time, zlib
from pathlib import Path
import numpy as np, pandas as pd

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from cuts import H  # noqa
from data import load  # noqa
from workbench.forecast.backtest import naive_scales, run_backtest, trend_group
from workbench.forecast.engine import ALL_NAMES, STACK_FEATURES
from workbench.forecast.transforms import make_transform


def frame(name):
    train, _ = load()
    last = train.groupby("series_id")["year"].transform("max")
    drop = {"E0": 0, "E1": H, "E2": 2 * H, "E3": 3 * H}[name]
    return train[train["year"] <= last - drop].reset_index(drop=True)


def rows(df, L, nwin=6, stride=2):
    out = []
    for sid, g in df.groupby("series_id", sort=False):
        y = g.sort_values("year")["value"].to_numpy(float)
        n = len(y)
        for k in range(nwin):
            t = n - H - k * stride
            if t < L:
                break
            w = y[t - L : t]
            tf = make_transform(w, None)
            z = tf.forward(w)
            bt = run_backtest(z, tf, H, ALL_NAMES)
            F = np.stack([bt.inc[f][-1] for f in STACK_FEATURES], axis=-1)
            out.append(
                dict(
                    sid=sid,
                    k=k,
                    L=L,
                    F=F,
                    Y=tf.forward(y[t : t + H]) - z[-1],
                    z=z,
                    w=w,
                    act=y[t : t + H],
                    S=float(naive_scales(z, np.array([L]))[0]),
                    fold=zlib.crc32(str(sid).encode()) % 2,
                    G=trend_group(z),
                    tf=tf,
                    kind=tf.kind,
                )
            )
    return out


if __name__ == "__main__":
    np.seterr(all="ignore")
    name, Ls = sys.argv[1], [int(x) for x in sys.argv[2].split(",")]
    df = frame(name)
    for L in Ls:
        t0 = time.time()
        r = rows(df, L)
        pickle.dump(r, open(HERE / f"work/win_{name}_{L}.pkl", "wb"))
        print(name, L, len(r), f"{time.time() - t0:.0f}s", flush=True)
