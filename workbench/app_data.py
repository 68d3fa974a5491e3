"""What the app's pages show, as plain DataFrames: pure functions of a refresh run.

No Streamlit here (the cached wrappers are in :mod:`workbench.ui`), so a notebook gets the
same tables as the officials. ``run`` is a :class:`workbench.refresh.Run` (anything with
``history``, ``forecasts``, ``paths``, ``info``, ``targets`` and ``manifest``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from workbench import catalog, plans
from workbench import reference as ref
from workbench import scenario as sc
from workbench.targets import Status

STATUS_ICON = {st.value: st.icon for st in Status} | {"no_run": ":material/more_horiz:"}
STATUS_COLOUR = {st.value: st.colour for st in Status} | {"no_run": "gray"}
"""Status key → Material icon and Streamlit colour, from :class:`workbench.targets.Status`."""


def plan_of(run, plan_id: str | None = None) -> plans.Plan:
    """The plan of ``run`` (or ``plan_id``, or the default plan when there is no run)."""
    if run is not None and "plan_id" in run.manifest:
        return plans.load_plan(run.manifest["plan_id"])
    return plans.load_plan(plan_id)


def sid(indicator: str, region: str) -> str:
    """Series id ``"<region>/<indicator>"``."""
    return f"{region}/{indicator}"


def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return "—"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:,.0f}"


def actuals(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations that are actuals (synthetic values never are)."""
    return obs[obs["grade"] != "synthetic"] if "grade" in obs.columns else obs


def latest_actuals(obs: pd.DataFrame, region: str) -> pd.DataFrame:
    """Latest actual per indicator of ``region``: indicator, year, value, unit, source,
    source_url, quote, grade/precedence_label (``obs`` as ``run.observations``)."""
    o = actuals(obs)
    o = o[o["region"] == region].sort_values(["indicator", "year"])
    cols = [
        c
        for c in ("indicator", "year", "value", "unit", "source", "source_url", "quote",
                  "grade", "precedence_label")
        if c in o.columns
    ]  # fmt: skip
    return o.groupby("indicator").tail(1)[cols].reset_index(drop=True)


def _targets_of(run, year: int) -> pd.DataFrame:
    if run is None:
        return pd.DataFrame()
    return run.targets[run.targets["target_year"] == year].set_index("indicator")


def overview_table(
    run, obs: pd.DataFrame, lang: str = "zh", year: int | None = None, plan=None
) -> pd.DataFrame:
    """One row per plan indicator (plan order): latest actual, the ``year`` target (default:
    the plan's final year), gap, probability and status — all read from the run's
    ``targets`` table (:func:`workbench.targets.assess_plan`), so every page agrees.

    Columns: group, indicator_id, name, unit, latest_year, latest_value, target, gap
    (target − latest, in the indicator's unit; NaN for qualitative targets), actual (value
    in ``year`` if entered), probability (0–1; NaN where the year is over or not computable),
    status (a :class:`workbench.targets.Status` value, or ``no_run``), source, source_kind.
    """
    plan = plan or plan_of(run)
    year = year or plan.final_year
    latest = latest_actuals(obs, plan.region).set_index("indicator")
    targets = _targets_of(run, year)
    rows = []
    for x in plan.indicators:
        t = x.target(year)
        row = {
            "group": x.group, "indicator_id": x.id, "name": x.name(lang), "unit": x.unit,
            "latest_year": pd.NA, "latest_value": math.nan,
            "target": t.display(lang) if t else "—", "gap": math.nan, "actual": math.nan,
            "probability": math.nan, "status": "no_run", "source": "", "source_kind": "",
        }  # fmt: skip
        if x.id in latest.index:
            r = latest.loc[x.id]
            row.update(latest_year=int(r["year"]), latest_value=float(r["value"]))
            row["source"] = str(r.get("source", ""))
            row["source_kind"] = str(r.get("grade", r.get("precedence_label", "")))
        if x.id in targets.index:
            tr = targets.loc[x.id]
            row["status"] = str(tr["status"])
            row["probability"] = (
                float(tr["probability"]) if pd.notna(tr["probability"]) else math.nan
            )
            if "actual" in tr.index and pd.notna(tr["actual"]):
                row["actual"] = float(tr["actual"])
        elif t is not None and not t.is_numeric:
            row["status"] = Status.QUALITATIVE.value
        if t is not None and t.is_numeric and not math.isnan(row["latest_value"]):
            row["gap"] = float(t.value) - row["latest_value"]
        rows.append(row)
    return pd.DataFrame(rows)


