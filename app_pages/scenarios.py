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
from workbench.catalog import region_name
from workbench.charts import scenario_chart
from workbench.i18n import t, unit_label
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
    status_text,
    url_keep,
    url_state,
)
from workbench.uploads import UploadError, plain_text, read_scenario

lang = current_lang()
st.title(t("scenarios_title", lang))
run = require_run(lang)
home, pid, rid = _home(), current_plan(), run.run_id
P = current_plan_obj()
basis = scenario_basis(home, pid, rid)
presets = {name: sc.preset(basis, name) for name in sc.PRESETS}
drivers = list(basis.drivers)
if not drivers:
    st.info(t("no_drivers", lang))
    st.stop()
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


def _out_label(o: str) -> str:
    if o == sc.SCALE:
        return t("scale_label", lang)
    return ad.series_label(ad.sid(o, P.region), lang, plan=P)


def _unit(o: str) -> str:
    """The output's unit in ``lang``: the plan's unit for its indicators, else 亿元 (scale, GDP)."""
    try:
        return unit_label(P.indicator(o).unit, lang)
    except KeyError:
        return unit_label("亿元", lang)


def _medians(traj: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(indicator, year) → median, for many lookups without filtering the frame each time."""
    keys = zip(traj["indicator"], traj["year"].astype(int), strict=True)
    return dict(zip(keys, traj["p50"].astype(float), strict=True))


def _results_table(ra, rb, scenarios: dict, result_year: int) -> pd.DataFrame:
    """Each output's median in the result year under A and B, and B's difference from A;
    then each open target's probability. One row per quantity (labels wrap on phones)."""
    ma, mb = _medians(ra[0]), _medians(rb[0])
    name_a, name_b = scenarios["a_"].name, scenarios["b_"].name
    rows = []
    for o in [o for o in dict.fromkeys(ra[0]["indicator"]) if o != "gdp"]:
        va, vb = ma.get((o, result_year), math.nan), mb.get((o, result_year), math.nan)
        rows.append({t("col_indicator", lang): f"{_out_label(o)}（{_unit(o)}）" if lang == "zh"
                     else f"{_out_label(o)} ({_unit(o)})",
                     name_a: f"{va:,.2f}", name_b: f"{vb:,.2f}",
                     t("delta_col", lang): f"{vb - va:+,.2f}"})  # fmt: skip
    pa = ra[1][ra[1]["status"].isin(ad.PROBABILISTIC)]
    pb = rb[1].set_index(["indicator", "target_year"])
    for _, r in pa.iterrows():
        key = (r["indicator"], r["target_year"])
        p_b = float(pb.loc[key, "probability"]) if key in pb.index else math.nan
        rows.append({t("col_indicator", lang): t("prob_metric", lang, name=_out_label(r["indicator"]),
                                                   year=r["target_year"]),
                     name_a: f"{r['probability']:.0%}", name_b: f"{p_b:.0%}",
                     t("delta_col", lang): t("delta_pts", lang, d=f"{(p_b - r['probability']) * 100:+.0f}")})  # fmt: skip
    return pd.DataFrame(rows)


for prefix, (_title, default) in SIDES.items():
    _init(prefix, default)


@st.cache_data(max_entries=128, show_spinner=False)
def _comparison_spec(
    pid: str,
    rid: str,
    jsons: tuple[str, ...],
    names: tuple[str, ...],
    shown: str,
    unit: str,
    lang: str,
) -> dict:
    """The comparison chart's spec, built once per pair of scenarios (charts cost ~100 ms)."""
    frames = [
        simulate(home, pid, rid, j)[0].assign(scenario=n) for j, n in zip(jsons, names, strict=True)
    ]
    traj = pd.concat(frames, ignore_index=True)
    traj = traj[traj["indicator"] == shown]
    target = None
    if shown not in ("gdp", sc.SCALE) and shown in {x.id for x in P.indicators}:
        target = pd.DataFrame(
            [
                {"year": x.year, "value": x.value, "label": f"{x.year}: {x.display(lang)}"}
                for x in P.indicator(shown).targets
                if x.is_numeric
            ]
        )
    return scenario_chart(traj, target=target, unit=unit, lang=lang).to_dict(validate=False)


def _target_cell(r) -> str:
    if r["status"] in ad.PROBABILISTIC:
        return f"{r['probability']:.0%}"
    return status_text(r["status"], lang, markdown=True)


def _controls_and_results(result_year: int) -> tuple[dict, dict]:
    """Both sides' controls, then the results beside them; returns scenarios and results."""
    cols = st.columns([1, 1, 1.1])
    scenarios, results = {}, {}
    for col, (prefix, (title_key, _)) in zip(cols, SIDES.items(), strict=False):
        with col:
            _controls(prefix, t(title_key, lang))
            scen = _scenario(prefix, t(title_key, lang))
            scenarios[prefix] = scen
            results[prefix] = simulate(home, pid, rid, scen.to_json())
            st.query_params.update(
                {prefix + "preset": st.session_state[prefix + "preset"],
                 **scen.to_query_params(prefix)}
            )  # fmt: skip
            stale = [k for k in st.query_params if k == prefix + "shock"]
            if scen.shock_year is None:
                for k in stale:
                    del st.query_params[k]
    # results beside the controls: A, then B with its difference from A
    with cols[2]:
        st.subheader(t("results_title", lang))
        st.caption(t("results_caption", lang, year=result_year))
        res_table = _results_table(results["a_"], results["b_"], scenarios, result_year)
        st.table(res_table.set_index(res_table.columns[0]))
    for col, prefix in zip(cols, SIDES, strict=False):
        with col, st.expander(t("files_expander", lang)):
            st.download_button(
                t("save_scenario", lang, name=scenarios[prefix].name), scenarios[prefix].to_json(),
                file_name=f"scenario_{prefix[0]}.json", mime="application/json", key=prefix + "save",
            )  # fmt: skip
            st.file_uploader(
                t("load_scenario", lang, name=scenarios[prefix].name), type=["json"],
                key=prefix + "file", on_change=_load_file, args=(prefix,),
            )  # fmt: skip
    return scenarios, results


def _comparison(scenarios: dict, results: dict) -> None:
    """The chosen output's trajectories under A and B, and the targets table."""
    st.divider()
    outputs = list(dict.fromkeys(results["a_"][0]["indicator"]))
    share = basis.share_key
    url_state("sc_show", "sc_show", outputs)
    shown = lang_selectbox(t("show_indicator", lang), outputs, key="sc_show", lang=lang,
                           index=outputs.index(share) if share in outputs else 0,
                           format_func=_out_label)  # fmt: skip
    url_keep("sc_show", shown, share if share in outputs else outputs[0])
    st.vega_lite_chart(
        _comparison_spec(
            pid,
            rid,
            tuple(scenarios[p].to_json() for p in SIDES),
            tuple(scenarios[p].name for p in SIDES),
            shown,
            _unit(shown),
            lang,
        ),
        width="stretch",
    )
    rows = []
    pa, pb = results["a_"][1], results["b_"][1]
    for (_, ra), (_, rb) in zip(pa.iterrows(), pb.iterrows(), strict=True):
        rows.append(_target_row(ra, rb, scenarios))
    if rows:
        table = pd.DataFrame(rows)
        st.table(table.set_index(table.columns[0]).replace(r"^>", r"\\>", regex=True))


def _target_row(ra, rb, scenarios: dict) -> dict:
    """One target's row: indicator, year, target, then each side's median and result."""
    ind = P.indicator(ra["indicator"])
    return {
        t("col_indicator", lang): ind.name(lang),
        t("col_target_year", lang): str(int(ra["target_year"])),
        t("col_target_plain", lang): ind.target(int(ra["target_year"])).display(lang),
        f"{scenarios['a_'].name} · {t('col_median', lang)}": f"{ra['median']:,.2f}",
        f"{scenarios['a_'].name} · {t('col_result_plain', lang)}": _target_cell(ra),
        f"{scenarios['b_'].name} · {t('col_median', lang)}": f"{rb['median']:,.2f}",
        f"{scenarios['b_'].name} · {t('col_result_plain', lang)}": _target_cell(rb),
    }


@st.fragment
def _scenario_view() -> None:
    """Everything a slider moves: a widget here reruns this part only, not the whole page
    (the title, the run caption and the method and sources below stay as they are)."""
    years_out = list(range(min(d.last_year for d in basis.drivers.values()) + 1, basis.to_year + 1))
    url_state("sc_year", "sc_year", years_out, int, default=basis.to_year)
    result_year = st.select_slider(t("result_year", lang), years_out, key="sc_year")
    url_keep("sc_year", result_year, basis.to_year)
    scenarios, results = _controls_and_results(result_year)
    _comparison(scenarios, results)


_scenario_view()

# ---------------------------------------------------------------- method and sources
st.caption(t("scenario_uncertainty", lang))
if basis.has_share:
    by = basis.share_base_year
    st.markdown(
        t("share_method", lang, year=by, share=f"{basis.share_base_value:g}",
          region=region_name(P.region, lang),
          gdp=f"{basis.drivers['gdp'].actual[by]:g}", scale=f"{basis.base_scale:.2f}")
    )  # fmt: skip
    split = sc.base_split_table(basis).assign(
        name=lambda d: d["major_code"].map(MAJOR_NAMES_EN if lang == "en" else MAJOR_ZH),
        basis=ad.split_basis(basis.split, lang),
    )[["major_code", "name", "share_pct", "scale", "basis"]]
    st.dataframe(
        split, hide_index=True, width="stretch",
        column_config={
            "major_code": st.column_config.TextColumn(t("col_code", lang)),
            "name": st.column_config.TextColumn(t("col_name", lang)),
            "share_pct": st.column_config.NumberColumn(t("col_share_of_scale", lang), format="%.2f"),
            "scale": st.column_config.NumberColumn(t("col_scale_yi", lang), format="%.2f"),
            "basis": st.column_config.TextColumn(t("col_basis", lang), width="large"),
        },
    )  # fmt: skip
else:
    st.info(t("no_share", lang))
