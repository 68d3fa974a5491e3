"""Benchmark: registers of N records per year × Y years ingested into the enterprise
database and measured end to end (read + validate + archive + DuckDB + classify + derived
series into the observation store), beside the classify benchmark in the same run.

Not a test. For each size N (``--rows 1000000,10000000``): generates SYNTHETIC register CSV
files (Chinese headers, one per year, written in 1M-row chunks; not timed) under
``--work``/registers_<N>/ (default ``$WORKBENCH_HOME/bench``), then in a child process
ingests them one by one with :func:`workbench.registers.derived.ingest_register` into a
fresh home, then runs ``benchmarks/classify/run.py``'s engines on N × Y records in their own
processes (DuckDB always; pandas up to ``--pandas-max-records``). Records/s, peak resident
memory (VmHWM) per process, load average before and after; the generated files are deleted
afterwards unless ``--keep``.

    nice .venv/bin/python benchmarks/registers/run.py --rows 1000000,10000000 --years 7 --work /tmp/regbench

Results: benchmarks/results/registers.json and registers.md.
"""

from __future__ import annotations

import argparse
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
CLASSIFY = ROOT / "benchmarks" / "classify" / "run.py"
CHUNK = 1_000_000
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
    (incl. section letters and 2011 codes), the plan's regions, ~5% without value added.
    Written in chunks of 1M rows (bounded memory)."""
    from workbench.synthetic import generate_enterprise_register

    reg = generate_enterprise_register(seed=seed)
    freq = reg["industry_code"].value_counts(normalize=True)
    codes, p = np.array(freq.index.tolist(), dtype=object), freq.to_numpy()
    regions = np.array(sorted(reg["region"].unique()), dtype=object)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for y in years:
        path = folder / f"register_{y}.csv"
        rng = np.random.default_rng(seed)  # same enterprises, codes and regions every year
        rng_y = np.random.default_rng(seed + y)
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            ids = np.char.add("E", np.char.zfill(np.arange(start, start + n).astype(str), 17))
            code_of, region_of = rng.choice(len(codes), n, p=p), rng.integers(0, len(regions), n)
            rev = rng_y.lognormal(6, 1.5, n)
            va_text = np.where(rng_y.random(n) < 0.05, "", np.round(rev * 0.3, 2).astype(str))
            df = pd.DataFrame(
                dict(zip(HEADERS, [ids, codes[code_of], regions[region_of], y, np.round(rev, 2),
                                   va_text, np.where(rev >= 2000, "是", "否")], strict=True))
            )  # fmt: skip
            df.to_csv(path, index=False, encoding="utf-8", mode="w" if start == 0 else "a",
                      header=start == 0)  # fmt: skip
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
    store = Path(home) / "store"
    db_bytes = (store / "registers.duckdb").stat().st_size + sum(
        f.stat().st_size for f in (store / "register_vintages").glob("*.parquet")
    )
    return {
        "engine": "registers (ingest + measure)",
        "rows": n,
        "seconds": round(elapsed, 2),
        "records_per_second": round(n / elapsed),
        "peak_rss_mb": _peak_rss_mb(),
        "db_mb": round(db_bytes / 2**20, 1),
        "per_file": per_file,
    }


def run_classify_peer(rows: int, threads: int, engines: list[str]) -> list[dict]:
    """The classify benchmark's engines on the same number of records, in the same run
    (its Parquet file is generated first if absent; not timed)."""
    import importlib.util

    from workbench.paths import home

    spec = importlib.util.spec_from_file_location("classify_bench", CLASSIFY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    path = home() / "bench" / f"classify_{rows}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        mod.make_file(path, rows)
    out = []
    for engine in engines:
        cmd = [sys.executable, str(CLASSIFY), "--engine", engine, "--file", str(path),
               "--threads", str(threads), "--memory-limit", "256MB"]  # fmt: skip
        res = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        out.append(json.loads(res.strip().splitlines()[-1]))
        print(out[-1])
    return out


def _markdown(meta: dict) -> str:
    lines = [
        "# Registers benchmark (SYNTHETIC data)",
        "",
        f"Command: `{meta['command']}`  ",
        f"Date (UTC): {meta['date_utc']}; machine: {meta['machine']}, {meta['cpu_count']} CPUs, "
        f"{meta['threads']} DuckDB threads (shared with other work; load average per run below).",
        "",
        meta["timing"],
        "",
    ]
    for run in meta["runs"]:
        reg = run["results"][0]
        lines += [
            f"## {run['rows_per_year']:,} records per year × {run['years']} years",
            "",
            f"Load average (1 min) before: {run['load_average_before']}, after: "
            f"{run['load_average_after']}. Enterprise database after the run: {reg['db_mb']} MB.",
            "",
            "| process | records | seconds | records/s | peak RSS (MB) | records/s ratio to registers |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in run["results"]:
            ratio = r["records_per_second"] / reg["records_per_second"]
            lines.append(f"| {r['engine']} | {r['rows']:,} | {r['seconds']} | "
                         f"{r['records_per_second']:,} | {r['peak_rss_mb']} | {ratio:.1f}× |")  # fmt: skip
        lines += ["", *(f"Not run: {n}" for n in run.get("not_run", []))]
        lines += ["", "| file | records | seconds |", "|---|---:|---:|"]
        lines += [f"| {f['file']} | {f['records']:,} | {f['seconds']} |" for f in reg["per_file"]]
        lines.append("")
    return "\n".join(lines)


def run_size(rows: int, years: int, a: argparse.Namespace) -> dict:
    """Generate (not timed), ingest + measure in a child process, then the classify peers."""
    work = Path(a.work) / f"registers_{rows}"
    ys = list(range(2019, 2019 + years))
    files = sorted(work.glob("register_*.csv"))
    if len(files) != len(ys):
        t = time.perf_counter()
        files = make_files(work, rows, ys)
        print(f"generated {len(files)} files in {time.perf_counter() - t:.1f} s (not timed)")
    bench_home = work / "home"
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
    engines, not_run = ["duckdb"], []
    if rows * years <= a.pandas_max_records:
        engines.append("pandas")
    else:
        not_run.append(f"pandas classify on {rows * years:,} records (above --pandas-max-records "
                       f"{a.pandas_max_records:,}: its whole-frame memory would crowd the shared machine)")  # fmt: skip
    results += run_classify_peer(rows * years, a.threads, engines)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return {"rows_per_year": rows, "years": years, "load_average_before": load,
            "load_average_after": round(os.getloadavg()[0], 2), "results": results, "not_run": not_run}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", default="1000000", help="records per year (comma-separated sizes)")
    ap.add_argument("--years", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work", help="folder for the generated files (default $WORKBENCH_HOME/bench)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--pandas-max-records", type=int, default=10_000_000)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--home", help=argparse.SUPPRESS)
    ap.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    if a.child:
        print(json.dumps(run_registers(a.files, a.home)))
        return
    from workbench.paths import home

    a.work = a.work or str(home() / "bench")
    runs = [run_size(int(r), a.years, a) for r in a.rows.split(",")]
    meta = {
        "command": f"nice .venv/bin/python benchmarks/registers/run.py --rows {a.rows} --years {a.years} --threads {a.threads}",
        "data": "SYNTHETIC register CSV files, one per year, Chinese headers",
        "timing": "registers: wall time of ingest_register over all files, one after the other, in one "
        "process (read + validate in chunks, archive, records to the vintage's Parquet file, catalog row, "
        "classify + measure in DuckDB, derived series into the observation store); generation and the "
        "initial observation-store build excluded; peak RSS = VmHWM of that process. Peers: "
        "benchmarks/classify/run.py's engines on the same number of records (Parquet; classification "
        "only), each in its own process, right after.",
        "cpu_count": os.cpu_count(),
        "threads": a.threads,
        "machine": platform.platform(),
        "date_utc": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()),
        "runs": runs,
    }
    print(_markdown(meta))
    if not a.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "registers.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
        (RESULTS / "registers.md").write_text(_markdown(meta))


if __name__ == "__main__":
    main()