def series_choices(run) -> list[str]:
    """Forecast series ids: the plan's indicators (plan order), then the plan region's other
    series, then the rest (donors, sub-regions)."""
    plan = plan_of(run)
    ids = list(run.info["series_id"])
    first = [sid(x.id, plan.region) for x in plan.indicators if sid(x.id, plan.region) in ids]
    home = sorted(s for s in ids if s.startswith(plan.region + "/") and s not in first)
    other = sorted(s for s in ids if s not in first and s not in home)
    return first + home + other


def series_label(series_id: str, lang: str = "zh", plan=None) -> str:
    """A readable name: the plan's indicator name for the plan region's plan series, else
    the catalogue's name with its region (全国/China …), else the id."""
    region, _, ind = series_id.partition("/")
    plan = plan or plans.load_plan()
    try:
        return (
            plan.indicator(ind).name(lang) if region == plan.region else _other(region, ind, lang)
        )
    except KeyError:
        return _other(region, ind, lang)


def _other(region: str, ind: str, lang: str) -> str:
    name = catalog.indicator_name(ind, lang)
    if name == ind:
        return f"{region}/{ind}"
    return f"{name} · {catalog.region_name(region, lang)}"


def fan_inputs(
    run, series_id: str, lang: str = "zh"
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(history: year, value; forecast: year, mean, lo/hi 80/95; targets: year, value, label)."""
    h = run.history[run.history["series_id"] == series_id]
    hist = h.groupby("year", as_index=False)["value"].last()
    fc = run.forecasts[run.forecasts["series_id"] == series_id].sort_values("year")
    region, _, ind = series_id.partition("/")
    rows = []
    plan = plan_of(run)
    if region == plan.region:
        try:
            x = plan.indicator(ind)
        except KeyError:
            x = None
        for t in x.targets if x else ():
            if t.is_numeric:
                rows.append(
                    {
                        "year": t.year,
                        "value": float(t.value),
                        "label": f"{t.year}: {t.display(lang)}",
                    }
                )
    return hist, fc.reset_index(drop=True), pd.DataFrame(rows, columns=["year", "value", "label"])


def series_download(run, series_id: str) -> pd.DataFrame:
    """History and forecast of one series in one long table (kind = actual | forecast)."""
    h = run.history[run.history["series_id"] == series_id]
    keep = [
        c
        for c in ("series_id", "year", "value", "unit", "source", "source_url", "quote")
        if c in h.columns
    ]
    hist = h[keep].assign(kind="actual")
    fc = run.forecasts[run.forecasts["series_id"] == series_id]
    fc = fc.drop(columns=[c for c in ("region", "indicator") if c in fc.columns])
    fc = fc.rename(columns={"mean": "value"}).assign(kind="forecast")
    out = pd.concat([hist, fc], ignore_index=True)
    out["run_id"] = run.manifest["run_id"]
    return out


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame: typed values, never formulas, text cells
    neutralised against formula injection (:func:`workbench.export.xlsx_bytes`)."""
    from workbench.export import xlsx_bytes

    return xlsx_bytes(sheets)


def plan_review(run, obs: pd.DataFrame | None = None, lang: str = "zh", plan=None) -> pd.DataFrame:
    """Base → each milestone for every indicator, read from the run's ``targets`` table.

    Columns: group, indicator_id, name, unit, base, then for each milestone Y of the plan:
    target_Y, actual_Y (NaN if not entered), probability_Y (0–1; NaN unless the year is
    open), result_Y (a :class:`workbench.targets.Status` value or ``no_run``).
    """
    plan = plan or plan_of(run)
    rows = []
    for x in plan.indicators:
        row = {"group": x.group, "indicator_id": x.id, "name": x.name(lang), "unit": x.unit,
               "base": x.base_display()}  # fmt: skip
        for year in plan.milestones:
            t = x.target(year)
            tg = _targets_of(run, year)
            row[f"target_{year}"] = t.display(lang) if t else "—"
            row[f"actual_{year}"] = math.nan
            row[f"probability_{year}"] = math.nan
            row[f"result_{year}"] = "no_run" if t is not None else "—"
            if x.id in tg.index:
                r = tg.loc[x.id]
                row[f"result_{year}"] = str(r["status"])
                if "actual" in r.index and pd.notna(r["actual"]):
                    row[f"actual_{year}"] = float(r["actual"])
                if pd.notna(r["probability"]) and not Status(r["status"]).is_final:
                    row[f"probability_{year}"] = float(r["probability"])
        rows.append(row)
    return pd.DataFrame(rows)


def target_for_probability(run, year: int, probability: float) -> pd.DataFrame:
    """Target-setting aid: for each of the city's forecast plan indicators, the value that
    the run's sample paths reach or exceed in ``year`` with ``probability`` (0–1), i.e. the
    (1 − probability) quantile of the paths.

    Columns: indicator_id, series_id, latest_year, latest_value, year, target,
    growth_pct (constant annual growth from the latest actual to that target).
    """
    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, got {probability}")
    info = run.info.set_index("series_id")
    p = run.paths[run.paths["year"] == year]
    plan = plan_of(run)
    rows = []
    for x in plan.indicators:
        s = sid(x.id, plan.region)
        v = p.loc[p["series_id"] == s, "value"].to_numpy(float)
        if s not in info.index or v.size == 0:
            continue
        q = float(np.quantile(v, 1 - probability))
        ly, lv = int(info.at[s, "last_year"]), float(info.at[s, "last_value"])
        g = ((q / lv) ** (1 / (year - ly)) - 1) * 100 if lv > 0 and year > ly else math.nan
        rows.append(
            {
                "indicator_id": x.id,
                "series_id": s,
                "latest_year": ly,
                "latest_value": lv,
                "year": year,
                "target": q,
                "growth_pct": g,
            }
        )
    cols = [
        "indicator_id",
        "series_id",
        "latest_year",
        "latest_value",
        "year",
        "target",
        "growth_pct",
    ]
    return pd.DataFrame(rows, columns=cols)


def scenario_basis(run) -> sc.ScenarioBasis:
    """The run's tables prepared for :func:`workbench.scenario.simulate`."""
    plan = plan_of(run)
    return sc.build_basis(
        run.history,
        run.paths,
        run.info,
        region=plan.region,
        to_year=int(run.manifest["to_year"]),
        series_drivers=plan.scenario_drivers,
        share=plan.scenario_share,
        targets={x.id: x.targets for x in plan.indicators},
    )


# ---------------------------------------------------------------- composition


def composition(register: pd.DataFrame, level: str = "major", table=None):
    """Classify a register (industry_code, value_added_wan, year, region) with
    :func:`workbench.classify.aggregate`; returns the ClassificationResult with values
    converted from 万元 to 亿元 (÷ 10 000)."""
    from workbench.classify import aggregate

    res = aggregate(
        register,
        "industry_code",
        "value_added_wan",
        level=level,
        year_column="year",
        region_column="region",
        table=table,
    )
    res.table = res.table.assign(value=res.table["value"] / 1e4)
    return res


def category_frame(table: pd.DataFrame, level: str = "major", lang: str = "zh") -> pd.DataFrame:
    """Digital categories only, with a display ``category`` column (code + name)."""
    code = "major_code" if level == "major" else "mid_code"
    name = "major_name" if level == "major" else "mid_name"
    d = table[table["major_code"].notna() & (table["major_code"] != "UNMATCHED")].copy()
    if lang == "en" and level == "major":
        d["category"] = d[code] + " " + d[code].map(ref.MAJOR_NAMES_EN)
    else:
        d["category"] = d[code].astype(str) + " " + d[name].astype(str)
    return d


def category_totals(cats: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Value per ``by`` × category from :func:`category_frame` output, with ``share_pct``:
    each category's share (0–100) of the digital total within its ``by`` group."""
    keys = [*by, "category"]
    out = cats.groupby(keys, as_index=False)["value"].sum()
    total = out.groupby(list(by))["value"].transform("sum") if by else out["value"].sum()
    out["share_pct"] = out["value"] / total * 100
    return out
