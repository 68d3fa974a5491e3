"""Round trips through every encoding and layout, unit conversion and warnings."""

from __future__ import annotations

import math

import pytest

from workbench import catalog
from workbench.ingest import read_observations, validate_file
from workbench.ingest.units import UnitError, convert, factor

# Chizhou online sales 2019 in 万元 and 2020 in 亿元; China GDP 2020 (亿元, from
# published_observations.csv); a county and a functional area by Chinese name.
LONG = [
    ["地区", "指标", "年份", "数值", "单位", "备注"],
    ["池州市", "网络零售额", "2019年", "520,000", "万元", "GB18030-only char: 𠀀"],
    ["池州", "online_retail_sales", 2020, 70.2, "亿元", ""],
    ["全国", "GDP", 2020, 1015986, "亿元", ""],
    ["东至县", "网络零售额", 2020, 8.5, "亿元", ""],
    ["九华山风景区", "网络零售额", 2020, 1.25, "亿元", ""],
]
EXPECTED = {
    ("Chizhou", "online_retail_sales", 2019): 52.0,
    ("Chizhou", "online_retail_sales", 2020): 70.2,
    ("China", "gdp", 2020): 1015986.0,
    ("Dongzhi", "online_retail_sales", 2020): 8.5,
    ("Jiuhuashan", "online_retail_sales", 2020): 1.25,
}


def as_dict(df) -> dict:
    return {(r.region, r.indicator, r.year): r.value for r in df.itertuples()}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_round_trip(encoding, write_csv):
    rows = [list(r) for r in LONG]
    if encoding == "gbk":  # GBK cannot hold the supplementary character
        rows[1][5] = "GBK note: 池州"
    path = write_csv(f"obs_{encoding}.csv", rows, encoding)
    report = validate_file(path)
    assert report.ok, report.format()
    assert report.encoding == encoding
    df = read_observations(path, source="池州市统计局")
    assert as_dict(df) == EXPECTED
    assert set(df["unit"]) == {"亿元"}
    assert df.loc[df["year"] == 2019, "orig_unit"].item() == "万元"
    assert df.loc[df["year"] == 2019, "orig_value"].item() == 520000
    assert df.loc[df["year"] == 2019, "note"].item() == rows[1][5]
    assert (df["source"] == "池州市统计局").all()
    assert df["vintage"].str.match(r"^sha256:[0-9a-f]{16}$").all()


def test_english_headers_and_tab_delimiter(tmp_path):
    p = tmp_path / "en.tsv"
    p.write_text(
        "Region\tIndicator\tYear\tValue\tUnit\nChizhou\tOnline retail sales (MOFCOM 网络零售额)\t2020\t70.2\t100 million yuan\n"
    )
    df = read_observations(p)
    assert as_dict(df) == {("Chizhou", "online_retail_sales", 2020): 70.2}


def test_wide_layout_matches_long(write_csv):
    wide = [
        ["指标", "地区", "单位", "2018", "2019年", "2020年度"],
        ["网络零售额", "池州", "万元", 400000, 520000, 702000],
        ["GDP", "全国", "亿元", "", "-", 1015986],
    ]
    df = read_observations(write_csv("wide.csv", wide))
    assert as_dict(df) == {
        ("Chizhou", "online_retail_sales", 2018): 40.0,
        ("Chizhou", "online_retail_sales", 2019): 52.0,
        ("Chizhou", "online_retail_sales", 2020): 70.2,
        ("China", "gdp", 2020): 1015986.0,
    }
    # each value keeps the column it came from
    assert set(df["row"]) == {2, 3}


def test_xlsx_header_on_row_3_with_unit_line(write_xlsx):
    rows = [
        ["池州市数字经济主要指标"],
        ["单位：万元"],
        ["地区", "指标", "2019年", "2020年"],
        ["池州市", "网络零售额", 520000, 702000],
        ["贵池区", "软件和信息服务业营业收入", 12000, 15000],
        ["注：2020年为快报数"],
    ]
    path = write_xlsx("book.xlsx", {"指标": rows})
    report = validate_file(path)
    assert report.ok, report.format()
    assert report.layout == "wide" and report.sheet == "指标"
    assert any("remark row skipped" in w.message and w.row == 6 for w in report.warnings)
    df = read_observations(path)
    assert as_dict(df) == {
        ("Chizhou", "online_retail_sales", 2019): 52.0,
        ("Chizhou", "online_retail_sales", 2020): 70.2,
        ("Guichi", "software_it_services_revenue", 2019): 1.2,
        ("Guichi", "software_it_services_revenue", 2020): 1.5,
    }
    assert (df["sheet"] == "指标").all()


