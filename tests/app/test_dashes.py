"""``ui.dashes``: a missing cell reads "—" on every page, never the browser's "None"."""

from __future__ import annotations

import pandas as pd

from workbench.ui import dashes


def test_gaps_become_dashes_and_full_columns_stay_numeric():
    df = pd.DataFrame(
        {
            "year": [2019, 2020],
            "entrants": pd.array([pd.NA, 68], dtype="Int64"),
            "value": [159398.6, float("nan")],
            "share": [0.0084904, float("nan")],
            "note": [None, "ok"],
            "url": [None, "https://x.example"],
        }
    )
    out = dashes(df, decimals={"share": 2}, keep=("url",))
    assert out["year"].tolist() == [2019, 2020] and out["year"].dtype.kind == "i"
    assert out["entrants"].tolist() == ["—", "68"]
    assert out["value"].tolist() == ["159398.6", "—"]  # shortest exact form
    assert out["share"].tolist() == ["0.01", "—"]
    assert out["note"].tolist() == ["—", "ok"]
    assert out["url"].tolist() == ["", "https://x.example"]  # no link where there is none
    assert df["entrants"].isna().sum() == 1  # the input is not changed


def test_number_table_gives_float_columns_fixed_places_and_leaves_counts_alone():
    from workbench.ui import number_table

    df = pd.DataFrame({"年份": [2019, 2020], "企业数": [81, 85], "营业收入": [58.7183, None]})
    out, cfg = number_table(df, 2)
    assert out["营业收入"].tolist() == ["58.72", "—"]  # text once a cell is missing
    assert out["年份"].tolist() == [2019, 2020] and out["企业数"].tolist() == [81, 85]
    full, cfg2 = number_table(df.fillna({"营业收入": 76.51}), 2)
    assert list(cfg2) == ["营业收入"] and full["营业收入"].dtype.kind == "f"
