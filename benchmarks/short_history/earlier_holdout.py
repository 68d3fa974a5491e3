"""A second, earlier hold-out for the short-series design (round 3 of issue 13).

The training parts minus their last 12 years are cut to their last 6, 8 or 10 points
and forecast 6 years; the score is on the 6 years before the last 6 (training data;
the M3 test years are never read). Series with fewer than ``c`` points there are left
out. The prior and the pooled model are learned on windows of those shortened parts
only. Compares round 2's prior (uncapped weights, no pooled model), capped weights, and
capped weights with the pooled model at ``POOLED_SHARE`` (point forecasts only).

    .venv/bin/python benchmarks/short_history/earlier_holdout.py      # about 5 minutes
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_prior_short as mps  # noqa: E402
from cuts import CUTS, H, cut, scales  # noqa: E402
from score import per_series, summary  # noqa: E402

from data import load  # noqa: E402  (benchmarks/m3_yearly, put on the path by cuts)
from workbench.forecast.backtest import _lad_nnls, naive_scales, run_backtest, trend_group  # noqa: E402
from workbench.forecast.engine import ALL_NAMES, STACK_FEATURES  # noqa: E402
from workbench.forecast.transforms import make_transform  # noqa: E402


def split() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training parts minus their last ``2 H`` years, and the ``H`` years after them."""
    train, _ = load()
    last = train.groupby("series_id")["year"].transform("max")
    early = train[train["year"] <= last - 2 * H].reset_index(drop=True)
    hold = train[(train["year"] > last - 2 * H) & (train["year"] <= last - H)]
    return early, hold


def cut_inputs(early: pd.DataFrame, c: int) -> dict[str, dict]:
    """Stack inputs at the last origin of every series with at least ``c`` points."""
    out = {}
    for sid, g in cut(early, c).groupby("series_id", sort=False):
        w = g["value"].to_numpy(float)
        tf = make_transform(w, None)
        if len(w) < c or tf.kind == "identity":
            continue
        z = tf.forward(w)
        bt = run_backtest(z, tf, H, ALL_NAMES)
        out[sid] = {
            "F": np.stack([bt.inc[f][-1] for f in STACK_FEATURES], axis=-1),
            "z": z,
            "years": int(g["year"].max()) + np.arange(1, H + 1),
        }
    return out


def score(inputs, win, trees, hold, sc) -> dict:
    """Point-forecast sMAPE/MASE of the prior (and pooled model) on the earlier hold-out."""
    c = len(next(iter(inputs.values()))["z"])
    X, Y, S, fold, G = win[c]
    Wg = mps.group_weights(X, Y, G)
    rows = []
    for sid, d in inputs.items():
        z = d["z"]
        s = naive_scales(z, np.array([len(z)]))
        inc = mps.final_increments(d["F"][None], s, c, np.array([trend_group(z)]), Wg, trees)
        m = np.exp(z[-1] + inc[0])
        frame = {"series_id": sid, "year": d["years"], "median": m}
        rows.append(pd.DataFrame(frame | {k: m for k in ("lo_80", "hi_80", "lo_95", "hi_95")}))
    return summary(per_series(pd.concat(rows), hold, sc, "median"))


def main() -> None:
    early, hold = split()
    sc = scales(early)
    win = {L: mps.window_rows(early, L) for L in range(mps.SHORT_MIN, mps.SHORT_MAX + 1)}
    inputs = {c: cut_inputs(early, c) for c in CUTS}
    trees = mps.fit_pooled(win)
    capped = mps.lad_capped
    variants = {
        "round 2 (uncapped weights)": (_lad_nnls, None),
        "weights summing to at most 1": (capped, None),
        "+ pooled model (shipped)": (capped, trees),
    }
    for name, (lad, tr) in variants.items():
        mps.lad_capped = lad
        res = [score(inputs[c], win, tr, hold, sc) for c in CUTS]
        cells = ", ".join(f"{r['smape']:.2f}/{r['mase']:.3f} (n={r['n_series']})" for r in res)
        print(f"{name}: {cells}", flush=True)
    mps.lad_capped = capped


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
