"""App speed in a real browser (not a test): Playwright + Debian's Chromium against a real
Streamlit server.

* **page drawn**: from opening the page's URL in a new tab until the page is drawn (the
  server has finished the script run, the title is there, every chart has drawn,
  Streamlit's "running" indicator is gone and the page has stopped changing); cold = first visit after the server starts, warm = median of
  the next visits (new tabs, caches warm).
* **scenario recompute**: on /scenarios, from a key press on the online-sales slider (End,
  then Home, alternately) until the shown results have changed and the rerun is over.

Targets (issue 14): page drawn ≤ 1.5 s warm, recompute ≤ 300 ms. ``--root`` serves another
checkout (e.g. the code before the change, from ``git archive``) so before and after are
measured by the same script on the same machine in the same session.

    nice .venv/bin/python benchmarks/app/bench_browser.py --label after
    git archive <commit> | tar -x -C /tmp/before
    nice .venv/bin/python benchmarks/app/bench_browser.py --root /tmp/before --label before
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
PAGES = ("", "composition", "forecasts", "scenarios", "review", "data")
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
TARGET_PAGE_S, TARGET_RECOMPUTE_MS = 1.5, 300

SETTLED_JS = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return -1;
  if (!document.querySelector('h1')) return -1;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    if (!c.querySelector('canvas, svg')) return -1;
  return document.querySelectorAll('[data-testid="stElementContainer"]').length;
}"""
METRICS_JS = """() => [...document.querySelectorAll(
  '[data-testid="stMetricValue"], [data-testid="stTable"] td')].map(m => m.innerText).join('|')"""
"""The shown results: metrics (the page before issue 14) or the results table (after)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root: Path, home: str) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, WORKBENCH_HOME=home, PYTHONPATH=str(root))
    env.pop("WORKBENCH_UPLOAD_TOKEN", None)
    subprocess.run([sys.executable, "-c", "from workbench.refresh import refresh; refresh()"],
                   cwd=root, env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(root / "streamlit_app.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("streamlit did not come up")


def watch(page) -> dict:
    """Record when the server says the script run is over (its ``script_finished`` message on
    the websocket): without it a pause of the server mid-run (a GC, another session's
    rerun) looked like a drawn page."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    state: dict = {"finished": None}

    def on_frame(payload) -> None:
        if isinstance(payload, str):
            return
        try:
            msg = ForwardMsg.FromString(payload)
        except Exception:  # not a ForwardMsg
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (0, 3):
            state["finished"] = time.perf_counter()

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return state


def _settle(page, t0: float, state: dict | None = None, timeout: float = 60.0) -> float:
    """Seconds from ``t0`` until the page is drawn and has not changed for 150 ms (and, with
    ``state`` from :func:`watch`, the script run is over)."""
    last, since = None, None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        n = page.evaluate(SETTLED_JS)
        now = time.perf_counter()
        if state is not None and state["finished"] is None:
            n = -1
        if n >= 0 and n == last:
            if now - since >= 0.15:
                return since - t0
        else:
            last, since = n, now
        page.wait_for_timeout(25)
    raise TimeoutError("page did not settle")


def _open(ctx, url: str) -> tuple[float, object]:
    page = ctx.new_page()
    state = watch(page)
    t0 = time.perf_counter()
    page.goto(url)
    return _settle(page, t0, state), page


def _pages(ctx, url: str, repeat: int) -> dict:
    out = {}
    for path in PAGES:
        cold, p = _open(ctx, f"{url}/{path}")
        p.close()
        warm = []
        for _ in range(repeat):
            dt, p = _open(ctx, f"{url}/{path}")
            warm.append(dt)
            p.close()
        out[path or "overview"] = {"cold_s": round(cold, 3),
                                   "warm_median_s": round(statistics.median(warm), 3),
                                   "warm_max_s": round(max(warm), 3)}  # fmt: skip
    return out


def move_slider(page, slider, state: dict, key: str) -> float:
    """Seconds from a key press on ``slider`` until the shown results have changed and the
    server has finished the rerun (``state`` from :func:`watch`)."""
    before = page.evaluate(METRICS_JS)
    slider.focus()
    state["finished"] = None
    t0 = time.perf_counter()
    slider.press(key)
    deadline = t0 + 30
    while time.perf_counter() < deadline and (
        state["finished"] is None or page.evaluate(METRICS_JS) == before
    ):
        page.wait_for_timeout(5)
    return time.perf_counter() - t0


def _recompute(ctx, url: str, repeat: int) -> list[float]:
    page = ctx.new_page()
    state = watch(page)
    page.goto(f"{url}/scenarios")
    _settle(page, time.perf_counter(), state)
    slider = (
        page.locator('[data-testid="stSlider"]').filter(has_text="网络零售额").first
        .get_by_role("slider")
    )  # fmt: skip
    times = []
    for i in range(repeat):
        times.append(move_slider(page, slider, state, "End" if i % 2 == 0 else "Home"))
        page.wait_for_timeout(300)
    page.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--label", default="after")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    proc, url = _serve(args.root.resolve(), tempfile.mkdtemp(prefix="wb-bench-browser-"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
            ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            pages = _pages(ctx, url, args.repeat)
            rec = _recompute(ctx, url, args.repeat * 2)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    result = {
        "label": args.label,
        "root": str(args.root),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "pages": pages,
        "recompute_ms": {
            "median": round(statistics.median(rec) * 1000, 1),
            "max": round(max(rec) * 1000, 1),
            "n": len(rec),
        },  # fmt: skip
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"app_browser_{args.label}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
