"""The national plan pack (``data/plans/china-digital-economy``) against the texts it cites.

Numbers are asserted against the quoted published phrases (copied here from the pages listed in
the pack's README), not against the pack's own files; verdicts for 2025 are hand-computed.
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from workbench.targets import Status, judge, meets

PACK = Path(__file__).resolve().parents[2] / "data" / "plans" / "china-digital-economy"
GRADES = {"primary", "official-repost", "secondary", "derived", "synthetic"}
CHINA_DAILY = (
    "https://govt.chinadaily.com.cn/s/202201/14/WS6350ea6f498ea274927a6270/"
    "highlights-of-the-blueprint-for-chinas-digital-economy-in-2021-2025.html"
)

# (indicator, unit, 2020 value, 2025 target, quote holding both, factor from quote to unit)
PLAN_TEXT = [
    (
        "digital_core_va_share_gdp",
        "%",
        7.8,
        10.0,
        "the added value of the core industries in the digital economy is expected to account for "
        "10 percent of GDP, up from 7.8 percent in 2020",
        1.0,
    ),
    (
        "ipv6_active_users",
        "亿户",
        4.6,
        8.0,
        "The number of users of the Internet Protocol version 6 (IPv6) based services is expected "
        "to hit 800 million by 2025, compared to 460 million in 2020",
        0.01,
    ),
    (
        "gigabit_broadband_users",
        "万户",
        640.0,
        6000.0,
        "The number of China's gigabit broadband users is expected to jump from 6.4 million in 2020 "
        "to 60 million in 2025",
        100.0,
    ),
    (
        "software_it_revenue",
        "亿元",
        81600.0,
        140000.0,
        "The size of the software and information technology service sector is expected to grow "
        "from 8.16 trillion yuan in 2020 to 14 trillion yuan in 2025",
        1e4,  # trillion yuan (万亿元) -> 亿元, the catalogue's unit for this series
    ),
    (
        "industrial_internet_platform_penetration",
        "%",
        14.7,
        45.0,
        "The penetration rate of industrial internet platform application is expected to jump from "
        "14.7 percent in 2020 to 45 percent in 2025",
        1.0,
    ),
]
# Targets whose 2020 value is not in the China Daily sentence.
TARGET_ONLY = [
    (
        "online_retail_sales_nbs",
        "亿元",
        170000.0,
        "Online retail sales and the size of e-commerce is expected to be 17 trillion yuan and "
        "46 trillion yuan in 2025",
        1e4,  # trillion yuan -> 亿元, the catalogue's unit for NBS 网上零售额
    ),
    (
        "ecommerce_transactions",
        "万亿元",
        46.0,
        "Online retail sales and the size of e-commerce is expected to be 17 trillion yuan and "
        "46 trillion yuan in 2025",
        1.0,
    ),
]
ONLINE_RETAIL_2020_QUOTE = (
    "China is targeting domestic online retail sales to rise from 11.76 trillion yuan in 2020 "
    "to 17 trillion yuan in 2025."
)

# 2025 verdicts, hand-computed: (indicator, actual 2025, target, op, expected verdict)
VERDICTS_2025 = [
    ("gigabit_broadband_users", 23800.0, 6000.0, ">=", True),  # 2.38亿户 = 23800万户 ≥ 6000
    ("online_retail_sales_nbs", 159722.0, 170000.0, ">=", False),  # 159722 < 17万亿 = 170000亿
]
NO_2025_ACTUAL = {
    "digital_core_va_share_gdp",
    "ipv6_active_users",
    "software_it_revenue",
    "industrial_internet_platform_penetration",
    "ecommerce_transactions",
}


def _rows(name: str) -> list[dict[str, str]]:
    with open(PACK / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict[str, str]]:
    return {r["indicator_id"]: r for r in _rows("indicators.csv")}


@pytest.fixture(scope="module")
def targets() -> dict[str, dict[str, str]]:
    return {r["indicator_id"]: r for r in _rows("targets.csv")}


@pytest.fixture(scope="module")
def observations() -> list[dict[str, str]]:
    return _rows("observations/plan_table.csv") + _rows("observations/actuals.csv")


def test_plan_identity() -> None:
    plan = tomllib.loads((PACK / "plan.toml").read_text(encoding="utf-8"))
    assert plan["id"] == PACK.name
    assert plan["region"] == "China"
    assert (plan["base_year"], plan["milestones"], plan["final_year"]) == (2020, [2025], 2025)
    assert plan["document"]["number"] == "国发〔2021〕29号"
    assert plan["document"]["date"] == "2021-12-12"
    assert plan["document"]["url"].startswith("https://www.gov.cn/zhengce/content/2022-01/12/")


@pytest.mark.parametrize(("ind", "unit", "base", "target", "quote", "factor"), PLAN_TEXT)
def test_base_and_target_match_the_cited_text(
    indicators, targets, ind, unit, base, target, quote, factor
) -> None:
    assert ind in indicators, ind
    row, tgt = indicators[ind], targets[ind]
    assert row["unit"] == unit
    assert float(row["base_value"]) == pytest.approx(base)
    assert (tgt["year"], tgt["op"]) == ("2025", ">=")
    assert float(tgt["value"]) == pytest.approx(target)
    quoted = [x * factor for x in _numbers(quote)]
    assert any(q == pytest.approx(base) for q in quoted), (ind, quoted)
    assert any(q == pytest.approx(target) for q in quoted), (ind, quoted)


@pytest.mark.parametrize(("ind", "unit", "target", "quote", "factor"), TARGET_ONLY)
def test_targets_without_base_in_the_summary(targets, indicators, ind, unit, target, quote, factor):
    assert indicators[ind]["unit"] == unit
    assert float(targets[ind]["value"]) == pytest.approx(target)
    assert any(n * factor == pytest.approx(target) for n in _numbers(quote))


def test_online_retail_base_and_ecommerce_base(indicators) -> None:
    row = indicators["online_retail_sales_nbs"]
    assert (row["unit"], float(row["base_value"]), row["base_text"]) == (
        "亿元",
        117600.0,
        "11.76万亿元",
    )
    assert 11.76 in _numbers(ONLINE_RETAIL_2020_QUOTE)
    assert indicators["ecommerce_transactions"]["base_value"] == ""  # not read anywhere


def test_every_indicator_has_one_2025_target_and_a_valid_kind(indicators, targets) -> None:
    assert set(indicators) == set(targets)
    assert len(indicators) == 7
    for ind, row in indicators.items():
        assert row["kind"] in {"level", "share", "ratio", "rate"}, ind
        assert row["nature"] in {"expected", "binding"}, ind
        assert row["group"] in {g["group_id"] for g in _rows("groups.csv")}


def test_every_observation_has_url_quote_and_grade(observations, indicators) -> None:
    assert len(observations) >= 30
    for i, r in enumerate(observations):
        where = f"row {i}: {r['indicator']} {r['year']}"
        assert r["region"] == "China", where
        assert r["indicator"] in indicators, where
        assert r["unit"] == indicators[r["indicator"]]["unit"], where
        assert r["source_url"].startswith("http"), where
        assert r["quote"].strip() and r["source"].strip() and r["publisher"].strip(), where
        assert r["grade"] in GRADES, where
        assert 2015 <= int(r["year"]) <= 2025, where
        assert r["priority"].isdigit(), where


def test_no_row_claims_primary_without_the_publishers_own_site(observations) -> None:
    own = ("gov.cn/", "stats.gov.cn", "miit.gov.cn", "cac.gov.cn", "mofcom.gov.cn", "cnnic")
    for r in observations:
        if r["grade"] == "primary":
            assert any(s in r["source_url"] for s in own), r


def test_quote_holds_the_value(observations) -> None:
    """The quote holds the value itself or, where the note says the unit was converted, the value
    in the quote's unit: 万亿元 = 亿元 / 10000, 亿户 = 万户 / 10000, million = 万 / 100."""
    for r in observations:
        value, nums = float(r["value"]), _numbers(r["quote"])
        if any(n == pytest.approx(value) for n in nums):
            continue
        note = r["note"]
        assert "convert" in note or "=" in note, r
        scaled = {value * 1e4, value / 1e4, value / 100, value * 100}
        assert any(n == pytest.approx(s) for n in nums for s in scaled), r


