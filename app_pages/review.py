"""规划评估 Plan review: 2020 base → 2022 mid-term → 2025 final for every indicator, and a
target-setting aid for 2030 (the target met with a chosen probability)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.i18n import t
from workbench.ui import (
    current_lang,
    current_plan_obj,
    optional_run,
    run_observations,
    status_style,
    status_text,
)

lang = current_lang()
st.title(t("review_title", lang))
st.caption(t("review_caption", lang))
run = optional_run(lang)

P = current_plan_obj()
review = ad.plan_review(run, run_observations(run), lang, plan=P)


def _v(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.4g}"


def _p(p: float) -> str:
    return "—" if math.isnan(p) else f"{p:.0%}"


columns = {
    t("col_indicator", lang): review["name"],
    t("col_unit", lang): review["unit"],
    t("col_base", lang, year=P.base_year): review["base"],
}
result_cols = []
for y in P.milestones:
    columns[t("col_target", lang, year=y)] = review[f"target_{y}"]
    columns[t("col_actual", lang, year=y)] = review[f"actual_{y}"].map(_v)
    columns[t("col_probability_year", lang, year=y)] = review[f"probability_{y}"].map(_p)
    columns[t("col_result", lang, year=y)] = review[f"result_{y}"].map(
        lambda s: status_text(s, lang) if s != "—" else "—"
    )
    result_cols.append(t("col_result", lang, year=y))
shown = pd.DataFrame(columns)
for group in P.groups:
    part = shown[review["group"] == group.id]
    if part.empty:
        continue
    st.subheader(group.name(lang))
    st.dataframe(status_style(part, result_cols), hide_index=True, width="stretch")

if run is not None:
    st.divider()
    years = sorted({int(y) for y in run.paths["year"].unique()})
    default_year = P.horizon if P.horizon in years else years[-1]
    st.subheader(t("aid_title", lang, year=default_year))
    st.caption(t("aid_caption", lang))
    c1, c2 = st.columns(2)
    prob = c1.slider(t("aid_probability", lang), 50, 95, 70, step=5, key="rv_prob")
    year = c2.selectbox(t("aid_year", lang), years, index=years.index(default_year), key="rv_year")
    aid = ad.target_for_probability(run, int(year), prob / 100)
    aid_shown = pd.DataFrame(
        {
            t("col_indicator", lang): aid["series_id"].map(lambda s: ad.series_label(s, lang, plan=P)),
            t("col_latest", lang): [
                f"{v:,.4g} ({y})"
                for v, y in zip(aid["latest_value"], aid["latest_year"], strict=True)
            ],
            t("col_aid_target", lang): aid["target"],
            t("col_growth", lang): aid["growth_pct"],
        }
    )
    st.dataframe(
        aid_shown, hide_index=True, width="stretch",
        column_config={c: st.column_config.NumberColumn(format="%.2f")
                       for c in aid_shown.columns[2:]},
    )  # fmt: skip
