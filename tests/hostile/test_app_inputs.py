"""The app's upload paths (token, file names, scenario and register files, messages)
handle every hostile case of issue 15 with a located message, never a traceback."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from workbench import uploads
from workbench.ingest.grades import grade_label
from workbench.uploads import UploadError

LONG_NAME = "池州市统计局" * 20 + "数据.xlsx"  # 124 characters, 370 bytes of UTF-8


def test_long_upload_names_are_cut_below_the_file_system_limit():
    name = uploads.safe_filename(LONG_NAME)
    assert len(name.encode()) <= 120 and name.endswith(".xlsx") and name.startswith("池州市")
    assert uploads.safe_filename("../../etc/passwd") == "passwd"
    assert uploads.safe_filename("a\x00b\nc.csv") == "abc.csv"
    assert uploads.safe_filename("...") == "upload"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1234, "1234"), (12.0, "12"), (" s3cret ", "s3cret"), (" ", None), ("", None), (None, None),
     (True, None), (["x"], None)],
)  # fmt: skip
def test_configured_token_numbers_and_blanks(raw, expected):
    assert uploads.normalise_token(raw) == expected


def test_token_comparison_never_raises_and_refuses_blanks():
    assert uploads.token_matches("1234", uploads.normalise_token(1234))
    assert not uploads.token_matches(" ", "1234")
    assert not uploads.token_matches("1234", None)
    assert not uploads.token_matches(None, "1234")
    assert uploads.token_matches("口令", "口令") and not uploads.token_matches("口令x", "口令")


def test_deeply_nested_scenario_json_is_refused_with_its_name():
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    with pytest.raises(UploadError, match="情景|JSON") as exc:
        uploads.read_scenario(deep[:60_000], "deep.json")
    assert "deep.json" in str(exc.value)
    with pytest.raises(UploadError, match="64 KB"):
        uploads.read_scenario(deep, "deep.json", "en")
    with pytest.raises(UploadError, match="bad.json"):
        uploads.read_scenario(b"{not json", "bad.json")
    with pytest.raises(UploadError, match="UTF-8"):
        uploads.read_scenario(b"\xff\xfe\x00", "x.json", "en")


def test_a_valid_scenario_file_still_loads():
    from workbench.scenario import Scenario

    scen = Scenario({}, None, 0.0, "基准")
    assert uploads.read_scenario(scen.to_json().encode(), "s.json").name == "基准"


def _register_csv(value: str) -> bytes:
    return (
        "industry_code,value_added_wan,year,region\n"
        "3911,1200,2021,贵池区\n"
        f"3912,{value},2021,贵池区\n"
    ).encode()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("abc", "row 3"), ("1e400", "row 3"), ("-50000", "row 3"), ("1_000", "row 3"), ("12%", "row 3")],
)  # fmt: skip
def test_register_values_are_parsed_strictly_with_row_and_column(value, fragment):
    with pytest.raises(UploadError) as exc:
        uploads.read_register(_register_csv(value), "名录.csv", "en")
    assert fragment in str(exc.value) and "value_added_wan" in str(exc.value)
    assert "名录.csv" in str(exc.value)


def test_register_truncated_xlsx_and_nul_bytes_are_refused():
    wb = openpyxl.Workbook()
    wb.active.append(["industry_code", "value_added_wan", "year", "region"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UploadError, match="corrupt or truncated"):
        uploads.read_register(buf.getvalue()[:900], "名录.xlsx", "en")
    with pytest.raises(UploadError, match="NUL"):
        uploads.read_register(b"industry_code,value_added_wan\n39\x0011,5\n", "名录.csv", "en")
    with pytest.raises(UploadError, match="错误 名录.csv：文件含有空字符"):  # the page's language
        uploads.read_register(b"industry_code,value_added_wan\n39\x0011,5\n", "名录.csv", "zh")
    with pytest.raises(UploadError, match="missing column"):
        uploads.read_register(b"code,value\n1,2\n", "x.csv", "en")


def test_register_good_values_are_numbers():
    df = uploads.read_register(_register_csv('"2,500.5"'), "名录.csv")
    assert df["value_added_wan"].tolist() == [1200.0, 2500.5] and df["year"].tolist() == [
        2021,
        2021,
    ]


def test_user_text_is_shown_as_plain_text_and_only_http_links_are_links():
    msg = "unknown indicator '[点击此处下载修正模板](https://evil.example/fix)'"
    out = uploads.plain_text(msg)
    assert "\\[点击此处下载修正模板\\]\\(https:\\/\\/evil" in out
    assert "](" not in out and "://" not in out
    assert uploads.safe_url("javascript:alert(1)") is None
    assert uploads.safe_url(" JAVASCRIPT:alert(1)") is None
    assert uploads.safe_url("data:text/html,x") is None
    assert uploads.safe_url("https://stats.gov.cn/x") == "https://stats.gov.cn/x"


def test_grade_labels_in_both_languages():
    assert grade_label("primary") == "一手来源" and grade_label("primary", "en") == "Primary source"
    assert grade_label("synthetic", "en") == "SYNTHETIC" and grade_label("nonsense") == ""


def test_upload_with_a_long_name_is_stored_and_a_failed_refresh_is_reported_apart(monkeypatch):
    import workbench.refresh as rf

    def broken(plan_id=None):
        raise rf.RefreshError("forecast failed (injected)")

    monkeypatch.setattr(rf, "refresh", broken)
    data = "地区,指标,年份,数值,单位\n池州市,网络零售额,2021,80.5,亿元\n".encode()
    out = uploads.ingest_and_refresh(data, LONG_NAME.replace(".xlsx", ".csv"), "池州市统计局")
    levels = [level for level, _ in out.messages]
    assert levels == ["success", "error"] and out.stored is not None and out.run is None
    assert "已入库" in out.messages[0][1] and "文件已入库，但刷新失败" in out.messages[1][1]
    from workbench.store import Store

    v = Store().vintages()
    assert v["original_filename"].iloc[-1] == uploads.safe_filename(
        LONG_NAME.replace(".xlsx", ".csv")
    )


def test_upload_that_is_refused_says_so_and_stores_nothing():
    out = uploads.ingest_and_refresh(b"\x00\x01", "bad.csv", "池州市统计局")
    assert out.stored is None and [lv for lv, _ in out.messages] == ["error"]
    assert "导入失败" in out.messages[0][1] and "bad.csv" in out.messages[0][1]


def test_scenario_from_json_survives_recursion():
    from workbench.scenario import Scenario, ScenarioError

    doc = json.dumps({"workbench_scenario": 1, "growth_pct": {"gdp": 5}})
    assert Scenario.from_json(doc) is not None
    with pytest.raises((ScenarioError, RecursionError)):
        Scenario.from_json("[" * 100_000 + "]" * 100_000)


def test_cli_classify_refuses_an_infinite_value(tmp_path):
    from typer.testing import CliRunner

    from workbench.cli import app

    reg = tmp_path / "reg.csv"
    reg.write_text("industry_code,value_added_wan\n3911,1200\n3912,1e400\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["classify", str(reg), "--code-column", "industry_code",
                                   "--value-column", "value_added_wan",
                                   "--out", str(tmp_path / "o.csv")])  # fmt: skip
    assert res.exit_code != 0 and "1e400" in res.output and "row 3" in res.output


def test_a_far_cell_workbook_uploaded_in_the_app_is_refused_with_a_message(tmp_path):
    from corpus import CASES

    far = next(c for c in CASES if c.name == "far_cell.xlsx").make(tmp_path)
    out = uploads.ingest_and_refresh(far.read_bytes(), far.name, "池州市统计局", lang="en")
    assert out.stored is None and out.messages[0][0] == "error"
    assert "far_cell.xlsx" in out.messages[0][1] and "row 1048576" in out.messages[0][1]


def test_the_app_upload_limit_is_the_data_path_limit():
    import tomllib

    from workbench.ingest.limits import Limits
    from workbench.paths import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == max(Limits().max_file_mb, Limits().max_csv_mb)
