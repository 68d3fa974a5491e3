"""From records grouped by (code, region, year) to the classification result.

Both engines reduce the records to one row per distinct (raw code, region, year) with the
sum of each value column (the only step that reads every record); everything after that is
this module, so the engines agree by construction up to floating-point summation order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbench.classify.codes import OK, normalise_codes
from workbench.classify.coefficients import Coefficients, code_weights, load_coefficients
from workbench.classify.table import ClassificationTable, default_table

LEVELS = ("major", "mid", "sub")
UNMATCHED = "UNMATCHED"
NON_DIGITAL_NAME = "非数字经济 (outside the digital economy)"
UNMATCHED_NAME = "未匹配 (not a GB/T 4754-2017 code)"
RAW = "_raw_code"
COUNT = "_n"


class ClassifyInputError(ValueError):
    """Bad input records: the message names the row and column (the CLI adds the file)."""


@dataclass
class ClassificationResult:
    """Result of :func:`workbench.classify.aggregate`.

    ``table``: tidy long DataFrame ``[region], [year], level, major_code, major_name,
    mid_code, mid_name, sub_code, sub_name, value_column, value`` (value in the input's
    unit). ``major_code`` is NA for value outside the digital economy and ``UNMATCHED`` for
    codes that are not GB/T 4754-2017 codes; for each value column all rows sum to the
    input total. ``unmatched``: one row per unmatched raw code with ``status``, ``reason``,
    ``count`` (records) and per value column its sum and ``<col>_share_pct``.
    ``table_verified``: False when the result rests on the shipped UNVERIFIED table.
    ``totals``: input total per value column. ``notes``: caveats in words.
    """

    table: pd.DataFrame
    unmatched: pd.DataFrame
    table_verified: bool
    provenance: str
    totals: dict[str, float]
    level: str
    notes: list[str] = field(default_factory=list)


def _key_columns(level: str) -> list[str]:
    return {
        "major": ["major_code"],
        "mid": ["major_code", "mid_code"],
        "sub": ["major_code", "mid_code", "sub_code"],
    }[level]


def _tidy_year(s: pd.Series) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    if num.notna().sum() == s.notna().sum() and (num.dropna() % 1 == 0).all():
        return num.astype("Int64")
    return s.astype("string")


_WEIGHTS_CACHE: dict[tuple, pd.DataFrame] = {}


def weights_for(table: ClassificationTable, coef: Coefficients) -> pd.DataFrame:
    """Cached :func:`code_weights` for a table's rows and a coefficient set (keyed by
    content, at most 16 entries)."""
    key = (
        int(pd.util.hash_pandas_object(table.rows.astype(str), index=False).sum()),
        tuple(sorted(coef.partial.items())),
        tuple(sorted(coef.digitalisation.items())),
    )
    if key not in _WEIGHTS_CACHE:
        if len(_WEIGHTS_CACHE) >= 16:
            _WEIGHTS_CACHE.clear()
        _WEIGHTS_CACHE[key] = code_weights(table, coef)
    return _WEIGHTS_CACHE[key]


def finish(
    grouped: pd.DataFrame,
    value_columns: list[str],
    *,
    level: str,
    year_column: str | None,
    region_column: str | None,
    table: ClassificationTable | None,
    coefficients: Coefficients | None = None,
    notes: list[str] | None = None,
) -> ClassificationResult:
    """Build the result from ``grouped``: columns ``_raw_code`` (text), optional region and
    year columns, ``_n`` (record count), each value column (sum) and ``<col>__missing``
    (count of empty values)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    table = table or default_table()
    coef = coefficients or load_coefficients()
    notes = list(notes or [])
    dims = [c for c in (region_column, year_column) if c]
    g = grouped.copy()
    g[RAW] = g[RAW].astype(object).where(g[RAW].notna(), "").astype(str).astype(object)
    if region_column:
        g[region_column] = g[region_column].astype("string")
    if year_column:
        g[year_column] = _tidy_year(g[year_column])
    norm = normalise_codes(g[RAW])
    g["_code"] = norm["code"]
    g["_status"] = norm["status"]
    g["_reason"] = norm["reason"]
    keys = _key_columns(level)

    w = weights_for(table, coef)
    w = w.groupby(["code", *keys], dropna=False, sort=False)["weight"].sum().reset_index()
    ok = g[g["_status"] == OK].merge(w, left_on="_code", right_on="code", how="left")
    bad = g[g["_status"] != OK].copy()
    for k in keys:
        bad[k] = pd.Series(pd.NA, index=bad.index, dtype="string")
    bad["major_code"] = UNMATCHED
    bad["weight"] = 1.0
    both = pd.concat([ok, bad], ignore_index=True)
    for c in value_columns:
        both[c] = both[c] * both["weight"]
    agg = both.groupby([*dims, *keys], dropna=False, sort=True)[value_columns].sum().reset_index()
    long = agg.melt(
        id_vars=[*dims, *keys],
        value_vars=value_columns,
        var_name="value_column",
        value_name="value",
    )
    long["level"] = level
    names = table.names(level)
    long = long.merge(names, on=keys, how="left")
    long.loc[long["major_code"].isna(), "major_name"] = NON_DIGITAL_NAME
    long.loc[long["major_code"] == UNMATCHED, "major_name"] = UNMATCHED_NAME
    for c in ("major_code", "major_name", "mid_code", "mid_name", "sub_code", "sub_name"):
        if c not in long:
            long[c] = pd.NA
        long[c] = long[c].astype("string")
    order = [
        *dims,
        "level",
        "major_code",
        "major_name",
        "mid_code",
        "mid_name",
        "sub_code",
        "sub_name",
        "value_column",
        "value",
    ]
    long = long[order]
    long["_sort"] = long["major_code"].map(
        lambda v: "98" if pd.isna(v) else ("99" if v == UNMATCHED else v)
    )
    long = (
        long.sort_values(
            [*dims, "value_column", "_sort", "mid_code", "sub_code"], na_position="last"
        )
        .drop(columns="_sort")
        .reset_index(drop=True)
    )

    totals = {c: float(g[c].sum()) for c in value_columns}
    rep = bad.groupby(["_raw_code", "_status", "_reason"], sort=True)[[COUNT, *value_columns]].sum()
    rep = rep.reset_index().rename(
        columns={"_raw_code": "raw_code", "_status": "status", "_reason": "reason", COUNT: "count"}
    )
    for c in value_columns:
        rep[f"{c}_share_pct"] = rep[c] / totals[c] * 100 if totals[c] else float("nan")
    rep = rep.sort_values("count", ascending=False).reset_index(drop=True)

    if not table.verified:
        notes.insert(0, "UNVERIFIED: " + table.provenance)
    if coef.placeholder:
        notes.append(
            "partial (*) and 05 digitalisation coefficients include PLACEHOLDER values "
            "(data/reference/partial_coefficients.csv, digitalisation_coefficients.csv); replace them"
        )
    n_records = int(g[COUNT].sum())
    if len(rep):
        n_bad = int(rep["count"].sum())
        notes.append(
            f"{n_bad} of {n_records} records have codes that are not GB/T 4754-2017 codes "
            f"({len(rep)} distinct); their value is reported as {UNMATCHED}"
        )
    coarse = g[(g["_status"] == OK) & (g["_code"].str.len() < 4)]
    if len(coarse):
        notes.append(
            f"{int(coarse[COUNT].sum())} records are coded at 大类/中类 level; their value "
            "is spread uniformly over the 小类 of that code"
        )
    three = g[(g["_status"] == OK) & (g["_code"].str.len() == 3)]
    if len(three):
        notes.append(
            f"{int(three[COUNT].sum())} records have 3-digit codes, read as 中类; if they are "
            "小类 codes that lost a leading zero (0111 stored as 111), store codes as text"
        )
    for c in value_columns:
        miss = f"{c}__missing"
        if miss in g and int(g[miss].sum()):
            notes.append(f"{int(g[miss].sum())} records have no value in {c} (counted as 0)")
    return ClassificationResult(
        table=long,
        unmatched=rep,
        table_verified=table.verified,
        provenance=table.provenance,
        totals=totals,
        level=level,
        notes=notes,
    )
