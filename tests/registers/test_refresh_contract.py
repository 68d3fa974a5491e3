"""The issue's contract: after ingest + refresh the Overview's digital-economy share comes
from the measured series and says so; removing the register brings back the plan's figure."""

from __future__ import annotations

import pytest

from workbench import app_data as ad
from workbench.refresh import refresh
from workbench.registers.derived import ingest_register, remove_register
from workbench.store import Store


def _share_row(run):
    t = ad.overview_table(run, Store().observations())
    return t[t["indicator_id"] == "digital_economy_share_gdp"].iloc[0]


def test_overview_share_follows_the_register(write_csv, register_rows, gdp_in_store):
    res, _ = ingest_register(write_csv("名录.csv", register_rows), source="测试")
    row = _share_row(refresh(n_paths=200))
    assert row["latest_year"] == 2022
    assert row["latest_value"] == pytest.approx((43 + 0.3507 * 42) / 1100 * 100)
    assert row["source"].startswith("measured from enterprise register vintage r1")
    remove_register(res.vintage_id)
    row = _share_row(refresh(n_paths=200))
    assert (row["latest_year"], row["latest_value"]) == (2020, 20.0)
    assert "池数组〔2021〕1号" in row["source"]
