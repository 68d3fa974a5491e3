"""The monitoring page (规划实施监测) in AppTest, in Chinese and English."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from tests.monitoring.conftest import update
from workbench.progress import history, ingest_sheet, planpack

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
ACCEPTED = {"GDP", "IPv6", "5G", "Mbps", "CSV", "Excel", "JSON", "NBS", "CAICT", "MCN", "NB", "IoT",
            "AR", "VR", "GIS", "IDC", "IC", "GPP", "APP", "AED", "HIS", "B2C", "B2B", "BaaS",
            "PC", "LED", "AIoT", "GaAs", "GaN", "SiC", "IP", "4A", "N", "Q1"}  # fmt: skip
"""Acronyms that appear in the plan's own Chinese text (task and project texts are verbatim)."""


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/monitoring.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    out = [e.value for e in (*at.title, *at.markdown, *at.caption, *at.subheader, *at.info)]
    out += [m.label for m in at.metric]
    for df in (*[d.value for d in at.dataframe], *[tb.value for tb in at.table]):
        out += [str(c) for c in df.columns] + [str(i) for i in df.index]
        out += [str(v) for v in df.astype(str).to_numpy().ravel()]
    out += [tab.label for tab in at.tabs]
    return out


def _latin_words(texts: list[str]) -> set[str]:
    """Latin words outside accepted acronyms, file names (data) and the app-wide token note."""
    from workbench.i18n import t

    words = set()
    for s in texts:
        if s == t("token_missing", "zh") or re.fullmatch(r"\S+\.(xlsx|csv)", s):
            continue
        s = re.sub(r":material/[a-z_]+:|:[a-z]+\[|https?://\S+", " ", s)
        words |= {w for w in re.findall(r"[A-Za-z0-9]+", s) if re.search("[A-Za-z]", w)}
    return words - ACCEPTED


@pytest.fixture
def progress(filled):
    ingest_sheet(
        filled(
            "p.xlsx",
            {
                ("重点任务", "3"): update("滞后", percent=30, 进展说明="招标推迟"),
                ("重点项目", "18-1"): update("推进中", percent=45),
            },
        ),  # fmt: skip
    )


def test_chinese_page_shows_tasks_units_projects_and_progress(progress):
    at = _page()
    assert at.title[0].value == "规划实施监测"
    assert "共 42 项重点任务、58 个重点项目，涉及 49 个责任单位" in [m.value for m in at.markdown]
    metrics = {re.sub(r".*\[(.*)\]", r"\1", m.label): m.value for m in at.metric}
    assert metrics["滞后"] == "1" and metrics["未填报"] == "41"
    tasks = at.dataframe[0].value
    assert len(tasks) == 42
    row = tasks.set_index("序号").loc[3]
    assert (row["牵头单位"], row["进展状态"], row["完成百分比"]) == (
        "市数据资源管理局",
        "滞后",
        "30%",
    )
    # filter by unit: the data bureau is named in 26 tasks (lead in 13)
    at.selectbox(key="mon_unit@zh").set_value("市数据资源管理局").run()
    shown = at.dataframe[0].value
    expected = [n for n, us in zip(planpack.tasks()["task_no"], planpack.tasks()["units_zh"], strict=True)
                if "市数据资源管理局" in us]  # fmt: skip
    assert list(shown["序号"]) == expected
    at.selectbox(key="mon_state@zh").set_value("delayed").run()
    assert list(at.dataframe[0].value["序号"]) == [3]
    units = at.dataframe[1].value.set_index("责任单位")
    assert units.at["市数据资源管理局", "牵头任务数"] == 13
    assert units.at["市数据资源管理局", "牵头任务滞后"] == 1
    projects = at.dataframe[2].value
    assert len(projects) == 58
    assert projects.set_index("编号").at["18-1", "进展状态"] == "推进中"
    assert set(projects["县区"]) == {"全市"}
    assert not _latin_words(_texts(at)), _latin_words(_texts(at))


def test_task_history_shows_every_update(filled):
    ingest_sheet(filled("a.csv", {("重点任务", "5"): update("推进中", percent=20)}))
    ingest_sheet(
        filled(
            "b.csv",
            {("重点任务", "5"): update("已完成", period="2024", percent=100, on="2024-01-10")},
        )
    )
    at = _page()
    at.selectbox(key="mon_task_pick@zh").set_value(5).run()
    h = [d.value for d in at.dataframe if "录入时间" in d.value.columns][0]
    assert list(h["进展状态"]) == ["推进中", "已完成"]
    assert list(h["来源文件"]) == ["a.csv", "b.csv"]


