"""Dask benchmark: local engine, Dask engine (1 and 2 workers) and statsforecast AutoETS
on 1k and 10k series resampled from M3 yearly (optionally 100k), all in one run.

    .venv/bin/python benchmarks/dask/run.py [--sizes 1000 10000] [--workers 1 2]
        [--engines local dask peer] [--append] [--label TEXT] [--code DIR]

Each configuration runs in its own process (``run_one.py`` / ``run_peer.py``) so peak
memory is its own. Writes ``benchmarks/results/dask.{json,md}``. The statsforecast
peer runs in ``benchmarks/.venv-peer`` (``bash benchmarks/m3_yearly/make_peer_venv.sh``).

Before/after comparisons: ``--label`` names the code in each row (such rows get their
own table, "Memory: before and after"), ``--code DIR`` runs the engines of another
checkout (e.g. ``git archive main | tar -x -C /tmp/main``) with this environment::

    run.py --sizes 10000 --engines local dask --workers 1 --append \
        --code /tmp/main --label "main 90a02bd"
    run.py --sizes 10000 --engines local dask --workers 1 --append --label "this branch"
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


def main(
    sizes: list[int],
    workers: list[int],
    engines: list[str],
    append: bool,
    label: str = "",
    code: Path = ROOT,
) -> dict:
    """Run every configuration; results are written after each row (a long run that is
    stopped keeps what finished). ``append``: add to the rows already in ``dask.json``;
    ``label``: recorded in each row; ``code``: the checkout whose engines run."""
    rows: list[dict] = []
    if append and (RESULTS / "dask.json").exists():
        rows = json.loads((RESULTS / "dask.json").read_text())["rows"]
    one = Path(code) / "benchmarks" / "dask" / "run_one.py"
    out = {}
    for n in sizes:
        cmds = []
        if "local" in engines:
            cmds.append([str(PY), str(one), "local", str(n)])
        if "dask" in engines:
            cmds += [[str(PY), str(one), "dask", str(n), str(w)] for w in workers]
        if "peer" in engines and PEER_PY.exists():
            cmds += [[str(PEER_PY), str(HERE / "run_peer.py"), str(n), str(w)] for w in workers]
        for cmd in cmds:
            rows.append(_run(cmd) | ({"label": label} if label else {}))
            print(json.dumps(rows[-1]), flush=True)
            out = _write(rows)
    print(markdown(out))
    return out


def _write(rows: list[dict]) -> dict:
    out = {
        "benchmark": "forecast speed on series resampled from M3 yearly (h=6, 100 paths)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dask.json").write_text(json.dumps(out, indent=2))
    (RESULTS / "dask.md").write_text(markdown(out))
    return out


def markdown(out: dict) -> str:
    lines = [
        "# Dask benchmark: many series, one machine",
        "",
        "Series resampled from the M3 yearly training parts (`benchmarks/dask/resample.py`),",
        "horizon 6, levels 80/95, 100 sample paths per series. Wall seconds on this shared",
        f"{out['machine']['cpus']}-core machine; CPU seconds of the driver process (the whole",
        "work for the local engine and for statsforecast with 1 job) and of the Dask workers",
        "(since they started); peak memory in MB (driver process; Dask workers summed",
        "separately); 1-minute load average before and after. Each row is its own process.",
        "Written by `benchmarks/dask/run.py`.",
        "",
        "| series | engine | workers | seconds | series/s | CPU s (driver + workers) "
        "| driver MB | workers MB | load | same numbers as local |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    plain = [r for r in out["rows"] if not r.get("label")]
    local = {r["n_series"]: r for r in plain if r["engine"] == "local"}
    for r in plain:
        same = "–"
        if r["engine"] == "dask" and r["n_series"] in local:
            same = "yes" if r.get("checksum") == local[r["n_series"]].get("checksum") else "NO"
        lines.append(_row(r, [r["engine"], r["workers"]], same))
    labelled = [r for r in out["rows"] if r.get("label")]
    if labelled:
        lines += MEMORY_HEAD
        first = {}
        for r in labelled:
            ref = first.setdefault(r["n_series"], r)
            same = "yes" if r.get("checksum") == ref.get("checksum") else "NO"
            lines.append(_row(r, [r["engine"], r["workers"], r["label"]], same))
    lines.append("")
    return "\n".join(lines)


MEMORY_HEAD = [
    "",
    "## Memory: before and after (issue 13)",
    "",
    "The same runs for two versions of the code (`--label`, `--code`), back to back in one",
    "session; the last column compares the sum of all medians with the first row of the",
    "same size in this table.",
    "",
    "| series | engine | workers | code | seconds | series/s | CPU s (driver + workers) "
    "| driver MB | workers MB | load | same numbers |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def _row(r: dict, key: list, same: str) -> str:
    """One markdown row: ``key`` columns after the size, then the measures."""
    wmb = r.get("workers_peak_mb")
    cpu = r.get("cpu_seconds")
    cpu_s = "–" if cpu is None else f"{cpu:.1f}"
    if r.get("workers_cpu_seconds") is not None:
        cpu_s += f" + {r['workers_cpu_seconds']:.1f}"
    load = f"{r['load_before']:.1f}→{r['load_after']:.1f}" if "load_before" in r else "–"
    cols = [r["n_series"], *key, f"{r['seconds']:.1f}", f"{r['series_per_second']:.0f}", cpu_s]
    cols += [f"{r['driver_peak_mb']:.0f}", "–" if wmb is None else f"{wmb:.0f}", load, same]
    return "| " + " | ".join(str(c) for c in cols) + " |"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engines", nargs="+", default=["local", "dask", "peer"])
    ap.add_argument("--append", action="store_true", help="add to the rows in dask.json")
    ap.add_argument("--label", default="", help="name of the code, recorded in each row")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose engines run")
    a = ap.parse_args()
    main(a.sizes, a.workers, a.engines, a.append, a.label, a.code)
