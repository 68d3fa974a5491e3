"""The reference tables load, validate and agree with each other."""

from __future__ import annotations

import pytest

from workbench import plans
from workbench import reference as ref


def test_eighteen_indicators_in_four_groups_in_plan_order():
    inds = ref.indicators()
    groups = [g.id for g in plans.load_plan("chizhou-digital").groups]
    assert len(inds) == 18
    assert {x.group for x in inds} == set(groups)
    # groups appear in the plan's order, each as one block
    order = [x.group for x in inds]
    blocks = [g for i, g in enumerate(order) if i == 0 or order[i - 1] != g]
    assert blocks == groups


def test_headline_targets_as_the_plan_gives_them():
    share = ref.indicator("digital_economy_share_gdp")
    assert (share.base_value, share.unit) == (20.0, "%")
    assert share.target(2022).value == 25 and share.target(2025).value == 30
    retail = ref.indicator("online_retail_sales")
    assert [retail.base_value, retail.target(2022).value, retail.target(2025).value] == [
        70,
        95,
        150,
    ]
    elec = ref.indicator("electronic_info_mfg_revenue")
    assert [elec.base_value, elec.target(2022).value, elec.target(2025).value] == [60, 80, 100]
    soft = ref.indicator("software_it_services_revenue")
    assert [soft.base_value, soft.target(2022).value, soft.target(2025).value] == [3, 4, 5]


def test_target_operators_and_display():
    fiveg = ref.indicator("base_stations_5g").target(2022)
    assert fiveg.op == ">=" and fiveg.display() == "≥ 2000" and fiveg.text == "不低于2000"
    urban = ref.indicator("urban_broadband_speed").target(2025)
    assert urban.op == ">" and urban.display() == "> 150"
    assert urban.is_met(150.5) and not urban.is_met(150)  # strictly above
    assert fiveg.is_met(2000) and not fiveg.is_met(1999)
    cloud = ref.indicator("gov_systems_cloud_rate").target(2025)
    assert cloud.op == "qualitative" and cloud.display("zh") == "应上尽上"
    assert cloud.display("en") != "应上尽上"
    with pytest.raises(ValueError, match="qualitative"):
        cloud.is_met(100)


def test_bounds_follow_units():
    assert ref.indicator("fiber_broadband_share").bounds == (0.0, 100.0)
    lo, hi = ref.indicator("online_retail_sales").bounds
    assert lo == 0 and hi == float("inf")


def test_missing_base_shown_as_dash():
    assert ref.indicator("gov_data_catalog_linkage").base_value is None
    assert ref.indicator("gov_data_catalog_linkage").base_display() == "—"


def test_unknown_indicator_names_the_known_ones():
    with pytest.raises(KeyError, match="online_retail_sales"):
        ref.indicator("no_such_indicator")


def test_nbs_levels_five_majors_thirty_two_mids():
    majors = ref.nbs_majors()
    assert majors["major_code"].tolist() == ["01", "02", "03", "04", "05"]
    assert majors["is_core"].tolist() == [True, True, True, True, False]
    mids = ref.nbs_mids()
    assert len(mids) == 32 and mids["mid_code"].is_unique
    assert (mids["mid_code"].str[:2] == mids["major_code"]).all()
    assert mids.groupby("major_code").size().to_dict() == {
        "01": 6,
        "02": 5,
        "03": 5,
        "04": 7,
        "05": 9,
    }


def test_every_subclass_gbt_code_exists_in_gbt4754():
    gbt = ref.gbt4754().set_index("code")
    subs = ref.nbs_subclasses()
    missing = set(subs["gbt4754_code"]) - set(gbt.index)
    assert not missing
    # and the level recorded for the correspondence is the level of that code
    levels = gbt.loc[subs["gbt4754_code"], "level"].to_numpy()
    assert (levels == subs["gbt4754_level"].to_numpy()).all()
    # every sub-class sits under a known mid class of its major
    assert set(subs["mid_code"]) <= set(ref.nbs_mids()["mid_code"])


def test_gbt4754_counts():
    counts = ref.gbt4754()["level"].value_counts().to_dict()
    assert counts == {"门类": 20, "大类": 97, "中类": 473, "小类": 1381}


def test_loaded_frames_are_copies():
    a = ref.gbt4754()
    a.loc[0, "name"] = "changed"
    assert ref.gbt4754().loc[0, "name"] != "changed"


def test_cli_lists_the_indicators():
    from typer.testing import CliRunner

    from workbench.cli import app

    res = CliRunner().invoke(app, ["indicators", "--lang", "en"])
    assert res.exit_code == 0
    assert "online_retail_sales" in res.output and "≥ 150" in res.output
    assert res.output.count("\n") == 19  # header + 18 indicators
    bad = CliRunner().invoke(app, ["indicators", "--lang", "fr"])
    assert bad.exit_code == 1


def test_display_names_come_from_the_catalogue():
    from workbench.catalog import indicator_name, region_name

    assert indicator_name("online_retail_sales_nbs", "zh") == "网上零售额"
    assert indicator_name("online_retail_sales", "zh") == "网络零售额"  # a different definition
    assert indicator_name("gdp", "en") == "GDP"
    assert indicator_name("no_such_series") == "no_such_series"
    assert region_name("China", "zh") == "全国" and region_name("Guichi", "en") == "Guichi District"
    assert region_name("Atlantis") == "Atlantis"
