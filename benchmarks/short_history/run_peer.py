"""Peer forecasts for the short-history benchmark with statsforecast, every cut, one run.

Runs in benchmarks/.venv-peer (``bash benchmarks/m3_yearly/make_peer_venv.sh``):

    benchmarks/.venv-peer/bin/python benchmarks/short_history/run_peer.py [test|validation]

Models: Naive, RandomWalkWithDrift (drift), AutoETS, AutoTheta, AutoARIMA,
DynamicOptimizedTheta, and the mean of AutoETS, AutoTheta and AutoARIMA. Where
statsforecast refuses a series (AutoETS raises "tiny datasets" for 6 points or fewer:
every series at cut 6), the peer falls back to Naive for that series
(``fallback_model``), as a user of the library would have to. Writes
``benchmarks/short_history/work/peer_<split>.csv`` (cut, series_id, year, model, mean,
lo_80, hi_80, lo_95, hi_95) and ``peer_timing_<split>.json`` (``work/`` is not in git:
re-made by this script).
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from cuts import CUTS, H, cut, splits  # noqa: E402

WORK = HERE / "work"
MEAN_OF = ("AutoETS", "AutoTheta", "AutoARIMA")


def _models():
    from statsforecast.models import (
        AutoARIMA,
        AutoETS,
        AutoTheta,
        DynamicOptimizedTheta,
        Naive,
        RandomWalkWithDrift,
    )

    return {
        "naive": Naive(),
        "drift": RandomWalkWithDrift(),
        "AutoETS": AutoETS(season_length=1),
        "AutoTheta": AutoTheta(season_length=1),
        "AutoARIMA": AutoARIMA(season_length=1),
        "DynamicOptimizedTheta": DynamicOptimizedTheta(season_length=1),
    }


def forecast_cut(train: pd.DataFrame, c: int, timing: dict) -> pd.DataFrame:
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    df = cut(train, c).rename(columns={"series_id": "unique_id", "year": "ds", "value": "y"})
    out = []
    for name, model in _models().items():
        t0 = time.perf_counter()
        sf = StatsForecast(models=[model], freq=1, n_jobs=1, fallback_model=Naive())
        fc = sf.forecast(df=df, h=H, level=[80, 95])
        timing[f"{c}/{name}"] = time.perf_counter() - t0
        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        col = [
            x
            for x in fc.columns
            if x not in ("unique_id", "ds") and "-lo-" not in x and "-hi-" not in x
        ][0]
        out.append(
            pd.DataFrame(
                {
                    "cut": c,
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
    comb = (
        both[both["model"].isin(MEAN_OF)]
        .groupby(["cut", "series_id", "year"], as_index=False)[
            ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
        ]
        .mean()
    )
    comb["model"] = "ETS+Theta+ARIMA mean"
    timing[f"{c}/ETS+Theta+ARIMA mean"] = sum(timing[f"{c}/{m}"] for m in MEAN_OF)
    return pd.concat([both, comb], ignore_index=True)


def main(split: str) -> None:
    import statsforecast

    warnings.filterwarnings("ignore")
    train, _ = splits()[split]
    timing: dict = {}
    res = pd.concat([forecast_cut(train, c, timing) for c in CUTS], ignore_index=True)
    WORK.mkdir(parents=True, exist_ok=True)
    res.to_csv(WORK / f"peer_{split}.csv", index=False, float_format="%.6g")
    timing["statsforecast_version"] = statsforecast.__version__
    (WORK / f"peer_timing_{split}.json").write_text(json.dumps(timing, indent=2))
    print(json.dumps(timing, indent=2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test")
