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

PROBABILISTIC = ("on_track", "at_risk", "off_track")
"""Statuses that rest on a probability (an open target year); the others show no probability."""
NO_TARGET = "no_target"
"""Overview bucket for an indicator without a target in the chosen year (not a Status)."""


def plan_of(run, plan_id: str | None = None) -> plans.Plan:
    """The plan of ``run`` (or ``plan_id``, or the default plan when there is no run)."""
    if run is not None and "plan_id" in run.manifest:
        return plans.load_plan(run.manifest["plan_id"])
    return plans.load_plan(plan_id)


def sid(indicator: str, region: str) -> str:
    """Series id ``"<region>/<indicator>"`` (:func:`workbench.refresh.series_id`)."""
    from workbench.refresh import series_id

    return series_id(region, indicator)


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


def base_label(x, lang: str = "zh") -> str:
    """An indicator's base as shown: the plan's own words in Chinese; in English the number
    (the unit has its own column), or the words when the plan gives no number."""
    from workbench.i18n import english_only, number

    if lang == "en" and x.base_value is not None:
        return number(x.base_value)
    text = x.base_display()
    return english_only(text) or "—" if lang == "en" else text


def data_as_of(obs: pd.DataFrame, plan) -> int | None:
    """The latest year with an actual of any of ``plan``'s indicators in the plan's region."""
    ids = {x.id for x in plan.indicators}
    o = actuals(obs)
    o = o[(o["region"] == plan.region) & o["indicator"].isin(ids)]
    return int(o["year"].max()) if len(o) else None


def as_of_year(run) -> int:
    """The first year that is not over for the run (its ``as_of_year``, else its finish year)."""
    import datetime as dt

    if run is not None and run.manifest.get("as_of_year"):
        return int(run.manifest["as_of_year"])
    when = (run.manifest.get("finished_at") or "") if run is not None else ""
    try:
        return dt.datetime.fromisoformat(when).year
    except ValueError:
        return dt.date.today().year


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
            "probability": math.nan, "status": "no_run" if t else NO_TARGET, "source": "",
            "source_kind": "",
        }  # fmt: skip
        if x.id in latest.index:
            r = latest.loc[x.id]
            row.update(latest_year=int(r["year"]), latest_value=float(r["value"]))
            row["source"] = str(r.get("source", ""))
            row["source_kind"] = str(r.get("grade", r.get("precedence_label", "")))
        if x.id in targets.index:
            tr = targets.loc[x.id]
            row["status"] = str(tr["status"])
            final = Status(row["status"]).is_final  # judged on the actual: no probability
            row["probability"] = (
                float(tr["probability"]) if pd.notna(tr["probability"]) and not final else math.nan
            )
            if "actual" in tr.index and pd.notna(tr["actual"]):
                row["actual"] = float(tr["actual"])
        elif t is not None and not t.is_numeric:
            row["status"] = Status.QUALITATIVE.value
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
            row[f"result_{year}"] = "no_run" if t is not None else NO_TARGET
            if x.id in tg.index:
                r = tg.loc[x.id]
                row[f"result_{year}"] = str(r["status"])
                if "actual" in r.index and pd.notna(r["actual"]):
                    row[f"actual_{year}"] = float(r["actual"])
                if pd.notna(r["probability"]) and not Status(r["status"]).is_final:
                    row[f"probability_{year}"] = float(r["probability"])
        rows.append(row)
    return pd.DataFrame(rows)


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
    plan = plan_of(run, plan_id)
    rows = []
    for x in plan.indicators:
        s = sid(x.id, plan.region)
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


def indicator_label(indicator_id: str, lang: str = "zh") -> str:
    """A catalogued series' name in ``lang`` (English names without their Chinese tags)."""
    from workbench.i18n import english_only

    name = catalog.indicator_name(indicator_id, lang)
    return english_only(name) if lang == "en" else name


def region_label(region: str, lang: str = "zh") -> str:
    """A region's name in ``lang`` from the catalogue, whether given as id or Chinese name."""
    rid = catalog.resolve_region(region) or region
    try:
        return catalog.region_name(rid, lang)
    except KeyError:
        return region


def unmatched_frame(unmatched: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The classifier's unmatched codes for display: statuses in words (the classifier's own
    reason, in English, is left out: the status says it in the current language)."""
    from workbench.i18n import t

    out = unmatched.copy()
    if "status" in out:
        out["status"] = out["status"].map(lambda s: t(f"code_{s}", lang))
    return out.drop(columns=[c for c in ("reason",) if c in out])


_NOTE_PATTERNS = (
    (r"^UNVERIFIED: ", None),  # shown as the unverified-table banner
    (r"PLACEHOLDER values", "note_placeholder"),
    (r"^(?P<n>\d+) of (?P<total>\d+) records have codes that are not GB/T 4754-2017 codes "
     r"\((?P<k>\d+) distinct\)", "note_unmatched"),
    (r"^(?P<n>\d+) records are coded at 大类/中类 level", "note_coarse"),
    (r"^(?P<n>\d+) records have 3-digit codes", "note_three_digit"),
    (r"^(?P<n>\d+) records have no value in", "note_missing_value"),
)  # fmt: skip


def composition_notes(notes: list[str], lang: str = "zh") -> list[str]:
    """The classifier's notes in ``lang``: known ones from the translation table (numbers
    kept), the unverified-table note dropped (the page shows a banner), others counted."""
    import re

    from workbench.i18n import t

    out, other = [], 0
    for note in notes:
        for pattern, key in _NOTE_PATTERNS:
            m = re.search(pattern, note)
            if m:
                if key:
                    out.append(t(key, lang, **m.groupdict()))
                break
        else:
            other += 1
    if other:
        out.append(t("note_other", lang, n=other))
    return out


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
