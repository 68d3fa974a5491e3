"""规划评估 Plan review: base → each milestone for every indicator, actuals first, and a
target-setting aid for a later year (the target met with a chosen probability, beside the
growth it needs, the growth seen and the growth forecast, with warnings)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.i18n import number, t, unit_label
from workbench.ui import (
    current_lang,
    current_plan_obj,
    number_table,
    optional_run,
    run_observations,
    status_text,
    url_keep,
    url_state,
)

lang = current_lang()
plan = current_plan_obj()
st.title(t("review_title", lang))
st.caption(t("review_caption", lang, base=plan.base_year))
run = optional_run(lang)

review = ad.plan_review(run, run_observations(run), lang, plan=plan)


def _v(x: float) -> str:
    return number(x)


def _result(status: str, prob: float) -> str:
    if status == ad.NO_TARGET:
        return "—"
    text = status_text(status, lang, markdown=True)
    return (
        f"{text}（{prob:.0%}）"
        if not math.isnan(prob) and lang == "zh"
        else (f"{text} ({prob:.0%})" if not math.isnan(prob) else text)
    )


cols: dict[str, pd.Series | list] = {
    t("col_indicator", lang): review["name"],
    t("col_unit", lang): [unit_label(u, lang) for u in review["unit"]],
    t("col_base", lang, year=plan.base_year): [ad.base_label(x, lang) for x in plan.indicators],
}
for y in plan.milestones:
    cols[t("col_target", lang, year=y)] = review[f"target_{y}"]
    cols[t("col_actual", lang, year=y)] = review[f"actual_{y}"].map(_v)
    cols[t("col_result", lang, year=y)] = [
        _result(s, p)
        for s, p in zip(review[f"result_{y}"], review[f"probability_{y}"], strict=True)
    ]
shown = pd.DataFrame(cols)
for group in plan.groups:
    part = shown[review["group"] == group.id]
    if part.empty:
        continue
    st.subheader(group.name(lang))
    # st.table wraps long text (no cut-off columns in English) and renders the status icons
    st.table(part.set_index(part.columns[0]).replace(r"^>", r"\\>", regex=True))

if run is not None:
    st.divider()
    years = sorted({int(y) for y in run.paths["year"].unique()})
    default_year = plan.horizon if plan.horizon in years else years[-1]
    url_state("rv_year", "aid_year", years, int, default=default_year)
    url_state("rv_prob", "aid_p", list(range(50, 96, 5)), int, default=70)
    year = int(st.session_state.get("rv_year", default_year))
    st.subheader(t("aid_title", lang, year=year))
    st.caption(t("aid_caption", lang))
    c1, c2 = st.columns(2)
    prob = c1.slider(t("aid_probability", lang), 50, 95, step=5, key="rv_prob")
    year = c2.selectbox(t("aid_year", lang), years, key="rv_year")
    url_keep("aid_year", year, default_year)
    url_keep("aid_p", prob, 70)
    aid = ad.target_for_probability(run, int(year), prob / 100, plan_id=plan.id)

    def _flag(r) -> str:
        out = []
        if r["below_base"]:
            out.append(t("aid_below_base", lang, year=int(r["base_year"])))
        if r["below_latest"]:
            out.append(t("aid_below_latest", lang))
        return "；".join(out) if lang == "zh" else "; ".join(out)

    flags = aid.apply(_flag, axis=1) if len(aid) else pd.Series(dtype=str)
    aid_shown = pd.DataFrame(
        {
            t("col_indicator", lang): aid["series_id"].map(
                lambda s: ad.series_label(s, lang, plan=plan)
            ),
            t("col_base", lang, year=plan.base_year): aid["base_value"].map(_v),
            t("col_latest", lang): [
                f"{number(v)}（{y}）" if lang == "zh" else f"{number(v)} ({y})"
                for v, y in zip(aid["latest_value"], aid["latest_year"], strict=True)
            ],
            t("col_aid_target", lang): aid["target"],
            t("col_growth", lang): aid["growth_pct"],
            t("col_hist_growth", lang): aid["historical_growth_pct"],
            t("col_fc_growth", lang): aid["forecast_growth_pct"],
            t("col_aid_flag", lang): flags.replace("", "—"),
        }
    )
    n_flagged = int((aid["below_base"] | aid["below_latest"]).sum()) if len(aid) else 0
    if n_flagged:
        st.warning(t("aid_warning", lang, n=n_flagged), icon=":material/warning:")
    numeric = list(aid_shown.columns[3:7])
    aid_shown, fmt = number_table(aid_shown, 2, numeric)
    st.dataframe(aid_shown, hide_index=True, width="stretch", column_config=fmt)