def test_no_duplicate_indicator_year_source(observations) -> None:
    keys = [(r["indicator"], r["year"], r["source"]) for r in observations]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("ind", "actual", "target", "op", "expected"), VERDICTS_2025)
def test_2025_verdicts_on_actuals(observations, targets, ind, actual, target, op, expected):
    rows = [r for r in observations if r["indicator"] == ind and r["year"] == "2025"]
    assert [float(r["value"]) for r in rows] == [pytest.approx(actual)]
    assert (targets[ind]["op"], float(targets[ind]["value"])) == (op, target)
    assert meets(actual, op, target) is expected
    status = judge(
        op=op, target=target, target_year=2025, actual=actual, probability=0.5, as_of_year=2026
    )
    assert status is (Status.MET if expected else Status.MISSED)


def test_indicators_without_a_2025_actual(observations, targets) -> None:
    have = {r["indicator"] for r in observations if r["year"] == "2025"}
    assert NO_2025_ACTUAL.isdisjoint(have)
    assert have == {v[0] for v in VERDICTS_2025}
    # without a 2025 actual, a year that is over is reported as not entered, never guessed
    for ind in NO_2025_ACTUAL:
        t = targets[ind]
        status = judge(
            op=t["op"],
            target=float(t["value"]),
            target_year=2025,
            actual=None,
            probability=0.9,
            as_of_year=2026,
        )
        assert status is Status.NOT_ENTERED, ind


def test_pack_passes_the_plan_check_and_reads_as_a_plan() -> None:
    from workbench.plans import check_pack, read_pack

    assert [str(p) for p in check_pack(PACK)] == []
    plan = read_pack(PACK)
    assert plan.id == "china-digital-economy" and len(plan.indicators) == 7
