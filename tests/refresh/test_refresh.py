"""The yearly refresh: a run is written atomically and a failed run changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from workbench import plans
from workbench import refresh as rf
from workbench.targets import plan_targets

AS_OF = dt.date(2021, 6, 30)
"""Judge the targets as of mid-2021, so 2022 and 2025 are open years with probabilities."""
PLAN = "chizhou-digital"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def run(home):
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_HOME", str(home))
    try:
        yield rf.refresh(PLAN, n_paths=200, as_of=AS_OF)
    finally:
        mp.undo()


def test_run_is_the_latest_and_has_its_manifest(run, home):
    latest = rf.latest_run(PLAN, home)
    assert latest is not None and latest.run_id == run.run_id
    assert run.path.parent == home / "runs" / PLAN
    m = json.loads((run.path / "manifest.json").read_text(encoding="utf-8"))
    assert m["to_year"] == 2030 and m["n_series"] == run.info["series_id"].nunique()
    assert m["plan_id"] == PLAN and m["as_of_year"] == 2021
    assert "data/plans/chizhou-digital/targets.csv" in m["inputs"]
    assert len(m["inputs"]["data/sources/observations_published.csv"]) == 64
    assert set(m["models"]) == set(run.info["series_id"])


def test_headline_series_forecast_to_2030_with_ordered_intervals(run):
    fc = run.forecasts
    for ind in ("online_retail_sales", "digital_economy_share_gdp", "electronic_info_mfg_revenue",
                "software_it_services_revenue"):  # fmt: skip
        f = fc[fc["series_id"] == f"Chizhou/{ind}"]
        assert f["year"].max() == 2030, ind
        assert (f["lo_95"] <= f["lo_80"] + 1e-9).all() and (f["lo_80"] <= f["mean"] + 1e-9).all()
        assert (f["mean"] <= f["hi_80"] + 1e-9).all() and (f["hi_80"] <= f["hi_95"] + 1e-9).all()
    share = fc[fc["series_id"] == "Chizhou/digital_economy_share_gdp"]
    assert share["lo_95"].min() >= 0 and share["hi_95"].max() <= 100


def test_short_city_series_say_what_they_borrow_from(run):
    info = run.info.set_index("series_id")
    assert (
        info.at["Chizhou/online_retail_sales", "borrowed_from"] == "China/online_retail_sales_nbs"
    )
    assert info.at["Chizhou/gdp", "borrowed_from"] in ("", None)


def test_implied_2016_online_sales_is_70_2_over_3_42(run):
    h = run.history
    row = h[(h["series_id"] == "Chizhou/online_retail_sales") & (h["year"] == 2016)]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(70.2 / 3.42)
    assert "3.42" in row["source"].iloc[0] and "recipe online_retail_2016" in row["note"].iloc[0]


def test_targets_cover_every_numeric_plan_target(run):
    t = run.targets
    expected = plan_targets(plans.load_plan(PLAN))
    assert len(t) == len(expected)
    assert set(zip(t["series_id"], t["target_year"], strict=True)) == set(
        zip(expected["series_id"], expected["target_year"], strict=True)
    )
    p = t["probability"].dropna()
    assert ((p >= 0) & (p <= 1)).all()
    assert set(t["status"]) <= {
        "on_track",
        "at_risk",
        "off_track",
        "met",
        "missed",
        "insufficient_data",
        "qualitative",
    }
    # every indicator × milestone is there: 18 × 2, qualitative ones included
    assert len(t) == 36 and (t["status"] == "qualitative").sum() == 8
    # the four headline series have a probability for 2025
    head = t[(t["target_year"] == 2025) & t["indicator"].isin(
        ["online_retail_sales", "digital_economy_share_gdp"])]  # fmt: skip
    assert head["probability"].notna().all()


def test_probability_agrees_with_the_sample_paths(run):
    t = run.targets.set_index(["series_id", "target_year"])
    sid = "Chizhou/online_retail_sales"
    paths = run.paths
    v = paths[(paths["series_id"] == sid) & (paths["year"] == 2025)]["value"].to_numpy()
    assert t.at[(sid, 2025), "probability"] == pytest.approx(np.mean(v >= 150), abs=1e-9)


def test_failed_refresh_leaves_the_last_good_run(run, home, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    before = sorted(p.name for p in (home / "runs" / PLAN).iterdir())

    def boom(*a, **k):
        raise RuntimeError("injected failure while writing the targets")

    monkeypatch.setattr(rf, "_write_run", boom)
    with pytest.raises(rf.RefreshError, match="last good run is unchanged"):
        rf.refresh(PLAN, n_paths=100)
    assert rf.latest_run(PLAN, home).run_id == run.run_id
    assert sorted(p.name for p in (home / "runs" / PLAN).iterdir()) == before


def test_failure_while_writing_files_leaves_no_partial_run(run, home, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}

    def flaky(self, *a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (injected)")
        return real(self, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", flaky)
    with pytest.raises(rf.RefreshError):
        rf.refresh(PLAN, n_paths=100)
    assert rf.latest_run(PLAN, home).run_id == run.run_id
    assert not [p for p in (home / "runs" / PLAN).iterdir() if p.name.startswith(".partial")]


def test_latest_run_is_none_before_any_refresh(tmp_path):
    assert rf.latest_run(PLAN, tmp_path) is None
    assert rf.list_runs(PLAN, tmp_path).empty


def test_a_year_that_is_over_is_never_given_a_probability(home, monkeypatch):
    """Judged today (2026 or later), 2022 and 2025 are over: actual or 'not entered'."""
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    late = rf.refresh(PLAN, n_paths=100, as_of=dt.date(2026, 11, 29))
    t = late.targets
    numeric = t[t["op"] != "qualitative"]
    assert set(numeric["status"]) <= {"met", "missed", "not_entered"}
    assert numeric.loc[numeric["status"] == "not_entered", "probability"].isna().all()


def test_an_older_run_reopens_exactly_as_it_was(run, home, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    again = rf.open_run(run.run_id, PLAN, home)
    pd.testing.assert_frame_equal(again.targets, run.targets)
    obs = again.observations
    assert {"region", "indicator", "year", "value", "source"} <= set(obs.columns)
    chi = obs[(obs["region"] == "Chizhou") & (obs["indicator"] == "online_retail_sales")]
    assert 2020 in set(chi["year"])
    with pytest.raises(KeyError):
        rf.open_run("no-such-run", PLAN, home)
