"""Run every benchmark on demand (``make bench``); none is part of ``make test``.

Each benchmark writes its own results under ``benchmarks/results/`` and states its
command in its README. This script only runs them in order and stops at the first
failure, so ``make bench`` refreshes every published number in one go:

1. ``classify``: 10 million SYNTHETIC records, pandas vs DuckDB engines.
2. ``m3_yearly``: the forecasting engine on M3 yearly beside statsforecast (the peer runs
   in its own venv, ``benchmarks/.venv-peer``, created on first use).
3. ``app``: first render of each page in AppTest (warm) and a scenario recompute.
4. ``hostile``: validate on hostile and large files at the default limits (issue 15).
5. ``faults``: the fault-injection suite, 20 times.
6. ``registers``: 1M records × 7 years of SYNTHETIC registers ingested and measured, beside
   the classify benchmark on the same records.
7. ``borrowing``: borrowing vs forecasting alone on M3 hold-outs (no test years read).

Not here on purpose: ``short_history`` (each test-split run is a look at the test years, to
be counted) and ``dask`` (100k series take hours); run them by hand (their docstrings).

``python benchmarks/run_all.py classify app`` runs a subset.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

STEPS: dict[str, list[list[str]]] = {
    "classify": [[PY, str(HERE / "classify" / "run.py"), "--rows", "10000000", "--threads", "2"]],
    "m3_yearly": [
        ["bash", str(HERE / "m3_yearly" / "make_peer_venv.sh")],
        [PY, str(HERE / "m3_yearly" / "run.py")],
    ],
    "app": [[PY, str(HERE / "app" / "bench_app.py")]],
    "hostile": [[PY, str(HERE / "hostile" / "run.py")]],
    "faults": [[PY, str(HERE / "faults" / "run.py"), "--repeat", "20", "--rounds", "3"]],
    "registers": [[PY, str(HERE / "registers" / "run.py"), "--rows", "1000000", "--years", "7"]],
    "borrowing": [[PY, str(HERE / "borrowing" / "run.py")]],
}


def main(argv: list[str]) -> int:
    names = argv or list(STEPS)
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {list(STEPS)}", file=sys.stderr)
        return 2
    for name in names:
        for cmd in STEPS[name]:
            print(f"[{name}] {' '.join(cmd)}", flush=True)
            t0 = time.perf_counter()
            rc = subprocess.call(cmd, cwd=HERE.parent)
            print(f"[{name}] exit {rc} after {time.perf_counter() - t0:.1f} s", flush=True)
            if rc != 0:
                return rc
    print("results: benchmarks/results/ (summaries in each *.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
