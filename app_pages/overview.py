"""总览 Overview: every indicator's actuals first (latest actual, the target year's actual or
"实际值未录入"), target, gap, probability where the year is still open, and status, grouped
as in the plan. The status boxes add up to the number of indicators."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.charts import probability_chart
from workbench.i18n import number, t, unit_label
from workbench.ingest.grades import grade_label
from workbench.targets import OFF_TRACK, ON_TRACK
from workbench.ui import (
    chart as draw_chart,
)
from workbench.ui import (
    current_lang,
    current_plan_obj,
    optional_run,
    run_observations,
    status_text,
    url_keep,
    url_state,
)

lang = current_lang()
plan = current_plan_obj()
st.title(t("overview_title", lang, short=plan.short(lang)))
st.caption(t("overview_caption", lang, reference=plan.reference(lang)))

run = optional_run(lang)
years = sorted(plan.milestones, reverse=True)
url_state("ov_year", "year", years, int)
year = st.radio(t("col_target_year", lang), years, horizontal=True, key="ov_year")
url_keep("year", year, years[0])

table = ad.overview_table(run, run_observations(run), lang, year=year, plan=plan)
st.markdown(t("n_indicators", lang, n=len(table), g=table["group"].nunique()))

counts = ad.status_counts(table)
for col, (key, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    label = t("status_no_target", lang) if key == ad.NO_TARGET else status_text(key, lang, True)
    col.metric(label, n)
st.caption(t("overview_legend", lang, on=round(ON_TRACK * 100), off=round(OFF_TRACK * 100)))
assessed = table[table["status"].isin(ad.PROBABILISTIC)]
if len(assessed):
    draw_chart(
        probability_chart(
            assessed.assign(label=assessed["name"]), lang=lang, height=40 + 36 * len(assessed)
        )
    )
    st.caption(t("overview_probability_note", lang))
else:
    st.info(t("no_probability", lang))
st.caption(t("sources_note", lang))


def _num(x: float) -> str:
    return number(x)


def _group_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The group's rows as shown: actuals first, then targets, gap, probability, status."""
    other = [y for y in plan.milestones if y != year]
    cols: dict[str, list] = {
        t("col_indicator", lang): list(rows["name"]),
        t("col_unit", lang): [unit_label(u, lang) for u in rows["unit"]],
        t("col_base", lang, year=plan.base_year): [
            ad.base_label(plan.indicator(i), lang) for i in rows["indicator_id"]
        ],
        t("col_latest", lang): [_num(v) for v in rows["latest_value"]],
        t("col_data_year", lang): [
            "—" if pd.isna(y) else t("data_year_cell", lang, year=int(y))
            for y in rows["latest_year"]
        ],
    }
    for y in sorted([*other, year]):
        col = t("col_target", lang, year=y)
        if y == year:
            cols[col] = list(rows["target"])
            cols[t("col_actual", lang, year=y)] = [_num(v) for v in rows["actual"]]
        else:
            cols[col] = [_target(i, y) for i in rows["indicator_id"]]
    cols[t("col_gap", lang)] = [_num(g) for g in rows["gap"]]
    cols[t("col_probability", lang)] = [
        "—" if math.isnan(p) else f"{p:.0%}" for p in rows["probability"]
    ]
    cols[t("col_status", lang)] = [
        t("status_no_target", lang) if s == ad.NO_TARGET else status_text(s, lang, True)
        for s in rows["status"]
    ]
    cols[t("col_source", lang)] = [grade_label(k, lang) or "—" for k in rows["source_kind"]]
    return pd.DataFrame(cols)


def _target(indicator_id: str, y: int) -> str:
    tg = plan.indicator(indicator_id).target(y)
    return tg.display(lang) if tg else "—"


for group in plan.groups:
    rows = table[table["group"] == group.id]
    if rows.empty:
        continue
    st.subheader(group.name(lang))
    shown = _group_table(rows)
    # st.table renders cells as Markdown (status icons) and wraps long text; escape the
    # plan's ">" so it is not read as a quote.
    st.table(shown.set_index(shown.columns[0]).replace(r"^>", r"\\>", regex=True))

with st.expander(t("col_formula", lang)):
    st.markdown("\n".join(f"- **{x.name(lang)}**: {x.formula(lang)}" for x in plan.indicators))
