"""数字经济构成 Composition: the five NBS categories (and 32 mid categories) over the years
and by county, from classified enterprise data: the enterprise database, chosen as on the
key-enterprise page (so both pages show the same totals), or the SYNTHETIC demo register
when it is empty; a statistician with the upload token can classify an uploaded file."""

from __future__ import annotations

import hashlib

import streamlit as st

from workbench import app_data as ad
from workbench.charts import composition_chart
from workbench.i18n import column_labels, t, unit_label
from workbench.ui import _home, current_lang, register_panel, register_source, token_gate
from workbench.ui import chart as draw_chart

lang = current_lang()
st.title(t("composition_title", lang))


@st.cache_data(max_entries=8, show_spinner=False)
def _from_panel(home: str, source: str, vintages: tuple, level: str):
    from workbench.registers import monitor as mo

    res = ad.composition(mo.classifier_input(register_panel(source, vintages)), level)
    return res.table, res.unmatched, res.table_verified, res.notes


@st.cache_data(max_entries=4, show_spinner=False)
def _uploaded(data: bytes, name: str, level: str, sha: str):
    from workbench.uploads import read_register

    res = ad.composition(read_register(data, name, lang), level)
    return res.table, res.unmatched, res.table_verified, res.notes


level = st.radio(
    t("level_label", lang), ("major", "mid"), horizontal=True, key="co_level",
    format_func=lambda x: t(f"level_{x}", lang),
)  # fmt: skip

upload = None
with st.expander(t("upload_register", lang)):
    if token_gate(lang, "co_token"):
        upload = st.file_uploader(t("upload_register", lang), type=["csv", "xlsx"], key="co_file")

if upload is None:
    source, vintages = register_source(lang, "co_source")
    synthetic = bool(register_panel(source, vintages)["synthetic"].any())
else:
    synthetic = False
if upload is not None:
    data = upload.getvalue()
    try:
        table, unmatched, verified, notes = _uploaded(
            data, upload.name, level, hashlib.sha256(data).hexdigest()
        )
    except (ValueError, KeyError) as exc:
        from workbench.uploads import plain_text, safe_filename

        st.error(plain_text(f"{safe_filename(upload.name)}: {exc}"))
        st.stop()
    st.success(t("uploaded_banner", lang, name=upload.name))
else:
    table, unmatched, verified, notes = _from_panel(_home(), source, vintages, level)
    if synthetic:
        st.warning(t("ent_synthetic_banner", lang))
if not verified:
    st.warning(t("unverified_banner", lang))

cats = ad.category_frame(table, level, lang)
names = {r: ad.region_label(r, lang) for r in cats["region"].dropna().unique()}
cats["region"] = cats["region"].map(names)  # county names from the catalogue, once per county
years = sorted(int(y) for y in cats["year"].unique())
by_year = ad.category_totals(cats, ("year",))
tag = f" · {t('synthetic_tag', lang)}" if synthetic else ""
st.subheader(t("by_year", lang) + tag)
draw_chart(composition_chart(by_year, lang=lang, unit=unit_label("亿元", lang)))

year = st.select_slider(t("year_label", lang), years, value=years[-1], key="co_year")
sel = cats[cats["year"] == year]
st.subheader(t("by_region", lang, year=year) + tag)
by_region = ad.category_totals(sel, ("region",))
draw_chart(composition_chart(by_region, x="region", lang=lang, unit=unit_label("亿元", lang)))

summary = ad.category_totals(sel).rename(
    columns={
        "category": t("col_category", lang),
        "value": t("col_value_yi", lang),
        "share_pct": t("col_share", lang),
    }
)
st.dataframe(
    summary, hide_index=True, width="stretch",
    column_config={c: st.column_config.NumberColumn(format="%.2f") for c in summary.columns[1:]},
)  # fmt: skip

if len(unmatched):
    with st.expander(t("unmatched_title", lang)):
        shown = ad.unmatched_frame(unmatched, lang)
        labels = column_labels(list(shown.columns), lang)
        st.dataframe(
            shown, hide_index=True, width="stretch",
            column_config={c: st.column_config.Column(labels.get(c, c)) for c in shown.columns},
        )  # fmt: skip
for note in ad.composition_notes(notes, lang):
    st.caption(note)
