"""App speed benchmark (not a test): each page's render in AppTest, cold and warm, and a
scenario recompute (slider change in AppTest, and the library call alone).

Targets: warm render ≤ 1.5 s per page, recompute ≤ 200 ms. Runs a refresh in a temporary
WORKBENCH_HOME first. Writes benchmarks/results/app.{json,md}.

    .venv/bin/python benchmarks/app/bench_app.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
PAGES = ("overview", "composition", "forecasts", "scenarios", "review", "data")
RESULTS = ROOT / "benchmarks" / "results"
TARGET_PAGE_S = 1.5
TARGET_RECOMPUTE_MS = 200


def _render(page: str) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    t0 = time.perf_counter()
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    dt = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="wb-bench-")
    os.environ["WORKBENCH_HOME"] = home
    sys.path.insert(0, str(ROOT))
    from workbench.refresh import refresh

    t0 = time.perf_counter()
    run = refresh()
    refresh_s = time.perf_counter() - t0

    pages = {}
    for page in PAGES:
        cold = _render(page)  # first render in this process: imports, loads, caches fill
        warm = [_render(page) for _ in range(args.repeat)]  # a new session, caches warm
        pages[page] = {"cold_s": round(cold, 3), "warm_median_s": round(statistics.median(warm), 3),
                       "warm_max_s": round(max(warm), 3),
                       "ok": statistics.median(warm) <= TARGET_PAGE_S}  # fmt: skip

    # scenario recompute: a slider change in AppTest (whole page rerun) ...
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/scenarios.py").run()
    page_recompute = []
    for i in range(args.repeat):
        t0 = time.perf_counter()
        at.slider(key="a_online_retail_sales").set_value(10.0 + i).run()
        page_recompute.append(time.perf_counter() - t0)
    # ... and the library call alone (what notebooks pay), uncached
    from workbench import app_data as ad
    from workbench import scenario as sc

    basis = ad.scenario_basis(run)
    base = sc.preset(basis)
    lib = []
    for i in range(max(args.repeat, 20)):
        t0 = time.perf_counter()
        sc.simulate(basis, base.with_growth(online_retail_sales=10.0 + i * 0.5))
        lib.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    ad.scenario_basis(run)
    basis_ms = (time.perf_counter() - t0) * 1000

    out = {
        "what": "AppTest render per page (cold = first in the process; warm = new session, "
        "caches filled) and scenario recompute",
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "repeat": args.repeat,
        "run_id": run.run_id,
        "refresh_s": round(refresh_s, 2),
        "target_page_s": TARGET_PAGE_S,
        "target_recompute_ms": TARGET_RECOMPUTE_MS,
        "pages": pages,
        "scenario_recompute_page_ms": round(statistics.median(page_recompute) * 1000, 1),
        "scenario_recompute_page_max_ms": round(max(page_recompute) * 1000, 1),
        "scenario_simulate_ms": round(statistics.median(lib) * 1000, 2),
        "scenario_basis_build_ms": round(basis_ms, 1),
        "n_paths": int(run.manifest.get("n_paths", 0)),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "app.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# App speed (AppTest)",
        "",
        f"{out['machine']}; {args.repeat} repeats; run {run.run_id} ({out['n_paths']} paths per series).",
        f"Produced by `benchmarks/app/bench_app.py`. Targets: warm page ≤ {TARGET_PAGE_S} s, "
        f"recompute ≤ {TARGET_RECOMPUTE_MS} ms.",
        "",
        "| page | cold (s) | warm median (s) | warm max (s) | within target |",
        "|---|---|---|---|---|",
    ]
    for page, r in pages.items():
        lines.append(f"| {page} | {r['cold_s']} | {r['warm_median_s']} | {r['warm_max_s']} | "
                     f"{'yes' if r['ok'] else 'NO'} |")  # fmt: skip
    lines += [
        "",
        f"Scenario recompute, slider change in AppTest (whole page rerun): median "
        f"{out['scenario_recompute_page_ms']} ms, max {out['scenario_recompute_page_max_ms']} ms.",
        f"Scenario recompute, `workbench.scenario.simulate` alone: median "
        f"{out['scenario_simulate_ms']} ms (basis built once per run: {out['scenario_basis_build_ms']} ms).",
        "",
        "Every page time except the overview includes the overview render before `switch_page` "
        "(conservative). Cold = the first render in a fresh Python process (imports, parquet reads, the "
        "synthetic register's classification) — paid once per server, not per visitor.",
    ]
    (RESULTS / "app.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
