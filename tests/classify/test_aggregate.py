import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.classify import (
    UNMATCHED,
    ClassifyInputError,
    aggregate,
    classify_records,
    default_table,
    load_table,
)
from workbench.classify.codes import gbt2017_levels

D = 0.3507
LEVELS = gbt2017_levels()
SMALL = sorted(c for c, lv in LEVELS.items() if lv == "小类")
COARSE = sorted(c for c, lv in LEVELS.items() if lv != "小类")
BAD = ["6510", "6420", "9999", "39A3", "", None, "C6513", "12345"]


def _records():
    return pd.DataFrame(
        {
            "code": ["3973", "C3973", "６５１３", "4910", "1311", "6510", "xx", "39"],
            "revenue": [100.0, 50.0, 20.0, 8.0, 10.0, 5.0, 1.0, 36.0],
            "va": [30.0, 10.0, 8.0, 4.0, 2.0, 1.0, 1.0, 9.0],
            "county": [
                "贵池区",
                "东至县",
                "贵池区",
                "东至县",
                "贵池区",
                "东至县",
                "贵池区",
                "石台县",
            ],
            "year": [2020, 2020, 2021, 2021, 2020, 2020, 2021, 2020],
        }
    )


def _value(res, major, col, **dims):
    t = res.table[res.table["value_column"] == col]
    for k, v in dims.items():
        t = t[t[k] == v]
    m = t["major_code"].isna() if major is None else t["major_code"].eq(major).fillna(False)
    return float(t[m.astype(bool).to_numpy()]["value"].sum())


def test_hand_computed_example():
    res = aggregate(_records(), "code", ["revenue", "va"])
    # 01: 3973 twice (150) + 大类 39 spread over its 36 小类, all core 01 (36)
    assert _value(res, "01", "revenue") == pytest.approx(186.0)
    assert _value(res, "03", "revenue") == pytest.approx(20.0)
    assert _value(res, "04", "revenue") == pytest.approx(4.0)  # 4910: 50% placeholder of 8
    assert _value(res, "05", "revenue") == pytest.approx(D * 10 + D * 4)  # 1311; 4910's rest
    assert _value(res, None, "revenue") == pytest.approx((1 - D) * 10 + (1 - D) * 4)
    assert _value(res, UNMATCHED, "revenue") == pytest.approx(6.0)
    assert _value(res, "01", "va") == pytest.approx(49.0)
    assert res.totals == {"revenue": 230.0, "va": 65.0}
    assert res.table_verified is False and "UNVERIFIED" in res.notes[0]
    u = res.unmatched.set_index("raw_code")
    assert u.loc["6510", "status"] == "gbt2011_only"
    assert u.loc["6510", "count"] == 1
    assert u.loc["6510", "revenue_share_pct"] == pytest.approx(5 / 230 * 100)
    assert u.loc["xx", "va_share_pct"] == pytest.approx(1 / 65 * 100)


def test_by_region_and_year_at_sub_level():
    res = aggregate(
        _records(), "code", "revenue", level="sub", region_column="county", year_column="year"
    )
    t = res.table
    assert list(t.columns[:3]) == ["county", "year", "level"]
    row = t[(t["county"] == "东至县") & (t["sub_code"] == "010508")]
    assert row["value"].tolist() == [50.0] and row["year"].tolist() == [2020]
    assert row["mid_name"].tolist() == ["电子元器件及设备制造"]
    per_group = t.groupby(["county", "year"])["value"].sum()
    inp = _records().groupby(["county", "year"])["revenue"].sum()
    pd.testing.assert_series_equal(per_group, inp, check_names=False, check_index_type=False)


def test_official_table_makes_results_verified(tmp_path):
    rows = default_table().rows.copy()
    rows = rows[rows["gbt4754_code"] != "3973"]  # e.g. the official table moves 3973
    p = tmp_path / "official.csv"
    rows.to_csv(p, index=False)
    res = aggregate(_records(), "code", "revenue", table=load_table(p))
    assert res.table_verified is True
    assert not any("UNVERIFIED" in n for n in res.notes)
    assert _value(res, "01", "revenue") == pytest.approx(36.0 * 35 / 36)
    assert sum(res.totals.values()) == pytest.approx(res.table["value"].sum())


