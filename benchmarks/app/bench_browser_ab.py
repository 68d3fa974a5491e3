"""Before/after in a real browser with the two servers up at once and visits alternated
(before, after, before, after …), so both see the same machine load: time to the first
title and to the page drawn (as in :mod:`bench_browser`), median of the visits after the
first. Prints one line per page.

    nice .venv/bin/python benchmarks/app/bench_browser_ab.py /tmp/before "" forecasts scenarios
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_browser as bb  # noqa: E402

H1 = "() => !!document.querySelector('h1')"


def main(before: str, pages: list[str], visits: int = 4) -> None:
    from playwright.sync_api import sync_playwright

    servers = {
        "after": bb._serve(bb.ROOT, tempfile.mkdtemp()),
        "before": bb._serve(Path(before), tempfile.mkdtemp()),
    }
    try:
        with sync_playwright() as pw:
            br = pw.chromium.launch(executable_path=bb.CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
            ctx = br.new_context(viewport={"width": 1440, "height": 900})
            for path in pages:
                res: dict[str, list[float]] = {}
                for _ in range(visits):
                    for name, (_, url) in servers.items():
                        p = ctx.new_page()
                        t0 = time.perf_counter()
                        p.goto(f"{url}/{path}")
                        p.wait_for_function(H1)
                        res.setdefault(f"{name}_title_s", []).append(time.perf_counter() - t0)
                        res.setdefault(f"{name}_drawn_s", []).append(bb._settle(p, t0))
                        p.close()
                print(path or "overview",
                      {k: round(statistics.median(v[1:]), 2) for k, v in res.items()})  # fmt: skip
            br.close()
    finally:
        for proc, _ in servers.values():
            proc.terminate()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
