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
            raise ValueError(
                f"{p.name}: row {i + 2}, column rate: {r['rate']!r} is not a number"
            ) from None
        if not 0 < v <= 1:
            raise ValueError(f"{p.name}: row {i + 2}, column rate: {v} is not in (0, 1]")
    if "*" not in set(df["gbt4754_code"]):
        raise ValueError(f"{p.name}: a fallback row with gbt4754_code '*' is required")
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


def grouped_records(records: pd.DataFrame, rates: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Records → one row per (code, region, year) with value added (reported, else revenue ×
    rate) in ``value_added``; returns ``(grouped, n_imputed)`` in the records' unit."""
    va = records["value_added_wan"].astype("float64")
    rev = records["revenue_wan"].astype("float64")
    impute = va.isna() & rev.notna()
    work = pd.DataFrame(
        {
            RAW: records["code_2017"].astype("string").fillna(""),
            "region": records["region"].astype("string"),
            "year": records["year"].astype("int64"),
            "_va": va.fillna(0.0),
            "_rev": rev.where(impute, 0.0),
            "_missing": (va.isna() & rev.isna()).astype("int64"),
        }
    )
    work[COUNT] = 1
    g = work.groupby([RAW, "region", "year"], sort=False).sum().reset_index()
    g[VA] = g["_va"] + g["_rev"] * rates_for(g[RAW], rates)
    g[f"{VA}__missing"] = g["_missing"]
    return g[[RAW, "region", "year", COUNT, VA, f"{VA}__missing"]], int(impute.sum())


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


def _notes(
    res: ClassificationResult, rates: pd.DataFrame, n_imputed: int, code_notes: pd.Series
) -> list[str]:
    notes = list(res.notes)
    for word, what in (
        ("recoded", "recoded from GB/T 4754-2011 (one-to-one)"),
        ("ambiguous", "carry ambiguous GB/T 4754-2011 codes (not recoded)"),
    ):
        n = int(code_notes.str.contains(word, regex=False).sum())
        if n:
            notes.append(f"{n} records {what}")
    if n_imputed:
        ph = rates["basis"].str.contains("PLACEHOLDER").any()
        notes.append(
            f"{n_imputed} records have no value added: revenue × value-added rate "
            f"({RATES_FILE.name}{', includes PLACEHOLDER rates' if ph else ''})"
        )
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
    rates = load_rates() if rates is None else rates
    coef = coefficients or load_coefficients()
    g, n_imp = grouped_records(records, rates)
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
    return Measurement(
        table, res, _notes(res, rates, n_imp, records["code_note"].astype(str)), prov
    )


def recode_column(df: pd.DataFrame, code_column: str) -> tuple[pd.DataFrame, list[str]]:
    """Recode GB/T 4754-2011 codes with a one-to-one 2017 successor; notes count the
    recoded and the ambiguous records (those stay as written and land in UNMATCHED)."""
    rec = recode_series(df[code_column].astype("string"))
    notes = []
    for status, what in (
        (ONE_TO_ONE, "recoded from GB/T 4754-2011 (one-to-one)"),
        (AMBIGUOUS, "carry ambiguous GB/T 4754-2011 codes, not recoded"),
    ):
        hit = rec["status"] == status
        if hit.any():
            codes = ", ".join(sorted(df.loc[hit, code_column].astype(str).unique())[:10])
            notes.append(f"{int(hit.sum())} records {what}: {codes}")
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
