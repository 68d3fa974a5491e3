"""Benchmark: registers of N records per year × Y years ingested into the enterprise
database and measured end to end (read + validate + archive + DuckDB + classify + derived
series into the observation store), beside the classify benchmark in the same run.

Not a test. Generates SYNTHETIC register CSV files (Chinese headers, one per year; not
timed) under ``$WORKBENCH_HOME/bench/registers_<N>/``, then in a child process ingests
them one by one with :func:`workbench.registers.derived.ingest_register` into a fresh home,
and in other child processes runs ``benchmarks/classify/run.py`` on N × Y records (its
pandas and DuckDB engines). Records/s and peak resident memory (VmHWM) per process.

    nice .venv/bin/python benchmarks/registers/run.py --rows 1000000 --years 7

Results: benchmarks/results/registers.json and registers.md.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
HEADERS = [
    "统一社会信用代码",
    "行业代码",
    "县区",
    "年份",
    "营业收入(万元)",
    "增加值(万元)",
    "是否规上",
]


def make_files(folder: Path, rows: int, years: list[int], seed: int = 2021) -> list[Path]:
    """One SYNTHETIC register CSV per year: codes with the synthetic register's frequencies
    (incl. section letters and 2011 codes), the plan's regions, ~5% without value added."""
    from workbench.synthetic import generate_enterprise_register

    reg = generate_enterprise_register(seed=seed)
    freq = reg["industry_code"].value_counts(normalize=True)
    codes, p = np.array(freq.index.tolist(), dtype=object), freq.to_numpy()
    regions = np.array(sorted(reg["region"].unique()), dtype=object)
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = np.array([f"E{i:017d}" for i in range(rows)], dtype=object)
    code_of, region_of = rng.choice(len(codes), rows, p=p), rng.integers(0, len(regions), rows)
    out = []
    for y in years:
        rev = rng.lognormal(6, 1.5, rows)
        va = rev * 0.3
        va_text = np.where(rng.random(rows) < 0.05, "", np.round(va, 2).astype(str))
        df = pd.DataFrame(
            dict(zip(HEADERS, [ids, codes[code_of], regions[region_of], y, np.round(rev, 2),
                               va_text, np.where(rev >= 2000, "是", "否")], strict=True))
        )  # fmt: skip
        path = folder / f"register_{y}.csv"
        df.to_csv(path, index=False, encoding="utf-8")
        out.append(path)
    return out


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def run_registers(files: list[str], home: str) -> dict:
    """Ingest and measure every file in a fresh home (this process); timing and memory."""
    os.environ["WORKBENCH_HOME"] = home
    from workbench.registers.derived import ingest_register
    from workbench.store import build_store

    build_store()  # the observation store the derived series land in (not timed)
    per_file, t0 = [], time.perf_counter()
    n = 0
    for f in files:
        t = time.perf_counter()
        res, pub = ingest_register(f, source="SYNTHETIC benchmark register")
        per_file.append({"file": Path(f).name, "records": res.n_records, "seconds": round(time.perf_counter() - t, 2),
                         "derived_values": pub.result.n_observations})  # fmt: skip
        n += res.n_records
    elapsed = time.perf_counter() - t0
    db = Path(home) / "store" / "registers.duckdb"
    return {
        "engine": "registers (ingest + measure)",
        "rows": n,
        "seconds": round(elapsed, 2),
        "records_per_second": round(n / elapsed),
        "peak_rss_mb": _peak_rss_mb(),
        "db_mb": round(db.stat().st_size / 2**20, 1),
        "per_file": per_file,
    }


def run_classify_peer(rows: int, threads: int) -> list[dict]:
    """The classify benchmark on the same number of records, in the same run."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "classify" / "run.py"), "--rows", str(rows),
           "--threads", str(threads), "--no-write"]  # fmt: skip
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [ast.literal_eval(line) for line in out.splitlines() if line.startswith("{")]


def _markdown(meta: dict) -> str:
    lines = [
        "# Registers benchmark (SYNTHETIC data)",
        "",
        f"Command: `{meta['command']}`  ",
        f"Date (UTC): {meta['date_utc']}; machine: {meta['machine']}, {meta['cpu_count']} CPUs "
        f"(shared; load average before {meta['load_average_before']}).",
        "",
        "| process | records | seconds | records/s | peak RSS (MB) | ratio to registers |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    base = meta["results"][0]["records_per_second"]
    for r in meta["results"]:
        lines.append(f"| {r['engine']} | {r['rows']:,} | {r['seconds']} | {r['records_per_second']:,} | "
                     f"{r['peak_rss_mb']} | {r['records_per_second'] / base:.1f}× |")  # fmt: skip
    lines += [
        "",
        "Per register file (ingest + measure):",
        "",
        "| file | records | seconds |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {f['file']} | {f['records']:,} | {f['seconds']} |"
        for f in meta["results"][0]["per_file"]
    ]
    lines += ["", meta["timing"], ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000, help="records per year")
    ap.add_argument("--years", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--home", help=argparse.SUPPRESS)
    ap.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    if a.child:
        print(json.dumps(run_registers(a.files, a.home)))
        return
    from workbench.paths import home

    years = list(range(2019, 2019 + a.years))
    folder = home() / "bench" / f"registers_{a.rows}"
    files = sorted(folder.glob("register_*.csv"))
    if len(files) != len(years):
        t = time.perf_counter()
        files = make_files(folder, a.rows, years)
        print(f"generated {len(files)} files in {time.perf_counter() - t:.1f} s (not timed)")
    bench_home = folder / "home"
    shutil.rmtree(bench_home, ignore_errors=True)
    load = round(os.getloadavg()[0], 2)
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--home",
        str(bench_home),
        "--files",
        *map(str, files),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    results = [json.loads(out.strip().splitlines()[-1])]
    print(results[0])
    results += run_classify_peer(a.rows * a.years, a.threads)
    meta = {
        "command": f"nice .venv/bin/python benchmarks/registers/run.py --rows {a.rows} --years {a.years} --threads {a.threads}",
        "data": "SYNTHETIC register CSV files, one per year, Chinese headers",
        "timing": "registers: wall time of ingest_register over all files (read, validate, archive, "
        "DuckDB copy-on-write insert, classify, derived series into the observation store); generation "
        "and the initial observation-store build excluded. Peers: benchmarks/classify/run.py on the same "
        "number of records (Parquet; classification only), each in its own process.",
        "cpu_count": os.cpu_count(),
        "machine": platform.platform(),
        "date_utc": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()),
        "load_average_before": load,
        "results": results,
    }
    print(_markdown(meta))
    if not a.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "registers.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
        (RESULTS / "registers.md").write_text(_markdown(meta))


if __name__ == "__main__":
    main()
