"""The national plan (国发〔2021〕29号) refreshes from the shipped data, and its review says on
actuals which 2025 targets were met, missed or cannot be judged yet."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench import app_data as ad
from workbench import plans
from workbench import refresh as rf

PLAN = "china-digital-economy"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("nat")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(home))
        yield rf.refresh(PLAN, n_paths=200, as_of=dt.date(2026, 11, 29))


def test_national_run_has_history_for_every_numeric_indicator(run):
    plan = plans.load_plan(PLAN)
    obs = run.observations
    mine = obs[obs["region"] == "China"]
    for x in plan.indicators:
        years = set(mine.loc[mine["indicator"] == x.id, "year"])
        assert years, f"{x.id}: no actual at all"
    # years of published history, not one or two points
    assert len(set(mine.loc[mine["indicator"] == "online_retail_sales_nbs", "year"])) >= 8
    assert len(set(mine.loc[mine["indicator"] == "software_it_revenue", "year"])) >= 8


def test_2025_verdicts_on_actuals_match_hand_computed_ones(run):
    t = run.targets.set_index("indicator")
    # 2025 actuals in the pack: gigabit users 23 800 万户 (target ≥ 6 000): met;
    # online retail 159 722 亿元 (target ≥ 170 000 亿元 = 17万亿元): missed
    assert t.at["gigabit_broadband_users", "status"] == "met"
    assert t.at["gigabit_broadband_users", "actual"] == pytest.approx(23800)
    assert t.at["online_retail_sales_nbs", "status"] == "missed"
    assert t.at["online_retail_sales_nbs", "actual"] == pytest.approx(159722)
    waiting = set(t.index[t["status"] == "not_entered"])
    assert waiting == {
        "digital_core_va_share_gdp", "ipv6_active_users", "software_it_revenue",
        "industrial_internet_platform_penetration", "ecommerce_transactions",
    }  # fmt: skip
    assert t.loc[list(waiting), "probability"].isna().all()


def test_review_counts_add_up_to_the_indicators(run):
    review = ad.plan_review(run, lang="zh")
    assert len(review) == 7
    assert review["result_2025"].value_counts().sum() == 7
    table = ad.overview_table(run, run.observations, "zh")
    assert list(table["status"]) == list(review["result_2025"])


def test_overview_gives_no_probability_to_targets_judged_on_actuals(run):
    # 2025 is over: gigabit users met, online retail missed — on the actual, never as 100%/0%
    table = ad.overview_table(run, run.observations, "en").set_index("indicator_id")
    assert table.loc["gigabit_broadband_users", "status"] == "met"
    assert table.loc["online_retail_sales_nbs", "status"] == "missed"
    assert table["probability"].isna().all()
