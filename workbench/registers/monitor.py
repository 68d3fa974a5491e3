"""Key-enterprise monitoring (重点企业监测): rankings, growth, entrants and exits, crossings
of the above-scale line, concentration, and the semiconductor chain as a preset view.

Input: register records (:meth:`workbench.registers.db.RegisterDB.records` columns, 万元)
or the SYNTHETIC panel (:func:`synthetic_records`). :func:`enterprise_panel` adds each
record's value added (reported, else revenue × rate), its digital value added (01–05 share
of its industry's classification weights × value added) and its main category.
"""

from __future__ import annotations

import pandas as pd

from workbench.classify import aggregate
from workbench.registers.measure import CATEGORIES, CORE, load_rates, rates_for
from workbench.registers.regions import ancestors, plan_regions
from workbench.synthetic import SEMICONDUCTOR_CODES

CHAIN_2020 = {"firms": 85, "above_scale": 47, "output_yi": 76.51}
"""The plan's 2020 facts for the semiconductor chain (池数组〔2021〕1号 一(一)5: 在库统计半导体
规模以上企业47家，基地半导体产业链上下游企业85家，2020年实现产值76.51亿元)."""


def code_weights(codes: pd.Series) -> pd.DataFrame:
    """Per distinct written code: weight in each major category (01–05, NA, UNMATCHED)."""
    uniq = pd.DataFrame({"code": codes.astype("string").fillna("").unique()})
    uniq["one"] = 1.0
    uniq["key"] = [f"k{i}" for i in range(len(uniq))]  # a code may be empty: key by position
    res = aggregate(uniq, "code", "one", region_column="key")
    t = res.table.assign(
        cat=res.table["major_code"].astype(object).where(res.table["major_code"].notna(), "NA")
    )
    w = t.pivot_table(index="key", columns="cat", values="value", aggfunc="sum", fill_value=0.0)
    w = w.reindex(uniq["key"]).fillna(0.0)
    w.index = uniq["code"].to_numpy()
    for c in (*CATEGORIES, "NA", "UNMATCHED"):
        if c not in w:
            w[c] = 0.0
    return w


