"""规划评估 Plan review: 2020 base → 2022 mid-term → 2025 final for every indicator, and a
target-setting aid for 2030 (the target met with a chosen probability)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.i18n import t
from workbench.reference import GROUP_NAMES
from workbench.ui import (
    current_lang,
    optional_run,
    run_observations,
    status_style,
    status_text,
)

lang = current_lang()
st.title(t("review_title", lang))
st.caption(t("review_caption", lang))
run = optional_run(lang)

review = ad.plan_review(run, run_observations(run), lang)


def _v(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.4g}"


shown = pd.DataFrame(
    {
        t("col_indicator", lang): review["name"],
        t("col_unit", lang): review["unit"],
        t("col_base_2020", lang): review["base_2020"],
        t("col_target", lang, year=2022): review["target_2022"],
        t("col_actual", lang, year=2022): review["actual_2022"].map(_v),
        t("col_result", lang, year=2022): review["result_2022"].map(lambda s: status_text(s, lang)),
        t("col_target", lang, year=2025): review["target_2025"],
        t("col_actual", lang, year=2025): review["actual_2025"].map(_v),
        t("col_probability", lang): review["probability_2025"].map(
            lambda p: "—" if math.isnan(p) else f"{p:.0%}"
        ),
        t("col_result", lang, year=2025): review["result_2025"].map(lambda s: status_text(s, lang)),
    }
)
for group in review["group"].unique():
    st.subheader(GROUP_NAMES[group][lang])
    part = shown[review["group"] == group]
    result_cols = [
        c
        for c in part.columns
        if c.startswith(("2022", "2025")) and "结果" in c or c.endswith("result")
    ]
    st.dataframe(status_style(part, result_cols), hide_index=True, width="stretch")

if run is not None:
    st.divider()
    years = sorted({int(y) for y in run.paths["year"].unique()})
    default_year = 2030 if 2030 in years else years[-1]
    st.subheader(t("aid_title", lang, year=default_year))
    st.caption(t("aid_caption", lang))
    c1, c2 = st.columns(2)
    prob = c1.slider(t("aid_probability", lang), 50, 95, 70, step=5, key="rv_prob")
    year = c2.selectbox(t("aid_year", lang), years, index=years.index(default_year), key="rv_year")
    aid = ad.target_for_probability(run, int(year), prob / 100)
    aid_shown = pd.DataFrame(
        {
            t("col_indicator", lang): aid["series_id"].map(lambda s: ad.series_label(s, lang)),
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
