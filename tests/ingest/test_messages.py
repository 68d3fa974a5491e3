"""Every data-path message has a code, English and Chinese text; on a Chinese page and in
the Chinese command line a refused file is explained in Chinese, still naming file, row and
column."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.i18n import untranslated
from workbench.ingest import validate_file
from workbench.ingest.messages import MESSAGES, Msg, render

from .test_bad_inputs import CASES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "workbench" / "ingest").glob("*.py")), ROOT / "workbench/store/core.py"]
_CODE = re.compile(r"Msg\(\s*\"(\w+)\"")
_WHERE = re.compile(r"\"(where_\w+)\"")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_code_has_english_and_chinese_text():
    for code, text in MESSAGES.items():
        assert set(text) == {"en", "zh"}, code
        assert text["en"].strip() and CJK.search(text["zh"]), code


def test_every_code_in_the_code_is_in_the_table_and_every_entry_is_used():
    used: set[str] = set()
    for path in SOURCES:
        src = path.read_text("utf-8")
        used |= set(_CODE.findall(src)) | set(_WHERE.findall(src))
    assert used - set(MESSAGES) == set()
    assert set(MESSAGES) - used == set()


def test_no_message_is_built_as_plain_text():
    """Messages go through Msg: no f-string or literal handed to Issue, err or issue."""
    plain = re.compile(r"(?:Issue\(\s*\w+,|\berr\(|self\.issue\()\s*f?\"")
    for path in SOURCES:
        hits = plain.findall(path.read_text("utf-8"))
        assert hits == [], f"{path.name}: {hits}"


def test_chinese_templates_use_only_parameters_the_code_passes():
    """The Chinese text needs no parameter beyond the English one's and the *_zh names."""
    extra_ok = {"kind_zh", "region_zh", "name", "field_zh", "fields_zh", "missing_zh"}
    for code, text in MESSAGES.items():
        assert _fields(text["zh"]) - _fields(text["en"]) <= extra_ok, code


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_bad_file_is_explained_in_chinese(case, tmp_path):
    path = tmp_path / case.name
    path.write_bytes(case.data)
    report = validate_file(path)
    for issue in report.issues:
        assert isinstance(issue.message, Msg), f"no code: {issue.message!r}"
        zh = issue.format("zh")
        assert CJK.search(issue.text("zh")), zh
        assert str(issue) == issue.format("en")  # English as before
        if issue.row is not None:
            assert f"第 {issue.row} 行" in zh
    assert "拒绝" in report.format("zh") and case.name in report.format("zh")


def test_chinese_message_has_no_english_words():
    bad = Msg("num_ambiguous", shown=repr("80,5"))
    assert str(bad).startswith("ambiguous number '80,5'")
    assert untranslated(render(bad, "zh"), "zh") == []
    said = [Msg("unit_says", where=Msg("where_unit_column"), shown="'亿元'")]
    conflict = render(Msg("unit_conflict", said=said), "zh")
    assert conflict == "单位互相矛盾：单位列为 '亿元'；单位只写一处"


def test_cli_in_chinese_names_file_row_and_column(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    path = tmp_path / "坏数据.csv"
    path.write_text("地区,指标,年份,数值,单位\n池州市,网络零售额,2020,-3,亿元\n", encoding="gbk")
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 1
    assert "坏数据.csv：拒绝" in res.output
    assert "错误 坏数据.csv，第 2 行，'数值' 列：网络零售额不可能为负值 -3" in res.output
    assert "negative" not in res.output
    res = CliRunner().invoke(app, ["ingest", str(path), "--source", "池州市统计局"])
    assert res.exit_code == 1
    assert "第 2 行" in res.output and "被拒绝：1 个错误；数据库未改变" in res.output
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert "ERROR 坏数据.csv, row 2, column '数值': negative value -3" in res.output
