"""County views of any indicator: its latest values for each region of the plan below the
plan's top region (districts, counties and zones), with a total that counts nothing twice.

Regions and their hierarchy come from the plan pack (:func:`workbench.registers.regions.plan_regions`).
The total of a year adds the *administrative* children of the top region (districts and
counties: ``parent`` = the top region, level ``district`` or ``county``) and nothing else:
functional areas (development zones, scenic areas) lie inside or across districts, so their
figures are shown but never added. A total is only formed for additive indicators (kind
``level`` in the series catalogue, a unit without ``/`` or ``%``), and beside it the top
region's own figure where one is published. Rows graded ``synthetic`` make the view SYNTHETIC.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench import catalog

ADMIN_LEVELS = ("district", "county")
DEFAULT_YEARS = 3


@dataclass
class CountyView:
    """``table``: one row per region with data (pack order): ``region``, ``level``,
    ``within``, ``admin`` (added into the total) and one column per year (the latest
    ``years``). ``total``: per year ``year``, ``sum`` (of the administrative rows), ``n``
    (how many of them report), ``n_admin`` (how many there are), ``city`` (the top region's
    own figure, NaN if none) — None when the indicator is not additive."""

    indicator: str
    unit: str
    years: list[int]
    table: pd.DataFrame
    total: pd.DataFrame | None
    synthetic: bool


def admin_regions(regions: pd.DataFrame, top: str) -> list[str]:
    """The districts and counties directly below ``top`` (pack order): the regions added."""
    hit = (regions["parent"] == top) & regions["level"].isin(ADMIN_LEVELS)
    return list(regions.loc[hit, "region_id"])


def additive(indicator: str, unit: str) -> bool:
    """Whether values of ``indicator`` in ``unit`` add up across regions."""
    try:
        kind = catalog.series(indicator).get("kind", "level")
    except KeyError:
        kind = "level"
    return kind == "level" and "/" not in unit and "%" not in unit


def county_view(
    obs: pd.DataFrame,
    indicator: str,
    regions: pd.DataFrame,
    top: str,
    n_years: int = DEFAULT_YEARS,
) -> CountyView | None:
    """The county view of ``indicator`` from observations ``obs`` (``region, indicator,
    year, value, unit`` and optionally ``grade``), or None when no region below ``top``
    has a value."""
    below = regions[regions["region_id"] != top]
    sub = obs[(obs["indicator"] == indicator) & obs["region"].isin(below["region_id"])]
    if sub.empty:
        return None
    years = sorted(int(y) for y in sub["year"].unique())[-n_years:]
    sub = sub[sub["year"].isin(years)]
    wide = sub.pivot_table(index="region", columns="year", values="value", aggfunc="last")
    meta = below.set_index("region_id").loc[
        [r for r in below["region_id"] if r in wide.index], ["level", "within", "parent"]
    ]
    admin = meta.index.isin(admin_regions(below, top))
    table = pd.DataFrame(
        {"region": meta.index, "level": meta["level"].to_numpy(), "within": meta["within"].to_numpy(),
         "admin": admin}
    )  # fmt: skip
    for y in years:
        table[y] = wide.reindex(meta.index)[y].to_numpy() if y in wide else float("nan")
    unit = str(sub["unit"].iloc[-1])
    grades = sub["grade"].astype(str) if "grade" in sub else pd.Series(dtype=str)
    total = _total(obs, indicator, table, years, top, below) if additive(indicator, unit) else None
    return CountyView(indicator, unit, years, table, total, bool((grades == "synthetic").any()))


def _total(
    obs: pd.DataFrame,
    indicator: str,
    table: pd.DataFrame,
    years: list[int],
    top: str,
    below: pd.DataFrame,
) -> pd.DataFrame:
    adm = table[table["admin"]]
    n_admin = len(admin_regions(below, top))
    own = obs[(obs["indicator"] == indicator) & (obs["region"] == top)]
    city = own.groupby("year")["value"].last()
    rows = []
    for y in years:
        vals = adm[y].dropna()
        rows.append({"year": y, "sum": float(vals.sum()) if len(vals) else float("nan"),
                     "n": len(vals), "n_admin": n_admin, "city": float(city.get(y, float("nan")))})  # fmt: skip
    return pd.DataFrame(rows)


def display_table(view: CountyView, lang: str = "zh") -> pd.DataFrame:
    """The view as shown: region name and type (district/county or zone) in ``lang``, one
    column per year, then the total of the districts and counties and the city's figure."""
    from workbench.i18n import t

    def kind(r: pd.Series) -> str:
        if r["admin"]:
            return t("county_kind_admin", lang)
        if r["within"]:
            return t("county_kind_zone_in", lang, within=catalog.region_name(r["within"], lang))
        return t("county_kind_zone", lang)

    years = [str(y) for y in view.years]
    rows = view.table.assign(
        name=[catalog.region_name(r, lang) for r in view.table["region"]],
        kind=[kind(r) for _, r in view.table.iterrows()],
    ).rename(columns={y: str(y) for y in view.years})
    out = rows[["name", "kind", *years]]
    if view.total is not None:
        tot = view.total.set_index("year")
        n, n_admin = int(tot["n"].min()), int(tot["n_admin"].iat[0])
        extra = pd.DataFrame(
            [
                [t("county_row_sum", lang, n=n, n_admin=n_admin), "",
                 *[tot.loc[y, "sum"] for y in view.years]],
                [t("county_row_city", lang), "", *[tot.loc[y, "city"] for y in view.years]],
            ],
            columns=out.columns,
        )  # fmt: skip
        out = pd.concat([out, extra], ignore_index=True)
    return out.rename(
        columns={"name": t("county_col_region", lang), "kind": t("county_col_kind", lang)}
    )
