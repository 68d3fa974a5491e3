"""Display tables of the key-enterprise page in Chinese or English (headers, region and
category names from the catalogue and :mod:`workbench.i18n`), and its downloads."""

from __future__ import annotations

import pandas as pd

from workbench import export
from workbench.catalog import region_name
from workbench.i18n import t
from workbench.reference import MAJOR_NAMES_EN, nbs_majors


def category_label(code: str, lang: str) -> str:
    """Name of a main category (01–05, NA, UNMATCHED, core) in ``lang``."""
    if code in ("NA", "UNMATCHED"):
        return t(f"ent_cat_{code}", lang)
    if code == "core":
        return t("ent_core", lang)
    if lang == "en":
        return f"{code} {MAJOR_NAMES_EN[code]}"
    names = dict(zip(nbs_majors()["major_code"], nbs_majors()["major_name"], strict=True))
    return f"{code} {names[code]}"


def _yes_no(v: object, lang: str) -> str:
    return "" if pd.isna(v) else t("ent_yes" if bool(v) else "ent_no", lang)


def _headers(df: pd.DataFrame, keys: dict[str, str], lang: str) -> pd.DataFrame:
    if lang == "en" and "name" in df:  # the SYNTHETIC register's names have an English form
        df = df.assign(
            name=df["name"].str.replace(
                r"^合成企业(\d+)号$", r"Synthetic enterprise \1", regex=True
            )
        )
    return df[list(keys)].rename(columns={c: t(k, lang) for c, k in keys.items()})


def top_table(top: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking as shown: rank, name, region, code, category, revenue, value added,
    digital value added (万元), growth (%), above-scale."""
    df = top.assign(
        region=[region_name(r, lang) for r in top["region"]],
        category=[category_label(c, lang) for c in top["category"]],
        above_scale=[_yes_no(v, lang) for v in top["above_scale"]],
    )
    keys = {
        "rank": "ent_c_rank",
        "name": "ent_c_name",
        "region": "ent_c_region",
        "industry_code": "ent_c_code",
        "category": "ent_c_category",
        "revenue_wan": "ent_c_revenue",
        "va_wan": "ent_c_va",
        "digital_va_wan": "ent_c_digital",
        "growth_pct": "ent_c_growth",
        "above_scale": "ent_c_above",
    }
    return _headers(df, keys, lang)


def flow_table(flows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Entrants and exits by year as shown."""
    keys = {
        "year": "ent_c_year",
        "enterprises": "ent_c_enterprises",
        "above_scale": "ent_c_above",
        "entrants": "ent_c_entrants",
        "exits": "ent_c_exits",
    }
    return _headers(flows, keys, lang)


def cross_table(cross: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Enterprises crossing the above-scale line as shown."""
    df = cross.assign(
        region=[region_name(r, lang) for r in cross["region"]],
        direction=[t("ent_up" if d == "up" else "ent_down", lang) for d in cross["direction"]],
    )
    keys = {
        "name": "ent_c_name",
        "region": "ent_c_region",
        "industry_code": "ent_c_code",
        "direction": "ent_c_direction",
        "revenue_wan_prev": "ent_c_revenue_prev",
        "revenue_wan": "ent_c_revenue",
    }
    return _headers(df, keys, lang)


def chain_table(chain: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The semiconductor chain by year as shown."""
    keys = {
        "year": "ent_c_year",
        "enterprises": "ent_c_enterprises",
        "above_scale": "ent_c_above",
        "revenue_yi": "ent_c_revenue_yi",
    }
    return _headers(chain, keys, lang)


def labelled(df: pd.DataFrame, synthetic: bool, lang: str) -> pd.DataFrame:
    """A download frame with a SYNTHETIC column first when synthetic (cells are made
    formula-safe by :mod:`workbench.export` when written)."""
    out = df.copy()
    if synthetic:
        out.insert(0, t("ent_c_synthetic", lang), "SYNTHETIC")
    return out


def csv_bytes(df: pd.DataFrame, synthetic: bool, lang: str) -> bytes:
    """UTF-8 CSV (with BOM, for Excel) of a shown table."""
    return export.csv_bytes(labelled(df, synthetic, lang))


def excel_bytes(sheets: dict[str, pd.DataFrame], synthetic: bool, lang: str) -> bytes:
    """An .xlsx workbook of shown tables, one sheet each (formula-safe, SYNTHETIC-labelled)."""
    return export.xlsx_bytes(
        {(("SYNTHETIC " if synthetic else "") + name)[:31]: labelled(df, synthetic, lang)
         for name, df in sheets.items()}
    )  # fmt: skip


def county_table(view: pd.DataFrame, year: int, lang: str, order: list[str]) -> pd.DataFrame:
    """The measured digital economy of ``year`` per region (plan order) as shown."""
    v = (
        view[view["year"] == year]
        .set_index("region")
        .reindex([r for r in order if r in set(view["region"])])
    )
    v = v.reset_index().assign(region=lambda d: [region_name(r, lang) for r in d["region"]])
    keys = {
        "region": "ent_c_region",
        "core_yi": "ent_c_core_yi",
        "total_yi": "ent_c_total_yi",
        "core_share": "ent_c_core_share",
        "total_share": "ent_c_total_share",
    }
    return _headers(v, keys, lang)
