"""Entry point of the officials' app: ``streamlit run streamlit_app.py``.

Only navigation and the language switch live here; each page is a file in
``app_pages/``. (Not ``pages/``: Streamlit treats a ``pages/`` folder beside the entry
point as a legacy multipage app and, when a page URL is opened directly, runs the page
file alone, skipping this file and with it the language switch.)
"""

from __future__ import annotations

import streamlit as st

from workbench.i18n import t
from workbench.ui import language_switch, plan_switch

st.set_page_config(page_title="数字经济工作台 · Digital-economy workbench", layout="wide")

lang = language_switch()
plan_switch(lang)

PAGES = [
    # The overview is served at "/" and, for links, at "/overview" (a hidden twin: the default
    # page's own url_path is not served by Streamlit).
    st.Page("app_pages/overview.py", title=t("page_overview", lang), url_path="home",
            icon=":material/dashboard:", default=True),
    st.Page("app_pages/overview.py", title=t("page_overview", lang), url_path="overview",
            icon=":material/dashboard:", visibility="hidden"),
    st.Page("app_pages/composition.py", title=t("page_composition", lang),
            url_path="composition", icon=":material/pie_chart:"),
    st.Page("app_pages/forecasts.py", title=t("page_forecasts", lang), url_path="forecasts",
            icon=":material/show_chart:"),
    st.Page("app_pages/scenarios.py", title=t("page_scenarios", lang), url_path="scenarios",
            icon=":material/tune:"),
    st.Page("app_pages/review.py", title=t("page_review", lang), url_path="review",
            icon=":material/fact_check:"),
    st.Page("app_pages/monitoring.py", title=t("page_monitoring", lang), url_path="monitoring", icon=":material/assignment:"),
    st.Page("app_pages/enterprises.py", title=t("page_enterprises", lang), url_path="enterprises", icon=":material/factory:"),
    st.Page("app_pages/data.py", title=t("page_data", lang), url_path="data",
            icon=":material/database:"),
]  # fmt: skip

st.navigation(PAGES).run()
