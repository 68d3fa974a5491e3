"""Curate the published figures into the store's input files (``data/sources/observations_*.csv``).

Run ``python -m workbench.ingest.curate`` after editing the raw files. It reads

``data/sources/published_observations.csv`` (copied from the shared data, one row per
number read in a public source, with its ``publisher``, source ``grade`` and ``priority``
within the grade) and writes a long-layout CSV that :func:`workbench.ingest.read_observations` accepts, plus
``data/sources/manifest.csv`` (the order and vintage time in which the store replays them).
No number is created here: every value is copied, only the indicator id is mapped so that
different definitions stay different series (see ``docs/data_path.md``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from workbench.paths import SOURCES_DIR

CURATED_ON = "2026-11-29T00:00:00+00:00"
"""Vintage time of the curated files (when they entered the workbench)."""

OUT_COLUMNS = [
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "publisher",
    "source_url",
    "quote",
    "published_on",
    "grade",
    "priority",
    "note",
]

RENAME = {
    "digital_economy_scale": "digital_economy_scale_caict",
    "electronic_info_revenue": "electronic_info_industry_revenue",
    "electronic_info_industry_revenue_total": "electronic_info_industry_revenue",
}
"""Published ids renamed so that one id is one definition."""

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
                "publisher": r["publisher"],
                "source_url": r["source_url"],
                "quote": r["source_quote"],
                "published_on": published_date(r["published"]),
                "grade": r["grade"],
                "priority": r["priority"] or "50",
                "note": f"published_observations.csv id {r['indicator']} ({r['basis']})",
            }
        )
    return out


MANIFEST = [
    (
        "observations_published.csv",
        "published figures (published_observations.csv; per-row source and URL)",
    ),
]


def main(directory: Path = SOURCES_DIR) -> None:
    """Write the curated files and the manifest into ``directory``."""
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
