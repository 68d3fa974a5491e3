"""The series catalogue, regions and units the data path accepts.

Three CSV tables under ``data/reference/`` (see ``docs/data_path.md``):

* ``series_catalog.csv`` – one row per series: ``indicator_id``, ``name_zh``, ``name_en``,
  canonical ``unit``, ``kind`` (``level`` ≥ 0; ``share`` 0–100 %; ``ratio`` ≥ 0, may exceed
  100; ``rate`` a growth rate, may be negative), ``definition``, ``source_family``,
  ``plan_indicator`` (the plan's 18) and ``aliases`` (``|``-separated names also accepted).
* ``regions.csv`` – ``region_id``, ``name_zh``, ``name_en``, ``level``, ``parent``, ``aliases``.
* ``units.csv`` – ``unit``, ``family``, ``factor`` (to the family's base), ``aliases``.

Lookups are by a normalised key (NFKC, case-folded, whitespace removed), so an alias, the
Chinese name, the English name in any case, with or without spaces, all resolve to the
region's id.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from workbench.paths import REFERENCE_DIR

KINDS = ("level", "share", "ratio", "rate")


class CatalogError(ValueError):
    """A catalogue table is missing, malformed or inconsistent with the plan."""


def norm_key(text: object) -> str:
    """Normalised lookup key: NFKC, case-folded, without whitespace."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(s.split())


def _read(name: str, directory: Path | None = None) -> pd.DataFrame:
    path = (directory or REFERENCE_DIR) / name
    if not path.exists():
        raise CatalogError(f"reference table missing: {path}")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _index(df: pd.DataFrame, id_col: str, name_cols: tuple[str, ...], table: str) -> dict[str, str]:
    """Map every normalised id, name and alias to its id; refuse ambiguous names."""
    out: dict[str, str] = {}
    for _, r in df.iterrows():
        names = [r[id_col], *(r[c] for c in name_cols)]
        names += [a for a in r["aliases"].split("|")]
        for name in names:
            key = norm_key(name)
            if not key:
                continue
            if out.get(key, r[id_col]) != r[id_col]:
                raise CatalogError(
                    f"{table}: name {name!r} is used by {out[key]!r} and {r[id_col]!r}"
                )
            out[key] = r[id_col]
    return out


@lru_cache(maxsize=1)
def units() -> pd.DataFrame:
    """Units table: ``unit``, ``family``, ``factor`` (float, to the family base), ``aliases``, ``note``."""
    df = _read("units.csv")
    try:
        df["factor"] = df["factor"].astype(float)
    except ValueError as exc:
        raise CatalogError(f"units.csv: column factor: {exc}") from exc
    if df["unit"].duplicated().any():
        raise CatalogError("units.csv: duplicate unit")
    return df


@lru_cache(maxsize=1)
def _unit_index() -> dict[str, str]:
    return _index(units(), "unit", (), "units.csv")


def resolve_unit(text: object) -> str | None:
    """Canonical spelling of a unit (``億元`` → ``亿元``), or ``None`` when unknown."""
    return _unit_index().get(norm_key(text))


@lru_cache(maxsize=1)
def _unit_rows() -> dict[str, dict]:
    return {r["unit"]: r for r in units().to_dict("records")}


def unit_row(unit: str) -> dict:
    """The units.csv row of a canonical unit as a dict (``KeyError`` when unknown)."""
    return dict(_unit_rows()[unit])


@lru_cache(maxsize=1)
def series_catalog() -> pd.DataFrame:
    """The series catalogue, validated against units.csv and the plan's indicators."""
    df = _read("series_catalog.csv")
    if df["indicator_id"].duplicated().any():
        dup = df.loc[df["indicator_id"].duplicated(), "indicator_id"].tolist()
        raise CatalogError(f"series_catalog.csv: duplicate indicator_id {dup}")
    known_units = set(units()["unit"])
    for i, r in df.iterrows():
        where = f"series_catalog.csv row {i + 2}"
        if r["unit"] not in known_units:
            raise CatalogError(f"{where}, column unit: {r['unit']!r} is not in units.csv")
        if r["kind"] not in KINDS:
            raise CatalogError(f"{where}, column kind: {r['kind']!r} not one of {KINDS}")
        if r["plan_indicator"] not in ("true", "false"):
            raise CatalogError(f"{where}, column plan_indicator: must be true/false")
    df["plan_indicator"] = df["plan_indicator"] == "true"
    return _with_pack_indicators(df, known_units)


