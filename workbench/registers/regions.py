"""The plan's regions and their hierarchy, for rolling register values up.

Read from the plan pack (``data/plans/<plan>/regions.csv``: ``region_id, name_zh, name_en,
level, parent, within, aliases``, see docs/plans.md) when it exists, else from
``data/reference/regions.csv`` (no ``within`` column). A record counts in its own region
and in every administrative ancestor (``parent``) inside the pack; ``within`` (the district
a zone lies in) is shown, never added, so no record is counted twice in any total.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from workbench import catalog
from workbench.ingest.messages import Msg
from workbench.paths import DATA_DIR

DEFAULT_PLAN = "chizhou-digital"


def pack_regions_path(plan: str = DEFAULT_PLAN) -> Path:
    """Where a plan pack keeps its regions."""
    return DATA_DIR / "plans" / plan / "regions.csv"


@lru_cache(maxsize=4)
def plan_regions(path: str | None = None) -> pd.DataFrame:
    """Regions with ``region_id, name_zh, name_en, level, parent, within`` (pack order)."""
    p = Path(path) if path else pack_regions_path()
    if p.exists():
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    else:
        df = catalog.regions().copy()
    if "within" not in df:
        df["within"] = ""
    ids = set(df["region_id"])
    bad = set(df["within"]) - ids - {""}
    if bad:
        raise ValueError(Msg("reg_within_unknown", file=p.name, regions=sorted(bad)))
    return df[["region_id", "name_zh", "name_en", "level", "parent", "within"]]


def ancestors(region_id: str, regions: pd.DataFrame | None = None) -> list[str]:
    """``region_id`` and its administrative parents inside ``regions``, nearest first."""
    regions = plan_regions() if regions is None else regions
    parent = dict(zip(regions["region_id"], regions["parent"], strict=True))
    out, cur = [], region_id
    while cur and cur not in out:
        out.append(cur)
        cur = parent.get(cur, "")
        if cur not in parent:
            break
    return out


def rollup(
    df: pd.DataFrame, value_columns: list[str], regions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Sum ``value_columns`` of rows (with a ``region`` column) into each region and its
    ancestors; other columns are grouping keys. Regions outside the hierarchy stay as they are."""
    regions = plan_regions() if regions is None else regions
    keys = [c for c in df.columns if c not in (*value_columns, "region")]
    chains = {r: ancestors(r, regions) for r in df["region"].dropna().unique()}
    parts = []
    for r, chain in chains.items():
        rows = df[df["region"] == r]
        for a in chain:
            parts.append(rows.assign(region=a))
    if not parts:
        return df.iloc[0:0]
    both = pd.concat(parts, ignore_index=True)
    return (
        both.groupby(["region", *keys], dropna=False, sort=False)[value_columns].sum().reset_index()
    )
