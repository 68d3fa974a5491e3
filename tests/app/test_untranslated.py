"""Every page registered in streamlit_app.py, in Chinese and in English, shows no untranslated
text: in Chinese no run of Latin letters outside the accepted acronyms and units
(:data:`workbench.i18n.ALLOWED_LATIN`), in English no Chinese outside names that have no
English form (a plan's document number). Raw ids and column names are Latin words, so
they fail the Chinese check too.

Not checked: the cells of the columns that hold a record's own words (source, URL, quote,
note, an industry code as given), which are shown as delivered; on Chinese pages, the
plan's own words (its key tasks and projects, acronyms included); and the language switch,
which names both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workbench import plans
from workbench.i18n import COLUMNS, t, untranslated

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
PAGES = sorted(
    set(
        re.findall(r"st\.Page\(\s*\"app_pages/(\w+)\.py\"", (ROOT / "streamlit_app.py").read_text())
    )
)
VERBATIM = {
    COLUMNS[c][lang]
    for c in ("source", "source_url", "quote", "note", "raw_code")
    for lang in "zh en".split()
} | {t("ent_c_code", lang) for lang in ("zh", "en")}  # industry codes as delivered (A0231)
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u25a0-\u25ff]")
"""Emoji and the old status shapes (✔ ✘ ● ▲ ■ ○ ◇ ❌): boxes where no emoji font is installed;
statuses use Material icons."""
ZH_ALLOWED = frozenset({"A", "B"})  # the two scenarios are named 情景A and 情景B
EN_ALLOWED = frozenset(p.document.get("number", "") for p in plans.plans()) - {""}


def _open(page: str, lang: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _plan_words() -> str:
    """Every plan's own words (key tasks and projects, in Chinese): shown as the plan
    writes them, acronyms included (NB-IoT, GIS, AR/VR …)."""
    parts = []
    for p in plans.plans():
        for df in (p.tasks, p.projects):
            for c in [c for c in df.columns if c.endswith("_zh")]:
                parts.extend(df[c].astype(str))
    return "\n".join(parts)


PLAN_WORDS = _plan_words()


def _the_plans_words(text: str) -> bool:
    core = re.sub(r"^\d+\.\s*", "", text).rstrip("…").strip()
    return len(core) >= 8 and core in PLAN_WORDS


def _findings(at: AppTest, lang: str, page_texts) -> list[str]:
    allowed = ZH_ALLOWED if lang == "zh" else EN_ALLOWED
    out = []
    for kind, text in page_texts(at, VERBATIM):
        if lang == "zh" and _the_plans_words(text):
            continue
        bad = untranslated(text, lang, allowed) + EMOJI.findall(text)
        if bad:
            out.append(f"{kind}: {bad} in {text[:100]!r}")
    return sorted(set(out))


def test_every_registered_page_is_checked():
    assert {"overview", "composition", "forecasts", "scenarios", "review", "data"} <= set(PAGES)


@pytest.fixture(scope="module")
def every_plan_has_a_run(run):
    """The session's run is the default plan's; the other packs get theirs (same home)."""
    from workbench.refresh import refresh

    for pid in plans.plan_ids():
        if pid != run.manifest.get("plan_id"):
            refresh(pid, n_paths=200)
    return plans.plan_ids()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_untranslated_text(page, lang, page_texts, every_plan_has_a_run):
    for pid in every_plan_has_a_run:
        at = _open(page, lang, plan=pid)
        assert _findings(at, lang, page_texts) == [], pid


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_forecast_series_and_overview_year_is_translated(lang, run, page_texts):
    from workbench import app_data as ad

    at = _open("forecasts", lang)
    for sid in ad.series_choices(run):
        at.selectbox(key=f"fc_series@{lang}").set_value(sid).run()
        assert not at.exception
        assert _findings(at, lang, page_texts) == [], sid
    ov = _open("overview", lang)
    for year in ov.radio(key="ov_year").options:
        ov.radio(key="ov_year").set_value(int(year)).run()
        assert _findings(ov, lang, page_texts) == [], year


def test_the_checker_flags_what_the_issue_found():
    assert untranslated("回测 sMAPE", "zh") == ["sMAPE"]
    assert untranslated("base_stations_5g", "zh") == ["base_stations_5g"]
    assert untranslated("主要预期指标 table", "zh") == ["table"]
    assert untranslated("累计建成5G基站数，GDP，IPv6，100 Mbps", "zh") == []
    assert untranslated("Value (亿元)", "en") == ["亿元"]
    assert untranslated("Source: plan 池数组〔2021〕1号", "en", EN_ALLOWED) == []
    assert EMOJI.findall("❌ 未达标 ✔ ● ⚠️") == ["❌", "✔", "●", "⚠"]
