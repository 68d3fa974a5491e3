"""The first slider moves on /scenarios once the page has drawn and rested 1.5 s: seconds per
move (every move a new value: ArrowLeft) and the Streamlit server's CPU per move, for a
first and a second visit. Answers whether the slow first move of ``bench_browser_ab.py
--recompute`` (pressed the moment the page settled) is the app or a page still busy.

    .venv/bin/python benchmarks/app/bench_first_move.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_browser as bb  # noqa: E402

REST_MS = 1500
MOVES = 4


def _moves(ctx, url: str, proc: psutil.Process) -> list[tuple[int, int]]:
    """(ms to the results changed, server CPU ms) per move on a freshly opened page."""
    page = ctx.new_page()
    state = bb.watch(page)
    page.goto(f"{url}/scenarios")
    bb._settle(page, time.perf_counter(), state)
    page.wait_for_timeout(REST_MS)
    slider = (
        page.locator('[data-testid="stSlider"]').filter(has_text="网络零售额").first
        .get_by_role("slider")
    )  # fmt: skip
    out = []
    for _ in range(MOVES):
        c0 = sum(proc.cpu_times()[:2])
        dt = bb.move_slider(page, slider, state, "ArrowLeft")
        out.append((round(dt * 1000), round((sum(proc.cpu_times()[:2]) - c0) * 1000)))
        page.wait_for_timeout(300)
    page.close()
    return out


def main() -> None:
    from playwright.sync_api import sync_playwright

    proc, url = bb._serve(bb.ROOT, tempfile.mkdtemp())
    try:
        with sync_playwright() as pw:
            br = pw.chromium.launch(executable_path=bb.CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
            ctx = br.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            for visit in range(2):
                print(
                    "visit",
                    visit,
                    "(ms, server CPU ms):",
                    _moves(ctx, url, psutil.Process(proc.pid)),
                )
            br.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