def enterprise_panel(records: pd.DataFrame, rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Records + ``va_wan``, ``digital_va_wan``, ``core_va_wan``, ``category`` (main 01–05,
    else NA/UNMATCHED) and ``chain`` (semiconductor codes)."""
    rates = load_rates() if rates is None else rates
    df = records.copy()
    code = df["code_2017"].astype("string").fillna("")
    imputed = df["revenue_wan"] * rates_for(code, rates)
    df["va_wan"] = df["value_added_wan"].where(df["value_added_wan"].notna(), imputed).fillna(0.0)
    w = code_weights(code).reindex(code.to_numpy())
    digital = w[list(CATEGORIES)].sum(axis=1).to_numpy()
    df["digital_va_wan"] = df["va_wan"].to_numpy() * digital
    df["core_va_wan"] = df["va_wan"].to_numpy() * w[list(CORE)].sum(axis=1).to_numpy()
    main = w[list(CATEGORIES)].idxmax(axis=1).to_numpy()
    other = w[["NA", "UNMATCHED"]].idxmax(axis=1).to_numpy()
    df["category"] = [m if d > 0 else o for m, d, o in zip(main, digital, other, strict=True)]
    from workbench.classify import normalise_codes

    df["chain"] = normalise_codes(code)["code"].isin(SEMICONDUCTOR_CODES).fillna(False).to_numpy()
    return df


def classifier_input(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel as a register for :func:`workbench.classify.aggregate`: the 2017 code
    (empty when it could not be recoded), value added in 万元 including the imputed part,
    year and region. Classifying it gives the same totals as ``digital_va_wan``."""
    return pd.DataFrame(
        {
            "industry_code": panel["code_2017"].astype("string").fillna(""),
            "value_added_wan": panel["va_wan"],
            "year": panel["year"],
            "region": panel["region"],
        }
    )


def synthetic_records(seed: int = 2021) -> pd.DataFrame:
    """The SYNTHETIC multi-year register as records (same columns as the database's)."""
    from workbench import catalog
    from workbench.classify.concordance import recode_series
    from workbench.synthetic import generate_enterprise_register

    g = generate_enterprise_register(seed=seed)
    rec = recode_series(g["industry_code"])
    ids = {r: catalog.resolve_region(r) for r in g["region"].unique()}
    return pd.DataFrame(
        {
            "enterprise_id": g["enterprise_id"],
            "name": g["name"],
            "industry_code": g["industry_code"],
            "code_2017": rec["code"],
            "code_note": rec["note"],
            "region": g["region"].map(ids),
            "year": g["year"],
            "revenue_wan": g["revenue_wan"],
            "value_added_wan": g["value_added_wan"],
            "employees": g["employment"].astype(float),
            "above_scale": g["above_scale"].astype("boolean"),
            "synthetic": True,
        }
    )


def select(
    panel: pd.DataFrame, region: str | None = None, category: str | None = None, chain: bool = False
) -> pd.DataFrame:
    """Records in ``region`` (itself or below it in the hierarchy), of a main ``category``
    (``core`` = 01–04), or of the semiconductor chain."""
    df = panel
    if region:
        regions = plan_regions()
        inside = {r for r in df["region"].unique() if region in ancestors(r, regions)}
        df = df[df["region"].isin(inside)]
    if category == "core":
        df = df[df["category"].isin(CORE)]
    elif category:
        df = df[df["category"] == category]
    if chain:
        df = df[df["chain"]]
    return df


def top_enterprises(
    panel: pd.DataFrame, year: int, by: str = "digital_va_wan", n: int = 20
) -> pd.DataFrame:
    """The ``n`` largest enterprises of ``year`` by ``by`` with growth on the previous year (%)."""
    cur = panel[panel["year"] == year]
    prev = panel[panel["year"] == year - 1].set_index("enterprise_id")[by]
    top = cur.nlargest(n, by).copy()
    before = prev.reindex(top["enterprise_id"]).to_numpy()
    top["growth_pct"] = (top[by].to_numpy() / before - 1) * 100
    top.loc[~(before > 0), "growth_pct"] = float("nan")
    top["rank"] = range(1, len(top) + 1)
    return top.reset_index(drop=True)


def concentration(panel: pd.DataFrame, year: int, by: str = "digital_va_wan", n: int = 10) -> float:
    """Share (%) of the ``n`` largest enterprises in the year's total of ``by``; NaN if total is 0."""
    cur = panel.loc[panel["year"] == year, by]
    total = cur.sum()
    return float(cur.nlargest(n).sum() / total * 100) if total > 0 else float("nan")


def entries_exits(panel: pd.DataFrame) -> pd.DataFrame:
    """Per year: ``enterprises``, ``entrants`` (not there the year before), ``exits`` (there
    the year before, gone now), ``above_scale``; the first year has no entrants/exits."""
    years = sorted(panel["year"].unique())
    ids = {y: set(panel.loc[panel["year"] == y, "enterprise_id"]) for y in years}
    rows = []
    for i, y in enumerate(years):
        cur = panel[panel["year"] == y]
        prev = ids[years[i - 1]] if i and years[i - 1] == y - 1 else None
        rows.append(
            {
                "year": int(y),
                "enterprises": len(ids[y]),
                "above_scale": int(cur["above_scale"].fillna(False).sum()),
                "entrants": len(ids[y] - prev) if prev is not None else pd.NA,
                "exits": len(prev - ids[y]) if prev is not None else pd.NA,
            }
        )
    return pd.DataFrame(rows).astype({"entrants": "Int64", "exits": "Int64"})


def crossings(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Enterprises whose above-scale flag changed from ``year - 1`` to ``year``: ``direction``
    ``up`` (crossed the line) or ``down``, with revenue in both years (万元)."""
    a = panel[panel["year"] == year - 1].set_index("enterprise_id")
    b = panel[panel["year"] == year].set_index("enterprise_id")
    prev = a[["above_scale", "revenue_wan"]].add_suffix("_prev")
    both = b.join(prev, how="inner")
    was, now = both["above_scale_prev"].fillna(False), both["above_scale"].fillna(False)
    out = both[was != now].assign(
        direction=lambda d: d["above_scale"].map({True: "up", False: "down"})
    )
    return (
        out.reset_index()
        .sort_values(["direction", "revenue_wan"], ascending=[False, False])
        .reset_index(drop=True)
    )


def chain_view(panel: pd.DataFrame) -> pd.DataFrame:
    """The semiconductor chain by year: ``enterprises``, ``above_scale``, ``revenue_yi`` (亿元)."""
    c = panel[panel["chain"]]
    g = c.groupby("year").agg(
        enterprises=("enterprise_id", "nunique"),
        above_scale=("above_scale", "sum"),
        revenue_yi=("revenue_wan", "sum"),
    )
    g["revenue_yi"] = g["revenue_yi"] / 10_000
    return g.reset_index().astype({"above_scale": "int64"})


def county_view(records: pd.DataFrame, synthetic: bool) -> pd.DataFrame:
    """Measured digital economy per region and year (the series written to the store):
    ``region, year, core_yi, total_yi`` (亿元), ``core_share``, ``total_share`` (% of GDP;
    NaN without GDP). GDP: the observation store's (a SYNTHETIC register: its own total)."""
    from workbench.registers.derived import register_gdp, store_gdp
    from workbench.registers.measure import measure_records
    from workbench.store import Store

    m = measure_records(records)
    if synthetic:
        gdp = register_gdp(m)
    else:
        gdp = store_gdp(Store())
    m = measure_records(records, gdp[["region", "year", "gdp"]])
    t = m.table[m.table["category"].isin(["core", "total"])]
    wide = t.pivot_table(
        index=["region", "year"], columns="category", values=["value", "share_of_gdp"], dropna=False
    )
    out = pd.DataFrame(
        {
            "core_yi": wide[("value", "core")] / 10_000,
            "total_yi": wide[("value", "total")] / 10_000,
            "core_share": wide[("share_of_gdp", "core")],
            "total_share": wide[("share_of_gdp", "total")],
        }
    )
    return out.reset_index()
