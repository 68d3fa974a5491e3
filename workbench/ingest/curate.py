"""Curate the published figures into the store's input files (``data/sources/observations_*.csv``).

Run ``python -m workbench.ingest.curate`` after editing the raw files. It reads

* ``data/sources/published_observations.csv`` (copied from the shared data, one row per
  number read in a public source),
* ``data/sources/seed_facts_2020.csv`` (the plan's 「发展现状」 text),
* ``data/reference/plan_indicators.csv`` (the plan's 2020 base values),

and writes long-layout CSVs that :func:`workbench.ingest.read_observations` accepts, plus
``data/sources/manifest.csv`` (the order and vintage time in which the store replays them).
No number is created here: every value is copied, only the indicator id is mapped so that
different definitions stay different series (see ``docs/data_path.md``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from workbench import reference
from workbench.paths import SOURCES_DIR

CURATED_ON = "2026-11-29T00:00:00+00:00"
"""Vintage time of the curated files (when they entered the workbench)."""

PLAN_DOC = "池州市“数字池州”建设规划 池数组〔2021〕1号"
PLAN_DATE = "2021-08-05"
PLAN_TABLE_SOURCE = f"{PLAN_DOC} 主要预期指标 table"
PLAN_TEXT_SOURCE = f"{PLAN_DOC} 发展现状 text"
PLAN_PROVENANCE = {"publisher": "池州市数字池州建设领导小组", "grade": "primary"}
"""The plan is its own publisher (grade primary); its table (priority 60) comes before its
running text (65) where the two differ (70 vs 70.2), and both after a bureau delivery
(primary, default priority 50), whose figures the plan quotes."""

OUT_COLUMNS = [
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "source_url",
    "quote",
    "published_on",
    "note",
    "publisher",
    "grade",
    "priority",
]

RENAME = {
    "digital_economy_scale": "digital_economy_scale_caict",
    "electronic_info_revenue": "electronic_info_industry_revenue",
    "electronic_info_industry_revenue_total": "electronic_info_industry_revenue",
}
"""Published ids renamed so that one id is one definition."""

SEED_RENAME = {
    "online_sales": "online_retail_sales",
    "online_sales_multiple_of_2016": "online_retail_sales_multiple_of_2016",
    "online_sales_avg_growth_2016_2020": "online_retail_sales_avg_growth_2016_2020",
    "ankang_code_rate_of_residents": "ankang_code_uptake_residents",
    "social_security_card_coverage_text": "social_security_card_coverage",
}
"""Seed fact ids mapped to catalogue ids (others keep their id)."""

_MOFCOM_WORDS = ("网络零售额", "網路零售額", "網絡零售額")


def published_indicator(region: str, indicator: str, basis: str, quote: str) -> str:
    """Catalogue id of a published row: 网上零售额 (NBS) vs 网络零售额 (MOFCOM), CAICT's
    broad digital economy apart from the plan's, growth rates as ``<id>_growth``."""
    if indicator == "online_retail_sales" and region != "Anhui":
        base = (
            "online_retail_sales"
            if any(w in quote for w in _MOFCOM_WORDS)
            else "online_retail_sales_nbs"
        )
    elif indicator == "digital_economy_share_gdp" and region == "China":
        base = "digital_economy_share_gdp_caict"
    else:
        base = RENAME.get(indicator, indicator)
    if basis == "growth_pct":
        return f"{base}_growth"
    if basis != "level":
        raise ValueError(f"unknown basis {basis!r}")
    return base


_YMD = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2})|/(\d{2}))?")
_YEAR_ONLY = re.compile(r"^(\d{4})(?![-\d])")


def published_date(text: str) -> str:
    """Publication date in a ``published`` note: ``2017-05 (公报)`` → ``2017-05``,
    ``2024-01/02 (…)`` → ``2024-02`` (the later month), ``2020 (citing 公报)`` → ``2020``; else ``""``."""
    m = _YMD.search(text)
    if m:
        if m.group(3):
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return f"{m.group(1)}-{m.group(4) or m.group(2)}"
    m = _YEAR_ONLY.match(text.strip())
    return m.group(1) if m else ""


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=OUT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def curate_published(src: Path) -> list[dict[str, str]]:
    """Rows of ``published_observations.csv`` in the store's input layout."""
    out = []
    for r in _read(src):
        out.append(
            {
                "region": r["region"],
                "indicator": published_indicator(
                    r["region"], r["indicator"], r["basis"], r["source_quote"]
                ),
                "year": r["year"],
                "value": r["value"],
                "unit": r["unit"],
                "source": r["published"] or r["source_url"],
                "source_url": r["source_url"],
                "quote": r["source_quote"],
                "published_on": published_date(r["published"]),
                "note": f"published_observations.csv id {r['indicator']} ({r['basis']})",
                "publisher": r.get("publisher", ""),
                "grade": r.get("grade", ""),
                "priority": r.get("priority", ""),
            }
        )
    return out


def curate_seed(src: Path) -> list[dict[str, str]]:
    """Rows of ``seed_facts_2020.csv`` (the plan's text) as Chizhou observations."""
    return [
        {
            "region": "Chizhou",
            "indicator": SEED_RENAME.get(r["fact_id"], r["fact_id"]),
            "year": r["year"],
            "value": r["value"],
            "unit": r["unit"],
            "source": PLAN_TEXT_SOURCE,
            "source_url": "",
            "quote": r["quote_zh"],
            "published_on": PLAN_DATE,
            "note": "; ".join(x for x in (f"seed fact {r['fact_id']}", r["note"]) if x),
            **PLAN_PROVENANCE,
            "priority": "65",
        }
        for r in _read(src)
    ]


def curate_plan_base() -> list[dict[str, str]]:
    """The plan table's 2020 base values for Chizhou (indicators whose base is not "-")."""
    out = []
    for ind in reference.indicators():
        if ind.base_value is None:
            continue
        note = "plan table 2020 column"
        if ind.base_text.startswith(">"):
            note += f"; the table writes {ind.base_text!r}: a lower bound"
        out.append(
            {
                "region": "Chizhou",
                "indicator": ind.id,
                "year": str(ind.base_year),
                "value": f"{ind.base_value:g}",
                "unit": ind.unit,
                "source": PLAN_TABLE_SOURCE,
                "source_url": "",
                "quote": f"{ind.name_zh}({ind.unit}) 2020年: {ind.base_text}",
                "published_on": PLAN_DATE,
                "note": note,
                **PLAN_PROVENANCE,
                "priority": "60",
            }
        )
    return out


MANIFEST = [
    ("observations_plan_table_2020.csv", PLAN_TABLE_SOURCE),
    ("observations_plan_text_2020.csv", PLAN_TEXT_SOURCE),
    (
        "observations_published.csv",
        "published figures (published_observations.csv; per-row source and URL)",
    ),
]


def main(directory: Path = SOURCES_DIR) -> None:
    """Write the curated files and the manifest into ``directory``."""
    _write(directory / "observations_plan_table_2020.csv", curate_plan_base())
    _write(
        directory / "observations_plan_text_2020.csv",
        curate_seed(directory / "seed_facts_2020.csv"),
    )
    _write(
        directory / "observations_published.csv",
        curate_published(directory / "published_observations.csv"),
    )
    with open(directory / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "source", "ingested_at"])
        for name, source in MANIFEST:
            w.writerow([name, source, CURATED_ON])


if __name__ == "__main__":
    main()
