"""How sure are the short-history differences? Paired bootstrap over series.

The differences between the workbench and its peers at cuts 6/8/10 are means over 645
series of very uneven errors. This resamples the *series* (10,000 draws, seed 0) and
reports, for every peer, a 95% interval of the difference (workbench minus peer) in mean
sMAPE and mean MASE, and a 95% interval of the workbench's 95% coverage. A difference
whose interval contains 0 is not distinguishable from a tie on this data.

It scores the test split (the engine as shipped, no change; the peers' forecasts of
``run_peer.py test`` in ``work/peer_test.csv``), so every run is a look at the test
set: run it only after the last design change of a round and say so
(docs/forecasting.md counts the looks). ``--split validation`` does the same on the
hold-out. Writes ``benchmarks/results/short_history_uncertainty{,_validation}.md``.

    .venv/bin/python benchmarks/short_history/uncertainty.py [--split validation]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from cuts import CUTS, H, cut, scales, use_split  # noqa: E402
from score import per_series  # noqa: E402

from workbench.forecast import forecast  # noqa: E402

DRAWS = 10_000
WORK = HERE / "work"


def per_method(train, test, sc, peer: pd.DataFrame, c: int) -> dict[str, pd.DataFrame]:
    """Per-series scores ``{method: frame indexed by series_id}`` at cut ``c``."""
    res = forecast(cut(train, c), horizon=H, levels=(80, 95), n_paths=200, seed=0)
    out = {"workbench": per_series(res.table, test, sc, "median").set_index("series_id")}
    for name, g in peer[peer["cut"] == c].groupby("model", sort=False):
        out[name] = per_series(g, test, sc, "mean").set_index("series_id")
    return out


def interval(x: np.ndarray, idx: np.ndarray) -> tuple[float, float, float]:
    """Mean of ``x`` and the 2.5/97.5% quantiles of its bootstrap means (``idx``: draws)."""
    means = x[idx].mean(axis=1)
    return float(x.mean()), float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def table(scores: dict[str, pd.DataFrame], seed: int = 0) -> list[str]:
    """Markdown rows: workbench minus every peer, with bootstrap intervals."""
    wb = scores["workbench"]
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(wb), (DRAWS, len(wb)))
    m, lo, hi = interval(wb["cov95"].to_numpy(float) * 100, idx)
    rows = [
        f"workbench 95% coverage {m:.1f} (95% interval {lo:.1f}–{hi:.1f})",
        "",
        "| peer | sMAPE difference | MASE difference |",
        "|---|---|---|",
    ]
    for name, p in scores.items():
        if name == "workbench":
            continue
        p = p.reindex(wb.index)
        cells = []
        for col in ("smape", "mase"):
            d, lo, hi = interval((wb[col] - p[col]).to_numpy(float), idx)
            mark = " (tie)" if lo <= 0 <= hi else (" (better)" if hi < 0 else " (worse)")
            cells.append(f"{d:+.3f} [{lo:+.3f}, {hi:+.3f}]{mark}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def main(split: str) -> None:
    train, test = use_split(split)
    sc = scales(train)
    peer = pd.read_csv(WORK / f"peer_{split}.csv")
    lines = [
        f"# Short-history differences: paired bootstrap over series ({split} split)",
        "",
        f"Workbench minus peer, mean over series, with the 95% interval of {DRAWS:,} series",
        "resamples (negative: the workbench is better). Written by",
        "`benchmarks/short_history/uncertainty.py`.",
        "",
    ]
    for c in CUTS:
        lines += [f"## Cut {c}", ""] + table(per_method(train, test, sc, peer, c)) + [""]
        print(f"cut {c} done", flush=True)
    suffix = "" if split == "test" else "_validation"
    out = ROOT / "benchmarks" / "results" / f"short_history_uncertainty{suffix}.md"
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    np.seterr(all="ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["test", "validation"], default="test")
    main(ap.parse_args().split)