def _with_pack_indicators(df: pd.DataFrame, known_units: set[str]) -> pd.DataFrame:
    """Add every plan pack's indicators not already catalogued; a pack may not change a unit."""
    from workbench import plans

    rows = []
    have = dict(zip(df["indicator_id"], df["unit"], strict=True))
    for plan in plans.plans():
        for x in plan.indicators:
            if x.id in have:
                if have[x.id] != x.unit:
                    raise CatalogError(
                        f"plan {plan.id}: indicator {x.id!r} has unit {x.unit!r}, the catalogue "
                        f"(series_catalog.csv or another plan) says {have[x.id]!r}"
                    )
                df.loc[df["indicator_id"] == x.id, "plan_indicator"] = True
                continue
            have[x.id] = x.unit
            rows.append(
                {
                    "indicator_id": x.id, "name_zh": x.name_zh, "name_en": x.name_en,
                    "unit": x.unit, "kind": x.kind, "definition": x.formula_zh,
                    "source_family": plan.id, "plan_indicator": True, "aliases": "|".join(x.aliases),
                }
            )  # fmt: skip
    return (
        pd.concat([df, pd.DataFrame(rows, columns=df.columns)], ignore_index=True) if rows else df
    )


@lru_cache(maxsize=1)
def _series_index() -> dict[str, str]:
    return _index(series_catalog(), "indicator_id", ("name_zh", "name_en"), "series_catalog.csv")


def resolve_indicator(text: object) -> str | None:
    """Indicator id for an id, Chinese or English name or alias, or ``None``."""
    return _series_index().get(norm_key(text))


@lru_cache(maxsize=1)
def _series_rows() -> dict[str, dict]:
    return {r["indicator_id"]: r for r in series_catalog().to_dict("records")}


def series(indicator_id: str) -> dict:
    """The catalogue row of one indicator as a dict (``KeyError`` when unknown)."""
    try:
        return dict(_series_rows()[indicator_id])
    except KeyError:
        raise KeyError(f"unknown indicator {indicator_id!r}") from None


@lru_cache(maxsize=1)
def regions() -> pd.DataFrame:
    """Regions of ``data/reference/regions.csv`` and of every plan pack: ``region_id``,
    ``name_zh``, ``name_en``, ``level``, ``parent``, ``within``, ``aliases``."""
    from workbench import plans

    df = _read("regions.csv")
    if "within" not in df.columns:
        df["within"] = ""
    packs = [p.regions for p in plans.plans()]
    df = pd.concat([df, *packs], ignore_index=True).drop_duplicates(ignore_index=True)
    if df["region_id"].duplicated().any():
        dup = sorted(set(df.loc[df["region_id"].duplicated(), "region_id"]))
        raise CatalogError(
            f"regions: {dup} defined differently in two places (regions.csv, plan packs)"
        )
    bad = set(df["parent"]) - set(df["region_id"]) - {""}
    if bad:
        raise CatalogError(f"regions.csv: unknown parent {sorted(bad)}")
    return df


@lru_cache(maxsize=1)
def _region_index() -> dict[str, str]:
    return _index(regions(), "region_id", ("name_zh", "name_en"), "regions.csv")


def resolve_region(text: object) -> str | None:
    """Region id for a Chinese or English name or alias (``安徽`` → ``Anhui``), or ``None``."""
    return _region_index().get(norm_key(text))


def indicator_name(indicator_id: str, lang: str = "zh") -> str:
    """Display name of a catalogued series in ``lang`` (zh/en); the id itself when unknown."""
    try:
        row = series(indicator_id)
    except KeyError:
        return indicator_id
    return row["name_en" if lang == "en" else "name_zh"] or indicator_id


def region_name(region_id: str, lang: str = "zh") -> str:
    """Display name of a region in ``lang`` (zh/en); the id itself when unknown."""
    r = regions()
    hit = r[r["region_id"] == region_id]
    if hit.empty:
        return region_id
    return hit["name_en" if lang == "en" else "name_zh"].iloc[0] or region_id
