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

PROBABILISTIC = ("on_track", "at_risk", "off_track")
"""Statuses that rest on a probability (an open target year); the others show no probability."""
NO_TARGET = "no_target"
"""Overview bucket for an indicator without a target in the chosen year (not a Status)."""


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


def data_as_of(obs: pd.DataFrame, region: str = CITY, plan_id: str | None = None) -> int | None:
    """The latest year with an actual of any of the plan's indicators in ``region``."""
    ids = {x.id for x in ref.indicators(plan_id)}
    o = obs[(obs["region"] == region) & obs["indicator"].isin(ids)]
    return int(o["year"].max()) if len(o) else None


def as_of_year(run) -> int:
    """The first year that is not over when the run was made (its finish date's year)."""
    import datetime as dt

    when = (run.manifest.get("finished_at") or "") if run is not None else ""
    try:
        return dt.datetime.fromisoformat(when).year
    except ValueError:
        return dt.date.today().year


def _judged(x, t, actual: float, tr, year_now: int) -> tuple[str, float]:
    """(status key, probability) of indicator ``x``'s target ``t``, by :func:`targets.judge`:
    an actual decides (met/missed), a year that is over without one is not_entered; the
    run's probability only for an open year."""
    from workbench.targets import judge

    prob = float(tr["probability"]) if tr is not None and pd.notna(tr["probability"]) else math.nan
    st = judge(
        op=t.op, target=t.value, target_year=t.year,
        actual=None if math.isnan(actual) else actual,
        probability=prob if t.year >= year_now else math.nan, as_of_year=year_now,
    )  # fmt: skip
    if st.value == "insufficient_data" and tr is None:
        return st.value, math.nan
    return st.value, prob if st.value in PROBABILISTIC else math.nan


def overview_table(
    run, obs: pd.DataFrame, lang: str = "zh", year: int = 2025, plan_id: str | None = None
) -> pd.DataFrame:
    """One row per plan indicator (plan order): latest actual, the ``year`` target, its
    actual, gap, probability of meeting it and status.

    Columns: group, indicator_id, name, unit, latest_year, latest_value, target, actual
    (the ``year`` actual or NaN), gap (target − latest, in the indicator's unit; NaN for
    qualitative targets), probability (0–1; NaN unless the year is open and forecast),
    status (a :class:`workbench.targets.Status` value, ``no_target`` or ``no_run``),
    source, source_kind (the precedence label: plan table, official release …).
    """
    latest = latest_actuals(obs).set_index("indicator")
    city = obs[obs["region"] == CITY]
    targets = (
        run.targets[run.targets["target_year"] == year].set_index("indicator")
        if run is not None
        else pd.DataFrame()
    )
    now = as_of_year(run)
    rows = []
    for x in ref.indicators(plan_id):
        t = x.target(year)
        hit = city[(city["indicator"] == x.id) & (city["year"] == year)]
        row = {
            "group": x.group,
            "indicator_id": x.id,
            "name": x.name(lang),
            "unit": x.unit,
            "latest_year": pd.NA,
            "latest_value": math.nan,
            "target": t.display(lang) if t else "—",
            "actual": float(hit["value"].iloc[-1]) if len(hit) else math.nan,
            "gap": math.nan,
            "probability": math.nan,
            "status": NO_TARGET if t is None else "no_run",
            "source": "",
            "source_kind": "",
        }
        if x.id in latest.index:
            r = latest.loc[x.id]
            row["latest_year"] = int(r["year"])
            row["latest_value"] = float(r["value"])
            row["source"] = str(r.get("source", ""))
            row["source_kind"] = str(r.get("precedence_label", ""))
        if t is not None and (run is not None or not t.is_numeric):
            tr = targets.loc[x.id] if x.id in targets.index else None
            row["status"], row["probability"] = _judged(x, t, row["actual"], tr, now)
        if t is not None and t.is_numeric and not math.isnan(row["latest_value"]):
            row["gap"] = float(t.value) - row["latest_value"]
        rows.append(row)
    return pd.DataFrame(rows)


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many indicators have each status (``no_target`` included); they add up to
    ``len(table)``. Only statuses that occur, in the order of :class:`targets.Status`."""
    from workbench.targets import Status

    order = [s.value for s in Status] + [NO_TARGET, "no_run"]
    counts = table["status"].value_counts()
    return {k: int(counts[k]) for k in order if counts.get(k, 0)}


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
    from workbench.i18n import english_only

    name = catalog.indicator_name(ind, lang)
    if name == ind:
        return f"{region}/{ind}"
    if lang == "en":
        name = english_only(name)
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


def centre_column(forecast: pd.DataFrame) -> str:
    """The forecast table's centre: ``median`` where the run has it, else ``mean`` (older runs,
    where it held the paths' mean)."""
    return "median" if "median" in forecast.columns else "mean"


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
    fc = fc.drop(columns=[c for c in ("mean",) if centre_column(fc) == "median" and c in fc])
    fc = fc.rename(columns={centre_column(fc): "value"}).assign(kind="forecast")
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


