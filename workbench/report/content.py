"""What the evaluation report says, as tidy tables and texts (no file format here).

:func:`build` gathers, for one plan and evaluation year, the indicator tables per group
(base, targets, latest actual with year and source, status, probability), the fan charts
of the headline indicators, the tasks by lead unit with their latest progress, the
responsible units, the key projects and the sources. :mod:`workbench.report.docx` and
:mod:`workbench.report.xlsx` render the same :class:`Report`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from workbench.i18n import t
from workbench.progress import planpack, summary
from workbench.progress.vocab import STATES, state_label
from workbench.targets import OFF_TRACK, ON_TRACK, Status

SUMMARY_STATUSES = (
    Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED,
    Status.NOT_ENTERED, Status.INSUFFICIENT_DATA, Status.QUALITATIVE,
)  # fmt: skip


@dataclass
class Chart:
    """One headline indicator's chart: its name, unit and the Altair chart."""

    indicator_id: str
    name: str
    unit: str
    chart: object  # altair chart


@dataclass
class Report:
    """Everything the report shows, in ``lang``; frames have display-ready columns."""

    lang: str
    year: int
    final: bool
    title: str
    lines: list[str]  # reference, dates, run
    summary_text: list[str]
    summary: pd.DataFrame  # item, count
    groups: list[tuple[str, pd.DataFrame]]  # (group name, indicator table)
    indicators: pd.DataFrame  # all groups, with a group column
    charts: list[Chart] = field(default_factory=list)
    tasks: pd.DataFrame = field(default_factory=pd.DataFrame)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    methods: str = ""


def focus_year(info: planpack.PlanInfo, year: int) -> int:
    """The milestone an evaluation in ``year`` judges: the latest milestone not after
    ``year`` (2023 → 2022), else the first; the final year for the final evaluation."""
    past = [m for m in info.milestones if m <= year]
    return past[-1] if past else info.milestones[0]


def _observations(run) -> pd.DataFrame:
    """The values the run was made from (``run.observations``), empty without a run."""
    if run is None:
        return pd.DataFrame(columns=["region", "indicator", "year", "value", "source"])
    return run.observations


def _fmt(x: object) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return "—"
    x = float(x)
    return f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:,.0f}"


def unit_label(unit: str, lang: str) -> str:
    """A unit as shown: the unit itself, except a count (个) reads "count" in English."""
    return t("rep_unit_count", lang) if unit == "个" else unit


