"""Bounds come from the catalogue kind; one series that fails never stops the others."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from workbench import catalog, reference
from workbench.forecast import bounds_for_kind, forecast


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("level", (0.0, math.inf)),
        ("share", (0.0, 100.0)),
        ("ratio", (0.0, math.inf)),
        ("rate", (-math.inf, math.inf)),
    ],
)
def test_bounds_for_each_kind(kind, expected):
    assert bounds_for_kind(kind) == expected


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind 'percent'"):
        bounds_for_kind("percent")


def test_catalogue_kinds_give_the_indicator_bounds():
    assert catalog.series("mobile_broadband_penetration")["kind"] == "ratio"
    by_id = {x.id: x for x in reference.indicators()}
    assert by_id["mobile_broadband_penetration"].bounds == (0.0, math.inf)
    assert by_id["fiber_broadband_share"].bounds == (0.0, 100.0)


def _hist() -> pd.DataFrame:
    rows = [
        ("pen", y, v)
        for y, v in zip(range(2016, 2022), [70, 78, 86.6, 95, 101, 108.5], strict=True)
    ]
    rows += [
        ("share", y, v) for y, v in zip(range(2016, 2022), [50, 55, 60, 64, 66, 70], strict=True)
    ]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


def test_a_ratio_above_100_is_forecast_and_may_stay_above_100():
    res = forecast(_hist(), horizon=3, bounds={"pen": bounds_for_kind("ratio")}, n_paths=200)
    t = res.table[res.table["series_id"] == "pen"]
    assert len(t) == 3 and (t["median"] > 100).all()
    assert res.failed.empty


def test_one_impossible_series_is_reported_and_the_others_are_forecast():
    bounds = {"pen": bounds_for_kind("share"), "share": bounds_for_kind("share")}
    res = forecast(_hist(), horizon=3, bounds=bounds, n_paths=200)
    assert list(res.failed["series_id"]) == ["pen"]
    assert "outside bounds" in res.failed["reason"].iloc[0]
    assert set(res.table["series_id"]) == {"share"} == set(res.info["series_id"])
    assert (res.table["hi_95"] <= 100).all()


def test_a_series_whose_model_raises_is_isolated(monkeypatch):
    # Both series have six years, so they are backtested in one batch: the batch fails,
    # is redone series by series, and only the series whose model raises is lost.
    from workbench.forecast import models

    real = models.MODELS["damped"]

    def flaky(z, origins, H):
        if np.any(np.isclose(z[..., 0], np.log(50.0))):  # the "share" series (log scale)
            raise FloatingPointError("overflow in a model")
        return real(z, origins, H)

    monkeypatch.setitem(models.MODELS, "damped", flaky)
    res = forecast(_hist(), horizon=2, n_paths=50)
    assert res.failed.to_dict("records") == [
        {"series_id": "share", "reason": "FloatingPointError: overflow in a model"}
    ]
    assert set(res.table["series_id"]) == {"pen"}


def test_median_column_and_its_mean_alias_are_equal():
    res = forecast(_hist(), horizon=2, n_paths=50)
    cols = list(res.table.columns)
    assert cols.index("median") == 2 and cols.index("mean") == 3
    np.testing.assert_array_equal(res.table["median"], res.table["mean"])


def test_a_108_5_percent_penetration_ingests_and_refreshes(tmp_path):
    from workbench import refresh as rf
    from workbench.store import Store, build_store

    build_store()
    f = tmp_path / "penetration_2021.csv"
    f.write_text(
        "地区,指标,年份,数值,单位\n池州市,移动宽带用户普及率,2021,108.5,%\n", encoding="utf-8"
    )
    Store().ingest(f, source="池州市通信管理局 2021年", ingested_at=dt.datetime(2022, 3, 1))
    messages: list[str] = []
    run = rf.refresh(n_paths=100, progress=messages.append)
    sid = "Chizhou/mobile_broadband_penetration"
    info = run.info.set_index("series_id")
    assert info.at[sid, "last_value"] == pytest.approx(108.5)
    fc = run.forecasts[run.forecasts["series_id"] == sid]
    assert len(fc) and fc["year"].max() == 2030 and (fc["lo_95"] >= 0).all()
    assert pd.read_parquet(run.path / "failed.parquet").empty
    assert not any("not forecast" in m for m in messages)
