"""Every page in a real browser at a desktop (1440×900) and a phone (390×844) size: it
draws without an error box, nothing is wider than the screen (no horizontal scrolling),
officials see no Deploy button, and /overview opens the overview (a deep link, not "Page
not found"). Screenshots of every page at both sizes are kept in tests/artifacts/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
# page path → (title, something that only shows once the page has fully rendered)
PAGES = {
    "": ("“数字池州”主要指标总览", "text=光纤宽带用户占比"),
    "overview": ("“数字池州”主要指标总览", "text=光纤宽带用户占比"),
    "composition": ("数字经济构成", "text=合成数据"),
    "forecasts": ("指标预测", '[data-testid="stVegaLiteChart"]'),
    "scenarios": ("情景分析", "text=情景结果"),
    "review": ("规划评估", "text=目标设定参考"),
    "monitoring": ("规划实施监测", "h1"),
    "enterprises": ("重点企业监测", "h1"),
    "data": ("数据与来源", "text=每个数字的来源"),
}
# English pages with the widest tables: they must wrap, not overflow
EN_PAGES = {
    "overview?lang=en": (
        "Digital Chizhou: plan indicators at a glance",
        "text=Share of fibre broadband users",
    ),
    "review?lang=en": ("Plan review", "text=Target-setting aid"),
}
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const main = document.querySelector('[data-testid="stMain"]') || doc;
  return Math.max(doc.scrollWidth - doc.clientWidth, main.scrollWidth - main.clientWidth);
}"""


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_draws_fits_the_screen_and_shows_no_developer_chrome(
    app_url, browser, shot, wait_idle, size
):
    w, h = SIZES[size]
    ctx = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        for path, (title, ready) in {**PAGES, **EN_PAGES}.items():
            page.goto(f"{app_url}/{path}")
            page.get_by_role("heading", name=title).wait_for()
            page.locator(ready).first.wait_for()
            wait_idle(page)
            page.wait_for_timeout(500)  # let Vega draw before the screenshot
            name = (path or "root").replace("?lang=", "_")
            assert page.locator('[data-testid="stException"]').count() == 0, name
            assert page.get_by_text("Page not found").count() == 0, name
            assert page.get_by_role("button", name="Deploy").count() == 0, name
            assert page.evaluate(OVERFLOW_JS) <= 1, f"{name}: wider than the {size} screen"
            assert shot(page, f"page_{name}_{size}").stat().st_size > 10_000
    finally:
        ctx.close()
