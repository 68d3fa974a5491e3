"""Chart builders: the layers and data an official sees (bands, mean, targets)."""

from __future__ import annotations

import pandas as pd

from workbench import charts


def _layers(chart) -> list[dict]:
    spec = chart.to_dict()
    datasets = spec["datasets"]
    out = []
    for layer in spec["layer"]:
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        out.append(
            {"mark": mark, "rows": datasets[layer["data"]["name"]], "enc": layer["encoding"]}
        )
    return out


HIST = pd.DataFrame({"year": [2016, 2020], "value": [20.5, 70.2]})
FC = pd.DataFrame(
    {
        "year": [2021, 2022],
        "mean": [80.0, 90.0],
        "lo_80": [75.0, 82.0],
        "hi_80": [86.0, 99.0],
        "lo_95": [70.0, 77.0],
        "hi_95": [92.0, 108.0],
    }
)
TG = pd.DataFrame({"year": [2022, 2025], "value": [95.0, 150.0], "label": ["≥ 95", "≥ 150"]})


def test_fan_chart_has_both_bands_the_mean_history_and_targets():
    layers = _layers(charts.fan_chart(HIST, FC, TG, unit="亿元", lang="en"))
    marks = [x["mark"] for x in layers]
    assert marks == ["area", "area", "line", "line", "point"]
    band95, band80 = layers[0]["rows"], layers[1]["rows"]
    # the fan opens at the last actual (2020: 70.2), where there is no uncertainty
    assert [(r["lo"], r["hi"]) for r in band95] == [(70.2, 70.2), (70.0, 92.0), (77.0, 108.0)]
    assert [(r["lo"], r["hi"]) for r in band80] == [(70.2, 70.2), (75.0, 86.0), (82.0, 99.0)]
    assert [(r["year"], r["value"]) for r in layers[2]["rows"]] == [
        (2020, 70.2),
        (2021, 80),
        (2022, 90),
    ]
    assert [r["value"] for r in layers[4]["rows"]] == [95.0, 150.0]
    assert layers[2]["enc"]["y"]["title"] == "Value (亿元)"


def test_fan_chart_without_intervals_or_targets_draws_lines_only():
    fc = FC.assign(lo_80=float("nan"), hi_80=float("nan"), lo_95=float("nan"), hi_95=float("nan"))
    assert [x["mark"] for x in _layers(charts.fan_chart(HIST, fc, None))] == ["line", "line"]


def test_scenario_chart_colours_each_scenario_and_marks_the_target():
    rows = []
    for name, base in (("A", 10.0), ("B", 20.0)):
        for y in (2024, 2025):
            rows.append(
                {
                    "scenario": name,
                    "year": y,
                    "kind": "scenario",
                    "p50": base + y - 2024,
                    "lo_80": base - 1,
                    "hi_80": base + 3,
                }
            )
    layers = _layers(charts.scenario_chart(pd.DataFrame(rows), target=TG.tail(1)))
    assert [x["mark"] for x in layers] == ["area", "line", "point"]
    # the two scenarios and the plan's target share one legend
    assert layers[1]["enc"]["color"]["scale"]["domain"] == ["A", "B", "规划目标"]
    assert len(layers[1]["rows"]) == 4 and layers[2]["rows"][0]["value"] == 150.0


def test_probability_chart_in_percent_with_status_colours():
    probs = pd.DataFrame(
        {"label": ["x", "y"], "probability": [0.25, 0.9], "status": ["off_track", "on_track"]}
    )
    spec = charts.probability_chart(probs).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["pct"] for r in rows] == [25.0, 90.0]
    assert spec["encoding"]["color"]["scale"]["range"][0] == charts.STATUS_COLOURS["on_track"]


def test_composition_chart_stacks_categories():
    df = pd.DataFrame(
        {"year": [2020, 2020, 2021], "category": ["01", "05", "01"], "value": [1.0, 2.0, 3.0]}
    )
    spec = charts.composition_chart(df).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["stack"] == "zero"
    assert spec["encoding"]["color"]["field"] == "category"


def test_charts_use_a_real_year_axis_and_name_every_layer_in_the_legend():
    spec = charts.fan_chart(HIST, FC, TG, unit="亿元", lang="zh").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "quantitative" and x["axis"]["format"] == "d"  # 2016 … 2020: 4 years
    assert x["scale"]["domain"] == [2016, 2025]
    colour = spec["layer"][-1]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["实际值", "预测（中位数）", "95% 区间", "80% 区间", "规划目标"]
    assert (
        colour["range"][0] == charts.ACTUAL_COLOUR and colour["range"][-1] == charts.TARGET_COLOUR
    )


def test_county_chart_is_sized_to_its_regions_with_full_names():
    names = ["池州市江南新兴产业集中区", "九华山风景区", "贵池区"]
    df = pd.DataFrame({"region": names, "category": ["01"] * 3, "value": [1.0, 2.0, 3.0]})
    spec = charts.composition_chart(df, x="region").to_dict()
    assert spec["height"] == {"step": 28}  # 28 px a region, whatever their number
    assert spec["encoding"]["y"]["field"] == "region"
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0  # never truncated