def test_xlsx_data_on_second_sheet(write_xlsx):
    path = write_xlsx(
        "two.xlsx",
        {
            "说明": [["本文件由池州市统计局报送"], ["口径说明见附件"]],
            "数据": [list(r) for r in LONG],
        },
    )
    report = validate_file(path)
    assert report.ok, report.format()
    assert report.sheet == "数据"
    assert as_dict(read_observations(path)) == EXPECTED


def test_unit_in_header_and_in_indicator_name(write_csv):
    a = read_observations(
        write_csv(
            "h.csv",
            [["地区", "指标", "年份", "数值（万元）"], ["池州", "网络零售额", 2020, 702000]],
        )
    )
    b = read_observations(
        write_csv(
            "n.csv", [["地区", "指标", "年份", "数值"], ["池州", "网络零售额（亿元）", 2020, 70.2]]
        )
    )
    assert as_dict(a) == as_dict(b) == {("Chizhou", "online_retail_sales", 2020): 70.2}


@pytest.mark.parametrize(
    ("value", "unit", "indicator", "expected"),
    [
        (520000, "万元", "online_retail_sales", 52.0),  # 万元 → 亿元
        (0.00702, "万亿元", "online_retail_sales", 70.2),  # 万亿元 → 亿元
        (7020000000, "元", "online_retail_sales", 70.2),  # 元 → 亿元
        (2.14, "万个", "base_stations_5g", 21400.0),  # 万个 → 个
        (678000, "户", "fixed_broadband_users", 67.8),  # 户 → 万户
        (1342764, "人", "population", 134.2764),  # 人 → 万人
        (755, "‰", "fiber_broadband_share", 75.5),  # ‰ → %
        (1, "Gbps", "urban_broadband_speed", 1000.0),  # Gbps → Mbps
    ],
)
def test_unit_conversion_in_files(value, unit, indicator, expected, write_csv):
    df = read_observations(
        write_csv(
            "u.csv",
            [["地区", "指标", "年份", "数值", "单位"], ["池州", indicator, 2020, value, unit]],
        )
    )
    assert df["value"].item() == pytest.approx(expected, rel=1e-12)
    assert df["unit"].item() == catalog.series(indicator)["unit"]


def test_unit_factors_and_refusals():
    assert factor("万元", "亿元") == pytest.approx(1e-4)
    assert factor("亿元", "万亿元") == pytest.approx(1e-4)
    assert convert(1234.5, "万元", "亿元") == 0.12345  # exact after rounding to 12 digits
    assert convert(5, "‰", "%") == 0.5
    with pytest.raises(UnitError, match="cannot apply"):
        convert(1, "%", "亿元")
    with pytest.raises(UnitError, match="cannot apply"):
        convert(1, "万美元", "亿元")


def test_jump_is_a_warning_and_threshold_configurable(write_csv):
    path = write_csv(
        "jump.csv",
        [
            ["地区", "指标", "年份", "数值", "单位"],
            ["池州", "网络零售额", 2019, 40, "亿元"],
            ["池州", "网络零售额", 2020, 70.2, "亿元"],
        ],
    )
    # +75.5 % from 2019 to 2020
    report = validate_file(path)
    assert report.ok
    [w] = report.warnings
    assert (
        w.row == 3
        and w.column == "'数值'"
        and "implausible jump" in w.message
        and "+76%" in w.message
    )
    assert validate_file(path, max_jump=0.8).warnings == []
    assert len(read_observations(path)) == 2  # warnings do not refuse the file


def test_growth_rates_may_be_negative_but_levels_not(write_csv):
    df = read_observations(
        write_csv(
            "g.csv",
            [["地区", "指标", "年份", "数值", "单位"], ["全国", "gdp_growth", 2020, -1.5, "%"]],
        )
    )
    assert df["value"].item() == -1.5
    assert catalog.series("gdp_growth")["kind"] == "rate"


