"""数据 Data: where every number comes from (source, URL, quote, vintage), the vintages, the
conflicts, the last refresh run; upload-and-refresh for statisticians with the token."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.catalog import region_name
from workbench.export import csv_bytes
from workbench.i18n import column_labels, date_label, t, unit_label
from workbench.ingest.grades import DECLARABLE, grade_label
from workbench.ui import (
    _home,
    _load_run,
    current_lang,
    current_plan,
    dashes,
    get_run,
    lang_selectbox,
    run_observations,
    token_gate,
)
from workbench.uploads import ingest_and_refresh, plain_text, safe_links

lang = current_lang()
st.title(t("data_title", lang))
run = get_run()


def _headers(df: pd.DataFrame) -> dict:
    """Column headers from the translation table; other columns are not shown."""
    labels = column_labels(list(df.columns), lang)
    return {c: st.column_config.Column(labels[c]) if c in labels else None for c in df.columns}


@st.cache_data(max_entries=4, show_spinner=False)
def _obs_csv(home: str, pid: str, rid: str) -> bytes:
    """The run's observations as CSV (built once per run, not on every page load)."""
    return csv_bytes(_load_run(home, pid, rid).observations)


CONFLICT_KEYS, CONFLICT_CANDIDATES = 20, 5
"""A page of conflicts: this many keys, each with its best candidates (queried, not loaded)."""


@st.cache_data(max_entries=16, show_spinner=False)
def _store_tables(home: str, version: str, page: int) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Vintages (one row per file) and one page of conflicts, cached per store version."""
    from workbench.store import Store, StoreError

    try:
        s = Store()
        conflicts, n = s.conflicts_page(CONFLICT_KEYS, CONFLICT_CANDIDATES, page)
        return s.vintages(), conflicts, n
    except StoreError:
        return pd.DataFrame(), pd.DataFrame(), 0


def _store_version() -> str:
    from workbench.store import Store

    return Store().version()


# ---------------------------------------------------------------- the last run
st.subheader(t("run_title", lang))
if run is None:
    st.warning(t("no_run", lang))
else:
    m = run.manifest
    c1, c2, c3 = st.columns(3)
    # run id and time are long strings: plain text, not metrics (which truncate them)
    c1.markdown(f"**{t('run_id_label', lang)}**  \n`{m['run_id']}`")
    c2.markdown(f"**{t('finished_label', lang)}**  \n{date_label(m.get('finished_at', ''), lang)}")
    c3.metric(t("n_series_label", lang), m.get("n_series", 0))
    st.caption(
        t("run_details", lang, code_version=m.get("code_version", "?"),
          to_year=m.get("to_year", "?"), n_paths=m.get("n_paths", "?"), seed=m.get("seed", "?"))
    )  # fmt: skip
    with st.expander(t("inputs_title", lang)):
        inputs = pd.DataFrame(sorted(m.get("inputs", {}).items()), columns=["file", "sha256"])
        st.dataframe(
            dashes(inputs), hide_index=True, width="stretch", column_config=_headers(inputs)
        )

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
                        "published_on", "precedence_label", "conflict", "note")
            if c in obs.columns]  # fmt: skip
    shown = obs[obs["region"] == region][cols].sort_values(["indicator", "year"])
    shown.insert(0, "indicator_name", [ad.indicator_label(i, lang) for i in shown["indicator"]])
    shown = shown.drop(columns="indicator")  # the name, never the id
    shown["unit"] = shown["unit"].map(lambda u: unit_label(u, lang))
    headers = column_labels(list(shown.columns), lang)
    config = {c: st.column_config.Column(label) for c, label in headers.items()}
    config["year"] = st.column_config.NumberColumn(headers["year"], format="%d")
    shown = safe_links(shown)  # only http(s) addresses become links
    if "precedence_label" in shown:
        shown["precedence_label"] = [grade_label(g, lang) for g in shown["precedence_label"]]
    config["source_url"] = st.column_config.LinkColumn(headers.get("source_url"))
    if "conflict" in shown:
        config["conflict"] = st.column_config.CheckboxColumn(headers["conflict"])
    st.dataframe(
        dashes(shown, keep=("source_url",)), hide_index=True, width="stretch", column_config=config
    )
    st.download_button(t("download_csv", lang), _obs_csv(_home(), current_plan(), run.run_id),
                       file_name="observations.csv", mime="text/csv", key="da_csv")  # fmt: skip

version = _store_version()
page = int(st.session_state.get("da_conf_page", 1)) - 1
vintages, conflicts, n_conflicts = _store_tables(_home(), version, max(page, 0))
if n_conflicts and conflicts.empty and page > 0:  # the store changed under an old page number
    vintages, conflicts, n_conflicts = _store_tables(_home(), version, 0)
if len(vintages):
    st.subheader(t("vintages_title", lang))
    vint = vintages.drop(columns=[c for c in ("sha256",) if c in vintages])
    if "origin" in vint:
        vint["origin"] = vint["origin"].map(lambda o: t(f"origin_{o}", lang))
    st.dataframe(dashes(vint), hide_index=True, width="stretch", column_config=_headers(vint))
if len(conflicts):
    st.subheader(t("conflicts_title", lang))
    st.caption(t("conflicts_count", lang, n=n_conflicts, k=CONFLICT_CANDIDATES))
    pages = -(-n_conflicts // CONFLICT_KEYS)
    if pages > 1:
        st.number_input(t("conflicts_page", lang, k=CONFLICT_KEYS, pages=pages), min_value=1,
                        max_value=pages, step=1, key="da_conf_page")  # fmt: skip
    keep = [c for c in ("region", "indicator", "year", "value", "unit", "source", "source_url",
                        "shown", "precedence_label", "n_candidates") if c in conflicts.columns]  # fmt: skip
    conf = safe_links(conflicts[keep].copy())  # only http(s) addresses become links
    conf.insert(0, "indicator_name", [ad.indicator_label(i, lang) for i in conf["indicator"]])
    conf["region"] = conf["region"].map(lambda r: region_name(r, lang))
    conf = conf.drop(columns="indicator")
    conf["unit"] = conf["unit"].map(lambda u: unit_label(u, lang))
    if "precedence_label" in conf:
        conf["precedence_label"] = [grade_label(g, lang) for g in conf["precedence_label"]]
    st.dataframe(
        dashes(conf, keep=("source_url",)),
        hide_index=True,
        width="stretch",
        column_config=_headers(conf),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _run_downloads(home: str, pid: str, rid: str) -> tuple[bytes, bytes]:
    """The run's forecasts as CSV and the run as an Excel workbook (built once per run)."""
    r = _load_run(home, pid, rid)
    sheets = {"forecasts": r.forecasts, "targets": r.targets, "models": r.info,
              "history": r.history}  # fmt: skip
    return csv_bytes(r.forecasts), ad.excel_bytes(sheets)


if run is not None:
    st.subheader(t("downloads_title", lang))
    fc_csv, run_xlsx = _run_downloads(_home(), current_plan(), run.run_id)
    d1, d2 = st.columns(2)
    d1.download_button(
        t("download_forecasts_csv", lang), fc_csv,
        file_name=f"forecasts_{run.run_id}.csv", mime="text/csv", key="da_fc_csv",
    )  # fmt: skip
    d2.download_button(
        t("download_xlsx", lang), run_xlsx,
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
