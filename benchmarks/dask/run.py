"""Dask benchmark: local engine, Dask engine (1 and 2 workers) and statsforecast AutoETS
on 1k and 10k series resampled from M3 yearly (optionally 100k), all in one run.

    .venv/bin/python benchmarks/dask/run.py [--sizes 1000 10000] [--workers 1 2]

Each configuration runs in its own process (``run_one.py`` / ``run_peer.py``) so peak
memory is its own. Writes ``benchmarks/results/dask.{json,md}``. The statsforecast
peer runs in ``benchmarks/.venv-peer`` (``bash benchmarks/m3_yearly/make_peer_venv.sh``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PY = ROOT / ".venv" / "bin" / "python"
PEER_PY = ROOT / "benchmarks" / ".venv-peer" / "bin" / "python"


def _run(cmd: list[str]) -> dict:
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(sizes: list[int], workers: list[int]) -> dict:
    rows = []
    for n in sizes:
        rows.append(_run([str(PY), str(HERE / "run_one.py"), "local", str(n)]))
        for w in workers:
            rows.append(_run([str(PY), str(HERE / "run_one.py"), "dask", str(n), str(w)]))
        if PEER_PY.exists():
            for w in workers:
                rows.append(_run([str(PEER_PY), str(HERE / "run_peer.py"), str(n), str(w)]))
        print(json.dumps(rows[-1]), flush=True)
    out = {
        "benchmark": "forecast speed on series resampled from M3 yearly (h=6, 100 paths)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dask.json").write_text(json.dumps(out, indent=2))
    (RESULTS / "dask.md").write_text(markdown(out))
    print(markdown(out))
    return out


def markdown(out: dict) -> str:
    lines = [
        "# Dask benchmark: many series, one machine",
        "",
        "Series resampled from the M3 yearly training parts (`benchmarks/dask/resample.py`),",
        "horizon 6, levels 80/95, 100 sample paths per series. Wall seconds on this shared",
        f"{out['machine']['cpus']}-core machine; peak memory in MB (driver process; Dask workers",
        "summed separately). Each row is its own process. Written by `benchmarks/dask/run.py`.",
        "",
        "| series | engine | workers | seconds | series/s | driver MB | workers MB | same numbers as local |",
        "|---|---|---|---|---|---|---|---|",
    ]
    local = {r["n_series"]: r for r in out["rows"] if r["engine"] == "local"}
    for r in out["rows"]:
        same = "–"
        if r["engine"] == "dask":
            same = "yes" if r.get("checksum") == local[r["n_series"]].get("checksum") else "NO"
        wmb = r.get("workers_peak_mb")
        lines.append(
            f"| {r['n_series']} | {r['engine']} | {r['workers']} | {r['seconds']:.1f} | "
            f"{r['series_per_second']:.0f} | {r['driver_peak_mb']:.0f} | "
            f"{'–' if wmb is None else f'{wmb:.0f}'} | {same} |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    main(a.sizes, a.workers)
