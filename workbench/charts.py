"""Altair chart builders shared by the app's pages and the notebooks.

Each function takes tidy frames and returns an Altair chart; no Streamlit here. Axis
titles come from :mod:`workbench.i18n` so the charts follow the interface language.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.i18n import t

STATUS_COLOURS = {
    "on_track": "#2e7d32",
    "at_risk": "#f9a825",
    "off_track": "#c62828",
    "met": "#1b5e20",
    "missed": "#b71c1c",
}
"""Status → colour used in every view (green / amber / red)."""
BAND_COLOUR = "#1f77b4"
TARGET_COLOUR = "#c62828"
SCENARIO_COLOURS = ("#1f77b4", "#e4572e")


def _years(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["year"] = out["year"].astype(int)
    return out


def fan_chart(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    unit: str = "",
    lang: str = "zh",
    height: int = 320,
) -> alt.LayerChart:
    """History, forecast mean and 80/95% bands, with the plan's targets as markers.

    ``history``: year, value. ``forecast``: year, mean, lo_80, hi_80, lo_95, hi_95 (future
    years). ``targets``: year, value, label (optional). Values in ``unit``.
    """
    y_title = f"{t('chart_value', lang)} ({unit})" if unit else t("chart_value", lang)
    x = alt.X("year:O", title=t("chart_year", lang))
    hist = _years(history[["year", "value"]]).assign(series=t("chart_actual", lang))
    fc = _years(forecast)
    if len(hist) and len(fc):
        # start the fan at the last actual, where the uncertainty is nil
        last = hist.iloc[-1]
        start = {"year": int(last["year"]), "mean": float(last["value"])}
        start.update({c: float(last["value"]) for c in fc.columns if c.startswith(("lo_", "hi_"))})
        fc = pd.concat([pd.DataFrame([start]), fc], ignore_index=True)
    layers: list[alt.Chart] = []
    for lv, opacity in ((95, 0.15), (80, 0.3)):
        lo, hi = f"lo_{lv}", f"hi_{lv}"
        if lo in forecast and forecast[lo].notna().any():
            band = fc[["year", lo, hi]].rename(columns={lo: "lo", hi: "hi"}).assign(band=f"{lv}%")
            layers.append(
                alt.Chart(band)
                .mark_area(opacity=opacity, color=BAND_COLOUR)
                .encode(
                    x=x,
                    y=alt.Y("lo:Q", title=y_title),
                    y2="hi:Q",
                    tooltip=[
                        "year:O",
                        "band:N",
                        alt.Tooltip("lo:Q", format=",.2f"),
                        alt.Tooltip("hi:Q", format=",.2f"),
                    ],
                )
            )
    mean = fc[["year", "mean"]].rename(columns={"mean": "value"})
    mean = mean.assign(series=t("chart_forecast", lang))
    layers.append(
        alt.Chart(mean)
        .mark_line(strokeDash=[6, 3], color=BAND_COLOUR)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            tooltip=["year:O", alt.Tooltip("value:Q", format=",.2f"), "series:N"],
        )
    )
    layers.append(
        alt.Chart(hist)
        .mark_line(point=alt.OverlayMarkDef(color="#333333", filled=True, size=50), color="#333333")
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            tooltip=["year:O", alt.Tooltip("value:Q", format=",.2f"), "series:N"],
        )
    )
    if targets is not None and len(targets):
        tg = _years(targets[["year", "value", "label"]])
        layers.append(
            alt.Chart(tg)
            .mark_point(shape="diamond", size=140, filled=True, color=TARGET_COLOUR)
            .encode(x=x, y=alt.Y("value:Q", title=y_title), tooltip=["year:O", "label:N"])
        )
    return alt.layer(*layers).properties(height=height, width="container")


def composition_chart(
    df: pd.DataFrame, *, x: str = "year", lang: str = "zh", unit: str = "", height: int = 320
) -> alt.Chart:
    """Stacked bars of value by category: ``df`` has ``x`` (year or region), category, value."""
    x_title = t("chart_year", lang) if x == "year" else t("chart_region", lang)
    y_title = f"{t('chart_value', lang)} ({unit})" if unit else t("chart_value", lang)
    data = _years(df) if x == "year" else df.copy()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", title=x_title),
            y=alt.Y("sum(value):Q", title=y_title, stack="zero"),
            color=alt.Color(
                "category:N",
                title=t("chart_category", lang),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            tooltip=[f"{x}:O", "category:N", alt.Tooltip("sum(value):Q", format=",.2f")],
        )
        .properties(height=height, width="container")
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
    year, value, label.
    """
    y_title = f"{t('chart_value', lang)} ({unit})" if unit else t("chart_value", lang)
    data = _years(trajectories)
    names = list(dict.fromkeys(data["scenario"]))
    colour = alt.Color(
        "scenario:N",
        title=t("chart_scenario", lang),
        scale=alt.Scale(domain=names, range=list(SCENARIO_COLOURS[: len(names)])),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X("year:O", title=t("chart_year", lang))
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
                "scenario:N",
                "year:O",
                alt.Tooltip("p50:Q", format=",.2f"),
                alt.Tooltip("lo_80:Q", format=",.2f"),
                alt.Tooltip("hi_80:Q", format=",.2f"),
            ],
        )
    )
    layers = [band, line]
    if target is not None and len(target):
        layers.append(
            alt.Chart(_years(target[["year", "value", "label"]]))
            .mark_point(shape="diamond", size=140, filled=True, color=TARGET_COLOUR)
            .encode(x=x, y="value:Q", tooltip=["year:O", "label:N"])
        )
    return alt.layer(*layers).properties(height=height, width="container")


def probability_chart(probs: pd.DataFrame, *, lang: str = "zh", height: int = 220) -> alt.Chart:
    """Horizontal bars of target probabilities (0–100%) coloured by status.

    ``probs``: label, probability (0–1), status (on_track / at_risk / off_track).
    """
    data = probs.assign(pct=probs["probability"] * 100)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)
            ),
            x=alt.X(
                "pct:Q",
                title=t("chart_probability", lang),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5),
            ),
            color=alt.Color(
                "status:N",
                legend=None,
                scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            ),
            tooltip=["label:N", alt.Tooltip("pct:Q", format=".0f")],
        )
        .properties(height=height, width="container")
    )
