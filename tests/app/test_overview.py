"""The Overview page lists all 18 indicators grouped as in the plan and switches language."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from workbench import reference as ref

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _shown_indicator_names(at: AppTest) -> list[str]:
    names: list[str] = []
    for df in at.table:
        names.extend(df.value.index.tolist())
    return names


def test_overview_lists_all_indicators_in_chinese_by_default():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [h.value for h in at.subheader][:4] == [
        "数字基础设施",
        "电子政务",
        "社会治理和公共服务",
        "数字经济",
    ]
    names = _shown_indicator_names(at)
    assert names == [x.name_zh for x in ref.indicators()]
    # targets written as the plan writes them
    cells = "\n".join(df.value.to_string() for df in at.table)
    for text in ("≥ 2000", "> 150", "应上尽上", "≥ 30"):
        assert text in cells


def test_language_switch_changes_every_label():
    at = AppTest.from_file(APP, default_timeout=60).run()
    zh_title = at.title[0].value
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value != zh_title and "Digital Chizhou" in at.title[0].value
    assert [h.value for h in at.subheader][:4] == [
        "Digital infrastructure",
        "E-government",
        "Social governance and public services",
        "Digital economy",
    ]
    assert _shown_indicator_names(at) == [x.name_en for x in ref.indicators()]
    headers = list(at.table[0].value.columns)
    assert "2025 target" in headers and "2025年目标" not in headers
    cells = "\n".join(df.value.to_string() for df in at.table)
    assert "应上尽上" not in cells
