"""Altair chart builders shared by the app's pages and the notebooks.

Each function takes tidy frames and returns an Altair chart; no Streamlit here. Axis
titles and legend entries come from :mod:`workbench.i18n` so the charts follow the
interface language. Years sit on a real (quantitative) axis, so a gap between 2016 and
2020 shows as four years, not one step. Actuals, forecasts, bands and targets are named
in the legend.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.i18n import t
from workbench.targets import Status

STATUS_COLOURS = {s.value: s.hex for s in Status}
"""Status → colour used in every view (the one table of :class:`workbench.targets.Status`)."""
BAND_COLOUR = "#1f77b4"
BAND_ALPHA = {95: 0.15, 80: 0.3}
"""Opacity of each interval band over white; the 80% band lies on the 95% one."""
ACTUAL_COLOUR = "#333333"
TARGET_COLOUR = "#c62828"
SCENARIO_COLOURS = ("#1f77b4", "#e4572e")
LABEL_LIMIT = 0
"""Axis/legend label width limit in px (0: never truncate names)."""


def band_colour(level: int) -> str:
    """The colour an interval band shows on white: ``BAND_COLOUR`` at the band's opacity,
    the 80% band over the 95% one (hex)."""
    clear = 1.0
    for lv, a in sorted(BAND_ALPHA.items(), reverse=True):
        clear *= 1 - a
        if lv == level:
            break
    alpha = 1 - clear
    rgb = [int(BAND_COLOUR[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - alpha * (255 - c)):02x}" for c in rgb)


def _years(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["year"] = out["year"].astype(int)
    return out


def year_axis(lang: str = "zh", years: pd.Series | None = None) -> alt.X:
    """A real year axis: quantitative, whole years only, no thousands separator."""
    scale = alt.Scale(zero=False, nice=False)
    if years is not None and len(years):
        scale = alt.Scale(zero=False, nice=False, domain=[int(years.min()), int(years.max())])
    return alt.X(
        "year:Q",
        title=t("chart_year", lang),
        scale=scale,
        axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True),
    )


def _value_title(unit: str, lang: str) -> str:
    return (
        f"{t('chart_value', lang)}（{unit}）"
        if unit and lang == "zh"
        else (f"{t('chart_value', lang)} ({unit})" if unit else t("chart_value", lang))
    )


def _centre(forecast: pd.DataFrame) -> str:
    return "median" if "median" in forecast.columns else "mean"


def fan_chart(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    unit: str = "",
    lang: str = "zh",
    height: int = 320,
) -> alt.LayerChart:
    """History, forecast median and 80/95% bands, with the plan's targets as markers.

    ``history``: year, value. ``forecast``: year, median (or mean), lo_80, hi_80, lo_95,
    hi_95 (future years). ``targets``: year, value, label (optional). Values in ``unit``.
    Every layer carries a ``series`` name shown in one legend.
    """
    y_title = _value_title(unit, lang)
    centre = _centre(forecast)
    hist = _years(history[["year", "value"]]).assign(series=t("chart_actual", lang))
    fc = _years(forecast).rename(columns={centre: "centre"})
    if len(hist) and len(fc):
        # start the fan at the last actual, where the uncertainty is nil
        last = hist.iloc[-1]
        start = {"year": int(last["year"]), "centre": float(last["value"])}
        start.update({c: float(last["value"]) for c in fc.columns if c.startswith(("lo_", "hi_"))})
        fc = pd.concat([pd.DataFrame([start]), fc], ignore_index=True)
    names = {"actual": t("chart_actual", lang), "forecast": t("chart_forecast", lang),
             "target": t("chart_target", lang)}  # fmt: skip
    bands = [lv for lv in (95, 80) if f"lo_{lv}" in forecast and forecast[f"lo_{lv}"].notna().any()]
    band_names = {lv: t("chart_band", lang, level=lv) for lv in bands}
    has_targets = targets is not None and len(targets) > 0
    domain = [names["actual"], names["forecast"], *band_names.values()]
    colours = [ACTUAL_COLOUR, BAND_COLOUR, *[band_colour(lv) for lv in bands]]
    if has_targets:
        domain.append(names["target"])
        colours.append(TARGET_COLOUR)
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(title=None, orient="bottom", labelLimit=LABEL_LIMIT, columns=2,
                          symbolOpacity=1, symbolType="square"),  # 2 a row: fits a phone
    )  # fmt: skip
    all_years = pd.concat(
        [hist["year"], fc["year"], targets["year"] if has_targets else pd.Series(dtype=int)]
    )
    x = year_axis(lang, all_years)
    layers: list[alt.Chart] = []
    for lv in (95, 80):  # opaque, pre-blended: the legend shows the band's own colour
        if lv not in bands:
            continue
        lo, hi = f"lo_{lv}", f"hi_{lv}"
        band = fc[["year", lo, hi]].rename(columns={lo: "lo", hi: "hi"})
        band = band.assign(series=band_names[lv])
        layers.append(
            alt.Chart(band)
            .mark_area(opacity=1)
            .encode(
                x=x,
                y=alt.Y("lo:Q", title=y_title),
                y2="hi:Q",
                color=colour,
                tooltip=[
                    alt.Tooltip("year:Q", format="d", title=t("chart_year", lang)),
                    alt.Tooltip("series:N", title=t("chart_legend", lang)),
                    alt.Tooltip("lo:Q", format=",.2f", title=t("col_lo", lang, level=lv)),
                    alt.Tooltip("hi:Q", format=",.2f", title=t("col_hi", lang, level=lv)),
                ],
            )
        )
    mean = fc[["year", "centre"]].rename(columns={"centre": "value"})
    mean = mean.assign(series=names["forecast"])
    tip = [
        alt.Tooltip("year:Q", format="d", title=t("chart_year", lang)),
        alt.Tooltip("value:Q", format=",.2f", title=t("chart_value", lang)),
        alt.Tooltip("series:N", title=t("chart_legend", lang)),
    ]
    layers.append(
        alt.Chart(mean)
        .mark_line(strokeDash=[6, 3])
        .encode(x=x, y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tip)
    )
    layers.append(
        alt.Chart(hist)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=50))
        .encode(x=x, y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tip)
    )
    if has_targets:
        tg = _years(targets[["year", "value", "label"]]).assign(series=names["target"])
        layers.append(
            alt.Chart(tg)
            .mark_point(shape="diamond", size=140, filled=True, opacity=1)
            .encode(
                x=x,
                y=alt.Y("value:Q", title=y_title),
                color=colour,
                tooltip=[alt.Tooltip("label:N", title=t("chart_target", lang))],
            )
        )
    return alt.layer(*layers).properties(height=height, width="container")


def composition_chart(
    df: pd.DataFrame, *, x: str = "year", lang: str = "zh", unit: str = "", height: int = 320
) -> alt.Chart:
    """Stacked bars of value by category: ``df`` has ``x`` (year or region), category, value.

    By year: vertical bars on a real year axis. By region: horizontal bars, one row of
    28 px per region with full names, so the chart is sized to its data.
    """
    y_title = _value_title(unit, lang)
    colour = alt.Color(
        "category:N",
        title=t("chart_category", lang),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=LABEL_LIMIT),
    )
    value = alt.Tooltip("sum(value):Q", format=",.2f", title=y_title)
    if x == "year":
        data = _years(df)
        return (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("year:O", title=t("chart_year", lang), axis=alt.Axis(labelAngle=0)),
                y=alt.Y("sum(value):Q", title=y_title, stack="zero"),
                color=colour,
                tooltip=[
                    alt.Tooltip("year:O", title=t("chart_year", lang)),
                    alt.Tooltip("category:N", title=t("chart_category", lang)),
                    value,
                ],
            )  # fmt: skip
            .properties(height=height, width="container")
        )
    return (
        alt.Chart(df.copy())
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{x}:N",
                title=None,  # the names say it; a rotated title overlapped long names
                sort="-x",
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            x=alt.X("sum(value):Q", title=y_title, stack="zero"),
            color=colour,
            tooltip=[
                alt.Tooltip(f"{x}:N", title=t("chart_region", lang)),
                alt.Tooltip("category:N", title=t("chart_category", lang)),
                value,
            ],
        )  # fmt: skip
        .properties(height=alt.Step(28), width="container")  # 28 px per region
    )


def scenario_chart(
    trajectories: pd.DataFrame,
    *,
    target: pd.DataFrame | None = None,
    unit: str = "",
    lang: str = "zh",
    height: int = 300,
) -> alt.LayerChart:
    """Scenarios side by side for one indicator: median line and 80% band per scenario.

    ``trajectories``: scenario (label), year, kind, p50, lo_80, hi_80 (as produced by
    :func:`workbench.scenario.simulate`, with a ``scenario`` column added). ``target``:
    year, value, label; shown in the legend as the plan's target.
    """
    y_title = _value_title(unit, lang)
    data = _years(trajectories)
    names = list(dict.fromkeys(data["scenario"]))
    has_target = target is not None and len(target) > 0
    domain = [*names, t("chart_target", lang)] if has_target else names
    colours = list(SCENARIO_COLOURS[: len(names)]) + ([TARGET_COLOUR] if has_target else [])
    colour = alt.Color(
        "scenario:N",
        title=None,
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", labelLimit=LABEL_LIMIT),
    )
    years = data["year"] if not has_target else pd.concat([data["year"], target["year"]])
    x = year_axis(lang, years)
    band = (
        alt.Chart(data[data["kind"] == "scenario"])
        .mark_area(opacity=0.2)
        .encode(x=x, y=alt.Y("lo_80:Q", title=y_title), y2="hi_80:Q", color=colour)
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("p50:Q", title=y_title),
            color=colour,
            tooltip=[
                alt.Tooltip("scenario:N", title=t("chart_scenario", lang)),
                alt.Tooltip("year:Q", format="d", title=t("chart_year", lang)),
                alt.Tooltip("p50:Q", format=",.2f", title=t("col_median", lang)),
                alt.Tooltip("lo_80:Q", format=",.2f", title=t("col_lo", lang, level=80)),
                alt.Tooltip("hi_80:Q", format=",.2f", title=t("col_hi", lang, level=80)),
            ],
        )
    )
    layers = [band, line]
    if has_target:
        tg = _years(target[["year", "value", "label"]]).assign(scenario=t("chart_target", lang))
        layers.append(
            alt.Chart(tg)
            .mark_point(shape="diamond", size=140, filled=True, opacity=1)
            .encode(x=x, y="value:Q", color=colour,
                    tooltip=[alt.Tooltip("label:N", title=t("chart_target", lang))])
        )  # fmt: skip
    return alt.layer(*layers).properties(height=height, width="container")


def probability_chart(probs: pd.DataFrame, *, lang: str = "zh", height: int = 220) -> alt.Chart:
    """Horizontal bars of target probabilities (0–100%) coloured by status.

    ``probs``: label, probability (0–1), status (a :class:`workbench.targets.Status` value).
    """
    data = probs.assign(pct=probs["probability"] * 100)
    data["status_label"] = [Status(s).label(lang) for s in data["status"]]
    order = [s.value for s in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)]
    order += [k for k in STATUS_COLOURS if k not in order]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                title=None,
                sort=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False),
            ),  # fmt: skip
            x=alt.X(
                "pct:Q",
                title=t("chart_probability", lang),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5),
            ),
            color=alt.Color(
                "status:N",
                legend=None,
                scale=alt.Scale(domain=order, range=[STATUS_COLOURS[k] for k in order]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("col_indicator", lang)),
                alt.Tooltip("pct:Q", format=".0f", title=t("chart_probability", lang)),
                alt.Tooltip("status_label:N", title=t("col_status", lang)),
            ],
        )
        .properties(height=height, width="container")
    )
