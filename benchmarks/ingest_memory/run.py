"""Peak memory and time of ``workbench validate`` and ``workbench ingest`` on large CSVs,
this branch against ``main`` in the same run.

    nice .venv/bin/python benchmarks/ingest_memory/run.py [--sizes 10,100,500] [--main-max 100]
        [--commands validate,ingest] [--codes branch,main] [--tag NAME]

The CSVs are SYNTHETIC (written by :func:`write_csv` below; every row's note says so):
long layout, one 亿元 value per region × indicator × year × source, values that grow
smoothly (no warnings). Each command runs in a fresh process in a fresh ``WORKBENCH_HOME``
whose store was built beforehand (not measured); peak RSS is the child's ``ru_maxrss``.
``main`` is exported with ``git archive`` and run with the same interpreter, its limits
raised by environment variables so that it accepts the files. Files above ``--main-max`` MB
are not given to ``main`` (its memory grows ~60× the file size). Writes
``benchmarks/results/ingest_memory.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
PY = sys.executable
CLI = "from workbench.cli import main; main()"
REGIONS = ["池州市", "东至县", "石台县", "青阳县", "贵池区", "九华山风景区"]
YEARS = range(2000, 2025)
LIMITS = {
    "WORKBENCH_MAX_FILE_MB": "4096",
    "WORKBENCH_MAX_ROWS": "100000000",
    "WORKBENCH_MAX_CELLS": "1000000000",
    "WORKBENCH_MAX_CSV_MB": "4096",
    "WORKBENCH_MAX_CSV_ROWS": "100000000",
}


def write_csv(path: Path, mb: float) -> int:
    """A SYNTHETIC long-layout CSV of about ``mb`` MB; returns its number of data rows."""
    target = int(mb * 1024 * 1024)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("地区,指标,年份,数值,单位,来源,备注\n")
        k = 0
        while fh.tell() < target:
            region = REGIONS[k % len(REGIONS)]
            lines = [
                f"{region},网络零售额,{y},{10 + 0.5 * (y - 2000) + k % 7:.1f},亿元,"
                f"基准测试来源{k:07d},SYNTHETIC 合成数据\n"
                for y in YEARS
            ]
            fh.write("".join(lines))
            n += len(lines)
            k += 1
    return n


def _probe(code: Path, home: Path, args: list[str]) -> dict:
    """One CLI command in a fresh interpreter, measured by a wrapper process that reports
    its only child's peak RSS and wall time."""
    env = {**os.environ, **LIMITS, "WORKBENCH_HOME": str(home), "PYTHONPATH": str(code)}
    env["WORKBENCH_LANG"] = "en"
    check = "import workbench, sys; sys.exit(workbench.__file__.startswith(sys.argv[1]) is False)"
    subprocess.run([PY, "-c", check, str(code)], env=env, cwd=code, check=True)
    wrapper = (
        "import resource, subprocess, sys, json, time\n"
        "t0 = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "out = (p.stdout + p.stderr).strip().splitlines()\n"
        "print(json.dumps({'seconds': round(time.perf_counter() - t0, 1), 'peak_mb': "
        "round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1), "
        "'exit': p.returncode, 'last_line': out[-1][:160] if out else ''}))\n"
    )
    cmd = [PY, "-c", wrapper, PY, "-c", CLI, *args]
    # cwd = the code's own tree: ``python -c`` puts the working directory first on sys.path
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=code)
    return json.loads(proc.stdout)


def _fresh_home(code: Path, base: Path, tag: str) -> Path:
    home = base / f"home-{tag}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {**os.environ, "WORKBENCH_HOME": str(home), "PYTHONPATH": str(code)}
    subprocess.run([PY, "-c", CLI, "store", "build"], env=env, check=True,
                   capture_output=True, cwd=code)  # fmt: skip
    return home


def _export_main(base: Path) -> Path:
    dest = base / "main"
    dest.mkdir()
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", "main"], capture_output=True,
                         check=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar, check=True)
    return dest


def _markdown(res: dict) -> str:
    lines = [
        "# Ingest memory: streamed CSV (this branch) vs main",
        "",
        f"{res['when']} · {res['machine']} · load average before: {res['load_before']}, "
        f"after: {res['load_after']}",
        "",
        "| file | rows | command | code | seconds | peak RSS MB | exit | outcome |",
        "|---|---:|---|---|---:|---:|---:|---|",
    ]
    for r in res["runs"]:
        lines.append(
            f"| {r['mb']} MB | {r['rows']:,} | {r['command']} | {r['code']} | {r['seconds']} | "
            f"{r['peak_mb']} | {r['exit']} | {r['last_line'][:90]} |"
        )
    lines += ["", "Ratios (main / branch, same file and command):", ""]
    for k, v in res["ratios"].items():
        lines.append(f"* {k}: memory {v['memory']}×, time {v['time']}×")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,500")
    ap.add_argument("--main-max", type=float, default=100)
    ap.add_argument("--commands", default="validate,ingest")
    ap.add_argument("--codes", default="branch,main", help="branch, main or both")
    ap.add_argument("--tag", default="", help="results go to ingest_memory_<tag>.{json,md}")
    a = ap.parse_args()
    res: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": os.getloadavg(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="ingest-mem-") as tmp:
        base = Path(tmp)
        codes = {"branch": ROOT, "main": _export_main(base)}
        codes = {k: v for k, v in codes.items() if k in a.codes.split(",")}
        for mb in (float(x) for x in a.sizes.split(",")):
            csv = base / f"synthetic_{mb:g}mb.csv"
            rows = write_csv(csv, mb)
            for command in a.commands.split(","):
                for tag, code in codes.items():
                    if tag == "main" and mb > a.main_max:
                        continue
                    home = _fresh_home(code, base, tag)
                    args = [command, str(csv)]
                    if command == "ingest":
                        args += ["--source", "SYNTHETIC benchmark"]
                    r = _probe(code, home, args)
                    res["runs"].append({"mb": mb, "rows": rows, "command": command,
                                        "code": tag, **r})  # fmt: skip
                    print(json.dumps(res["runs"][-1], ensure_ascii=False), flush=True)
            csv.unlink()
    res["load_after"] = os.getloadavg()
    res["ratios"] = {}
    by = {(r["mb"], r["command"], r["code"]): r for r in res["runs"]}
    for (mb, command, code), r in by.items():
        m = by.get((mb, command, "main"))
        if code == "branch" and m and r["peak_mb"] and r["seconds"]:
            res["ratios"][f"{mb:g} MB {command}"] = {
                "memory": round(m["peak_mb"] / r["peak_mb"], 1),
                "time": round(m["seconds"] / r["seconds"], 2),
            }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"ingest_memory_{a.tag}" if a.tag else "ingest_memory"
    (RESULTS / f"{stem}.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    (RESULTS / f"{stem}.md").write_text(_markdown(res), encoding="utf-8")
    print(_markdown(res))


if __name__ == "__main__":
    main()
