"""Server-side page time in AppTest for a given checkout (before/after comparisons in one
session): a refresh in a temporary WORKBENCH_HOME, then each page opened 1 + 3 times (the
median of the 3 warm opens, seconds) and 6 scenario slider moves (median, ms).

    nice .venv/bin/python benchmarks/app/bench_app_root.py /work/wt/app
    git archive <commit> | tar -x -C /tmp/before
    (cd /tmp/before && nice /work/wt/app/.venv/bin/python <this file> /tmp/before)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

PAGES = ("", "composition", "scenarios", "forecasts", "review", "data")


def _page(root: str, page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(f"{root}/streamlit_app.py", default_timeout=120)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def main(root: str) -> None:
    sys.path.insert(0, root)
    os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp()
    from workbench.refresh import refresh

    refresh()
    for p in PAGES:
        _page(root, p)
        ts = []
        for _ in range(3):
            t0 = time.perf_counter()
            _page(root, p)
            ts.append(time.perf_counter() - t0)
        print(p or "overview", round(statistics.median(ts), 3))
    at = _page(root, "scenarios")
    ts = []
    for i in range(6):
        t0 = time.perf_counter()
        at.slider(key="a_online_retail_sales").set_value(10.0 + i).run()
        ts.append(time.perf_counter() - t0)
    print("recompute", round(statistics.median(ts) * 1000), "ms")


if __name__ == "__main__":
    main(sys.argv[1])
