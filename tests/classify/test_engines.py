import numpy as np
import pandas as pd
import pytest

from workbench.classify import ClassifyInputError, aggregate, aggregate_file
from workbench.synthetic import generate_register


@pytest.fixture(scope="module")
def register_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("reg")
    reg = generate_register(seed=11, n_enterprises=600)
    csv = d / "reg.csv"
    reg.to_csv(csv, index=False, encoding="gb18030")
    pq = d / "reg.parquet"
    reg.to_parquet(pq)
    return reg, csv, pq


@pytest.mark.parametrize("level", ["major", "sub"])
def test_file_engines_give_the_same_result(register_files, level):
    reg, csv, pq = register_files
    kw = dict(level=level, region_column="region", year_column="year")
    cols = ["revenue_wan", "value_added_wan", "employment"]
    ref = aggregate(reg, "industry_code", cols, **kw)
    for path in (csv, pq):
        for engine in ("pandas", "duckdb"):
            res = aggregate_file(path, "industry_code", cols, engine=engine, **kw)
            pd.testing.assert_frame_equal(
                ref.table.drop(columns="value"), res.table.drop(columns="value")
            )
            assert np.allclose(ref.table["value"], res.table["value"], rtol=1e-9)
            assert ref.unmatched["count"].tolist() == res.unmatched["count"].tolist()
            assert res.totals == pytest.approx(ref.totals)


def test_parquet_text_value_error_names_the_record(tmp_path):
    p = tmp_path / "bad.parquet"
    pd.DataFrame({"c": ["3973"] * 4, "v": ["1", "2", "x", "4"]}).to_parquet(p)
    for engine in ("pandas", "duckdb"):
        with pytest.raises(ClassifyInputError, match=r"row 3, column 'v': 'x'"):
            aggregate_file(p, "c", "v", engine=engine)


def test_unknown_engine():
    with pytest.raises(ValueError, match="engine"):
        aggregate(pd.DataFrame({"c": ["3973"], "v": [1.0]}), "c", "v", engine="spark")


def test_excel_numeric_codes_get_their_zero_back(tmp_path):
    p = tmp_path / "r.xlsx"
    pd.DataFrame({"code": [111, 3973, "C3973", None], "v": [1.0, 2.0, 3.0, 4.0]}).to_excel(
        p, index=False
    )
    res = aggregate_file(p, "code", "v")
    t = res.table.set_index(res.table["major_code"].astype(object).fillna("NA"))["value"]
    assert t["01"] == pytest.approx(5.0)
    assert t["05"] == pytest.approx(0.3507)  # 0111 稻谷种植 → 大类 01 农业 (05 智慧农业)
    assert t["UNMATCHED"] == pytest.approx(4.0)


def test_three_digit_text_codes_are_flagged(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("code,v\n111,1\n3973,2\n", encoding="utf-8")
    res = aggregate_file(p, "code", "v")
    assert any("3-digit codes" in n for n in res.notes)
