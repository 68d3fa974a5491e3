"""The curated store inputs are exactly what the curation script makes from the raw files."""

from __future__ import annotations

import csv
import shutil

from workbench.ingest import curate, read_observations
from workbench.paths import SOURCES_DIR

CURATED = ("observations_published.csv", "manifest.csv")
PACK = SOURCES_DIR.parent / "plans" / "chizhou-digital" / "observations"


def test_curated_files_are_up_to_date(tmp_path):
    for raw in ("published_observations.csv",):
        shutil.copy(SOURCES_DIR / raw, tmp_path / raw)
    curate.main(tmp_path)
    for name in CURATED:
        assert (tmp_path / name).read_bytes() == (SOURCES_DIR / name).read_bytes(), (
            f"re-run curate: {name} is stale"
        )


def test_every_published_number_keeps_value_url_and_quote():
    with open(SOURCES_DIR / "published_observations.csv", encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    df = read_observations(SOURCES_DIR / "observations_published.csv")
    assert len(df) == len(raw)
    for r, (_, o) in zip(raw, df.iterrows(), strict=True):
        assert o["region"] == r["region"] and o["year"] == int(r["year"])
        assert o["orig_value"] == float(r["value"]) and o["source_url"] == r["source_url"]
        assert o["quote"] == r["source_quote"]


def test_definitions_are_not_spliced():
    f = curate.published_indicator
    # NBS 网上零售额 vs MOFCOM 网络零售额 for China; Anhui's figure is 网络零售额
    assert (
        f("China", "online_retail_sales", "level", "全國網上零售額117601億元")
        == "online_retail_sales_nbs"
    )
    assert (
        f("China", "online_retail_sales", "level", "2017年我國網路零售額達到7.18萬億元人民幣")
        == "online_retail_sales"
    )
    assert (
        f("Anhui", "online_retail_sales", "level", "网络零售额达到1094亿元")
        == "online_retail_sales"
    )
    assert (
        f("China", "online_retail_sales", "growth_pct", "全國網上零售額…增長10.9%")
        == "online_retail_sales_nbs_growth"
    )
    assert f("China", "digital_economy_share_gdp", "level", "") == "digital_economy_share_gdp_caict"
    assert f("Chizhou", "gdp", "growth_pct", "") == "gdp_growth"
    assert curate.published_date("2017-05 (池州市2016年统计公报)") == "2017-05"
    assert curate.published_date("2024-01/02 (工信部)") == "2024-02"
    assert curate.published_date("2020 (citing 公报)") == "2020"
    assert curate.published_date("forum repost of 2010公报") == ""


def test_plan_base_values_and_seed_facts_in_the_pack():
    table = read_observations(PACK / "plan_table_2020.csv")
    base = dict(zip(table["indicator"], table["value"], strict=True))
    assert base["online_retail_sales"] == 70.0 and base["social_security_card_coverage"] == 89.5
    assert base["electronic_info_mfg_revenue"] == 60.0 and base["base_stations_5g"] == 1000.0
    assert len(table) == 12  # six plan indicators give "-" for 2020
    text = read_observations(PACK / "plan_text_2020.csv")
    facts = dict(zip(text["indicator"], text["value"], strict=True))
    assert facts["online_retail_sales"] == 70.2 and facts["social_security_card_coverage"] == 95.0
    assert (
        facts["ankang_code_uptake_residents"] == 83.26
    )  # residents basis, apart from the plan's 95
    assert (text["quote"] != "").all() and (text["published_on"].astype(str) == "2021-08-05").all()


GRADES = {"primary", "official-repost", "secondary", "derived", "synthetic"}
PUBLISHER_SITES = ("stats.gov.cn", "miit.gov.cn", "chizhou.gov.cn", "mofcom.gov.cn", "cac.gov.cn")


def test_every_published_row_has_publisher_grade_and_priority():
    with open(SOURCES_DIR / "published_observations.csv", encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    for i, r in enumerate(raw, start=2):
        assert r["publisher"].strip(), f"row {i}: no publisher"
        assert r["grade"] in GRADES, f"row {i}: grade {r['grade']!r}"
        assert r["priority"].isdigit(), f"row {i}: priority {r['priority']!r}"
        on_own_site = any(s in r["source_url"] for s in PUBLISHER_SITES)
        # primary only on the publisher's own site; forums, baike and wikis never rank above secondary
        assert (r["grade"] == "primary") == on_own_site, f"row {i}: {r['source_url']}"
        if any(w in r["published"] for w in ("forum", "baike", "wiki", "commercial", "spam")):
            assert r["grade"] == "secondary", f"row {i}: weak page graded {r['grade']}"


def test_grades_and_publishers_reach_the_store_inputs():
    with open(SOURCES_DIR / "published_observations.csv", encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    with open(SOURCES_DIR / "observations_published.csv", encoding="utf-8") as fh:
        cur = list(csv.DictReader(fh))
    for r, c in zip(raw, cur, strict=True):
        assert (c["publisher"], c["grade"], c["priority"]) == (
            r["publisher"],
            r["grade"],
            r["priority"],
        )
