"""Run the fault-injection suite (``tests/faults``) repeatedly: does it pass every time?

    nice .venv/bin/python benchmarks/faults/run.py --repeat 20 --rounds 3

Each repetition is a fresh pytest process with ``WORKBENCH_FAULT_ROUNDS`` random-delay kills
per test (plus the named kill points), with the delays drawn from seed = repetition number. Writes ``benchmarks/results/faults.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    runs = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    for i in range(args.repeat):
        env = dict(os.environ, WORKBENCH_FAULT_ROUNDS=str(args.rounds), WORKBENCH_FAULT_SEED=str(i))
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/faults", "-q", "-p", "no:cacheprovider"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        lines = proc.stdout.strip().splitlines()
        failed = [ln for ln in lines if ln.startswith(("FAILED", "ERROR"))]
        runs.append({"i": i, "ok": proc.returncode == 0, "seconds": round(time.perf_counter() - t0, 1),
                     "summary": lines[-1] if lines else "", "failed": failed})  # fmt: skip
        if failed:  # keep the whole report of a failing run for diagnosis
            (RESULTS / f"faults_failure_{i}.txt").write_text(proc.stdout[-20000:], encoding="utf-8")
        print(runs[-1], flush=True)
    ok = sum(r["ok"] for r in runs)
    out = {
        "benchmark": "faults",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "command": " ".join(sys.argv),
        "repeat": args.repeat,
        "rounds": args.rounds,
        "passed": ok,
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "faults.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    secs = [r["seconds"] for r in runs]
    md = [
        "# Fault-injection suite, repeated",
        "",
        f"`{out['command']}` on {out['when']} ({out['machine']['cpus']} CPUs, shared).",
        "",
        f"**{ok} of {args.repeat} runs passed**; each run kills ingest at every named point, "
        f"the build before its swap, and ingest and refresh after {args.rounds} random delays "
        "each (seed = run number), then checks the invariants after recovery (store opens, counts match, no "
        "leftovers, ids stable, archive ⇔ store, LATEST complete).",
        "",
        f"Seconds per run: min {min(secs)}, median {sorted(secs)[len(secs) // 2]}, max {max(secs)}.",
        "",
        "| run | passed | seconds | pytest summary |",
        "|---|---|---|---|",
        *[
            f"| {r['i']} | {'yes' if r['ok'] else 'NO'} | {r['seconds']} | {r['summary']} |"
            for r in runs
        ],
    ]
    (RESULTS / "faults.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0 if ok == args.repeat else 1


if __name__ == "__main__":
    sys.exit(main())
