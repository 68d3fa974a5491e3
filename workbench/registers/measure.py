"""Measure the digital economy from an enterprise register: value added per region, year
and NBS category (01–05), the core (01–04), the total (01–05), and their share of GDP.

Value added is the register's where it has it, otherwise revenue × the value-added rate of
the industry (``data/reference/value_added_rates.csv``; longest code prefix wins, ``*`` is
the fallback; each rate names its basis, placeholders say so). Classification is
:func:`workbench.classify.aggregate`'s (same table, coefficients and unmatched report).

Categories of a region-year: ``01``…``05``, ``NA`` (outside the digital economy) and
``UNMATCHED`` (codes that are not GB/T 4754-2017) add up to the input total; ``core`` and
``total`` are subtotals (01–04 and 01–05).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbench import catalog
from workbench.classify import ClassificationResult, Coefficients, aggregate, load_coefficients
from workbench.classify.codes import normalise_code
from workbench.classify.concordance import AMBIGUOUS, ONE_TO_ONE, recode_series
from workbench.classify.result import COUNT, RAW, finish
from workbench.ingest.messages import Msg
from workbench.paths import REFERENCE_DIR
from workbench.registers.regions import rollup

CATEGORIES = ("01", "02", "03", "04", "05")
CORE = ("01", "02", "03", "04")
ORDER = (*CATEGORIES, "core", "total", "NA", "UNMATCHED")
RATES_FILE = REFERENCE_DIR / "value_added_rates.csv"
VA = "value_added"


@dataclass
class Measurement:
    """``table``: ``region, year, category, value, gdp, share_of_gdp`` (share in %; value and
    GDP in the input's unit). ``classification``: the classification result behind it.
    ``notes``: caveats (unverified table, placeholder coefficients or rates, imputed VA)."""

    table: pd.DataFrame
    classification: ClassificationResult
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)


def load_rates(path: str | Path | None = None) -> pd.DataFrame:
    """The value-added rates table (``gbt4754_code, rate, basis, …``), validated."""
    p = Path(path) if path else RATES_FILE
    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    for i, r in df.iterrows():
        try:
            v = float(r["rate"])
        except ValueError:
            msg = Msg("reg_rate_not_number", file=p.name, row=i + 2, shown=repr(r["rate"]))
            raise ValueError(msg) from None
        if not 0 < v <= 1:
            raise ValueError(Msg("reg_rate_range", file=p.name, row=i + 2, value=v))
    if "*" not in set(df["gbt4754_code"]):
        raise ValueError(Msg("reg_rate_no_fallback", file=p.name))
    return df.assign(rate=df["rate"].astype(float))


def rates_for(codes: pd.Series, rates: pd.DataFrame) -> pd.Series:
    """Value-added rate per written code (longest prefix of the normalised code, else ``*``)."""
    table = dict(zip(rates["gbt4754_code"], rates["rate"], strict=True))
    prefixes = sorted((k for k in table if k != "*"), key=len, reverse=True)

    def one(raw: str) -> float:
        n = normalise_code(raw)
        code = n.code or ""
        return next((table[p] for p in prefixes if code.startswith(p)), table["*"])

    uniq = {c: one(c) for c in codes.astype("string").fillna("").unique()}
    return codes.astype("string").fillna("").map(uniq).astype("float64")


GROUP_SQL = """
SELECT coalesce(code_2017, '') AS _raw_code, region, CAST(year AS BIGINT) AS year,
       count(*) AS _n,
       sum(coalesce(value_added_wan, 0)) AS _va,
       sum(CASE WHEN value_added_wan IS NULL THEN coalesce(revenue_wan, 0) ELSE 0 END) AS _rev,
       count(*) FILTER (WHERE value_added_wan IS NULL AND revenue_wan IS NULL) AS _missing,
       count(*) FILTER (WHERE value_added_wan IS NULL AND revenue_wan IS NOT NULL) AS _imputed,
       count(*) FILTER (WHERE contains(code_note, 'recoded')) AS _recoded,
       count(*) FILTER (WHERE contains(code_note, 'ambiguous')) AS _ambiguous
FROM {table}
GROUP BY ALL
ORDER BY year, region, _raw_code
"""
"""Register records → one row per (code, region, year): record count, reported value added,
revenue of the records without value added, and counts for the notes. Runs in DuckDB over a
Parquet file or a frame, so a register of any size is measured in bounded memory."""


def group_sql(con, table: str) -> pd.DataFrame:
    """:data:`GROUP_SQL` over ``table`` (a table, view or ``read_parquet(...)``) on ``con``."""
    return con.execute(GROUP_SQL.format(table=table)).df()


def group_frame(records: pd.DataFrame) -> pd.DataFrame:
    """:data:`GROUP_SQL` over an in-memory frame of records."""
    import duckdb

    cols = ["code_2017", "code_note", "region", "year", "value_added_wan", "revenue_wan"]
    rec = records[cols].astype(
        {"code_2017": "string", "code_note": "string", "region": "string",
         "value_added_wan": "float64", "revenue_wan": "float64"}
    )  # fmt: skip
    con = duckdb.connect()
    try:
        con.register("records", rec.astype({"year": "int64"}))
        return group_sql(con, "records")
    finally:
        con.close()


def grouped_values(groups: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Groups (:data:`GROUP_SQL`) → ``_raw_code, region, year, _n, value_added,
    value_added__missing``: reported value added plus revenue × rate where it is missing."""
    g = groups.copy()
    g[VA] = g["_va"] + g["_rev"] * rates_for(g[RAW], rates).to_numpy()
    g[f"{VA}__missing"] = g["_missing"]
    return g[[RAW, "region", "year", COUNT, VA, f"{VA}__missing"]]


def grouped_records(records: pd.DataFrame, rates: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Records → one row per (code, region, year) with value added (reported, else revenue ×
    rate) in ``value_added``; returns ``(grouped, n_imputed)`` in the records' unit."""
    groups = group_frame(records)
    return grouped_values(groups, rates), int(groups["_imputed"].sum())


def category_table(res: ClassificationResult, dims: list[str]) -> pd.DataFrame:
    """Classification (major level) → ``*dims, category, value`` with 01–05, NA, UNMATCHED."""
    t = res.table
    cat = t["major_code"].astype(object).where(t["major_code"].notna(), "NA")
    long = t.assign(category=cat).groupby([*dims, "category"], dropna=False)["value"].sum()
    wide = long.unstack("category", fill_value=0.0)
    for c in (*CATEGORIES, "NA", "UNMATCHED"):
        if c not in wide:
            wide[c] = 0.0
    wide["core"] = wide[list(CORE)].sum(axis=1)
    wide["total"] = wide[list(CATEGORIES)].sum(axis=1)
    out = wide[list(ORDER)].stack().rename("value").reset_index()
    return out.rename(columns={"level_" + str(len(dims)): "category"})


def add_shares(table: pd.DataFrame, gdp: pd.DataFrame | None, dims: list[str]) -> pd.DataFrame:
    """Join ``gdp`` (``*dims, gdp``, same unit) and add ``share_of_gdp`` (value / GDP × 100)."""
    out = table.copy()
    if gdp is None or gdp.empty:
        out["gdp"] = np.nan
    else:
        g = gdp[[*dims, "gdp"]].copy()
        if "year" in dims:
            g["year"] = g["year"].astype("int64")
            out["year"] = out["year"].astype("int64")
        out = out.merge(g, on=dims, how="left")
    ok = out["gdp"].notna() & (out["gdp"] > 0)
    out["share_of_gdp"] = (out["value"] / out["gdp"] * 100).where(ok)
    return out


def _notes(res: ClassificationResult, rates: pd.DataFrame, groups: pd.DataFrame) -> list[str]:
    notes = list(res.notes)
    for col, code in (("_recoded", "reg_note_recoded"), ("_ambiguous", "reg_note_ambiguous")):
        if n := int(groups[col].sum()):
            notes.append(Msg(code, n=n))
    if n_imputed := int(groups["_imputed"].sum()):
        ph = rates["basis"].str.contains("PLACEHOLDER").any()
        code = "reg_note_imputed_placeholder" if ph else "reg_note_imputed"
        notes.append(Msg(code, n=n_imputed, file=RATES_FILE.name))
    return notes


def measure_records(
    records: pd.DataFrame,
    gdp: pd.DataFrame | None = None,
    *,
    rates: pd.DataFrame | None = None,
    coefficients: Coefficients | None = None,
    regions: pd.DataFrame | None = None,
) -> Measurement:
    """Measure register records (:func:`workbench.registers.read.read_register` columns, 万元).

    Values are rolled up the region hierarchy (a record counts in its region and each
    administrative parent). ``gdp``: ``region, year, gdp`` in 万元 (missing → no share).
    """
    return measure_groups(
        group_frame(records), gdp, rates=rates, coefficients=coefficients, regions=regions
    )


def measure_groups(
    groups: pd.DataFrame,
    gdp: pd.DataFrame | None = None,
    *,
    rates: pd.DataFrame | None = None,
    coefficients: Coefficients | None = None,
    regions: pd.DataFrame | None = None,
) -> Measurement:
    """:func:`measure_records` from records already grouped by :data:`GROUP_SQL`."""
    rates = load_rates() if rates is None else rates
    coef = coefficients or load_coefficients()
    g = grouped_values(groups, rates)
    res = finish(
        g,
        [VA],
        level="major",
        year_column="year",
        region_column="region",
        table=None,
        coefficients=coef,
    )
    cats = category_table(res, ["region", "year"])
    cats = rollup(cats, ["value"], regions)
    cats["category"] = pd.Categorical(cats["category"], ORDER, ordered=True)
    cats = cats.sort_values(["region", "year", "category"]).reset_index(drop=True)
    cats["category"] = cats["category"].astype(str)
    table = add_shares(cats, gdp, ["region", "year"])
    prov = {"classification": res.provenance, "rates": RATES_FILE.name}
    return Measurement(table, res, _notes(res, rates, groups), prov)


def recode_column(df: pd.DataFrame, code_column: str) -> tuple[pd.DataFrame, list[str]]:
    """Recode GB/T 4754-2011 codes with a one-to-one 2017 successor; notes count the
    recoded and the ambiguous records (those stay as written and land in UNMATCHED)."""
    rec = recode_series(df[code_column].astype("string"))
    notes = []
    for status, code in (
        (ONE_TO_ONE, "reg_note_recoded_codes"),
        (AMBIGUOUS, "reg_note_ambiguous_codes"),
    ):
        hit = rec["status"] == status
        if hit.any():
            codes = ", ".join(sorted(df.loc[hit, code_column].astype(str).unique())[:10])
            notes.append(Msg(code, n=int(hit.sum()), codes=codes))
    return df.assign(**{code_column: rec["code"].to_numpy()}), notes


def _region_key(s: pd.Series) -> pd.Series:
    text = s.astype("string").fillna("").str.strip()
    ids = {t: catalog.resolve_region(t) or t for t in text.unique()}
    return text.map(ids)


def measure_frame(
    df: pd.DataFrame,
    code_column: str,
    value_column: str,
    *,
    region_column: str | None = None,
    year_column: str | None = None,
    gdp: pd.DataFrame | None = None,
) -> Measurement:
    """The one-shot measurement of ``workbench measure``: no imputation, no roll-up.

    ``gdp``: ``region, year, gdp`` (the columns present among region/year) in the value
    column's unit; regions match by catalogue name or alias (贵池 = 贵池区), else as written.
    Output regions and years as in the register; empty when the column is not given.
    """
    df, recode_notes = recode_column(df, code_column)
    res = aggregate(
        df,
        code_column,
        value_column,
        level="major",
        region_column=region_column,
        year_column=year_column,
    )
    dims = [c for c in (region_column, year_column) if c]
    cats = category_table(res, dims).rename(columns={region_column: "region", year_column: "year"})
    if "region" not in cats:
        cats.insert(0, "region", "")
    if "year" not in cats:
        cats.insert(1, "year", pd.NA)
    cats["region"] = cats["region"].astype("string").fillna("")
    on = [d for d, c in (("region", region_column), ("year", year_column)) if c]
    if gdp is not None and "region" in on:
        gdp = gdp.assign(region=_region_key(gdp["region"]))
        cats["_written"] = cats["region"]
        cats["region"] = _region_key(cats["region"])
    table = add_shares(
        cats[
            ["region", "year", "category", "value", *(["_written"] if "_written" in cats else [])]
        ],
        gdp,
        on,
    )
    if "_written" in table:
        table["region"] = table.pop("_written")
    table = table[["region", "year", "category", "value", "gdp", "share_of_gdp"]]
    return Measurement(table, res, [*recode_notes, *res.notes], {"classification": res.provenance})
