"""statsforecast AutoETS on the same resampled series (peer venv), timed.

    benchmarks/.venv-peer/bin/python benchmarks/dask/run_peer.py N [N_JOBS]

Prints one JSON line: engine, n_series, workers (n_jobs), seconds, series_per_second,
peak RSS in MB (this process; with n_jobs > 1 the worker processes are not counted),
CPU seconds of this process (the whole work with n_jobs 1), load average before/after.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from resample import resample  # noqa: E402


def main(n: int, n_jobs: int) -> dict:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    warnings.filterwarnings("ignore")
    df = resample(n, seed=1).rename(columns={"series_id": "unique_id", "year": "ds", "value": "y"})
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    StatsForecast(models=[AutoETS(season_length=1)], freq=1, n_jobs=n_jobs).forecast(
        df=df, h=6, level=[80, 95]
    )
    sec = time.perf_counter() - t0
    cpu = time.process_time() - c0
    out = {
        "engine": "statsforecast AutoETS",
        "n_series": n,
        "workers": n_jobs,
        "seconds": sec,
        "series_per_second": n / sec,
        "cpu_seconds": cpu,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(out), flush=True)
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
