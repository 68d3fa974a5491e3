"""Peak memory and time of ``validate`` on hostile and large files at the DEFAULT limits.

    nice .venv/bin/python benchmarks/hostile/run.py

Each case runs in a fresh process (peak RSS from ``getrusage``). Peers in the same run:
``pandas.read_csv`` on the same large CSV, and openpyxl's plain ``load_workbook`` on the
same large workbook (what the old reader did before its grid). The bombs are not given to
the peers: the issue measured them at 2–3.7 GB, more than this shared machine should spend.
Writes ``benchmarks/results/hostile.{json,md}``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

PROBE = """
import resource, sys, time, json
{imports}
t0 = time.perf_counter()
{body}
print(json.dumps({{"seconds": round(time.perf_counter() - t0, 2),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "outcome": outcome}}))
"""
OURS = """r = validate_file(sys.argv[1])
outcome = ("accepted %d" % r.n_observations) if r.ok else ("refused: " + r.errors[0].message[:90])"""
PANDAS = """df = pd.read_csv(sys.argv[1], dtype=str)
outcome = "read %d rows" % len(df)"""
OPENPYXL = """wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
n = sum(1 for _ in wb.active.iter_rows(values_only=True))
outcome = "read %d rows" % n"""


IMPORTS = "import pandas as pd, openpyxl\nfrom workbench.ingest import validate_file"


def _run(code: str, path: Path) -> dict:
    import time

    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=IMPORTS, body=code), str(path)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    if proc.returncode != 0:
        return {"seconds": round(time.perf_counter() - t0, 2), "peak_mb": None,
                "outcome": f"crashed: {proc.stderr.strip().splitlines()[-1][:90]}"}  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _big_csv(d: Path, rows: int) -> Path:
    p = d / "big.csv"
    note = "说明" * 25
    with open(p, "w", encoding="utf-8") as fh:
        fh.write("地区,指标,年份,数值,单位,来源,备注\n")
        for i in range(rows):
            fh.write(f"池州市,网络零售额,{1990 + i % 30},{50 + i % 7}.5,亿元,来源{i},{note}{i}\n")
    return p


def _big_xlsx(d: Path, rows: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(["地区", "指标", "年份", "数值", "单位", "来源"])
    for i in range(rows):
        ws.append(["池州市", "网络零售额", 1990 + i % 30, 50 + i % 7 + 0.5, "亿元", f"来源{i}"])
    p = d / "big.xlsx"
    wb.save(p)
    return p


def _strings_bomb(d: Path, n: int) -> Path:
    from corpus import _shared_strings, _strings_sheet, _with_shared_strings, _xlsx

    return _with_shared_strings(_xlsx("strings_bomb.xlsx", _strings_sheet), _shared_strings(n))(d)


def _zip_bomb(d: Path, mb: int) -> Path:
    from corpus import _strings_sheet, _xlsx

    p = _xlsx("zip_bomb.xlsx", _strings_sheet)(d)
    with zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/padding.xml", "w") as fh:
        for _ in range(mb):
            fh.write(b"A" * (1024 * 1024))
    return p


def main() -> int:
    from corpus import CASES

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        far = next(c for c in CASES if c.name == "far_cell.xlsx").make(d)
        cases = [
            ("far_cell.xlsx (5 KB, one cell at XFD1048576)", far, []),
            ("shared strings: 600 000 entries", _strings_bomb(d, 600_000), []),
            ("zip bomb: 300 MB unpacked", _zip_bomb(d, 300), []),
            ("/dev/zero", Path("/dev/zero"), []),
            ("CSV, 19 MB, 95 000 rows (below the limits)", _big_csv(d, 95_000), [("pandas.read_csv", PANDAS)]),
            ("xlsx, 20 000 rows", _big_xlsx(d, 20_000), [("openpyxl load_workbook", OPENPYXL)]),
        ]  # fmt: skip
        rows = []
        for name, path, peers in cases:
            size = path.stat().st_size if path.is_file() else 0
            row = {"case": name, "bytes": size, "workbench": _run(OURS, path)}
            row["peers"] = {pn: _run(code, path) for pn, code in peers}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    out = {
        "benchmark": "hostile",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "command": " ".join(sys.argv),
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), "utf-8")
    md = ["# Hostile and large files at the default limits", "",
          f"`{out['command']}` on {out['when']} ({out['machine']['cpus']} CPUs, shared). "
          "Each run is a fresh process; peak = max RSS.", "",
          "| case | size | workbench validate: outcome | s | peak MB | peer (same file, same run) |",
          "|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        w = r["workbench"]
        peer = "; ".join(
            f"{pn}: {p['seconds']} s, {p['peak_mb']} MB"
            + (f" (ratio {w['peak_mb'] / p['peak_mb']:.2f}× memory, {w['seconds'] / max(p['seconds'], 0.01):.1f}× time)"
               if p.get("peak_mb") and w.get("peak_mb") else "")
            for pn, p in r["peers"].items()
        ) or "—"  # fmt: skip
        md.append(f"| {r['case']} | {r['bytes'] / 1e6:.2f} MB | {w['outcome']} | {w['seconds']} | "
                  f"{w['peak_mb']} | {peer} |")  # fmt: skip
    (RESULTS / "hostile.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
