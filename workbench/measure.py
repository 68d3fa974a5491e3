"""Digital-economy scale and share of GDP from classified value added.

Method (NBS 《数字经济及其核心产业统计分类(2021)》): the digital economy is 数字产业化
(core industries, 大类 01–04) plus 产业数字化 (05 数字化效率提升业). Scale is the value
added classified into those categories; its share of GDP is scale / GDP × 100. The core
share (核心产业增加值占GDP比重) is the NBS headline (9.9% for China in 2023).

Inputs are the tidy output of :func:`workbench.classify.aggregate` (a value-added column)
and GDP in the same unit (the caller converts 万元 → 亿元 if needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from workbench.reference import MAJOR_NAMES_EN, nbs_majors

if TYPE_CHECKING:
    from workbench.classify import ClassificationResult

CORE = ("01", "02", "03", "04")
DIGITALISATION = "05"


def _classified_frame(
    classified: ClassificationResult | pd.DataFrame, value_column: str | None
) -> tuple[pd.DataFrame, dict]:
    attrs = {}
    if hasattr(classified, "table"):
        attrs = {"table_verified": classified.table_verified, "provenance": classified.provenance}
        classified = classified.table
    df = classified.copy()
    if "value_column" in df:
        cols = df["value_column"].unique().tolist()
        if value_column is None:
            if len(cols) != 1:
                raise ValueError(
                    f"classified data has several value columns ({', '.join(map(str, cols))}); "
                    "pass value_column= (the value-added column)"
                )
            value_column = cols[0]
        elif value_column not in cols:
            raise ValueError(f"value column {value_column!r} not in classified data ({cols})")
        df = df[df["value_column"] == value_column]
    for c in ("major_code", "value"):
        if c not in df:
            raise ValueError(f"classified data has no {c!r} column")
    return df, attrs


def digital_economy_scale(
    classified: ClassificationResult | pd.DataFrame,
    gdp: pd.DataFrame | float,
    *,
    value_column: str | None = None,
    dims: list[str] | None = None,
) -> pd.DataFrame:
    """Digital-economy scale and share of GDP by region/year.

    Parameters
    ----------
    classified : ClassificationResult or its ``.table`` (long; ``major_code``, ``value``,
        optional ``value_column``, region and year columns). Value added, any unit.
    gdp : a number (one region/year) or a DataFrame with the same region/year columns and
        a ``gdp`` column, in the same unit as the values.
    value_column : which value column is value added (needed when there are several).
    dims : grouping columns (default: those of region/year columns common to both inputs,
        i.e. every column of ``classified`` other than the category and value columns).

    Returns one row per group: ``core`` (01–04), ``digitalisation`` (05), ``total``,
    ``gdp``, ``share_of_gdp_pct`` (total / GDP × 100), ``core_share_pct`` (core / GDP × 100),
    ``unmatched`` (value whose codes could not be classified) and, when known,
    ``table_verified``.
    """
    df, attrs = _classified_frame(classified, value_column)
    known = {
        "level",
        "major_code",
        "major_name",
        "mid_code",
        "mid_name",
        "sub_code",
        "sub_name",
        "value_column",
        "value",
    }
    if dims is None:
        dims = [c for c in df.columns if c not in known]
    code = df["major_code"].astype("string")
    df = df.assign(
        core=df["value"].where(code.isin(CORE), 0.0),
        digitalisation=df["value"].where(code == DIGITALISATION, 0.0),
        unmatched=df["value"].where(code == "UNMATCHED", 0.0),
    )
    parts = ["core", "digitalisation", "unmatched"]
    if dims:
        out = df.groupby(dims, dropna=False)[parts].sum().reset_index()
    else:
        out = pd.DataFrame([df[parts].sum()])
    out["total"] = out["core"] + out["digitalisation"]
    if isinstance(gdp, pd.DataFrame):
        if "gdp" not in gdp:
            raise ValueError("gdp DataFrame needs a 'gdp' column")
        on = [d for d in dims if d in gdp.columns]
        if on != dims:
            raise ValueError(
                f"gdp DataFrame must have the columns {dims}; it has {list(gdp.columns)}"
            )
        g = gdp[[*on, "gdp"]].copy()
        for d in on:
            if pd.api.types.is_integer_dtype(out[d]) or pd.api.types.is_integer_dtype(g[d]):
                g[d] = g[d].astype("Int64")
                out[d] = out[d].astype("Int64")
        out = out.merge(g, on=on, how="left")
    else:
        out["gdp"] = float(gdp)
    bad = out["gdp"].isna() | (out["gdp"] <= 0)
    out["share_of_gdp_pct"] = (out["total"] / out["gdp"] * 100).where(~bad)
    out["core_share_pct"] = (out["core"] / out["gdp"] * 100).where(~bad)
    cols = [
        *dims,
        "core",
        "digitalisation",
        "total",
        "gdp",
        "share_of_gdp_pct",
        "core_share_pct",
        "unmatched",
    ]
    out = out[cols]
    if "table_verified" in attrs:
        out["table_verified"] = attrs["table_verified"]
        out.attrs.update(attrs)
    return out


def core_structure(va_by_major: pd.DataFrame | pd.Series | Mapping[str, float]) -> pd.DataFrame:
    """Shares of the four core categories (01–04) in core value added, in %.

    ``va_by_major``: a mapping/Series major_code → value, or a DataFrame with
    ``major_code`` and ``value`` columns (other categories are ignored). Returns
    ``major_code, major_name, major_name_en, value, share_pct`` for 01–04 in code order.
    """
    if isinstance(va_by_major, pd.DataFrame):
        s = va_by_major.groupby(va_by_major["major_code"].astype("string"))["value"].sum()
    else:
        s = pd.Series(dict(va_by_major), dtype="float64")
    s.index = [str(i).zfill(2) for i in s.index]
    values = [float(s.get(c, 0.0)) for c in CORE]
    total = sum(values)
    if total <= 0:
        raise ValueError("core value added (01–04) must be positive")
    names = dict(zip(nbs_majors()["major_code"], nbs_majors()["major_name"], strict=True))
    return pd.DataFrame(
        {
            "major_code": list(CORE),
            "major_name": [names[c] for c in CORE],
            "major_name_en": [MAJOR_NAMES_EN[c] for c in CORE],
            "value": values,
            "share_pct": [v / total * 100 for v in values],
        }
    )
