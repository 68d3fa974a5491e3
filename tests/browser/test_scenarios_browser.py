"""The Scenarios page in a real browser: a slider moves scenario A's result, the link
reproduces it on a phone, the language switches; screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ZH_LABEL = "网络零售额（亿元）"
EN_LABEL = "Online retail sales (100 million yuan)"
CELL_JS = """([label]) => { const row = [...document.querySelectorAll('[data-testid=stTable] tr')]
  .find(r => r.querySelector('th') && r.querySelector('th').innerText.trim() === label);
  return row ? row.querySelector('td').innerText.trim() : null; }"""


def _value(page, label: str) -> str:
    """Scenario A's value in the results table beside the controls."""
    return page.evaluate(CELL_JS, [label])


def _number(text: str) -> float:
    return float(text.split()[0].replace(",", ""))


def test_slider_moves_the_result_link_reproduces_language_switches(
    app_url, page, shot, wait_idle, browser
):
    page.goto(f"{app_url}/scenarios")
    page.get_by_role("heading", name="情景分析").wait_for()
    page.get_by_text(ZH_LABEL).first.wait_for()
    wait_idle(page)
    before = _value(page, ZH_LABEL)
    shot(page, "scenarios_zh_before")

    slider = (
        page.locator('[data-testid="stSlider"]')
        .filter(has_text="网络零售额 年增长（%）")
        .first.get_by_role("slider")
    )
    slider.focus()
    slider.press("End")  # the slider's maximum: 80% a year
    page.wait_for_function(
        f"([label, before]) => ({CELL_JS})([label]) !== before", arg=[ZH_LABEL, before]
    )
    wait_idle(page)
    after = _value(page, ZH_LABEL)
    assert _number(after) > _number(before)
    assert "a_ors=80" in page.url
    # the difference from scenario A is labelled as such, beside the controls
    assert page.locator('[data-testid="stTable"]').first.get_by_text("较情景A").count() >= 1
    assert shot(page, "scenarios_zh_after").stat().st_size > 10_000

    # the link reproduces the scenario in a fresh browser context, on a phone
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    phone = ctx.new_page()
    phone.goto(page.url)
    phone.get_by_text(ZH_LABEL).first.wait_for()
    wait_idle(phone)
    assert _value(phone, ZH_LABEL) == after
    shot(phone, "scenarios_phone")
    ctx.close()

    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Scenarios").wait_for()
    page.get_by_text(EN_LABEL).first.wait_for()
    wait_idle(page)
    page.wait_for_url("**lang=en**", timeout=15_000)
    expect(page.get_by_text(ZH_LABEL)).to_have_count(0, timeout=15_000)
    assert _number(_value(page, EN_LABEL)) == _number(after)  # same scenario, other language
    # the preset choices are shown in English too (not the Chinese names of the first render)
    shown = [box.input_value() for box in page.locator('[data-testid="stSelectbox"] input').all()]
    assert "Baseline" in shown and not any("基准" in v or "乐观" in v for v in shown)
    assert shot(page, "scenarios_en").stat().st_size > 10_000
