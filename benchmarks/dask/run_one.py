"""One timed configuration of the Dask benchmark, in its own process (for peak memory).

    .venv/bin/python benchmarks/dask/run_one.py ENGINE N [WORKERS]

ENGINE: ``local`` or ``dask`` (a LocalCluster of WORKERS single-threaded processes).
Prints one JSON line: engine, n_series, workers, seconds, series_per_second, peak RSS
of this process and (Dask) the sum of the workers' peak RSS, in MB; CPU seconds of this
process during the call (``cpu_seconds``: the whole work for the local engine) and
(Dask) the workers' CPU seconds since they started (``workers_cpu_seconds``); the 1-minute
load average before and after (the machine is shared).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from resample import resample  # noqa: E402

from workbench.forecast import forecast  # noqa: E402

N_PATHS = 100
H = 6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(engine: str, n: int, workers: int) -> dict:
    data = resample(n, seed=1)
    out = {"engine": engine, "n_series": n, "workers": workers if engine == "dask" else 1}
    out["load_before"] = os.getloadavg()[0]
    c0 = time.process_time()
    if engine == "local":
        t0 = time.perf_counter()
        res = forecast(data, horizon=H, n_paths=N_PATHS)
        out["seconds"] = time.perf_counter() - t0
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            t0 = time.perf_counter()
            res = forecast(data, horizon=H, n_paths=N_PATHS, engine="dask")
            out["seconds"] = time.perf_counter() - t0
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            out["workers_peak_mb"] = float(sum(peaks.values()))
            out["workers_cpu_seconds"] = float(sum(client.run(_cpu_s).values()))
    out["cpu_seconds"] = time.process_time() - c0
    out["load_after"] = os.getloadavg()[0]
    out["series_per_second"] = n / out["seconds"]
    out["driver_peak_mb"] = _peak_mb()
    out["failed"] = int(len(res.failed))
    out["checksum"] = float(np.round(res.table["median"].sum(), 6))
    print(json.dumps(out), flush=True)
    return out


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 2)