def _date(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    return pd.Timestamp(value).date().isoformat()


def _status(run_targets: pd.DataFrame | None, ind, year: int) -> tuple[Status, float]:
    tg = ind.target(year)
    if tg is not None and not tg.is_numeric:
        return Status.QUALITATIVE, math.nan
    if run_targets is None or tg is None:
        return Status.INSUFFICIENT_DATA, math.nan
    hit = run_targets[(run_targets["indicator"] == ind.id) & (run_targets["target_year"] == year)]
    if hit.empty or not str(hit["status"].iloc[0]):
        return Status.INSUFFICIENT_DATA, math.nan
    p = hit["probability"].iloc[0]
    return Status(str(hit["status"].iloc[0])), float(p) if pd.notna(p) else math.nan


def indicator_table(plan_id: str, run, obs: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """One row per indicator (plan order) with display columns and hidden keys
    ``_id``, ``_group``, ``_status`` (a :class:`Status` value), ``_source_url``, ``_quote``."""
    info = planpack.plan_info(plan_id)
    focus = focus_year(info, year)
    targets = run.targets if run is not None else None
    from workbench.app_data import actuals

    city = actuals(obs)
    city = city[city["region"] == info.region] if len(city) else city
    names = {g: (zh, en) for g, zh, en in planpack.groups(plan_id)}
    rows = []
    for x in planpack.indicators(plan_id):
        h = city[city["indicator"] == x.id].sort_values("year") if len(city) else city
        last = h.iloc[-1] if len(h) else None
        status, prob = _status(targets, x, focus)
        fin_status, fin_prob = _status(targets, x, info.final_year)
        row = {
            t("rep_group", lang): names[x.group][0 if lang == "zh" else 1],
            t("col_indicator", lang): x.name(lang),
            t("col_unit", lang): unit_label(x.unit, lang),
            t("rep_col_base", lang): x.base_display(),
        }
        for m in info.milestones:
            tg = x.target(m)
            row[t("rep_col_target", lang, year=m)] = tg.display(lang) if tg else "—"
        row[t("rep_col_latest", lang)] = (
            "—" if last is None else f"{_fmt(last['value'])} ({int(last['year'])})"
        )
        kind = "" if last is None else str(last.get("precedence_label", "") or "")
        row[t("col_source", lang)] = t(f"src_{kind}", lang) if kind else ""
        row[t("col_status", lang)] = status.label(lang)
        # the probability of meeting the final target while its year is still open
        row[t("rep_col_probability", lang)] = (
            "—" if fin_status.is_final or math.isnan(fin_prob) else f"{fin_prob:.0%}"
        )
        row.update(
            _id=x.id,
            _group=x.group,
            _status=status.value,
            _source_url="" if last is None else str(last.get("source_url", "") or ""),
            _quote="" if last is None else str(last.get("quote", "") or ""),
            _published="" if last is None else _date(last.get("published_on")),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def charts(plan_id: str, run, lang: str) -> list[Chart]:
    """Fan charts (the app's :func:`workbench.charts.fan_chart`) of the headline indicators
    that have a forecast in ``run``."""
    if run is None:
        return []
    from workbench import app_data as ad
    from workbench.charts import fan_chart

    have = set(run.forecasts["series_id"])
    out = []
    by_id = {x.id: x for x in planpack.indicators(plan_id)}
    for ind in planpack.headline_indicators(plan_id):
        sid = ad.sid(ind, planpack.plan_info(plan_id).region)
        if sid not in have:
            continue
        hist, fc, tg = ad.fan_inputs(run, sid, lang)
        x = by_id[ind]
        chart = fan_chart(hist, fc, tg, unit=unit_label(x.unit, lang), lang=lang, height=240)
        out.append(Chart(ind, x.name(lang), unit_label(x.unit, lang), chart.properties(width=520)))
    return out


def _progress_cols(df: pd.DataFrame, lang: str) -> dict[str, list]:
    return {
        t("col_progress", lang): [state_label(s, lang) for s in df["status"]],
        t("col_percent", lang): [_fmt(p) for p in df["percent"]],
        t("col_period", lang): df["period"].fillna("—").tolist(),
        t("col_reported_on", lang): [
            "—" if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in df["reported_on"]
        ],
        t("col_note", lang): df["note"].fillna("").tolist(),
    }


def task_table(plan_id: str, lang: str) -> pd.DataFrame:
    """The tasks grouped by lead unit (units in order of first appearance), with progress."""
    ts = summary.task_status(plan_id, lang)
    order = {u: k for k, u in enumerate(dict.fromkeys(ts["lead_unit"]))}
    ts = ts.assign(_o=ts["lead_unit"].map(order)).sort_values(["_o", "task_no"], kind="mergesort")
    return pd.DataFrame(
        {
            t("col_lead_unit", lang): ts["lead_unit"],
            t("col_task_no", lang): ts["task_no"],
            t("col_area", lang): ts["area"],
            t("col_task", lang): ts["text"],
            t("col_other_units", lang): ts["other_units"],
            **_progress_cols(ts, lang),
        }
    )


def unit_table(plan_id: str, lang: str) -> pd.DataFrame:
    """Every responsible unit: tasks led and shared, and how the tasks it leads stand."""
    u = summary.by_unit(summary.task_status(plan_id, lang))
    return pd.DataFrame(
        {
            t("col_units", lang): u["unit"],
            t("col_n_lead", lang): u["lead"],
            t("col_n_partner", lang): u["partner"],
            t("col_lead_completed", lang): u["lead_completed"],
            t("col_lead_delayed", lang): u["lead_delayed"],
            t("col_lead_not_reported", lang): u["lead_not_reported"],
            t("col_task_list", lang): u["tasks"],
        }
    )


def project_table(plan_id: str, lang: str) -> pd.DataFrame:
    """Every key project by box, with the plan's investment and county where given."""
    p = summary.project_status(plan_id, lang)
    out = {
        t("col_project_no", lang): p["number"],
        t("col_area", lang): p["area"],
        t("col_box", lang): p["box"],
        t("col_project", lang): p["name"],
    }
    if lang == "zh":
        out[t("col_description", lang)] = p["description"]
    out[t("col_investment", lang)] = [_fmt(v) for v in p["investment_yi"]]
    out[t("col_region", lang)] = [r or t("mon_region_city", lang) for r in p["region"]]
    out.update(_progress_cols(p, lang))
    return pd.DataFrame(out)


def _summary(ind: pd.DataFrame, plan_id: str, lang: str) -> tuple[list[str], pd.DataFrame]:
    """The summary sentences and the same counts as a table (item, count)."""
    counts = ind["_status"].value_counts()
    st = [(s.label(lang), int(counts.get(s.value, 0))) for s in SUMMARY_STATUSES]
    tasks = summary.state_counts(summary.task_status(plan_id, lang)["status"])
    projects = summary.state_counts(summary.project_status(plan_id, lang)["status"])
    sep = "，" if lang == "zh" else ", "

    def parts(pairs):
        return sep.join(t("rep_count", lang, label=k, n=n) for k, n in pairs)

    tp = [(state_label(s, lang), n) for s, n in tasks.items()]
    pp = [(state_label(s, lang), n) for s, n in projects.items()]
    text = [
        t("rep_summary_indicators", lang, n=len(ind), parts=parts(st)),
        t("rep_summary_tasks", lang, n=sum(tasks.values()), parts=parts(tp),
          p=sum(projects.values()), pparts=parts(pp)),
    ]  # fmt: skip
    kinds = [(t("col_indicator", lang), st), (t("kind_task", lang), tp),
             (t("kind_project", lang), pp)]  # fmt: skip
    rows = [
        {t("col_kind", lang): k, t("rep_item", lang): label, t("rep_count_col", lang): n}
        for k, pairs in kinds
        for label, n in pairs
    ]
    return text, pd.DataFrame(rows)


def _sources(ind: pd.DataFrame, lang: str) -> pd.DataFrame:
    s = ind[ind[t("col_source", lang)] != ""]
    return pd.DataFrame(
        {
            t("col_indicator", lang): s[t("col_indicator", lang)],
            t("rep_col_latest", lang): s[t("rep_col_latest", lang)],
            t("col_source", lang): s[t("col_source", lang)],
            t("rep_published", lang): s["_published"],
            t("rep_url", lang): s["_source_url"],
            t("rep_quote", lang): s["_quote"],
        }
    )


def build(
    plan_id: str = planpack.DEFAULT_PLAN,
    year: int = 2025,
    lang: str = "zh",
    run=None,
    obs: pd.DataFrame | None = None,
    today: dt.date | None = None,
    with_charts: bool = True,
) -> Report:
    """The report for ``plan_id`` evaluated in ``year`` (mid-term before the final year).

    ``run`` defaults to the plan's latest run, ``obs`` to the store's observations (else the
    run's history).
    """
    info = planpack.plan_info(plan_id)
    run = run if run is not None else planpack.latest_run(plan_id)
    obs = obs if obs is not None else _observations(run)
    today = today or dt.date.today()
    final = year >= info.final_year
    ind = indicator_table(plan_id, run, obs, year, lang)
    cutoff = "—"
    city = obs[obs["region"] == info.region] if len(obs) else obs
    if len(city):
        cutoff = str(int(city["year"].max()))
    lines = [
        t("rep_reference", lang, title=info.title(lang), number=info.number, issued=info.issued),
        t("rep_dates", lang, today=today.isoformat(), cutoff=cutoff, year=year),
        t("rep_run", lang, run_id=run.run_id, finished_at=run.manifest.get("finished_at", ""))
        if run is not None
        else t("rep_no_run", lang),
    ]
    text, table = _summary(ind, plan_id, lang)
    focus = focus_year(info, year)
    text.insert(
        0,
        t(
            "rep_focus_final" if final else "rep_focus_mid",
            lang,
            focus=focus,
            final=info.final_year,
        ),
    )
    names = {g: (zh if lang == "zh" else en) for g, zh, en in planpack.groups(plan_id)}
    groups = [
        (names[g], ind[ind["_group"] == g].drop(columns=[t("rep_group", lang)]))
        for g in names
        if (ind["_group"] == g).any()
    ]
    return Report(
        lang=lang,
        year=year,
        final=final,
        title=t("rep_title_final" if final else "rep_title_mid", lang, title=info.title(lang)),
        lines=lines,
        summary_text=text,
        summary=table,
        groups=groups,
        indicators=ind,
        charts=charts(plan_id, run, lang) if with_charts else [],
        tasks=task_table(plan_id, lang),
        units=unit_table(plan_id, lang),
        projects=project_table(plan_id, lang),
        sources=_sources(ind, lang),
        methods=t("rep_methods_text", lang, on=round(ON_TRACK * 100), off=round(OFF_TRACK * 100)),
    )


def visible(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the hidden key columns (those starting with ``_``)."""
    return df[[c for c in df.columns if not str(c).startswith("_")]]


__all__ = ["Chart", "Report", "STATES", "build", "focus_year", "visible"]
