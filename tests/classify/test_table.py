import pandas as pd
import pytest

from workbench.classify import (
    ClassificationTableError,
    default_table,
    diff_tables,
    load_table,
)
from workbench.classify.table import DEFAULT_TABLE_PATH, STANDARD_COLUMNS

NBS_LAYOUT = """代码,名称,说明,国民经济行业代码及名称
01,数字产品制造业,,
0101,计算机制造,,
010101,计算机整机制造,指计算机整机的制造,3911 计算机整机制造
010102,计算机零部件制造,,3912 计算机零部件制造
0106,其他数字产品制造业,,
010602,电子游戏游艺设备制造,,2462* 游艺用品及室内游艺器材制造
05,数字化效率提升业,,
0502,智能制造,,
050201,数字化通用、专用设备制造,,3411* 锅炉及辅助设备制造；3412* 内燃机及配件制造
,,,3413* 汽轮机及辅机制造
"""


def test_default_table_is_marked_unverified():
    t = default_table()
    assert t.verified is False
    assert "UNVERIFIED" in t.provenance
    assert list(t.rows.columns) == list(STANDARD_COLUMNS)
    assert set(t.rows["major_code"]) == {"01", "02", "03", "04", "05"}


def test_reloading_the_default_file_stays_unverified():
    t = load_table(DEFAULT_TABLE_PATH)
    assert t.verified is False
    assert diff_tables(t).empty


def test_nbs_layout_in_gbk(tmp_path):
    p = tmp_path / "official.csv"
    p.write_bytes(NBS_LAYOUT.encode("gb18030"))
    t = load_table(p)
    assert t.verified is True
    r = t.rows.set_index("gbt4754_code")
    assert list(r.index) == ["3911", "3912", "2462", "3411", "3412", "3413"]
    assert r.loc["2462", "partial"] and not r.loc["3911", "partial"]
    assert r.loc["3413", "sub_code"] == "050201" and r.loc["3413", "partial"]
    assert r.loc["3411", "major_name"] == "数字化效率提升业"
    assert r.loc["3411", "mid_name"] == "智能制造"
    assert r.loc["3412", "gbt4754_name"] == "内燃机及配件制造"
    d = diff_tables(t, default_table())
    added = d[d["kind"] == "only_in_official"]
    assert set(added["gbt4754_code"]) == {"3411", "3412", "3413"}
    removed = d[d["kind"] == "only_in_default"]
    assert len(removed) == len(default_table().rows) - 3


def test_diff_of_an_edited_standard_table(tmp_path):
    rows = default_table().rows.copy()
    i_flip = rows.index[rows["gbt4754_code"] == "3831"][0]
    rows.loc[i_flip, "partial"] = False
    dropped = rows[rows["gbt4754_code"] == "3973"]
    rows = rows.drop(dropped.index)
    rows.loc[rows["sub_code"] == "010101", "sub_name"] = "计算机整机制造（新）"
    extra = rows[rows["sub_code"] == "030103"].copy()
    extra["gbt4754_code"] = "6519"
    rows = pd.concat([rows, extra])
    p = tmp_path / "edited.csv"
    rows.to_csv(p, index=False)
    t = load_table(p)
    assert t.verified is True
    d = diff_tables(t)
    kinds = {(k, c) for k, c in zip(d["kind"], d["gbt4754_code"], strict=True)}
    assert ("partial_differs", "3831") in kinds
    assert ("only_in_default", "3973") in kinds
    assert ("only_in_official", "6519") in kinds
    names = d[d["kind"] == "name_differs"]
    assert names["code"].tolist() == ["010101"]
    assert len(d) == 4


def test_category_move_is_reported(tmp_path):
    rows = default_table().rows.copy()
    m = rows["gbt4754_code"] == "6513"
    rows.loc[m, ["major_code", "mid_code", "sub_code"]] = ["04", "0407", "040799"]
    p = tmp_path / "moved.csv"
    rows.to_csv(p, index=False)
    d = diff_tables(load_table(p))
    moved = d[d["kind"] == "category_differs"]
    assert moved["code"].tolist() == ["6513"]
    assert moved[["default", "official"]].iloc[0].tolist() == ["03", "04"]


@pytest.mark.parametrize(
    "edit,message",
    [
        (
            lambda r: r.assign(gbt4754_code=r["gbt4754_code"].where(r.index != 5, "9998")),
            "row 7, column gbt4754_code",
        ),
        (
            lambda r: r.assign(major_code=r["major_code"].where(r.index != 0, "07")),
            "row 2, column major_code",
        ),
        (
            lambda r: r.assign(partial=r["partial"].astype(str).where(r.index != 3, "maybe")),
            "row 5, column partial",
        ),
        (lambda r: r.drop(columns="sub_code"), "missing column(s) sub_code"),
    ],
)
def test_bad_tables_name_row_and_column(tmp_path, edit, message):
    p = tmp_path / "bad.csv"
    edit(default_table().rows.copy()).to_csv(p, index=False)
    with pytest.raises(
        ClassificationTableError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        load_table(p)


def test_unknown_layout(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ClassificationTableError, match="unknown layout"):
        load_table(p)


def test_nbs_cell_parsing_keeps_digits_inside_names():
    from workbench.classify.table import parse_gbt_entries

    assert parse_gbt_entries("2462* 游艺用品及室内游艺器材制造；*3831 电线、电缆制造") == [
        ("2462", "游艺用品及室内游艺器材制造", True),
        ("3831", "电线、电缆制造", True),
    ]
    assert parse_gbt_entries("7517 三维（3D)打印技术推广服务") == [
        ("7517", "三维（3D)打印技术推广服务", False)
    ]
    assert parse_gbt_entries("C3911计算机整机制造\n3912*计算机零部件制造") == [
        ("3911", "计算机整机制造", False),
        ("3912", "计算机零部件制造", True),
    ]
    assert parse_gbt_entries("5G网络") == []
