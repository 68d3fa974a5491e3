"""Roll-up over the plan's regions: parents sum their children, `within` is never added."""

from __future__ import annotations

import pandas as pd

from workbench.registers.regions import ancestors, plan_regions, rollup

REGIONS = pd.DataFrame(
    {
        "region_id": ["City", "District", "County", "Zone"],
        "name_zh": ["市", "区", "县", "园区"],
        "name_en": ["City", "District", "County", "Zone"],
        "level": ["prefecture", "district", "county", "functional_area"],
        "parent": ["Province", "City", "City", "City"],
        "within": ["", "", "", "District"],  # the zone lies in the district
    }
)


def test_zone_within_a_district_is_counted_once():
    df = pd.DataFrame(
        {"region": ["District", "Zone", "County"], "year": [2021] * 3, "value": [10.0, 5.0, 2.0]}
    )
    out = rollup(df, ["value"], REGIONS).set_index("region")["value"]
    assert out.to_dict() == {"District": 10.0, "Zone": 5.0, "County": 2.0, "City": 17.0}
    assert ancestors("Zone", REGIONS) == ["Zone", "City"]  # the province is outside the plan


def test_plan_regions_hold_every_region_the_plan_names():
    names = set(plan_regions()["name_zh"])
    assert {
        "池州市", "贵池区", "东至县", "石台县", "青阳县", "池州经济技术开发区",
        "江南新兴产业集中区", "池州高新区", "九华山风景区", "平天湖风景区",
    } <= names  # fmt: skip
    zones = plan_regions().set_index("region_id").loc[["Jiangnan_Zone", "Chizhou_HiTech"]]
    assert set(zones["parent"]) == {"Chizhou"} and set(zones["level"]) == {"functional_area"}
