"""Every page renders in a real browser without an error box; screenshots as artefacts."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# page → (title, something that only shows once the page has fully rendered)
PAGES = {
    "composition": ("数字经济构成", "text=合成数据"),
    "forecasts": ("指标预测", '[data-testid="stVegaLiteChart"]'),
    "review": ("规划评估", "text=年目标设定参考"),
    "data": ("数据与来源", "text=每个数字的来源"),
}


def test_every_page_renders(app_url, page, shot, wait_idle):
    for path, (title, ready) in PAGES.items():
        page.goto(f"{app_url}/{path}")
        page.get_by_role("heading", name=title).wait_for()
        page.locator(ready).first.wait_for()
        wait_idle(page)
        page.wait_for_timeout(500)  # let Vega draw before the screenshot
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert shot(page, f"page_{path}").stat().st_size > 10_000
