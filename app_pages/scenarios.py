"""情景 Scenarios: two assumption sets side by side → trajectories and target probabilities.

The logic is :mod:`workbench.scenario`; this page only holds widgets. The scenario lives in
the URL (``a_*`` and ``b_*`` query parameters) and can be saved to / loaded from a file.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from workbench import app_data as ad
from workbench import scenario as sc
from workbench.charts import scenario_chart
from workbench.i18n import t
from workbench.reference import MAJOR_NAMES_EN, nbs_majors
from workbench.ui import (
    _home,
    current_lang,
    current_plan,
    current_plan_obj,
    lang_selectbox,
    require_run,
    scenario_basis,
    simulate,
)
from workbench.uploads import UploadError, plain_text, read_scenario

lang = current_lang()
st.title(t("scenarios_title", lang))
run = require_run(lang)
home, pid, rid = _home(), current_plan(), run.run_id
P = current_plan_obj()
basis = scenario_basis(home, pid, rid)
presets = {name: sc.preset(basis, name) for name in sc.PRESETS}
drivers = [d for d in basis.drivers]
RANGES = {"gdp": (-10.0, 20.0)}
DEFAULT_RANGE = (-30.0, 80.0)
first_shock = max(d.last_year for d in basis.drivers.values()) + 1
SIDES = {"a_": ("scenario_a", "baseline"), "b_": ("scenario_b", "optimistic")}
MAJOR_ZH = dict(zip(nbs_majors()["major_code"], nbs_majors()["major_name"], strict=True))


def _range(d: str) -> tuple[float, float]:
    return RANGES.get(d, DEFAULT_RANGE)


def _clip(d: str, v: float) -> float:
    lo, hi = _range(d)
    return float(min(max(round(v, 1), lo), hi))


def _set_state(prefix: str, scen: sc.Scenario, preset_name: str) -> None:
    base = presets[preset_name]
    for d in drivers:
        st.session_state[prefix + d] = _clip(d, scen.growth.get(d, base.growth.get(d, 0.0)))
    on = scen.shock_year is not None and scen.shock_pct != 0
    st.session_state[prefix + "shock_on"] = on
    st.session_state[prefix + "shock_year"] = int(
        min(max(scen.shock_year or first_shock, first_shock), basis.to_year)
    )
    st.session_state[prefix + "shock_pct"] = float(scen.shock_pct) if on else -5.0


def _init(prefix: str, default_preset: str) -> None:
    if st.session_state.get(prefix + "init") == rid:
        return
    qp = st.query_params.to_dict()
    name = qp.get(prefix + "preset", default_preset)
    name = name if name in presets else default_preset
    try:
        scen = sc.Scenario.from_query_params(qp, prefix, base=presets[name])
    except sc.ScenarioError as exc:
        st.session_state[prefix + "err"] = str(exc)
        scen = presets[name]
    st.session_state[prefix + "preset"] = name
    _set_state(prefix, scen, name)
    st.session_state[prefix + "init"] = rid


def _apply_preset(prefix: str) -> None:
    name = st.session_state[prefix + "preset"]
    _set_state(prefix, presets[name], name)


def _load_file(prefix: str) -> None:
    f = st.session_state.get(prefix + "file")
    if f is None:
        return
    try:
        scen = read_scenario(f.getvalue(), f.name, lang)
    except UploadError as exc:
        st.session_state[prefix + "err"] = str(exc)
        return
    _set_state(prefix, scen, st.session_state[prefix + "preset"])


def _label(d: str) -> str:
    if d.startswith("cat"):
        code = d[3:]
        name = MAJOR_NAMES_EN[code] if lang == "en" else MAJOR_ZH[code]
        return t("drv_cat", lang, code=code, name=name)
    return t(f"drv_{d}", lang)


def _scenario(prefix: str, title: str) -> sc.Scenario:
    growth = {d: float(st.session_state[prefix + d]) for d in drivers}
    on = st.session_state[prefix + "shock_on"]
    return sc.Scenario(
        growth,
        int(st.session_state[prefix + "shock_year"]) if on else None,
        float(st.session_state[prefix + "shock_pct"]) if on else 0.0,
        title,
    )


def _controls(prefix: str, title: str) -> None:
    st.subheader(title)
    if err := st.session_state.pop(prefix + "err", None):
        st.error(plain_text(t("scenario_error", lang, msg=err)))
    lang_selectbox(
        t("preset_label", lang), list(presets), key=prefix + "preset", lang=lang,
        format_func=lambda n: t(f"preset_{n}", lang), on_change=_apply_preset, args=(prefix,),
    )  # fmt: skip
    for d in drivers:
        if not d.startswith("cat"):
            st.slider(_label(d), *_range(d), step=0.1, key=prefix + d, format="%.1f")
    cats = [d for d in drivers if d.startswith("cat")]
    if cats:
        with st.expander(t("categories_expander", lang)):
            for d in cats:
                st.slider(_label(d), *_range(d), step=0.1, key=prefix + d, format="%.1f")
    with st.expander(t("shock_expander", lang)):
        st.checkbox(t("shock_expander", lang), key=prefix + "shock_on")
        st.number_input(
            t("shock_year", lang), first_shock, basis.to_year, step=1, key=prefix + "shock_year"
        )
        st.slider(t("shock_pct", lang), -50.0, 50.0, step=0.5, key=prefix + "shock_pct")


def _prob_metrics(prefix: str, probs: pd.DataFrame, other: pd.DataFrame | None) -> None:
    p25 = probs[probs["target_year"] == P.final_year]
    for _, r in p25.iterrows():
        name = P.indicator(r["indicator"]).name(lang)
        label = t("prob_metric", lang, name=name, year=P.final_year)
        if math.isnan(r["probability"]):
            value = "✅" if r["met_actual"] is True else "❌"
            st.metric(label, value)
            continue
        delta = None
        if other is not None:
            o = other[
                (other["indicator"] == r["indicator"]) & (other["target_year"] == P.final_year)
            ]
            if len(o) and not math.isnan(o["probability"].iloc[0]):
                delta = f"{(r['probability'] - o['probability'].iloc[0]) * 100:+.0f} pp"
        st.metric(label, f"{r['probability']:.0%}", delta=delta)


for prefix, (_title, default) in SIDES.items():
    _init(prefix, default)

cols = st.columns(2)
scenarios, results = {}, {}
for col, (prefix, (title_key, _)) in zip(cols, SIDES.items(), strict=True):
    with col:
        _controls(prefix, t(title_key, lang))
        scen = _scenario(prefix, t(title_key, lang))
        scenarios[prefix] = scen
        results[prefix] = simulate(home, pid, rid, scen.to_json())
        st.query_params.update(
            {prefix + "preset": st.session_state[prefix + "preset"], **scen.to_query_params(prefix)}
        )
        stale = [k for k in st.query_params if k == prefix + "shock"]
        if scen.shock_year is None:
            for k in stale:
                del st.query_params[k]

for col, prefix in zip(cols, SIDES, strict=True):
    other = [p for p in SIDES if p != prefix][0]
    with col:
        _prob_metrics(prefix, results[prefix][1], results[other][1])
        st.download_button(
            t("save_scenario", lang, name=scenarios[prefix].name), scenarios[prefix].to_json(),
            file_name=f"scenario_{prefix[0]}.json", mime="application/json", key=prefix + "save",
        )  # fmt: skip
        st.file_uploader(
            t("load_scenario", lang, name=scenarios[prefix].name), type=["json"],
            key=prefix + "file", on_change=_load_file, args=(prefix,),
        )  # fmt: skip

# ---------------------------------------------------------------- comparison
st.divider()
outputs = [o for o in sc.OUTPUTS if o in set(results["a_"][0]["indicator"])]


def _out_label(o: str) -> str:
    if o == sc.SCALE:
        return t("scale_label", lang)
    return ad.series_label(ad.sid(o, P.region), lang, plan=P)


shown = lang_selectbox(t("show_indicator", lang), outputs, key="sc_show", lang=lang,
                       index=outputs.index(sc.SHARE) if sc.SHARE in outputs else 0,
                       format_func=_out_label)  # fmt: skip
traj = pd.concat(
    [results[p][0].assign(scenario=scenarios[p].name) for p in SIDES], ignore_index=True
)
traj = traj[traj["indicator"] == shown]
target = None
if shown not in ("gdp", sc.SCALE):
    target = pd.DataFrame(
        [{"year": x.year, "value": x.value, "label": f"{x.year}: {x.display(lang)}"}
         for x in P.indicator(shown).targets if x.is_numeric]
    )  # fmt: skip
unit = "%" if shown == sc.SHARE else "亿元"
st.altair_chart(scenario_chart(traj, target=target, unit=unit, lang=lang), width="stretch")

rows = []
pa, pb = results["a_"][1], results["b_"][1]
for (_, ra), (_, rb) in zip(pa.iterrows(), pb.iterrows(), strict=True):
    rows.append(
        {
            t("col_indicator", lang): P.indicator(ra["indicator"]).name(lang),
            t("col_target_year", lang): int(ra["target_year"]),
            t("col_target_plain", lang): P.indicator(ra["indicator"])
            .target(int(ra["target_year"]))
            .display(lang),
            f"{scenarios['a_'].name} · {t('col_median', lang)}": ra["median"],
            f"{scenarios['a_'].name} · {t('col_probability', lang)}": ra["probability"] * 100,
            f"{scenarios['b_'].name} · {t('col_median', lang)}": rb["median"],
            f"{scenarios['b_'].name} · {t('col_probability', lang)}": rb["probability"] * 100,
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
             column_config={c: st.column_config.NumberColumn(format="%.1f")
                            for r in rows[:1] for c in list(r)[3:]})  # fmt: skip

# ---------------------------------------------------------------- method and sources
st.caption(t("scenario_uncertainty", lang))
if basis.has_share:
    by = basis.share_base_year
    st.markdown(
        t("share_method", lang, year=by, share=f"{basis.share_base_value:g}",
          gdp=f"{basis.drivers['gdp'].actual[by]:g}", scale=f"{basis.base_scale:.2f}",
          region=ad.catalog.region_name(P.region, lang))
    )  # fmt: skip
    split = basis.split.assign(
        share=lambda d: d["share"] * 100,
        name=lambda d: d["major_code"].map(MAJOR_NAMES_EN if lang == "en" else MAJOR_ZH),
        scale=lambda d: d["share"] * basis.base_scale,
    )[["major_code", "name", "share", "scale", "basis"]]
    st.dataframe(split, hide_index=True, width="stretch",
                 column_config={"share": st.column_config.NumberColumn(format="%.2f"),
                                "scale": st.column_config.NumberColumn(format="%.2f")})  # fmt: skip
else:
    st.info(t("no_share", lang))
for note in basis.notes:
    st.caption(note)
