"""Peer forecasts for M3 yearly with statsforecast: AutoETS, AutoTheta and their mean.

Runs in benchmarks/.venv-peer (made by make_peer_venv.sh; statsforecast needs pandas < 3).
Writes ``benchmarks/results/m3_yearly_peer_forecasts.csv`` (series_id, year, model,
mean, lo_80, hi_80, lo_95, hi_95) and ``m3_yearly_peer_timing.json``: per model the
fastest wall time of ``--repeats`` runs (seconds) and, under ``cpu``, the process CPU
seconds of that run (the work itself when ``--n-jobs 1``: one core, as the engine).
``benchmarks/m3_yearly/run.py`` calls this script itself, so both are timed in one run.

    benchmarks/.venv-peer/bin/python benchmarks/m3_yearly/run_peer.py [--n-jobs 1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from data import SMALL_H, H, load, small_call  # noqa: E402

RESULTS = HERE.parent / "results"


def main(n_jobs: int, repeats: int) -> None:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    warnings.filterwarnings("ignore")
    train, _ = load()
    df = train.rename(columns={"series_id": "unique_id", "year": "ds", "value": "y"})
    out = []
    timing: dict = {"n_jobs": n_jobs, "repeats": repeats, "cpu": {}, "walls": {}}
    for name, models in (
        ("AutoETS", [AutoETS(season_length=1)]),
        ("AutoTheta", [AutoTheta(season_length=1)]),
    ):
        walls, cpus = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            sf = StatsForecast(models=models, freq=1, n_jobs=n_jobs)
            fc = sf.forecast(df=df, h=H, level=[80, 95])
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        best = min(range(repeats), key=walls.__getitem__)
        timing[name], timing["cpu"][name], timing["walls"][name] = walls[best], cpus[best], walls
        col = models[0].__class__.__name__ if name != "AutoETS" else "AutoETS"
        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        out.append(
            pd.DataFrame(
                {
                    "series_id": fc["unique_id"],
                    "year": fc["ds"],
                    "model": name,
                    "mean": fc[col],
                    "lo_80": fc[f"{col}-lo-80"],
                    "hi_80": fc[f"{col}-hi-80"],
                    "lo_95": fc[f"{col}-lo-95"],
                    "hi_95": fc[f"{col}-hi-95"],
                }
            )
        )
    both = pd.concat(out, ignore_index=True)
    comb = both.groupby(["series_id", "year"], as_index=False)[
        ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
    ].mean()
    comb["model"] = "ETS+Theta mean"
    timing["ETS+Theta mean"] = timing["AutoETS"] + timing["AutoTheta"]
    timing["cpu"]["ETS+Theta mean"] = timing["cpu"]["AutoETS"] + timing["cpu"]["AutoTheta"]
    res = pd.concat([both, comb], ignore_index=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    res.to_csv(RESULTS / "m3_yearly_peer_forecasts.csv", index=False, float_format="%.6g")
    import statsforecast

    small = small_call().rename(columns={"series_id": "unique_id", "year": "ds", "value": "y"})
    walls = []
    for _ in range(repeats + 2):
        t0 = time.perf_counter()
        StatsForecast(models=[AutoETS(season_length=1)], freq=1, n_jobs=n_jobs).forecast(
            df=small, h=SMALL_H, level=[80, 95]
        )
        walls.append(time.perf_counter() - t0)
    timing["small_call_AutoETS"] = min(walls)
    timing["statsforecast_version"] = statsforecast.__version__
    (RESULTS / "m3_yearly_peer_timing.json").write_text(json.dumps(timing, indent=2))
    print(json.dumps(timing, indent=2))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    main(a.n_jobs, a.repeats)
