"""总览 Overview: every indicator's latest actual, target, gap, probability and status,
grouped as in the plan."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.charts import probability_chart
from workbench.i18n import t
from workbench.targets import OFF_TRACK, ON_TRACK
from workbench.ui import current_lang, current_plan_obj, optional_run, run_observations, status_text

lang = current_lang()
P = current_plan_obj()
st.title(t("overview_title", lang, plan=P.short(lang)))
st.caption(t("overview_caption", lang, plan=P.reference(lang)))

run = optional_run(lang)
year = st.radio(
    t("col_target_year", lang), tuple(reversed(P.milestones)), horizontal=True, key="ov_year"
)

table = ad.overview_table(run, run_observations(run), lang, year=year, plan=P)
plan = {x.id: x for x in P.indicators}
st.markdown(t("n_indicators", lang, n=len(table), g=table["group"].nunique()))

counts = table["status"].value_counts()
shown_keys = [k for k in counts.index]
cols = st.columns(max(len(shown_keys), 1))
for col, key in zip(cols, shown_keys, strict=False):
    col.metric(status_text(key, lang, markdown=True), int(counts.get(key, 0)))
st.caption(t("overview_legend", lang, on=round(ON_TRACK * 100), off=round(OFF_TRACK * 100)))
assessed = table[table["probability"].notna()]
if len(assessed):
    st.altair_chart(
        probability_chart(
            assessed.assign(label=assessed["name"]), lang=lang, height=40 + 36 * len(assessed)
        ),
        width="stretch",
    )
st.caption(t("overview_probability_note", lang))
st.caption(t("sources_note", lang))


def _num(x: float, unit: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.4g}" + ("" if unit in ("%",) else "")


for group in P.groups:
    rows = table[table["group"] == group.id]
    st.subheader(group.name(lang))
    others = [y for y in P.milestones if y != year]
    other = others[0] if others else year
    shown = pd.DataFrame(
        {
            t("col_indicator", lang): rows["name"],
            t("col_unit", lang): rows["unit"],
            t("col_base", lang, year=P.base_year): [
                plan[i].base_display() for i in rows["indicator_id"]
            ],
            t("col_latest", lang): [
                "—" if math.isnan(v) else f"{v:,.4g} ({y})"
                for v, y in zip(rows["latest_value"], rows["latest_year"], strict=True)
            ],
            t("col_target", lang, year=other): [
                plan[i].target(other).display(lang) if plan[i].target(other) else "—"
                for i in rows["indicator_id"]
            ],
            t("col_target", lang, year=year): rows["target"],
            t("col_gap", lang): [
                _num(g, u) for g, u in zip(rows["gap"], rows["unit"], strict=True)
            ],
            t("col_probability", lang): [
                "—" if math.isnan(p) else f"{p:.0%}" for p in rows["probability"]
            ],
            t("col_status", lang): [status_text(s, lang, markdown=True) for s in rows["status"]],
            t("col_source", lang): [t(f"src_{k}", lang) if k else "—" for k in rows["source_kind"]],
        }
    )
    # keep the plan's column order: earlier milestone first
    order = list(shown.columns)
    if year < other:
        order[4], order[5] = order[5], order[4]
    if other == year:
        order.pop(4)
    shown = shown[order]
    # st.table renders cells as Markdown: escape the plan's ">" so it is not a quote.
    st.table(shown.set_index(shown.columns[0]).replace(r"^>", r"\\>", regex=True))

with st.expander(t("col_formula", lang)):
    st.markdown("\n".join(f"- **{x.name(lang)}**: {x.formula(lang)}" for x in P.indicators))
