"""What the app's pages show, as plain DataFrames: pure functions of a refresh run.

No Streamlit here (the cached wrappers are in :mod:`workbench.ui`), so a notebook gets the
same tables as the officials. ``run`` is a :class:`workbench.refresh.Run` (anything with
``history``, ``forecasts``, ``paths``, ``info``, ``targets`` and ``manifest``).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from workbench import catalog
from workbench import reference as ref
from workbench import scenario as sc

CITY = "Chizhou"

STATUS_ICON = {
    "on_track": "●",
    "at_risk": "▲",
    "off_track": "■",
    "met": "✔",
    "missed": "✘",
    "insufficient_data": "○",
    "qualitative": "◇",
    "no_run": "·",
}
STATUS_COLOUR = {
    "on_track": "green",
    "at_risk": "orange",
    "off_track": "red",
    "met": "green",
    "missed": "red",
    "insufficient_data": "gray",
    "qualitative": "blue",
    "no_run": "gray",
}
"""Status key → symbol and Streamlit colour name; the shapes differ so colour is not the only cue."""


def sid(indicator: str, region: str = CITY) -> str:
    """Series id ``"<region>/<indicator>"``."""
    return f"{region}/{indicator}"


def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return "—"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:,.0f}"


def latest_actuals(obs: pd.DataFrame, region: str = CITY) -> pd.DataFrame:
    """Latest observation per indicator of ``region``: indicator, year, value, unit, source,
    source_url, quote, precedence_label (``obs`` as from :meth:`workbench.store.Store.observations` or
    ``run.history``)."""
    o = obs[obs["region"] == region].sort_values(["indicator", "year"])
    cols = [
        c
        for c in (
            "indicator",
            "year",
            "value",
            "unit",
            "source",
            "source_url",
            "quote",
            "precedence_label",
        )
        if c in o.columns
    ]
    return o.groupby("indicator").tail(1)[cols].reset_index(drop=True)


def overview_table(run, obs: pd.DataFrame, lang: str = "zh", year: int = 2025) -> pd.DataFrame:
    """One row per plan indicator (plan order): latest actual, the ``year`` target, gap,
    probability of meeting it and status.

    Columns: group, indicator_id, name, unit, latest_year, latest_value, target, gap
    (target − latest, in the indicator's unit; NaN for qualitative targets), probability
    (0–1, NaN where not computable), status (a key of :data:`STATUS_ICON`), source,
    source_kind (the precedence label: plan table, official release …).
    """
    latest = latest_actuals(obs).set_index("indicator")
    targets = (
        run.targets[run.targets["target_year"] == year].set_index("indicator")
        if run is not None
        else pd.DataFrame()
    )
    rows = []
    for x in ref.indicators():
        t = x.target(year)
        row = {
            "group": x.group,
            "indicator_id": x.id,
            "name": x.name(lang),
            "unit": x.unit,
            "latest_year": pd.NA,
            "latest_value": math.nan,
            "target": t.display(lang) if t else "—",
            "gap": math.nan,
            "probability": math.nan,
            "status": "no_run" if run is not None else "no_run",
            "source": "",
            "source_kind": "",
        }
        if x.id in latest.index:
            r = latest.loc[x.id]
            row["latest_year"] = int(r["year"])
            row["latest_value"] = float(r["value"])
            row["source"] = str(r.get("source", ""))
            row["source_kind"] = str(r.get("precedence_label", ""))
        if t is not None and not t.is_numeric:
            row["status"] = "qualitative"
        elif run is not None and x.id in targets.index:
            tr = targets.loc[x.id]
            row["probability"] = (
                float(tr["probability"]) if pd.notna(tr["probability"]) else math.nan
            )
            row["status"] = str(tr["status"])
        if t is not None and t.is_numeric and not math.isnan(row["latest_value"]):
            row["gap"] = float(t.value) - row["latest_value"]
        rows.append(row)
    return pd.DataFrame(rows)


def series_choices(run) -> list[str]:
    """Forecast series ids: the city's plan indicators (plan order), then context, then donors."""
    ids = list(run.info["series_id"])
    plan = [sid(x.id) for x in ref.indicators() if sid(x.id) in ids]
    city = sorted(s for s in ids if s.startswith(CITY + "/") and s not in plan)
    other = sorted(s for s in ids if s not in plan and s not in city)
    return plan + city + other


def series_label(series_id: str, lang: str = "zh") -> str:
    """A readable name: the plan's indicator name for the city's plan series, else the
    catalogue's name with its region (全国/China …), else the id."""
    region, _, ind = series_id.partition("/")
    try:
        return ref.indicator(ind).name(lang) if region == CITY else _other(region, ind, lang)
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
    if region == CITY:
        try:
            x = ref.indicator(ind)
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
    """An .xlsx workbook with one sheet per frame (openpyxl)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, df in sheets.items():
            df.to_excel(xl, sheet_name=name[:31], index=False)
    return buf.getvalue()


def plan_review(run, obs: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """2020 base → 2022 mid-term → 2025 final for every indicator.

    Columns: group, indicator_id, name, unit, base_2020, target_2022, actual_2022,
    result_2022, target_2025, actual_2025, probability_2025 (0–1), result_2025 (a status key).
    """
    city = obs[obs["region"] == CITY]
    tg = run.targets.set_index(["indicator", "target_year"]) if run is not None else None
    rows = []
    for x in ref.indicators():
        row = {
            "group": x.group,
            "indicator_id": x.id,
            "name": x.name(lang),
            "unit": x.unit,
            "base_2020": x.base_display(),
        }
        for year in (2022, 2025):
            t = x.target(year)
            actual = city[(city["indicator"] == x.id) & (city["year"] == year)]
            row[f"target_{year}"] = t.display(lang) if t else "—"
            row[f"actual_{year}"] = float(actual["value"].iloc[-1]) if len(actual) else math.nan
            status = "qualitative" if t is not None and not t.is_numeric else "no_run"
            prob = math.nan
            if t is not None and t.is_numeric:
                if len(actual):
                    status = "met" if t.is_met(row[f"actual_{year}"]) else "missed"
                elif tg is not None and (x.id, year) in tg.index:
                    r = tg.loc[(x.id, year)]
                    status = str(r["status"])
                    prob = float(r["probability"]) if pd.notna(r["probability"]) else math.nan
            row[f"result_{year}"] = status
            if year == 2025:
                row["probability_2025"] = prob
        rows.append(row)
    cols = [
        "group",
        "indicator_id",
        "name",
        "unit",
        "base_2020",
        "target_2022",
        "actual_2022",
        "result_2022",
        "target_2025",
        "actual_2025",
        "probability_2025",
        "result_2025",
    ]
    return pd.DataFrame(rows)[cols]


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
    rows = []
    for x in ref.indicators():
        s = sid(x.id)
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
    return sc.build_basis(
        run.history,
        run.paths,
        run.info,
        region=CITY,
        to_year=int(run.manifest.get("to_year", 2030)),
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
