"""The Overview page in a real browser: Chinese by default, English on switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_overview_renders_and_switches_language(app_url, page, shot, wait_idle):
    page.goto(app_url)
    page.get_by_text("“数字池州”主要指标总览").wait_for()
    page.get_by_text("光纤宽带用户占比").first.wait_for()
    wait_idle(page)
    assert page.get_by_text("应上尽上").count() >= 1
    assert shot(page, "overview_zh").stat().st_size > 10_000
    page.get_by_text("English", exact=True).click()
    page.get_by_text("Digital Chizhou: plan indicators at a glance").wait_for()
    page.get_by_text("Share of fibre broadband users").first.wait_for()
    wait_idle(page)
    # the rerun may still be replacing stale Chinese elements: poll, don't sample once
    page.wait_for_url("**lang=en**", timeout=15_000)
    expect(page.get_by_text("光纤宽带用户占比")).to_have_count(0, timeout=15_000)
    assert shot(page, "overview_en").stat().st_size > 10_000