def plan_review(
    run, obs: pd.DataFrame, lang: str = "zh", plan_id: str | None = None
) -> pd.DataFrame:
    """Base → each milestone for every indicator, actuals first.

    Columns: group, indicator_id, name, unit, base, and per milestone year ``Y``:
    target_Y, actual_Y (NaN when not entered), probability_Y (0–1, only for an open year
    with a forecast), result_Y (a :class:`workbench.targets.Status` value, ``no_target`` or
    ``no_run``).
    """
    plan = _plan(plan_id)
    city = obs[obs["region"] == CITY]
    tg = run.targets.set_index(["indicator", "target_year"]) if run is not None else None
    now = as_of_year(run)
    rows = []
    for x in plan.indicators:
        row = {"group": x.group, "indicator_id": x.id, "name": x.name(lang), "unit": x.unit,
               "base": x.base_display()}  # fmt: skip
        for year in plan.milestones:
            t = x.target(year)
            actual = city[(city["indicator"] == x.id) & (city["year"] == year)]
            a = float(actual["value"].iloc[-1]) if len(actual) else math.nan
            row[f"target_{year}"] = t.display(lang) if t else "—"
            row[f"actual_{year}"] = a
            status, prob = (NO_TARGET, math.nan) if t is None else ("no_run", math.nan)
            if t is not None and (run is not None or not t.is_numeric):
                tr = tg.loc[(x.id, year)] if tg is not None and (x.id, year) in tg.index else None
                status, prob = _judged(x, t, a, tr, now)
            row[f"probability_{year}"] = prob
            row[f"result_{year}"] = status
        rows.append(row)
    return pd.DataFrame(rows)


def _plan(plan_id: str | None = None):
    from workbench import plans

    return plans.load_plan(plan_id)


AID_COLUMNS = [
    "indicator_id", "series_id", "base_year", "base_value", "latest_year", "latest_value",
    "year", "target", "growth_pct", "historical_growth_pct", "forecast_growth_pct",
    "below_base", "below_latest",
]  # fmt: skip


def target_for_probability(
    run, year: int, probability: float, plan_id: str | None = None
) -> pd.DataFrame:
    """Target-setting aid: for each of the city's forecast plan indicators, the value that
    the run's sample paths reach or exceed in ``year`` with ``probability`` (0–1), i.e. the
    (1 − probability) quantile of the paths, beside the growth it needs and the growth seen.

    Columns (:data:`AID_COLUMNS`): base_year/base_value (the plan's base), latest_year/
    latest_value (latest actual), target, growth_pct (constant annual growth, % a year, from
    the latest actual to the target), historical_growth_pct (first to latest actual),
    forecast_growth_pct (latest actual to the paths' median in ``year``), below_base /
    below_latest (the suggestion is under the plan's base / the latest actual).
    """
    from workbench.targets import historical_growth

    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, got {probability}")
    info = run.info.set_index("series_id")
    p = run.paths[run.paths["year"] == year]
    rows = []
    for x in ref.indicators(plan_id):
        s = sid(x.id)
        v = p.loc[p["series_id"] == s, "value"].to_numpy(float)
        if s not in info.index or v.size == 0:
            continue
        q = float(np.quantile(v, 1 - probability))
        ly, lv = int(info.at[s, "last_year"]), float(info.at[s, "last_value"])
        h = run.history[run.history["series_id"] == s].groupby("year")["value"].last()
        base = x.base_value if x.base_value is not None else math.nan
        rows.append(
            {
                "indicator_id": x.id, "series_id": s, "base_year": x.base_year,
                "base_value": base, "latest_year": ly, "latest_value": lv, "year": year,
                "target": q, "growth_pct": _cagr(lv, q, year - ly),
                "historical_growth_pct": historical_growth(h.index.to_numpy(), h.to_numpy()),
                "forecast_growth_pct": _cagr(lv, float(np.median(v)), year - ly),
                "below_base": bool(q < base) if not math.isnan(base) else False,
                "below_latest": bool(q < lv),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=AID_COLUMNS)


def _cagr(start: float, end: float, years: int) -> float:
    """Constant annual growth in % taking ``start`` to ``end`` in ``years``; NaN if undefined."""
    if years <= 0 or not (start > 0 and end > 0):
        return math.nan
    return ((end / start) ** (1 / years) - 1) * 100


def scenario_basis(run) -> sc.ScenarioBasis:
    """The run's tables prepared for :func:`workbench.scenario.simulate`: its paths, its
    forecast quantiles (so the baseline shows the Forecasts page's numbers) and the year the
    run was made (target years before it are judged on actuals only)."""
    return sc.build_basis(
        run.history,
        run.paths,
        run.info,
        region=CITY,
        to_year=int(run.manifest.get("to_year", 2030)),
        forecasts=run.forecasts,
        as_of_year=as_of_year(run),
    )


def split_basis(split: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Where each category's share of the base scale comes from, in ``lang`` (one line per
    row of :func:`workbench.scenario.category_split`)."""
    from workbench.i18n import t

    out = []
    for _, r in split.iterrows():
        di, id_ = f"{r['di_wanyi']:g}", f"{r['id_wanyi']:g}"
        if r["major_code"] == "05":
            out.append(t("basis_05", lang, id=id_, total=f"{r['di_wanyi'] + r['id_wanyi']:g}"))
        else:
            out.append(t("basis_core", lang, di=di, id=id_))
    return out


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