def test_same_value_duplicate_is_kept_once_with_warning(write_csv):
    rows = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["池州", "网络零售额", 2020, 70.2, "亿元"],
        ["池州市", "网络零售额", 2020, 702000, "万元"],
    ]
    path = write_csv("dup.csv", rows)
    report = validate_file(path)
    assert report.ok and any(
        "duplicate of row 2" in w.message and w.row == 3 for w in report.warnings
    )
    assert len(read_observations(path)) == 1


def test_catalogue_holds_the_plan_and_resolves_names():
    from workbench import plans

    cat = catalog.series_catalog()
    plan = cat[cat["plan_indicator"]]
    assert len(plans.load_plan("chizhou-digital").indicators) == 18
    # every pack's indicators are plan indicators of the catalogue, each id once
    assert set(plan["indicator_id"]) == {x.id for p in plans.plans() for x in p.indicators}
    assert catalog.resolve_indicator("网络零售额") == "online_retail_sales"
    assert catalog.resolve_indicator("网上零售额") == "online_retail_sales_nbs"
    assert catalog.resolve_indicator("实物商品网上零售额") == "physical_goods_online_retail"
    for name, rid in [
        ("池州", "Chizhou"),
        ("池州市", "Chizhou"),
        ("Chizhou", "Chizhou"),
        ("安徽", "Anhui"),
        ("Anhui", "Anhui"),
        ("全国", "China"),
        ("China", "China"),
        ("贵池区", "Guichi"),
        ("东至县", "Dongzhi"),
        ("石台县", "Shitai"),
        ("青阳县", "Qingyang"),
        ("池州经济技术开发区", "Chizhou_ETDZ"),
        ("九华山风景区", "Jiuhuashan"),
    ]:
        assert catalog.resolve_region(name) == rid, name
    # growth rates are never levels: every rate is in %, every level in a non-% unit
    kinds = dict(zip(cat["indicator_id"], cat["kind"], strict=True))
    units = dict(zip(cat["indicator_id"], cat["unit"], strict=True))
    for ind, kind in kinds.items():
        if ind.endswith("_growth"):
            assert kind == "rate", ind
        if kind == "level":
            assert units[ind] != "%", ind
    assert not math.isnan(catalog.units().set_index("unit").loc["亿元", "factor"])


def test_xlsx_region_merged_down_rows(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["地区", "指标", "年份", "数值", "单位"])
    ws.append(["青阳县", "网络零售额", 2020, 6.1, "亿元"])
    ws.append([None, "电子信息制造业营业收入", 2020, 3.2, "亿元"])
    ws.merge_cells("A2:A3")
    p = tmp_path / "merged.xlsx"
    wb.save(p)
    assert as_dict(read_observations(p)) == {
        ("Qingyang", "online_retail_sales", 2020): 6.1,
        ("Qingyang", "electronic_info_mfg_revenue", 2020): 3.2,
    }


def test_template_round_trip(tmp_path):
    import openpyxl
    from typer.testing import CliRunner

    from workbench.cli import app

    path = tmp_path / "模板.xlsx"
    res = CliRunner().invoke(
        app, ["template", str(path), "--first-year", "2019", "--last-year", "2021"]
    )
    assert res.exit_code == 0, res.output
    empty = validate_file(path)
    assert not empty.ok and any("no data rows" in e.message for e in empty.errors)
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == ["地区", "指标", "单位", "2019年", "2020年", "2021年"]
    assert ws.max_row == 19  # the plan's 18 indicators
    names = {ws.cell(r, 2).value: r for r in range(2, 20)}
    ws.cell(names["网络零售额"], 3).value = "万元"  # the statistician reports in 万元
    ws.cell(names["网络零售额"], 5).value = 702000
    ws.cell(names["累计建成5G基站数"], 6).value = 2000
    wb.save(path)
    report = validate_file(path)
    assert report.ok and report.warnings == [], report.format()
    assert as_dict(read_observations(path)) == {
        ("Chizhou", "online_retail_sales", 2020): 70.2,
        ("Chizhou", "base_stations_5g", 2021): 2000.0,
    }
    bad = CliRunner().invoke(app, ["template", str(tmp_path / "x.xlsx"), "--region", "火星"])
    assert bad.exit_code == 1 and "unknown region" in bad.output
