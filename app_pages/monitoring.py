"""规划实施监测 Plan implementation: the key tasks and projects with their responsible units
and latest progress, each item's history, progress upload and entry (with the token), and
the evaluation report (Word / Excel) for download."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from workbench.export import csv_bytes, xlsx_bytes
from workbench.i18n import t
from workbench.progress import history, ingest_sheet, planpack, summary
from workbench.progress.vocab import LOOKS_LIKE, STATES, state_label
from workbench.report.content import unit_table
from workbench.ui import (
    current_lang,
    current_plan,
    get_run,
    lang_selectbox,
    run_caption,
    token_gate,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

lang = current_lang()
PLAN = current_plan()
st.title(t("mon_title", lang))
st.caption(t("mon_caption", lang))
if flash := st.session_state.pop("mon_flash", None):
    st.success(flash)

tasks = summary.task_status(PLAN, lang)
projects = summary.project_status(PLAN, lang)
if tasks.empty and projects.empty:
    st.info(t("mon_no_tasks", lang, plan=planpack.load(PLAN).short(lang)))
    st.stop()
n_units = len(summary.by_unit(tasks))
st.markdown(t("mon_n_tasks", lang, n=len(tasks), p=len(projects), u=n_units))


def _label(state: str, markdown: bool = False) -> str:
    s = LOOKS_LIKE[state]
    text = state_label(state, lang)
    return f"{s.icon} :{s.colour}[{text}]" if markdown else text


counts = summary.state_counts(tasks["status"])
for col, (state, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    col.metric(_label(state, markdown=True), n)


def _progress_columns(df: pd.DataFrame) -> dict[str, list]:
    return {
        t("col_progress", lang): [_label(s) for s in df["status"]],
        t("col_percent", lang): ["—" if pd.isna(p) else f"{p:g}%" for p in df["percent"]],
        t("col_period", lang): df["period"].fillna("—").tolist(),
        t("col_reported_on", lang): [
            "—" if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in df["reported_on"]
        ],
        t("col_note", lang): df["note"].fillna("").tolist(),
    }


def _by_area(frame: pd.DataFrame) -> pd.DataFrame:
    a = summary.by_area(frame)
    out = pd.DataFrame({t("col_area", lang): a["area"], t("col_total", lang): a["total"]})
    for s in summary.STATE_ORDER:
        out[state_label(s, lang)] = a[s]
    return out.set_index(t("col_area", lang))


def _csv(df: pd.DataFrame) -> bytes:
    return csv_bytes(df)


def _history_table(h: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_period", lang): h["period"],
            t("col_progress", lang): [_label(s) for s in h["status"]],
            t("col_percent", lang): ["—" if pd.isna(p) else f"{p:g}%" for p in h["percent"]],
            t("col_note", lang): h["note"],
            t("col_evidence", lang): h["evidence_url"],
            t("col_reported_by", lang): h["reported_by"],
            t("col_reported_on", lang): [pd.Timestamp(d).date().isoformat() for d in h["reported_on"]],
            t("col_ingested_at", lang): [pd.Timestamp(d).strftime("%Y-%m-%d %H:%M") for d in h["ingested_at"]],
            t("col_file", lang): h["original_filename"],
        }
    )  # fmt: skip


tab_tasks, tab_units, tab_projects, tab_history, tab_update, tab_report = st.tabs(
    [t(k, lang) for k in ("mon_tab_tasks", "mon_tab_units", "mon_tab_projects",
                          "mon_tab_history", "mon_tab_update", "mon_tab_report")]
)  # fmt: skip

# ---------------------------------------------------------------- key tasks
ALL = "__all__"


def _all_or(value: str) -> str:
    return t("mon_all", lang) if value == ALL else value


with tab_tasks:
    st.subheader(t("mon_by_area", lang))
    st.table(_by_area(tasks))
    c1, c2, c3 = st.columns(3)
    with c1:
        area = lang_selectbox(t("mon_filter_area", lang), [ALL, *dict.fromkeys(tasks["area"])],
                              key="mon_area", lang=lang, format_func=_all_or)  # fmt: skip
    with c2:
        units = list(summary.by_unit(tasks)["unit"])
        unit = lang_selectbox(t("mon_filter_unit", lang), [ALL, *units], key="mon_unit",
                              lang=lang, format_func=_all_or)  # fmt: skip
    with c3:
        state = lang_selectbox(t("mon_filter_status", lang), [ALL, *summary.STATE_ORDER],
                               key="mon_state", lang=lang,
                               format_func=lambda s: _all_or(s) if s == ALL else _label(s))  # fmt: skip
    shown = tasks
    if area != ALL:
        shown = shown[shown["area"] == area]
    if unit != ALL:
        shown = shown[shown["units"].map(lambda us, u=unit: u in us)]
    if state != ALL:
        shown = shown[shown["status"] == state]
    table = pd.DataFrame(
        {
            t("col_task_no", lang): shown["task_no"],
            t("col_area", lang): shown["area"],
            t("col_task", lang): shown["text"],
            t("col_lead_unit", lang): shown["lead_unit"],
            t("col_other_units", lang): shown["other_units"],
            **_progress_columns(shown),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(t("mon_download_csv", lang), _csv(table), file_name="tasks.csv",
                       mime="text/csv", key="mon_tasks_csv")  # fmt: skip
    task_no = lang_selectbox(
        t("mon_pick_task", lang), list(tasks["task_no"]), key="mon_task_pick", lang=lang,
        format_func=lambda n: f"{n}. {tasks.set_index('task_no').at[n, 'text'][:40]}…",
    )  # fmt: skip
    h = history(PLAN, kind="task", item_id=str(task_no))
    if h.empty:
        st.caption(t("mon_no_history", lang))
    else:
        st.dataframe(_history_table(h), hide_index=True, width="stretch")

# ---------------------------------------------------------------- responsible units
with tab_units:
    # the same table as the report's (one computation, workbench.report.content)
    st.dataframe(unit_table(PLAN, lang), hide_index=True, width="stretch")

# ---------------------------------------------------------------- key projects
with tab_projects:
    st.table(_by_area(projects))
    p_area = lang_selectbox(t("mon_filter_area", lang), [ALL, *dict.fromkeys(projects["area"])],
                            key="mon_p_area", lang=lang, format_func=_all_or)  # fmt: skip
    ps = projects if p_area == ALL else projects[projects["area"] == p_area]
    ptable = {
        t("col_project_no", lang): ps["number"],
        t("col_box", lang): ps["box"],
        t("col_project", lang): ps["name"],
    }
    if lang == "zh":
        ptable[t("col_description", lang)] = ps["description"]
    ptable[t("col_region", lang)] = [r or t("mon_region_city", lang) for r in ps["region"]]
    ptable.update(_progress_columns(ps))
    ptable = pd.DataFrame(ptable)
    st.dataframe(ptable, hide_index=True, width="stretch")
    st.caption(t("mon_projects_note", lang))
    st.download_button(t("mon_download_csv", lang), _csv(ptable), file_name="projects.csv",
                       mime="text/csv", key="mon_projects_csv")  # fmt: skip
    pid = lang_selectbox(
        t("mon_pick_project", lang), list(projects["project_id"]), key="mon_project_pick",
        lang=lang, format_func=lambda p: f"{planpack.project_code(p)} "
        f"{projects.set_index('project_id').at[p, 'name']}",
    )  # fmt: skip
    ph = history(PLAN, kind="project", item_id=pid)
    if ph.empty:
        st.caption(t("mon_no_history", lang))
    else:
        st.dataframe(_history_table(ph), hide_index=True, width="stretch")

# ---------------------------------------------------------------- all records
with tab_history:
    allh = history(PLAN)
    if allh.empty:
        st.info(t("mon_no_progress", lang))
    else:
        names = {("task", str(n)): f"{t('kind_task', lang)} {n}" for n in tasks["task_no"]}
        names |= {("project", p): f"{t('kind_project', lang)} {planpack.project_code(p)}"
                  for p in projects["project_id"]}  # fmt: skip
        full = _history_table(allh)
        full.insert(
            0,
            t("col_kind", lang),
            [names[(k, i)] for k, i in zip(allh["kind"], allh["item_id"], strict=True)],
        )
        st.dataframe(full, hide_index=True, width="stretch")
        st.download_button(t("mon_download_history", lang),
                           xlsx_bytes({t("mon_tab_history", lang): full}),
                           file_name="progress_history.xlsx", mime=XLSX, key="mon_history_xlsx")  # fmt: skip

# ---------------------------------------------------------------- report progress


@st.cache_data(max_entries=2, show_spinner=False)
def _template_bytes(lang: str) -> bytes:
    from workbench.progress import write_template

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(Path(tmp) / "t.xlsx", PLAN, lang).read_bytes()


def _record(path: Path, origin: str) -> None:
    from workbench.ingest import IngestError
    from workbench.progress.sheet import format_issue
    from workbench.uploads import plain_text

    try:
        res = ingest_sheet(path, PLAN, origin=origin, lang=lang)
    except IngestError as exc:
        st.error(t("mon_refused", lang, n=len(exc.errors)))
        st.markdown("\n".join(f"- {plain_text(format_issue(i, lang))}" for i in exc.errors))
    else:  # rerun so every table above shows the new records; the message survives it
        st.session_state["mon_flash"] = t(
            "mon_ingested" if res.created else "mon_already", lang, n=res.n_records
        )
        st.rerun()


def _editor() -> None:
    st.subheader(t("mon_editor_title", lang))
    items = [("task", str(n)) for n in tasks["task_no"]]
    items += [("project", p) for p in projects["project_id"]]
    text = tasks.set_index("task_no")["text"]
    pname = projects.set_index("project_id")["name"]

    def item_label(it: tuple[str, str]) -> str:
        kind, i = it
        if kind == "task":
            return f"{t('kind_task', lang)} {i}：{text[int(i)][:30]}…"
        return f"{t('kind_project', lang)} {planpack.project_code(i)}：{pname[i]}"

    with st.form("mon_editor", clear_on_submit=False):
        item = st.selectbox(
            t("mon_editor_item", lang), items, format_func=item_label, key="mon_ed_item"
        )
        c1, c2, c3 = st.columns(3)
        period = c1.text_input(
            t("col_period", lang), value=str(dt.date.today().year), key="mon_ed_period"
        )
        state = c2.selectbox(
            t("col_progress", lang), STATES, format_func=_label, key="mon_ed_state"
        )
        percent = c3.number_input(
            t("col_percent", lang),
            min_value=0.0,
            max_value=100.0,
            value=None,
            step=5.0,
            key="mon_ed_percent",
        )
        note = st.text_area(t("col_note", lang), key="mon_ed_note")
        evidence = st.text_input(t("col_evidence", lang), key="mon_ed_evidence")
        c4, c5 = st.columns(2)
        by = c4.text_input(t("col_reported_by", lang), key="mon_ed_by")
        on = c5.date_input(t("col_reported_on", lang), value=dt.date.today(), key="mon_ed_on")
        submitted = st.form_submit_button(t("mon_editor_save", lang), key="mon_ed_save")
    if submitted:
        kind, i = item
        row = {"类别": "重点任务" if kind == "task" else "重点项目",
               "编号": i if kind == "task" else planpack.project_code(i),
               "报告期": period.strip(), "进展状态": state_label(state, "zh"),
               "完成百分比": "" if percent is None else f"{percent:g}", "进展说明": note.strip(),
               "佐证链接": evidence.strip(), "填报人": by.strip(), "填报日期": on.isoformat()}  # fmt: skip
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"editor-{stamp}.csv"
            path.write_bytes(csv_bytes(pd.DataFrame([row])))
            _record(path, "editor")


with tab_update:
    st.download_button(t("mon_template_xlsx", lang), _template_bytes(lang),
                       file_name="progress_template.xlsx", mime=XLSX, key="mon_template")  # fmt: skip
    if token_gate(lang, "mon_token"):
        from workbench.uploads import safe_filename

        f = st.file_uploader(t("mon_upload", lang), type=["csv", "xlsx"], key="mon_file")
        if st.button(t("mon_ingest_button", lang), key="mon_ingest", disabled=f is None):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / safe_filename(f.name)
                path.write_bytes(f.getvalue())
                _record(path, "upload")
        _editor()

# ---------------------------------------------------------------- evaluation report
with tab_report:
    st.caption(t("mon_report_note", lang))
    run = get_run()  # the run the other pages show (?run= reopens an older one)
    if run is None:
        st.warning(t("no_run", lang))
    else:
        run_caption(run, lang)
    year = st.radio(
        t("mon_report_year", lang), (2025, 2023, 2022), horizontal=True, key="mon_rep_year"
    )
    if st.button(t("mon_report_make", lang), key="mon_rep_make"):
        from workbench.report.content import build
        from workbench.report.docx import to_docx
        from workbench.report.xlsx import to_xlsx

        with st.spinner():
            rep = build(PLAN, int(year), lang, run=run)
            key = (PLAN, run.run_id if run is not None else None, int(year), lang)
            st.session_state["mon_rep"] = (*key, to_docx(rep), to_xlsx(rep))
    made = st.session_state.get("mon_rep")
    if made and made[:4] == (PLAN, run.run_id if run is not None else None, int(year), lang):
        d1, d2 = st.columns(2)
        d1.download_button(t("mon_report_docx", lang), made[4], file_name=f"report_{PLAN}_{year}_{lang}.docx",
                           mime=DOCX, key="mon_rep_docx")  # fmt: skip
        d2.download_button(t("mon_report_xlsx", lang), made[5], file_name=f"report_{PLAN}_{year}_{lang}.xlsx",
                           mime=XLSX, key="mon_rep_xlsx")  # fmt: skip
