"""Benchmark: peak memory of reading and validating a SYNTHETIC .xlsx register, read whole
(openpyxl's normal mode, the reader before) or streamed (read-only mode, chunks).

Not a test. Writes the SYNTHETIC register with ``workbench register synth --enterprises N``
(about 6.2 rows per enterprise over 2019–2025), converts it to .xlsx (see :func:`to_xlsx`;
not timed), then in a child process per variant consumes
:class:`workbench.registers.read.RegisterReader` over it and reports seconds, records and
peak resident memory (VmHWM). ``--src DIR=LABEL`` runs another copy of the code (e.g.
``git archive main workbench | tar -x -C /tmp/before`` and a link to ``data/``) for the
before figure; the child runs in ``--work``, so the copy named is the one imported. Both children
get the same raised ingest limits (the reader before refused an .xlsx over 100,000 rows).

    nice .venv/bin/python benchmarks/registers/xlsx_memory.py --enterprises 32300 \\
        --work /tmp/xlsxbench --src /tmp/before=before --src .=after
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {
    "WORKBENCH_MAX_ROWS": "1048576",
    "WORKBENCH_MAX_CELLS": "50000000",
    "WORKBENCH_MAX_FILE_MB": "4096",
    "WORKBENCH_MAX_UNZIPPED_MB": "4096",
    "WORKBENCH_MAX_SHARED_STRINGS": "4000000",
}
CHILD = """
import json, sys, time
from workbench.registers.read import RegisterReader
t = time.perf_counter()
reader = RegisterReader(sys.argv[1])
n = sum(len(c) for c in reader.chunks())
rep = reader.report()
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
print(json.dumps({"records": n, "seconds": round(time.perf_counter() - t, 2),
                  "peak_rss_mb": round(hwm / 1024, 1), "errors": len(rep.errors),
                  "warnings": len(rep.warnings)}))
"""


def to_xlsx(src: Path, out: Path) -> int:
    """The CSV register as a one-sheet .xlsx (numbers as numbers); returns its data rows.
    Written in openpyxl's normal mode, like Excel: shared strings and a ``<dimension>``
    element (write-only mode writes inline strings and no dimension, so openpyxl's
    read-only mode parses the whole sheet once more just to open it)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名录"
    n = 0
    with open(src, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            ws.append([_number(c) if i > 1 else c for c in row])
            n += 1
    wb.save(out)
    return n - 2


def _number(text: str) -> object:
    try:
        return int(text) if text.isdigit() and not text.startswith("0") else float(text)
    except ValueError:
        return text


def run(src: Path, xlsx: Path) -> dict:
    env = {**os.environ, **LIMITS, "PYTHONPATH": str(src.resolve())}
    out = subprocess.run([sys.executable, "-c", CHILD, str(xlsx)], env=env, check=True,
                         capture_output=True, text=True, cwd=xlsx.parent)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--enterprises", type=int, default=32300)
    ap.add_argument("--work", type=Path, default=Path("/tmp/xlsxbench"))
    ap.add_argument("--src", action="append", default=[], help="DIR=LABEL (repeatable)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    reg_csv, reg_xlsx = args.work / "register.csv", args.work / "register.xlsx"
    wb_cli = Path(sys.executable).parent / "workbench"
    subprocess.run([str(wb_cli), "register", "synth", "--enterprises", str(args.enterprises),
                    "--out", str(reg_csv)], check=True)  # fmt: skip
    rows = to_xlsx(reg_csv, reg_xlsx)
    result = {"rows": rows, "xlsx_mb": round(reg_xlsx.stat().st_size / 2**20, 1), "runs": {}}
    for spec in args.src or [f"{ROOT}=this"]:
        src, label = spec.split("=", 1)
        load = os.getloadavg()[0]
        result["runs"][label] = {**run(Path(src), reg_xlsx), "load_before": round(load, 2),
                                 "load_after": round(os.getloadavg()[0], 2)}  # fmt: skip
        print(label, result["runs"][label], flush=True)
    result["time"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
