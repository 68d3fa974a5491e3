"""Short-history benchmark: M3 yearly cut to its last 6, 8 and 10 points, h = 6.

    bash benchmarks/m3_yearly/make_peer_venv.sh                               # once
    benchmarks/.venv-peer/bin/python benchmarks/short_history/run_peer.py test
    .venv/bin/python benchmarks/short_history/run.py                          # test split
    .venv/bin/python benchmarks/short_history/run.py --split validation       # design split

The engine forecasts every cut in one call per cut (the workbench with its short-series
prior, and the same engine with the prior switched off for reference); the peers'
forecasts (statsforecast, made by ``run_peer.py`` on the same cuts) are scored with the
same scorer on the same real held-out years (``score.py``). Writes
``benchmarks/results/short_history.{json,md}`` (test) or
``short_history_validation.{json,md}``. The validation split uses the prior and the
pooled model learned on the validation training parts (``make_prior_short.py --split
validation``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from cuts import CUTS, H, cut, scales, use_split  # noqa: E402
from score import per_series, summary  # noqa: E402

import workbench.forecast.engine as engine  # noqa: E402
from workbench.forecast import forecast  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
WORK = HERE / "work"
ENGINES = {"workbench": "prior", "workbench without short prior": "off"}


def run_engine(train: pd.DataFrame, test: pd.DataFrame, sc: pd.Series, c: int) -> dict:
    out = {}
    for name, mode in ENGINES.items():
        engine.SHORT_PRIOR = mode
        t0 = time.perf_counter()
        res = forecast(cut(train, c), horizon=H, levels=(80, 95), n_paths=200, seed=0)
        s = summary(per_series(res.table, test, sc, "median"))
        s["wall_seconds"] = time.perf_counter() - t0
        s["failed"] = int(len(res.failed))
        out[name] = s
    engine.SHORT_PRIOR = "prior"
    return out


def main(split: str) -> dict:
    train, test = use_split(split)
    sc = scales(train)
    peer_file = WORK / f"peer_{split}.csv"
    peer = pd.read_csv(peer_file) if peer_file.exists() else None
    timing = (
        json.loads((WORK / f"peer_timing_{split}.json").read_text()) if peer is not None else {}
    )
    out: dict = {
        "benchmark": f"M3 yearly cut to the last 6/8/10 points, h={H}, split {split}",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1min_at_start": os.getloadavg()[0],
        },
        "statsforecast_version": timing.get("statsforecast_version"),
        "cuts": {},
    }
    for c in CUTS:
        row = run_engine(train, test, sc, c)
        if peer is not None:
            for name, g in peer[peer["cut"] == c].groupby("model", sort=False):
                s = summary(per_series(g, test, sc, "mean"))
                s["wall_seconds"] = timing.get(f"{c}/{name}")
                row[f"statsforecast {name}"] = s
        out["cuts"][str(c)] = row
        print(f"cut {c} done", flush=True)
    suffix = "" if split == "test" else "_validation"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"short_history{suffix}.json").write_text(json.dumps(out, indent=2))
    (RESULTS / f"short_history{suffix}.md").write_text(markdown(out, split))
    print(markdown(out, split))
    return out


def verdict(row: dict) -> str:
    """Whether the workbench beats every peer on sMAPE and MASE, with coverage 92–97."""
    wb = row["workbench"]
    peers = {k: v for k, v in row.items() if k.startswith("statsforecast")}
    lost = [k for k, v in peers.items() if v["smape"] <= wb["smape"] or v["mase"] <= wb["mase"]]
    cov_ok = 92 <= wb["coverage_95"] <= 97
    if not peers:
        return "no peer forecasts"
    msg = "beats every peer on sMAPE and MASE" if not lost else "not better than " + ", ".join(lost)
    return msg + ("; 95% coverage in 92–97" if cov_ok else "; 95% coverage OUTSIDE 92–97")


def markdown(out: dict, split: str) -> str:
    where = "the 6 M3 test years" if split == "test" else "the last 6 training years (hold-out)"
    lines = [
        f"# Short-history benchmark ({split} split)",
        "",
        "M3 yearly (645 series), each cut to its last 6, 8 or 10 observations, forecast 6 years",
        f"and scored on {where}. sMAPE 0–200; MASE and MSIS divided by each series' mean",
        "absolute yearly change over its whole training part (one scale per series for every",
        "cut and method); coverage in %. Peers: statsforecast "
        f"{out.get('statsforecast_version')} in the same run (Naive where statsforecast",
        "refuses a series: AutoETS at cut 6). Written by `benchmarks/short_history/run.py`.",
        "",
    ]
    for c, row in out["cuts"].items():
        lines += [
            f"## Cut {c}: {verdict(row)}",
            "",
            "| method | sMAPE | MASE | cover 80 | cover 95 | MSIS 95 | wall s |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in sorted(row.items(), key=lambda kv: kv[1]["smape"]):
            w = s.get("wall_seconds")
            ws = f"{w:.1f}" if w is not None else "–"
            lines.append(
                f"| {name} | {s['smape']:.2f} | {s['mase']:.3f} | {s['coverage_80']:.1f} | "
                f"{s['coverage_95']:.1f} | {s['msis_95']:.2f} | {ws} |"
            )
        lines.append("")
    lines += [
        "Goal: lower sMAPE and lower MASE than every peer at every cut, 95% coverage 92–97%.",
        "",
        f"Load average (1 min) at the start: {out['machine'].get('load_average_1min_at_start', 'n/a')}"
        " on a shared machine; wall times are rough.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    np.seterr(all="ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["test", "validation"], default="test")
    main(ap.parse_args().split)