def test_missing_column_and_bad_values():
    df = _records()
    with pytest.raises(ClassifyInputError, match="column 'valueadded'"):
        aggregate(df, "code", ["valueadded"])
    bad = df.astype({"va": object})
    bad.loc[3, "va"] = "12,5"
    with pytest.raises(ClassifyInputError, match=r"row 5, column 'va': '12,5' is not a number"):
        aggregate(bad, "code", ["va"])
    with pytest.raises(ValueError, match="level"):
        aggregate(df, "code", ["va"], level="tiny")


def test_record_level_weights_sum_to_one_per_record():
    r = classify_records(_records(), "code", ["revenue"])
    s = r.groupby("record")["weight"].sum()
    assert len(s) == 8 and np.allclose(s, 1.0)
    assert r.groupby("record")["revenue_weighted"].sum().sum() == pytest.approx(230.0)
    assert r.loc[r["code_status"] == "gbt2011_only", "major_code"].tolist() == [UNMATCHED]
    assert r.attrs["table_verified"] is False


def test_numeric_code_column_keeps_leading_zero():
    df = pd.DataFrame({"code": [111, 3973], "v": [1.0, 2.0]})  # 0111 稻谷种植 read as a number
    res = aggregate(df, "code", "v")
    assert _value(res, UNMATCHED, "v") == 0.0
    assert _value(res, "05", "v") == pytest.approx(D)


codes = st.one_of(
    st.sampled_from(SMALL),
    st.sampled_from(COARSE),
    st.sampled_from(BAD),
    st.sampled_from(SMALL).map(lambda c: "C" + c if c[:2] in {"39", "34", "13"} else c),
)
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, width=64)
records = st.lists(
    st.tuples(
        codes, values, values, st.sampled_from(["a", "b", "c"]), st.sampled_from([2020, 2021])
    ),
    min_size=1,
    max_size=40,
)


def _frame(recs):
    return pd.DataFrame(recs, columns=["code", "v1", "v2", "region", "year"])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=records, level=st.sampled_from(["major", "mid", "sub"]))
def test_invariant_categories_plus_rest_equal_input_total(recs, level):
    df = _frame(recs)
    res = aggregate(
        df, "code", ["v1", "v2"], level=level, region_column="region", year_column="year"
    )
    scale = df[["v1", "v2"]].abs().sum().sum() + 1
    for c in ("v1", "v2"):
        got = res.table.loc[res.table["value_column"] == c, "value"].sum()
        assert math.isclose(got, df[c].sum(), rel_tol=1e-9, abs_tol=1e-9 * scale)
        by = res.table[res.table["value_column"] == c].groupby(["region", "year"])["value"].sum()
        exp = df.groupby(["region", "year"])[c].sum()
        assert np.allclose(
            by.sort_index().to_numpy(), exp.sort_index().to_numpy(), rtol=1e-9, atol=1e-9 * scale
        )
    n_bad = sum(1 for r in recs if r[0] in BAD or (r[0] or "").startswith("C6"))
    assert int(res.unmatched["count"].sum()) == n_bad


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=records, level=st.sampled_from(["major", "sub"]))
def test_engines_agree(recs, level):
    df = _frame(recs)
    a = aggregate(df, "code", ["v1", "v2"], level=level, region_column="region", year_column="year")
    b = aggregate(
        df,
        "code",
        ["v1", "v2"],
        level=level,
        region_column="region",
        year_column="year",
        engine="duckdb",
    )
    _same(a, b)


def _same(a, b):
    ta, tb = a.table, b.table
    pd.testing.assert_frame_equal(ta.drop(columns="value"), tb.drop(columns="value"))
    scale = max(1.0, ta["value"].abs().max())
    assert np.allclose(ta["value"], tb["value"], rtol=1e-9, atol=1e-9 * scale)
    pd.testing.assert_frame_equal(
        a.unmatched.drop(columns=[c for c in a.unmatched if c.startswith("v")]),
        b.unmatched.drop(columns=[c for c in b.unmatched if c.startswith("v")]),
    )
    assert a.notes == b.notes and a.table_verified == b.table_verified
