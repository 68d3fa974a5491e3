"""总览 Overview: the plan's indicators grouped as in the plan, with base and targets."""

from __future__ import annotations

import streamlit as st

from workbench.i18n import t
from workbench.reference import GROUP_NAMES, GROUPS, indicators_frame
from workbench.ui import current_lang

lang = current_lang()
st.title(t("overview_title", lang))
st.caption(t("overview_caption", lang))

table = indicators_frame(lang)
st.markdown(t("n_indicators", lang, n=len(table), g=table["group"].nunique()))

for group in GROUPS:
    rows = table[table["group"] == group]
    st.subheader(GROUP_NAMES[group][lang])
    shown = rows.assign(nature=rows["nature"].map(lambda n: t(f"nature_{n}", lang)))[
        ["name", "unit", "nature", "base_2020", "target_2022", "target_2025", "formula"]
    ].rename(
        columns={
            "name": t("col_indicator", lang),
            "unit": t("col_unit", lang),
            "nature": t("col_nature", lang),
            "base_2020": t("col_base_2020", lang),
            "target_2022": t("col_target_2022", lang),
            "target_2025": t("col_target_2025", lang),
            "formula": t("col_formula", lang),
        }
    )
    # st.table renders cells as Markdown: escape the plan's ">" so it is not a quote.
    st.table(shown.set_index(shown.columns[0]).replace(r"^>", r"\\>", regex=True))
