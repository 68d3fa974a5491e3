"""Benchmark: classify N synthetic records with the pandas and DuckDB engines.

Not a test. Generates a SYNTHETIC Parquet file (outside the timing) under
``$WORKBENCH_HOME/bench/``, then runs each engine in its own process and records wall time,
records per second and peak resident memory (``ru_maxrss`` of that process).

    .venv/bin/python benchmarks/classify/run.py --rows 10000000 --threads 2

Results: benchmarks/results/classify.json and classify.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"


def make_file(path: Path, rows: int, seed: int = 2021) -> None:
    """SYNTHETIC records: codes drawn with the frequencies of the synthetic register."""
    from workbench.synthetic import generate_register

    reg = generate_register(seed=seed)
    freq = reg["industry_code"].value_counts(normalize=True)
    codes = np.array(freq.index.tolist(), dtype=object)
    p = freq.to_numpy()
    regions = np.array(sorted(reg["region"].unique()), dtype=object)
    rng = np.random.default_rng(seed)
    writer = None
    chunk = 1_000_000
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        table = pa.table(
            {
                "industry_code": pa.DictionaryArray.from_arrays(
                    pa.array(rng.choice(len(codes), n, p=p).astype("int32")),
                    pa.array(codes.tolist()),
                ),
                "region": pa.DictionaryArray.from_arrays(
                    pa.array(rng.integers(0, len(regions), n).astype("int32")),
                    pa.array(regions.tolist()),
                ),
                "year": pa.array(rng.integers(2016, 2026, n).astype("int32")),
                "revenue_wan": pa.array(rng.lognormal(6, 1.5, n)),
                "value_added_wan": pa.array(rng.lognormal(4.5, 1.5, n)),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=chunk)
    writer.close()


def _peak_rss_mb() -> float:
    """High-water resident memory of this process (VmHWM: per address space, so not
    inherited from the parent the way ``ru_maxrss`` is across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_engine(engine: str, path: str, threads: int, memory_limit: str | None = None) -> dict:
    """Classify the file with one engine (in this process); returns timing and memory."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    import pandas as pd

    from workbench.classify import aggregate, aggregate_file

    t0 = time.perf_counter()
    if engine.startswith("duckdb"):
        import workbench.classify.engine_duckdb as ed

        real = ed._connect
        ed._connect = lambda th=None, ml=None: real(threads, memory_limit)
        res = aggregate_file(
            path,
            "industry_code",
            ["revenue_wan", "value_added_wan"],
            year_column="year",
            region_column="region",
            engine="duckdb",
        )
        t_read = 0.0
    else:
        df = pd.read_parquet(path)
        t_read = time.perf_counter() - t0
        res = aggregate(
            df,
            "industry_code",
            ["revenue_wan", "value_added_wan"],
            year_column="year",
            region_column="region",
            engine="pandas",
        )
    elapsed = time.perf_counter() - t0
    rows = _rows(path)
    total_in = float(res.totals["value_added_wan"])
    total_out = float(res.table.loc[res.table["value_column"] == "value_added_wan", "value"].sum())
    return {
        "engine": engine,
        "rows": rows,
        "seconds": round(elapsed, 3),
        "read_seconds": round(t_read, 3),
        "records_per_second": round(rows / elapsed),
        "peak_rss_mb": _peak_rss_mb(),
        "total_conserved": abs(total_in - total_out) <= 1e-9 * abs(total_in),
        "unmatched_records": int(res.unmatched["count"].sum()),
    }


def _rows(path: str) -> int:
    if path.endswith(".parquet"):
        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1


def make_csv(parquet: Path, csv: Path) -> None:
    """The same records as a UTF-8 CSV file (DuckDB COPY; not timed)."""
    import duckdb

    duckdb.execute(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (HEADER)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="256MB", help="DuckDB memory_limit")
    ap.add_argument("--engine", choices=["pandas", "duckdb", "duckdb-csv"], help=argparse.SUPPRESS)
    ap.add_argument("--csv", action="store_true", help="also time DuckDB on the same data as CSV")
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--no-write", action="store_true", help="do not write the results files")
    a = ap.parse_args()
    if a.engine:  # child process
        print(json.dumps(run_engine(a.engine, a.file, a.threads, a.memory_limit)))
        return
    from workbench.paths import home

    path = home() / "bench" / f"classify_{a.rows}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        t = time.perf_counter()
        make_file(path, a.rows)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s (not timed)")
    csv = path.with_suffix(".csv")
    if a.csv and not csv.exists():
        make_csv(path, csv)
    results = []
    for engine in ("duckdb", "pandas", *(("duckdb-csv",) if a.csv else ())):
        src = csv if engine == "duckdb-csv" else path
        cmd = [
            sys.executable,
            __file__,
            "--engine",
            engine,
            "--file",
            str(src),
            "--threads",
            str(a.threads),
            "--memory-limit",
            a.memory_limit,
        ]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(r)
        results.append(r)
    meta = {
        "command": f".venv/bin/python benchmarks/classify/run.py --rows {a.rows} "
        f"--threads {a.threads} --memory-limit {a.memory_limit}{' --csv' if a.csv else ''}",
        "data": "SYNTHETIC records in Parquet (and CSV with --csv; codes with the synthetic register's frequencies, incl. malformed)",
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "threads": a.threads,
        "duckdb_memory_limit": a.memory_limit,
        "cpu_count": os.cpu_count(),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "timing": "wall time of one classify call (pandas: includes reading the Parquet file); "
        "generation excluded; peak RSS of the engine's own process",
        "target": ">= 2,000,000 records/s with DuckDB",
        "date_utc": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()),
        "load_average_before": round(os.getloadavg()[0], 2),
        "results": results,
    }
    if a.no_write:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "classify.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Classification benchmark",
        "",
        f"Command: `{meta['command']}`  ",
        f"Data: {meta['data']}, {a.rows:,} rows, Parquet {meta['file_mb']} MB.  ",
        f"Machine: {meta['machine']}, {meta['cpu_count']} CPUs (shared with other work; load "
        f"average {meta['load_average_before']} before the run), {a.threads} threads; "
        f"{meta['date_utc']}.  ",
        f"Timing: {meta['timing']}. DuckDB runs with memory_limit {a.memory_limit}, smaller "
        f"than the CSV file: the records are streamed. Target: {meta['target']}.",
        "",
        "| engine | seconds | records/s | peak RSS (MB) | totals conserved |",
        "|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['seconds']} | {r['records_per_second']:,} | "
            f"{r['peak_rss_mb']} | {r['total_conserved']} |"
        )
    (RESULTS / "classify.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
