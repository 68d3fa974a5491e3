"""Peer forecasts for M3 yearly with statsforecast: AutoETS, AutoTheta and their mean.

Runs in benchmarks/.venv-peer (made by make_peer_venv.sh; statsforecast needs pandas < 3).
Writes ``benchmarks/results/m3_yearly_peer_forecasts.csv`` (series_id, year, model,
mean, lo_80, hi_80, lo_95, hi_95) and ``m3_yearly_peer_timing.json``.

    benchmarks/.venv-peer/bin/python benchmarks/m3_yearly/run_peer.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from data import H, load  # noqa: E402

RESULTS = HERE.parent / "results"


def main() -> None:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    train, _ = load()
    df = train.rename(columns={"series_id": "unique_id", "year": "ds", "value": "y"})
    out = []
    timing = {}
    for name, models in (
        ("AutoETS", [AutoETS(season_length=1)]),
        ("AutoTheta", [AutoTheta(season_length=1)]),
    ):
        t0 = time.perf_counter()
        sf = StatsForecast(models=models, freq=1, n_jobs=2)
        fc = sf.forecast(df=df, h=H, level=[80, 95])
        timing[name] = time.perf_counter() - t0
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
    res = pd.concat([both, comb], ignore_index=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    res.to_csv(RESULTS / "m3_yearly_peer_forecasts.csv", index=False, float_format="%.6g")
    import statsforecast

    timing["statsforecast_version"] = statsforecast.__version__
    (RESULTS / "m3_yearly_peer_timing.json").write_text(json.dumps(timing, indent=2))
    print(json.dumps(timing, indent=2))


if __name__ == "__main__":
    main()
