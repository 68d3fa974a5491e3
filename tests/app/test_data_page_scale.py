"""No page load pays for another upload's size: after a SYNTHETIC delivery of 200 000
candidate values, the Data page queries one page of conflicts (ranked in DuckDB) and never
loads the whole observations table."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from workbench.ingest import OBSERVATION_COLUMNS
from workbench.store import Store, build_store
from workbench.store import core as store_core

from .conftest import APP

YEARS = list(range(2000, 2025))
PER_KEY = 8_000  # candidates per (region, indicator, year): 25 × 8 000 = 200 000 rows


def _synthetic_delivery() -> pd.DataFrame:
    """200 000 SYNTHETIC observations: 25 keys, each with 8 000 sources and values."""
    n = len(YEARS) * PER_KEY
    k = np.arange(n)
    return pd.DataFrame(
        {
            "region": "Chizhou",
            "indicator": "online_retail_sales",
            "year": np.repeat(YEARS, PER_KEY),
            "value": 50.0 + (k % PER_KEY) * 0.001,
            "unit": "亿元",
            "source": [f"SYNTHETIC 测试来源 {i % PER_KEY}" for i in k],
            "source_url": "",
            "quote": "",
            "note": "SYNTHETIC",
            "published_on": None,
            "orig_value": 50.0 + (k % PER_KEY) * 0.001,
            "orig_unit": "亿元",
            "file": "synthetic_200k.csv",
            "sheet": "",
            "row": k + 2,
            "vintage": "sha256:0000000000000000",
            "publisher": "",
            "grade": "secondary",
            "priority": (k % 7) + 40,
        }
    )[list(OBSERVATION_COLUMNS)]


@pytest.fixture
def big_store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    path = build_store()
    con = duckdb.connect(str(path))
    try:
        vid = store_core._next_id(con)
        info = store_core.VintageInfo(vid, "0" * 64, "SYNTHETIC", "synthetic_200k.csv",
                                      "archive", dt.datetime(2026, 1, 1), "secondary", "other")  # fmt: skip
        store_core.add_vintage(con, _synthetic_delivery(), info)
    finally:
        con.close()
    return Store(path)


def test_data_page_queries_a_page_not_the_table(big_store, monkeypatch):
    fetched: list[int] = []
    real_page = Store.conflicts_page

    def spy(self, *a, **kw):
        df, n = real_page(self, *a, **kw)
        fetched.append(len(df))
        return df, n

    def whole_table(*a, **kw):
        raise AssertionError("the Data page loaded every stored candidate")

    monkeypatch.setattr(Store, "conflicts_page", spy)
    monkeypatch.setattr(Store, "_rows", whole_table)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    monkeypatch.undo()

    with duckdb.connect(str(big_store.path), read_only=True) as con:
        total = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    assert total > 200_000
    assert fetched and max(fetched) <= 20 * 5  # one page: 20 keys × 5 candidates
    conflicts = at.dataframe[-1].value
    assert len(conflicts) == max(fetched)
    _, n_keys = big_store.conflicts_page(1, 1)
    assert any(f"共 {n_keys} 组" in c.value for c in at.caption)
    assert n_keys >= len(YEARS)


def test_a_page_of_conflicts_ranks_as_the_store_chooses(big_store):
    """The DuckDB ranking shows the same candidate as :func:`precedence.choose`."""
    page, n = big_store.conflicts_page(keys=200, per_key=3)
    assert n == page.groupby(["region", "indicator", "year"]).ngroups  # all keys fit
    for (region, ind, year), g in page.groupby(["region", "indicator", "year"]):
        full = big_store.candidates(region=region, indicator=ind, year=int(year))
        assert g["n_candidates"].iloc[0] == len(full)
        best = full[full["shown"]].iloc[0]
        top = g[g["shown"]].iloc[0]
        assert (top["vintage_id"], top["row"]) == (best["vintage_id"], best["row"])
        assert list(g["row"]) == list(full["row"].iloc[: len(g)])  # same order