def test_english_page_has_no_chinese_outside_names(progress):
    at = _page("en")
    assert at.title[0].value == "Monitoring the plan's implementation"
    tasks = at.dataframe[0].value
    assert tasks.set_index("No.").loc[3, "Status"] == "Delayed"
    assert tasks.set_index("No.").loc[3, "Lead unit"] == "Municipal Data Resources Administration"
    cjk = {w for s in _texts(at) for w in re.findall(r"[\u4e00-\u9fff]+", s)}
    # the note and the reporter's name are the statistician's own words, shown as entered
    assert cjk <= {"招标推迟", "张三"}, cjk


def test_editor_behind_the_token_records_and_refuses(monkeypatch):
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "tok")
    at = _page()
    assert not at.get("form")  # no editor before the token
    at.text_input(key="mon_token").input("tok").run()
    at.selectbox(key="mon_ed_state").set_value("delayed")
    at.number_input(key="mon_ed_percent").set_value(10.0)
    at.text_input(key="mon_ed_by").input("")  # missing reporter: refused
    at.button(key="mon_ed_save").click().run()
    assert any("缺少填报人" in e.value for e in at.error) or any(
        "缺少填报人" in m.value for m in at.markdown
    )
    assert history().empty
    at.text_input(key="mon_ed_by").input("赵六")
    at.button(key="mon_ed_save").click().run()
    assert any("已录入 1 条进展记录" in s.value for s in at.success)
    h = history()
    assert list(h["status"]) == ["delayed"] and h["item_id"].iloc[0] == "1"
    assert h["original_filename"].iloc[0].startswith("editor-")


def test_report_download_holds_the_tasks(progress):
    at = _page()
    at.radio(key="mon_rep_year").set_value(2023).run()
    at.button(key="mon_rep_make").click().run()
    assert not at.exception
    plan, run_id, year, lang, docx_bytes, xlsx_bytes = at.session_state["mon_rep"]
    assert (plan, run_id, year, lang) == ("chizhou-digital", None, 2023, "zh")
    d = docx.Document(io.BytesIO(docx_bytes))
    text = "\n".join(c.text for tb in d.tables for row in tb.rows for c in row.cells)
    assert "中期评估报告" in d.paragraphs[0].text
    for r in planpack.tasks().itertuples():
        assert r.text_zh in text
    assert xlsx_bytes[:2] == b"PK"


def test_uploaded_sheet_with_errors_is_refused_with_locations(monkeypatch, filled):
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "tok")
    at = _page()
    at.text_input(key="mon_token").input("tok").run()
    bad = filled(
        "bad.csv", {("重点任务", "2"): update("快完成了"), ("重点任务", "4"): update(percent=150)}
    )
    at.file_uploader(key="mon_file").upload("bad.csv", bad.read_bytes(), "text/csv").run()
    at.button(key="mon_ingest").click().run()
    assert not at.exception
    assert any("共 2 处错误" in e.value for e in at.error)
    listed = "\n".join(m.value for m in at.markdown)
    assert "bad.csv，第 3 行，“进展状态”列" in listed
    assert "bad.csv，第 5 行，“完成百分比”列" in listed
    assert history().empty
    good = filled("good.csv", {("重点任务", "4"): update(percent=50)})
    at.file_uploader(key="mon_file").upload("good.csv", good.read_bytes(), "text/csv").run()
    at.button(key="mon_ingest").click().run()
    assert any("已录入 1 条进展记录" in s.value for s in at.success)
    assert list(history()["item_id"]) == ["4"]
    # the tables show it at once
    assert at.dataframe[0].value.set_index("序号").at[4, "进展状态"] == "推进中"


def test_a_plan_without_tasks_says_so():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["plan"] = "china-digital-economy"
    at.run()
    at.switch_page("app_pages/monitoring.py").run()
    assert not at.exception
    short = planpack.load("china-digital-economy").short("zh")
    assert [i.value for i in at.info] == [f"“{short}”规划包中没有重点任务和重点项目清单。"]
    assert not at.dataframe
