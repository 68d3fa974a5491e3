"""重点企业监测 in a real browser, Chinese and English: renders, no error box, SYNTHETIC shown."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "title", "label", "preset"),
    [
        ("zh", "重点企业监测", "合成数据", "首位产业：半导体产业链"),
        (
            "en",
            "Key-enterprise monitoring",
            "SYNTHETIC DATA",
            "Lead industry: the semiconductor chain",
        ),
    ],
)
def test_enterprise_page_renders(app_url, page, shot, wait_idle, lang, title, label, preset):
    query = "" if lang == "zh" else "?lang=en"
    page.goto(f"{app_url}/enterprises{query}")
    page.get_by_role("heading", name=title).wait_for()
    page.locator(f"text={label}").first.wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 6
    # the lead-industry preset switches the view to the semiconductor chain (2025 here)
    page.get_by_text(preset, exact=True).click()
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    from playwright.sync_api import expect

    # 2025 in the SYNTHETIC register: 90 firms in the chain (2,786 in all)
    expect(metrics.first).to_contain_text("90", timeout=30_000)
    assert "2,786" not in metrics.first.inner_text()
    assert shot(page, f"page_enterprises_{lang}").stat().st_size > 10_000
