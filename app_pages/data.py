"""数据 Data: where every number comes from (source, URL, quote, vintage), the vintages, the
conflicts, the last refresh run; upload-and-refresh for statisticians with the token."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.catalog import indicator_name, region_name
from workbench.export import csv_bytes
from workbench.i18n import column_labels, t
from workbench.ingest.grades import DECLARABLE, grade_label
from workbench.ui import (
    _home,
    current_lang,
    current_plan,
    get_run,
    lang_selectbox,
    run_observations,
    token_gate,
)
from workbench.uploads import ingest_and_refresh, plain_text, safe_links

lang = current_lang()
st.title(t("data_title", lang))
run = get_run()


@st.cache_data(max_entries=4, show_spinner=False)
def _store_tables(home: str, run_id: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from workbench.store import Store, StoreError

    try:
        s = Store()
        return s.vintages(), s.conflicts()
    except StoreError:
        return pd.DataFrame(), pd.DataFrame()


# ---------------------------------------------------------------- the last run
st.subheader(t("run_title", lang))
if run is None:
    st.warning(t("no_run", lang))
else:
    m = run.manifest
    c1, c2, c3 = st.columns(3)
    # run id and time are long strings: plain text, not metrics (which truncate them)
    c1.markdown(f"**{t('run_id_label', lang)}**  \n`{m['run_id']}`")
    c2.markdown(f"**{t('finished_label', lang)}**  \n{m.get('finished_at', '?')}")
    c3.metric(t("n_series_label", lang), m.get("n_series", 0))
    st.caption(f"code_version {m.get('code_version', '?')} · to_year {m.get('to_year', '?')} · "
               f"n_paths {m.get('n_paths', '?')} · seed {m.get('seed', '?')}")  # fmt: skip
    with st.expander(t("inputs_title", lang)):
        inputs = pd.DataFrame(sorted(m.get("inputs", {}).items()), columns=["file", "sha256"])
        st.dataframe(inputs, hide_index=True, width="stretch")

# ---------------------------------------------------------------- provenance
st.subheader(t("provenance_title", lang))
obs = run_observations(run)
if obs.empty:
    st.info(t("no_store", lang))
else:
    regions = sorted(obs["region"].unique(), key=lambda r: (r != ad.plan_of(run).region, r))
    region = lang_selectbox(t("region_filter", lang), regions, key="da_region", lang=lang,
                            format_func=lambda r: region_name(r, lang))  # fmt: skip
    cols = [c for c in ("indicator", "year", "value", "unit", "source", "source_url", "quote",
                        "published_on", "vintage_id", "precedence_label", "conflict", "note")
            if c in obs.columns]  # fmt: skip
    shown = obs[obs["region"] == region][cols].sort_values(["indicator", "year"])
    shown.insert(0, "indicator_name", [indicator_name(i, lang) for i in shown["indicator"]])
    headers = column_labels(list(shown.columns), lang)
    config = {c: st.column_config.Column(label) for c, label in headers.items()}
    shown = safe_links(shown)  # only http(s) addresses become links
    if "precedence_label" in shown:
        shown["precedence_label"] = [grade_label(g, lang) for g in shown["precedence_label"]]
    config["source_url"] = st.column_config.LinkColumn(headers.get("source_url"))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    st.download_button(t("download_csv", lang), csv_bytes(obs),
                       file_name="observations.csv", mime="text/csv", key="da_csv")  # fmt: skip

vintages, conflicts = _store_tables(_home(), run.run_id if run is not None else None)
if len(vintages):
    st.subheader(t("vintages_title", lang))
    st.dataframe(vintages, hide_index=True, width="stretch")
if len(conflicts):
    st.subheader(t("conflicts_title", lang))
    keep = [c for c in ("region", "indicator", "year", "value", "unit", "source", "source_url",
                        "shown", "precedence_label") if c in conflicts.columns]  # fmt: skip
    conflicts = safe_links(conflicts.assign(precedence_label=[
        grade_label(g, lang) for g in conflicts.get("precedence_label", [""] * len(conflicts))]))
    st.dataframe(conflicts[keep], hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(h)
                                for c, h in column_labels(keep, lang).items()})  # fmt: skip

if run is not None:
    st.subheader(t("downloads_title", lang))
    d1, d2 = st.columns(2)
    d1.download_button(
        t("download_csv", lang) + " (forecasts)", csv_bytes(run.forecasts),
        file_name=f"forecasts_{run.run_id}.csv", mime="text/csv", key="da_fc_csv",
    )  # fmt: skip
    d2.download_button(
        t("download_xlsx", lang),
        ad.excel_bytes({"forecasts": run.forecasts, "targets": run.targets, "models": run.info,
                        "history": run.history}),
        file_name=f"run_{run.run_id}.xlsx", key="da_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip

# ---------------------------------------------------------------- upload and refresh
st.subheader(t("upload_title", lang))
if token_gate(lang, "da_token"):
    f = st.file_uploader(t("upload_file", lang), type=["csv", "xlsx", "xls"], key="da_file")
    source = st.text_input(t("upload_source", lang), key="da_source")
    grade = st.radio(t("upload_grade", lang), [g.value for g in DECLARABLE], horizontal=True,
                     format_func=lambda g: grade_label(g, lang), key="da_grade")  # fmt: skip
    if st.button(t("upload_button", lang), key="da_go", disabled=f is None or not source.strip()):
        outcome = ingest_and_refresh(f.getvalue(), f.name, source, plan_id=current_plan(),
                                     lang=lang, grade=grade)  # fmt: skip
        for level, msg in outcome.messages:  # stored and refreshed are reported separately
            (st.success if level == "success" else st.error)(plain_text(msg))
