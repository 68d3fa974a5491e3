"""Before/after in a real browser with the two servers up at once and visits alternated
(before, after, before, after …), so both see the same machine load: time to the first
title and to the page drawn (as in :mod:`bench_browser`), median of the visits after the
first. Beside the wall times, the *work* each visit costs, which depends much less on
the other engineers' load than wall time does: the server's CPU seconds (the Streamlit
process, from the page request until the page is drawn) and the browser's main-thread
task time (Chromium's ``TaskDuration``, CDP ``Performance.getMetrics``). With ``--recompute``
also the scenario recompute (slider key press until the results changed and the rerun is
over, as in :mod:`bench_browser`), alternated the same way.

    nice .venv/bin/python benchmarks/app/bench_browser_ab.py /tmp/before "" forecasts scenarios
    nice .venv/bin/python benchmarks/app/bench_browser_ab.py --json out.json --recompute 8 \
        /tmp/before "" composition forecasts scenarios review data
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_browser as bb  # noqa: E402

H1 = "() => !!document.querySelector('h1')"


def _cpu(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return t.user + t.system


def _visit(ctx, proc: psutil.Process, url: str) -> dict[str, float]:
    """One visit in a new tab: wall times, server CPU seconds, browser main-thread seconds."""
    p = ctx.new_page()
    cdp = ctx.new_cdp_session(p)
    cdp.send("Performance.enable")
    state = bb.watch(p)
    c0 = _cpu(proc)
    t0 = time.perf_counter()
    p.goto(url)
    p.wait_for_function(H1)
    title = time.perf_counter() - t0
    drawn = bb._settle(p, t0, state)
    m = {x["name"]: x["value"] for x in cdp.send("Performance.getMetrics")["metrics"]}
    out = {"title_s": title, "drawn_s": drawn, "server_cpu_s": _cpu(proc) - c0,
           "browser_task_s": m["TaskDuration"]}  # fmt: skip
    p.close()
    return out


def _recompute(ctx, servers: dict, n: int, fresh: bool = False) -> dict[str, list[float]]:
    """Slider moves on /scenarios, alternated between the servers (seconds each). By default
    End/Home alternately (from the third move on, both values are in the app's caches);
    ``fresh``: ArrowLeft every time, so every move asks for a value not seen before."""
    pages = {}
    for name, (_, url) in servers.items():
        page = ctx.new_page()
        state = bb.watch(page)
        page.goto(f"{url}/scenarios")
        bb._settle(page, time.perf_counter(), state)
        slider = (
            page.locator('[data-testid="stSlider"]').filter(has_text="网络零售额").first
            .get_by_role("slider")
        )  # fmt: skip
        pages[name] = (page, slider, state)
    res: dict[str, list[float]] = {name: [] for name in servers}
    for i in range(n):
        for name, (page, slider, state) in pages.items():
            key = "ArrowLeft" if fresh else ("End" if i % 2 == 0 else "Home")
            res[name].append(bb.move_slider(page, slider, state, key))
            page.wait_for_timeout(300)
    for page, _, _ in pages.values():
        page.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path, help="checkout of the code before (git archive)")
    ap.add_argument("pages", nargs="*", default=list(bb.PAGES))
    ap.add_argument("--after", type=Path, default=bb.ROOT, help="checkout of the code after")
    ap.add_argument("--visits", type=int, default=4)
    ap.add_argument("--recompute", type=int, default=0, help="slider moves per server")
    ap.add_argument("--fresh", action="store_true", help="every slider move a new value")
    ap.add_argument("--json", type=Path, help="write the raw results here")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    servers = {
        "after": bb._serve(args.after.resolve(), tempfile.mkdtemp()),
        "before": bb._serve(args.before.resolve(), tempfile.mkdtemp()),
    }
    procs = {name: psutil.Process(proc.pid) for name, (proc, _) in servers.items()}
    raw: dict = {"load_start": os.getloadavg(), "pages": {}}
    try:
        with sync_playwright() as pw:
            br = pw.chromium.launch(executable_path=bb.CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
            ctx = br.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            for path in args.pages:
                res: dict[str, list[dict]] = {name: [] for name in servers}
                for _ in range(args.visits):
                    for name, (_, url) in servers.items():
                        res[name].append(_visit(ctx, procs[name], f"{url}/{path}"))
                raw["pages"][path or "overview"] = res
                summary = {
                    f"{name}_{k}": round(statistics.median(v[k] for v in visits[1:]), 3)
                    for name, visits in res.items()
                    for k in visits[0]
                }
                print(path or "overview", summary, flush=True)
            if args.recompute:
                rec = _recompute(ctx, servers, args.recompute, args.fresh)
                raw["recompute_s"] = rec
                print("recompute ms", {k: (round(statistics.median(v) * 1000),
                                           round(max(v) * 1000)) for k, v in rec.items()})  # fmt: skip
            br.close()
    finally:
        for proc, _ in servers.values():
            proc.terminate()
    raw["load_end"] = os.getloadavg()
    print("load average start", raw["load_start"], "end", raw["load_end"])
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
