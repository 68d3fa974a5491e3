"""Where a page's browser time goes (a diagnostic, not a benchmark): for each page, opened
in a new tab of a warm server, the time to the first and last websocket message, the
bytes the server sent, the page drawn (as in :mod:`bench_browser`), the main thread's
long tasks, and the count of Streamlit elements by kind.

    nice .venv/bin/python benchmarks/app/diag_browser.py [--root DIR] [page ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_browser as bb  # noqa: E402

COUNT_JS = """() => {
  const c = {};
  for (const e of document.querySelectorAll('[data-testid]')) {
    const k = e.getAttribute('data-testid');
    if (k.startsWith('st') && !k.startsWith('stMarkdownContainer')) c[k] = (c[k] || 0) + 1;
  }
  c.__dom = document.getElementsByTagName('*').length;
  c.__table_cells = document.querySelectorAll('[data-testid="stTable"] td, [data-testid="stTable"] th').length;
  return c;
}"""
LONGTASK_JS = """() => { window.__lt = []; new PerformanceObserver(l => {
  for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true}); }"""


def visit(ctx, url: str) -> dict:
    """One visit in a new tab: websocket timings and sizes, drawn time, long tasks, counts."""
    page = ctx.new_page()
    page.add_init_script(LONGTASK_JS.replace("() => {", "(() => {", 1) + ")()")
    frames: list[tuple[float, int]] = []
    t0 = time.perf_counter()

    def on_ws(ws):
        ws.on("framereceived", lambda p: frames.append((time.perf_counter() - t0, len(p))))

    page.on("websocket", on_ws)
    state = bb.watch(page)
    page.goto(url)
    drawn = bb._settle(page, t0, state)
    counts = page.evaluate(COUNT_JS)
    lt = page.evaluate("() => window.__lt || []")
    page.close()
    return {
        "drawn_s": round(drawn, 3),
        "ws_first_s": round(frames[0][0], 3) if frames else None,
        "ws_last_s": round(frames[-1][0], 3) if frames else None,
        "ws_msgs": len(frames),
        "ws_kb": round(sum(n for _, n in frames) / 1024, 1),
        "longtask_ms": round(sum(d for _, d in lt)),
        "longtask_max_ms": round(max((d for _, d in lt), default=0)),
        "counts": counts,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=bb.ROOT)
    ap.add_argument("--visits", type=int, default=3)
    ap.add_argument("pages", nargs="*", default=list(bb.PAGES))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    proc, url = bb._serve(args.root.resolve(), tempfile.mkdtemp(prefix="wb-diag-"))
    try:
        with sync_playwright() as pw:
            br = pw.chromium.launch(executable_path=bb.CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
            ctx = br.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            for path in args.pages:
                runs = [visit(ctx, f"{url}/{path}") for _ in range(args.visits + 1)][1:]
                keys = [k for k in runs[0] if k != "counts"]
                med = {k: statistics.median(r[k] for r in runs) for k in keys}
                counts = Counter(runs[-1]["counts"])
                print(path or "overview", json.dumps(med), json.dumps(dict(counts.most_common(25))))
            br.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
