"""Every register message has a code, English and Chinese text; under ``WORKBENCH_LANG=zh``
a bad register is explained in Chinese, still naming file, row and column; in English as
before."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.i18n import untranslated
from workbench.ingest.messages import ALL_MESSAGES, MESSAGES, Msg
from workbench.ingest.register_messages import REGISTER_MESSAGES
from workbench.registers.read import read_register

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted((ROOT / "workbench" / "registers").glob("*.py"))
SOURCES = [*LIBRARY, *sorted((ROOT / "workbench" / "classify").glob("*.py")),
           ROOT / "workbench/cli/classify.py", ROOT / "workbench/cli/registers.py"]  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")
# Latin words a Chinese register message may show besides the delivered text: columns of
# the reference files, the standard's name, file types; everything else must be Chinese.
ALLOWED = frozenset({"GB", "T", "rate", "gbt4754_code", "within", "year", "xls", "xlsx"})
runner = CliRunner()


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_register_code_has_english_and_chinese_text():
    assert REGISTER_MESSAGES and not set(REGISTER_MESSAGES) & set(MESSAGES)
    for code, text in REGISTER_MESSAGES.items():
        assert code.startswith("reg_") and set(text) == {"en", "zh"}, code
        assert text["en"].strip() and CJK.search(text["zh"]), code
        extra = _fields(text["zh"]) - _fields(text["en"])
        assert all(f.endswith("_zh") for f in extra), (code, extra)


def test_every_register_code_is_used_and_every_used_code_exists():
    src = "\n".join(p.read_text("utf-8") for p in SOURCES)
    used = set(re.findall(r"\"(reg_\w+)\"", src))
    assert set(REGISTER_MESSAGES) - used == set()
    assert used - set(REGISTER_MESSAGES) == set()
    built = set(re.findall(r"Msg\(\s*\"(\w+)\"", src))
    assert built and built - set(ALL_MESSAGES) == set()


def test_no_register_message_is_built_as_plain_text():
    plain = re.compile(
        r"(?:Issue\([^,()]+,|chk\.add(?:_raw)?\(|(?:Value|Key)Error\()\s*f?\"|"
        r"lambda [^:]*: f?\""
    )
    for path in LIBRARY:  # the register library; the CLI's own lines use tr(en, zh)
        hits = plain.findall(path.read_text("utf-8"))
        assert hits == [], f"{path.name}: {hits}"


H = [
    "企业代码",
    "企业名称",
    "行业代码",
    "县区",
    "年份",
    "营业收入(亿元)",
    "增加值(亿元)",
    "是否规上",
]
CASES = [
    # (name, rows or bytes, row, column, English fragment, Chinese fragment, severity)
    ("代码.csv", [H, ["A", "甲", "ZZ99", "贵池区", 2021, 1, 1, "是"]], 2, "'行业代码'",
     "unknown industry code 'ZZ99' (1 rows)", "未知行业代码 'ZZ99'（共 1 行）", "warning"),
    ("收入.csv", [H, ["A", "甲", "3973", "贵池区", 2021, "十", 1, "是"]], 2, "'营业收入(亿元)'",
     "not a number: '十'", "不是数字：'十'", "error"),
    ("地区.csv", [H, ["A", "甲", "3973", "火星区", 2021, 1, 1, "是"]], 2, "'县区'",
     "unknown region '火星区' (1 rows;", "未知地区 '火星区'（共 1 行；", "error"),
    ("年份.csv", [H, ["A", "甲", "3973", "贵池区", 1800, 1, 1, "是"]], 2, "'年份'",
     "impossible year 1800", "不可能的年份 1800", "error"),
    ("负数.csv", [H, ["A", "甲", "3973", "贵池区", 2021, -2, 1, "是"]], 2, "'营业收入(亿元)'",
     "negative revenue: -20000", "营业收入不能为负：-20000", "error"),
    ("规上.csv", [H, ["A", "甲", "3973", "贵池区", 2021, 1, 1, "大概"]], 2, "'是否规上'",
     "'大概' is not 是/否", "'大概' 不是“是”或“否”", "error"),
    ("重复.csv", [H, *[["A", "甲", "3973", "贵池区", 2021, 1, 1, "是"]] * 2], 3, "'企业代码'",
     "enterprise 'A' appears twice for 2021", "企业 'A' 在 2021 年出现两次", "error"),
    ("空.csv", b"", None, None, "the file is empty", "文件是空的", "error"),
    ("无表头.csv", [["甲", "乙"], ["1", "2"]], None, None, "no header row found", "找不到表头", "error"),
    ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, None, None,
     "legacy .xls", "不支持旧版 .xls 文件", "error"),
]  # fmt: skip


def _write(tmp_path: Path, write_csv, name: str, content) -> Path:
    if isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
        return tmp_path / name
    return write_csv(name, content)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_register_is_explained_in_chinese_and_english(case, tmp_path, write_csv):
    name, content, row, column, en, zh, severity = case
    _, rep = read_register(_write(tmp_path, write_csv, name, content))
    hits = [i for i in rep.issues if en in str(i.message)]
    assert len(hits) == 1, rep.format()
    issue = hits[0]
    assert isinstance(issue.message, Msg)
    assert (issue.file, issue.row, issue.column, issue.severity) == (name, row, column, severity)
    text_zh = issue.format("zh")
    assert text_zh.startswith(f"{'警告' if severity == 'warning' else '错误'} {name}")
    assert zh in text_zh and en not in text_zh
    if row is not None:
        assert f"，第 {row} 行，{column} 列：" in text_zh
        assert f", row {row}, column {column}: " in str(issue)
    delivered = re.compile(r"'[^']*'")  # cells and headers as the file wrote them
    assert untranslated(delivered.sub("", text_zh), "zh", ALLOWED) == []
    assert str(issue) == issue.format("en") and en in str(issue)
    for other in rep.issues:  # every issue of the file has its Chinese text
        assert isinstance(other.message, Msg) and CJK.search(other.text("zh")), other


def test_more_than_twenty_problems_end_with_a_count_in_both_languages(write_csv):
    rows = [H, *[[f"E{i}", "甲", "3973", "贵池区", 2021, "x", 1, "是"] for i in range(23)]]
    _, rep = read_register(write_csv("多.csv", rows))
    last = rep.errors[-1]
    assert (last.row, last.column) == (None, "'营业收入(亿元)'")
    assert last.text("en") == "… and 3 more like these"
    assert last.text("zh") == "……另有 3 处同类问题"


def test_cli_register_ingest_in_chinese_and_english(write_csv, monkeypatch):
    path = write_csv("坏.csv", [H, ["A", "甲", "3973", "贵池区", 2021, "十", 1, "是"]])
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    r = runner.invoke(app, ["register", "ingest", str(path), "--source", "测试"])
    assert r.exit_code == 1
    assert "错误 坏.csv，第 2 行，'营业收入(亿元)' 列：不是数字：'十'" in r.output
    assert "错误：坏.csv：拒绝（1 个错误）；未作任何改变" in r.output
    assert "not a number" not in r.output and "nothing was changed" not in r.output
    r = runner.invoke(app, ["register", "remove", "r7"])
    assert r.exit_code == 1 and "错误：没有名录版本 7（已有：无）" in r.output
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    r = runner.invoke(app, ["register", "ingest", str(path), "--source", "x"])
    assert "ERROR 坏.csv, row 2, column '营业收入(亿元)': not a number: '十'" in r.output
    assert "error: 坏.csv: refused (1 error(s)); nothing was changed" in r.output


def test_cli_register_ingest_accepted_in_chinese(write_csv, register_rows, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    rows = [*register_rows, ["91341700G", "庚", "", "东至县", 2022, 1, 1, 1, "否"]]
    r = runner.invoke(
        app, ["register", "ingest", str(write_csv("名录.csv", rows)), "--source", "测试"]
    )
    assert r.exit_code == 0, r.output
    assert "名录版本 r1：已加入，10 条记录，年份 2021, 2022" in r.output
    assert (
        "警告 名录.csv，第 11 行，'行业代码' 列：行业代码为空（共 1 行）：计入“未匹配”" in r.output
    )
    assert "说明：1 条记录的行业代码已由2011年版一对一改为2017年版" in r.output
    assert "note:" not in r.output and "records" not in r.output
    r = runner.invoke(app, ["register", "list"])
    assert r.exit_code == 0 and "记录数" in r.output and "original_filename" not in r.output


def test_cli_measure_bad_gdp_in_chinese(write_csv, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    reg = write_csv(
        "reg.csv", [["代码", "县区", "年份", "增加值"], ["3973", "贵池区", "2021", "1"]]
    )
    gdp = write_csv("gdp.csv", [["region", "year", "gdp"], ["贵池区", "2021", "-5"]])
    args = ["measure", str(reg), "--code-column", "代码", "--value-column", "增加值",
            "--region-column", "县区", "--year-column", "年份", "--gdp", str(gdp),
            "--out", str(tmp_path / "o.csv")]  # fmt: skip
    r = runner.invoke(app, args)
    assert r.exit_code == 1
    assert "错误：gdp.csv：第 2 行，'gdp' 列：GDP 必须是正数" in r.output


def test_register_upload_on_a_chinese_page_says_why_in_chinese():
    """The app's register upload (Composition page) names file, row and column in the
    page's language, the number's own reason included."""
    from workbench.uploads import UploadError, read_register

    data = b"industry_code,value_added_wan,year\n3911,12,2021\n3912,abc,2021\n"
    with pytest.raises(UploadError) as zh:
        read_register(data, "名录.csv", "zh")
    assert (
        str(zh.value)
        == "名录.csv：第 3 行 value_added_wan 列不是有效的非负数值（不是数字：'abc' 含有 'a'；只写数字，如 1234.5）。"
    )
    with pytest.raises(UploadError) as en:
        read_register(data, "名录.csv", "en")
    assert "row 3, column value_added_wan" in str(en.value) and "not a number: 'abc'" in str(
        en.value
    )


def test_classify_reader_errors_follow_the_cli_language(tmp_path, monkeypatch):
    # `workbench classify` on a record file with a non-numeric value and a missing column
    from typer.testing import CliRunner

    from workbench.cli import app

    f = tmp_path / "名录.csv"
    f.write_text("行业代码,增加值\n3973,12\n3973,abc\n", encoding="utf-8")
    runner = CliRunner()
    for lang, frag in (("zh", "第 3 行，“增加值”列：'abc' 不是数字"),
                       ("en", "row 3, column '增加值': 'abc' is not a number")):  # fmt: skip
        monkeypatch.setenv("WORKBENCH_LANG", lang)
        r = runner.invoke(app, ["classify", str(f), "--code-column", "行业代码",
                                "--value-column", "增加值", "--out", str(tmp_path / "o.csv")])  # fmt: skip
        assert r.exit_code == 1, r.output
        assert frag in r.output and "名录.csv" in r.output, r.output
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    r = runner.invoke(app, ["classify", str(f), "--code-column", "代码", "--value-column",
                            "增加值", "--out", str(tmp_path / "o.csv")])  # fmt: skip
    assert r.exit_code == 1 and "找不到“代码”列（行业代码列）" in r.output, r.output
