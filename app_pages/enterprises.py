"""重点企业监测 Key enterprises: rankings, growth, entrants and exits, crossings of the
above-scale line, concentration and the semiconductor chain, from the enterprise database
(or the SYNTHETIC demo register when the database is empty). Computation lives in
:mod:`workbench.registers.monitor` and :mod:`workbench.registers.views`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.catalog import region_name
from workbench.i18n import t
from workbench.registers import monitor as mo
from workbench.registers import views as vw
from workbench.registers.regions import plan_regions
from workbench.ui import (
    _home,
    current_lang,
    current_plan_obj,
    dashes,
    lang_selectbox,
    number_table,
    register_panel,
    register_source,
)

lang = current_lang()
st.title(t("ent_title", lang))
st.caption(t("ent_caption", lang, plan=current_plan_obj().reference(lang)))


@st.cache_data(max_entries=4, show_spinner=False)
def _county(home: str, source: str, key: tuple) -> pd.DataFrame:
    if source == "demo":
        return mo.county_view(mo.synthetic_records(), synthetic=True)
    from workbench.registers.db import RegisterDB

    rec = RegisterDB().records()
    return mo.county_view(rec, synthetic=bool(rec["synthetic"].any()))


source, key = register_source(lang, "en_source")
panel = register_panel(source, key)
synthetic = bool(panel["synthetic"].any())
if synthetic:
    st.warning(t("ent_synthetic_banner", lang))

# ---------------------------------------------------------------- selection
c1, c2, c3, c4 = st.columns(4)
years = sorted(int(y) for y in panel["year"].unique())
year = c1.selectbox(t("ent_year", lang), years, index=len(years) - 1, key="en_year")
regions = [r for r in plan_regions()["region_id"] if r in set(panel["region"]) or r == "Chizhou"]
with c2:
    region = lang_selectbox(t("ent_region", lang), regions, key="en_region", lang=lang,
                            format_func=lambda r: region_name(r, lang))  # fmt: skip
cats = ["", "core", "01", "02", "03", "04", "05"]
with c3:
    category = lang_selectbox(t("ent_category", lang), cats, key="en_category", lang=lang,
                              format_func=lambda c: vw.category_label(c, lang) if c
                              else t("ent_all_categories", lang))  # fmt: skip
by = c4.radio(t("ent_by", lang), ["digital_va_wan", "revenue_wan"], key="en_by",
              format_func=lambda b: t("ent_by_digital" if b.startswith("digital") else "ent_by_revenue", lang))  # fmt: skip
chain = st.toggle(t("ent_preset_chain", lang), key="en_chain")

sel = mo.select(panel, region=region, category=category or None, chain=chain)
cur = sel[sel["year"] == year]
flows = mo.entries_exits(sel)
flow_year = flows.set_index("year").reindex([year]).iloc[0]

m = st.columns([1, 1.2, 1.8, 1, 1, 1])  # the value-added label is the longest
m[0].metric(t("ent_m_enterprises", lang), f"{len(cur):,}")
m[1].metric(t("ent_m_above", lang), f"{int(cur['above_scale'].fillna(False).sum()):,}")
m[2].metric(t("ent_m_digital", lang), f"{cur['digital_va_wan'].sum() / 10_000:,.2f}")
m[3].metric(t("ent_m_top10", lang), f"{mo.concentration(sel, year, by):.1f}%")
m[4].metric(
    t("ent_m_entrants", lang),
    "—" if pd.isna(flow_year["entrants"]) else f"{int(flow_year['entrants']):,}",
)
m[5].metric(
    t("ent_m_exits", lang), "—" if pd.isna(flow_year["exits"]) else f"{int(flow_year['exits']):,}"
)

# ---------------------------------------------------------------- tables
N = 20
st.subheader(t("ent_top_title", lang, n=N))
top = vw.top_table(mo.top_enterprises(sel, year, by, N), lang)
one_place = [t(k, lang) for k in ("ent_c_revenue", "ent_c_va", "ent_c_digital", "ent_c_growth")]
top, fmt = number_table(top, 1, one_place)
st.dataframe(top, hide_index=True, width="stretch", column_config=fmt, key="en_top")

st.subheader(t("ent_flow_title", lang))
flow = vw.flow_table(flows, lang)
st.dataframe(dashes(flow), hide_index=True, width="stretch", key="en_flow")

st.subheader(t("ent_cross_title", lang))
cross = vw.cross_table(mo.crossings(sel, year), lang)
if cross.empty:
    st.caption(t("ent_cross_none", lang))
else:
    cross, cfg = number_table(cross, 1)  # 万元
    st.dataframe(cross, hide_index=True, width="stretch", column_config=cfg, key="en_cross")

st.subheader(t("ent_chain_title", lang))
st.caption(t("ent_chain_caption", lang))
chain_tab = vw.chain_table(mo.chain_view(mo.select(panel, region=region)), lang)
chain_tab, cfg = number_table(chain_tab, 2)  # 亿元
st.dataframe(chain_tab, hide_index=True, width="stretch", column_config=cfg, key="en_chaintab")

st.subheader(t("ent_county_title", lang))
st.caption(t("ent_county_caption", lang))
county = vw.county_table(
    _county(_home(), source, key), year, lang, list(plan_regions()["region_id"])
)
county, fmt = number_table(county, 2, list(county.columns[1:]))
st.dataframe(county, hide_index=True, width="stretch", key="en_county", column_config=fmt)

# ---------------------------------------------------------------- downloads
tag = "_SYNTHETIC" if synthetic else ""
d1, d2 = st.columns(2)
d1.download_button(t("ent_download_csv", lang), vw.csv_bytes(top, synthetic, lang),
                   file_name=f"key_enterprises_{year}{tag}.csv", mime="text/csv", key="en_csv")  # fmt: skip
sheets = {t("ent_top_title", lang, n=N): top, t("ent_flow_title", lang): flow,
          t("ent_cross_title", lang): cross, t("ent_chain_title", lang): chain_tab,
          t("ent_county_title", lang): county}  # fmt: skip
d2.download_button(
    t("ent_download_xlsx", lang), vw.excel_bytes(sheets, synthetic, lang),
    file_name=f"key_enterprises_{year}{tag}.xlsx", key="en_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)  # fmt: skip
