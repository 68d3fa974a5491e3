"""预测 Forecasts: one series at a time — fan chart with history, median, 80/95% bands and
the plan's targets; the model and its backtest accuracy; downloads."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench.catalog import region_name
from workbench.charts import fan_chart
from workbench.county import admin_regions, county_view, display_table
from workbench.export import csv_bytes
from workbench.i18n import column_labels, model_name, t, unit_label
from workbench.ui import (
    _home,
    _load_run,
    current_lang,
    current_plan,
    current_plan_obj,
    lang_selectbox,
    require_run,
    url_keep,
    url_state,
)

lang = current_lang()
st.title(t("forecasts_title", lang))
run = require_run(lang)
P = current_plan_obj()

choices = ad.series_choices(run)
url_state("fc_series", "series", choices)
series = lang_selectbox(
    t("series_label", lang), choices, format_func=lambda s: ad.series_label(s, lang, plan=P),
    key="fc_series", lang=lang,
)  # fmt: skip
url_keep("series", series, choices[0])
info = run.info.set_index("series_id").loc[series]
fc = run.forecasts[run.forecasts["series_id"] == series].sort_values("year")


@st.cache_data(max_entries=64, show_spinner=False)
def _series_outputs(
    home: str, pid: str, rid: str, series: str, lang: str
) -> tuple[dict, bytes, bytes]:
    """The fan chart's spec and the CSV and Excel downloads of one series of one run (built
    once per run, series and language: a chart spec and a workbook cost ~50–100 ms each)."""
    r = _load_run(home, pid, rid)
    hist, fc_, targets = ad.fan_inputs(r, series, lang)
    unit = str(r.history.loc[r.history["series_id"] == series, "unit"].iloc[-1])
    chart = fan_chart(hist, fc_, targets, unit=unit_label(unit, lang), lang=lang)
    data = ad.series_download(r, series)
    info_df = pd.DataFrame([r.info.set_index("series_id").loc[series].rename_axis(None)])
    xlsx = ad.excel_bytes({"data": data, "model": info_df.assign(series_id=series)})
    return chart.to_dict(validate=False), csv_bytes(data), xlsx


spec, csv_data, xlsx_data = _series_outputs(_home(), current_plan(), run.run_id, series, lang)
st.vega_lite_chart(spec, width="stretch")
st.caption(t("fan_caption", lang))


def _acc(x: float, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.1f}%" if pct else f"{x:.2f}"


no_bt = math.isnan(float(info["backtest_smape"])) if pd.notna(info["backtest_smape"]) else True
c1, c2, c3, c4 = st.columns([2, 1, 1, 1])  # model names are the longest values
c1.metric(t("model_label", lang), model_name(str(info["model"]), lang))
c2.metric(t("nobs_label", lang), int(info["n_obs"]))
c3.metric(t("smape_label", lang), _acc(info["backtest_smape"], pct=True),
          help=t("accuracy_help", lang))  # fmt: skip
c4.metric(t("mase_label", lang), _acc(info["backtest_mase"]), help=t("accuracy_help", lang))
if no_bt:
    st.caption(t("no_backtest", lang))
if info.get("borrowed_from"):
    st.info(
        t("borrowed_note", lang, donor=ad.series_label(str(info["borrowed_from"]), lang, plan=P))
    )

centre = ad.centre_column(fc)
shown = fc[["year", centre, "lo_80", "hi_80", "lo_95", "hi_95"]].rename(
    columns={
        "year": t("chart_year", lang),
        centre: t("col_median", lang),
        **{f"{b}_{lv}": t(f"col_{b}", lang, level=lv) for b in ("lo", "hi") for lv in (80, 95)},
    }
)
st.dataframe(shown, hide_index=True, width="stretch",
             column_config={t("chart_year", lang): st.column_config.NumberColumn(format="%d"),
                            **{c: st.column_config.NumberColumn(format="%.2f")
                               for c in shown.columns[1:]}})  # fmt: skip

# sources of the history shown (source, URL and quote are the record's own words)
h = run.history[run.history["series_id"] == series]
src = h[[c for c in ("year", "value", "source", "source_url", "quote") if c in h.columns]]
headers = column_labels(list(src.columns), lang)
config = {c: st.column_config.Column(label) for c, label in headers.items()}
config["year"] = st.column_config.NumberColumn(headers["year"], format="%d")
config["source_url"] = st.column_config.LinkColumn(headers.get("source_url"))
st.dataframe(src, hide_index=True, width="stretch", column_config=config)

# by county and zone (workbench.county): the indicator's latest values below the plan region
region_of, _, indicator_id = series.partition("/")
if region_of == P.region:
    st.subheader(t("county_title", lang))
    regions = P.regions.assign(within=P.regions.get("within", ""))
    view = county_view(run.observations, indicator_id, regions, P.region)
    if view is None:
        st.info(t("county_none", lang))
    else:
        if view.synthetic:
            st.warning(t("county_synthetic", lang))
        sep = "、" if lang == "zh" else ", "
        names = sep.join(region_name(r, lang) for r in admin_regions(regions, P.region))
        st.caption(t("county_caption", lang, admin=names) if view.total is not None
                   else t("county_not_additive", lang))  # fmt: skip
        shown = display_table(view, lang)
        st.dataframe(shown, hide_index=True, width="stretch", key="fc_county",
                     column_config={str(y): st.column_config.NumberColumn(f"{y} ({unit_label(view.unit, lang)})", format="%.2f")
                                    for y in view.years})  # fmt: skip

name = series.replace("/", "_")
d1, d2 = st.columns(2)
d1.download_button(
    t("download_csv", lang), csv_data, file_name=f"{name}.csv", mime="text/csv", key="fc_csv"
)
d2.download_button(
    t("download_xlsx", lang), xlsx_data, file_name=f"{name}.xlsx", key="fc_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)  # fmt: skip
