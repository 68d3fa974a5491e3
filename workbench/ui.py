"""Small Streamlit helpers shared by the pages: language state, page chrome, the cached
loaders (keyed by run id) and the upload token. Computation lives in
:mod:`workbench.app_data` and :mod:`workbench.scenario`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from workbench.i18n import DEFAULT_LANG, LANGS, date_label, t

_LANG_NAMES = {"zh": "中文", "en": "English"}


def current_lang() -> str:
    """The interface language: session state, else the ``?lang=`` query parameter, else zh."""
    lang = st.session_state.get("lang")
    if lang not in LANGS:
        lang = st.query_params.get("lang", DEFAULT_LANG)
        if lang not in LANGS:
            lang = DEFAULT_LANG
        st.session_state["lang"] = lang
    return lang


def language_switch() -> str:
    """Sidebar radio that switches every label; keeps ``?lang=`` in the URL. Returns the language."""
    lang = current_lang()
    choice = st.sidebar.radio(
        t("language", lang),
        LANGS,
        index=LANGS.index(lang),
        format_func=_LANG_NAMES.__getitem__,
        horizontal=True,
        key="lang_switch",
    )
    if choice != lang:
        st.session_state["lang"] = choice
        lang = choice
    if lang == DEFAULT_LANG:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang
    return lang


def current_plan() -> str:
    """The plan shown: session state, else ``?plan=``, else the default plan (workbench.toml)."""
    from workbench import plans

    ids = plans.plan_ids()
    pid = st.session_state.get("plan")
    if pid not in ids:
        pid = st.query_params.get("plan")
        if pid not in ids:
            pid = plans.default_plan_id()
        st.session_state["plan"] = pid
    return pid


def plan_switch(lang: str) -> str:
    """Sidebar selector of the plan; keeps ``?plan=`` in the URL. Returns the plan id."""
    from workbench import plans

    pid = current_plan()
    ids = plans.plan_ids()
    if len(ids) > 1:
        # a radio (a few plans; it follows the language switch, unlike a selectbox), its
        # choice kept in st.session_state["plan"], which current_plan reads
        names = {i: plans.load_plan(i).short(lang) for i in ids}
        choice = st.sidebar.radio(
            t("plan_label", lang), ids, index=ids.index(pid), format_func=names.__getitem__,
            key="plan_switch",
        )  # fmt: skip
        if choice != pid:
            st.session_state["plan"] = pid = choice
    if pid == plans.default_plan_id():
        st.query_params.pop("plan", None)
    else:
        st.query_params["plan"] = pid
    return pid


def url_state(key: str, param: str, options: list | None = None, cast=str, default=None):
    """Put ``?param=`` into ``st.session_state[key]`` once per session (before the widget is
    drawn), so a shared link reproduces the view; ignores values that are not ``options``."""
    done = f"_url_{key}"
    if st.session_state.get(done):
        return
    st.session_state[done] = True
    raw = st.query_params.get(param)
    if raw is None:
        if default is not None and key not in st.session_state:
            st.session_state[key] = default
        return
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        return
    if options is None or value in options:
        st.session_state[key] = value


def url_keep(param: str, value, default=None) -> None:
    """Write ``?param=value`` (removed when ``value`` is the default)."""
    if value is None or value == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = str(value)


def current_plan_obj():
    """The :class:`workbench.plans.Plan` shown."""
    from workbench import plans

    return plans.load_plan(current_plan())


# ---------------------------------------------------------------- cached loaders
# Keyed by (WORKBENCH_HOME, run_id): a new refresh run shows up on the next rerun.


def _home() -> str:
    from workbench.paths import home

    return str(home())


@st.cache_resource(max_entries=8, show_spinner=False)
def _load_run(home: str, plan_id: str, run_id: str):
    from workbench.refresh import open_run

    try:
        run = open_run(run_id, plan_id, Path(home))
    except KeyError:
        return None
    for name in ("history", "forecasts", "paths", "info", "targets", "observations"):
        getattr(run, name)  # read the parquet files once, shared by every session
    return run


def get_run():
    """The run shown: ``?run=<id>`` when that run of the plan exists, else the plan's latest
    refresh run (cached per run id), or ``None`` before the first refresh."""
    from workbench.refresh import latest_run

    plan_id = current_plan()
    wanted = st.query_params.get("run")
    if wanted:  # ?run=<id> reopens an older run exactly as it was
        run = _load_run(_home(), plan_id, str(wanted))
        if run is not None:
            return run
    run = latest_run(plan_id)
    if run is None:
        return None
    return _load_run(_home(), plan_id, run.run_id)


def optional_run(lang: str):
    """The latest run, shown with its caption; or a clear message (how to make one) and None."""
    run = get_run()
    if run is None:
        st.warning(t("no_run", lang))
    else:
        run_caption(run, lang)
    return run


def require_run(lang: str):
    """Like :func:`optional_run`, but a page that cannot work without a run stops there."""
    run = optional_run(lang)
    if run is None:
        st.stop()
    return run


def run_caption(run, lang: str) -> None:
    """``更新于 2026年11月29日 · 数据截至 2025 年`` (the run id itself is on the Data page)."""
    from workbench.app_data import data_as_of, plan_of

    finished = run.manifest.get("finished_at", "")
    year = data_as_of(run_observations(run), plan_of(run))
    st.caption(t("updated_caption", lang, date=date_label(finished, lang), year=year or "—"))


def run_observations(run) -> pd.DataFrame:
    """The observations the run used (self-contained: a reopened run shows what it showed)."""
    if run is None:
        return pd.DataFrame(columns=["region", "indicator", "year", "value", "unit", "source"])
    return run.observations


@st.cache_resource(max_entries=8, show_spinner=False)
def scenario_basis(home: str, plan_id: str, run_id: str):
    from workbench.app_data import scenario_basis as build

    run = _load_run(home, plan_id, run_id)
    return build(run)


@st.cache_data(max_entries=256, show_spinner=False)
def simulate(home: str, plan_id: str, run_id: str, scenario_json: str):
    """Scenario result (cached per plan, run and assumption set)."""
    from workbench.scenario import Scenario
    from workbench.scenario import simulate as sim

    res = sim(scenario_basis(home, plan_id, run_id), Scenario.from_json(scenario_json))
    return res.trajectories, res.probabilities


def chart(chart, **kwargs) -> None:
    """Draw an Altair chart without re-validating its schema on every rerun (the builders in
    :mod:`workbench.charts` are tested; validation cost ~50–100 ms a chart)."""
    st.vega_lite_chart(chart.to_dict(validate=False), width="stretch", **kwargs)


def status_text(key: str, lang: str, markdown: bool = False) -> str:
    """A status label from :class:`workbench.targets.Status`: ``已达标``; with ``markdown``
    preceded by its coloured Material icon (``:green[:material/check_circle:] 已达标``) for
    st.table / st.metric / st.markdown. An unknown key (no run) reads 未评估."""
    from workbench.targets import Status

    try:
        s = Status(key)
    except ValueError:
        return t("status_no_run", lang)
    return f":{s.colour}[{s.icon}] {s.label(lang)}" if markdown else s.label(lang)


# ---------------------------------------------------------------- upload token


def _configured_token() -> object:
    try:
        tok = st.secrets.get("upload_token")
    except Exception:  # no secrets file at all
        tok = None
    return tok if tok is not None else os.environ.get("WORKBENCH_UPLOAD_TOKEN")


def upload_token() -> str | None:
    """The statisticians' token: Streamlit secret ``upload_token`` or ``$WORKBENCH_UPLOAD_TOKEN``
    (a number is taken as its digits; blank means none, see :func:`workbench.uploads.normalise_token`)."""
    from workbench.uploads import normalise_token

    return normalise_token(_configured_token())


def _register_db_mtime() -> float:
    from workbench.registers.db import db_path

    p = db_path()
    return p.stat().st_mtime if p.exists() else 0.0


@st.cache_data(max_entries=4, show_spinner=False)
def _register_key(home: str, mtime: float) -> tuple:
    from workbench.registers.db import RegisterDB

    return tuple(RegisterDB().vintages()["sha256"])


def register_key() -> tuple:
    """The enterprise database's vintages (their checksums; empty: no register)."""
    return _register_key(_home(), _register_db_mtime())


@st.cache_data(max_entries=4, show_spinner=False)
def _register_panel(home: str, source: str, key: tuple) -> pd.DataFrame:
    from workbench.registers import monitor as mo

    if source == "demo":
        return mo.enterprise_panel(mo.synthetic_records())
    from workbench.registers.db import RegisterDB

    return mo.enterprise_panel(RegisterDB().records())


def register_source(lang: str, key: str) -> tuple[str, tuple]:
    """The enterprise data a page shows, chosen the same way on every page: the enterprise
    database (``db``) or the SYNTHETIC demo register (``demo``, the only one when the
    database is empty, with a note saying so). Returns ``(source, vintage key)``."""
    vintages = register_key()
    if not vintages:
        st.info(t("ent_no_register", lang))
        return "demo", vintages
    source = st.radio(t("ent_source", lang), ["db", "demo"], horizontal=True, key=key,
                      format_func=lambda s: t(f"ent_source_{s}", lang))  # fmt: skip
    return source, vintages


def register_panel(source: str, vintages: tuple) -> pd.DataFrame:
    """The enterprise panel (:func:`workbench.registers.monitor.enterprise_panel`) of
    ``source``, cached per data home and database vintages."""
    return _register_panel(_home(), source, vintages)


def token_gate(lang: str, key: str) -> bool:
    """A password box; ``True`` only when a token is configured and the right one is typed."""
    from workbench.uploads import token_matches

    expected = upload_token()
    if not expected:
        raw = _configured_token()
        blank = isinstance(raw, str) and raw != "" and not raw.strip()
        st.info(t("token_blank" if blank else "token_missing", lang))
        return False
    given = st.text_input(t("token_label", lang), type="password", key=key)
    if not given:
        return False
    if not token_matches(given, expected):
        st.error(t("token_wrong", lang))
        return False
    return True


def lang_selectbox(
    label: str,
    options: list,
    *,
    key: str,
    lang: str,
    format_func,
    index: int = 0,
    on_change=None,
    args: tuple = (),
    sidebar: bool = False,
):
    """``st.selectbox`` whose shown choice follows the language switch.

    Streamlit's front end keeps displaying a keyed selectbox's choice as it was formatted
    in the previous language (radios do not have this problem). So the widget's own key
    carries the language (``f"{key}@{lang}"``) while the choice itself lives in
    ``st.session_state[key]``, which callbacks and other code read and write as usual.
    Returns the chosen option.
    """
    wkey = f"{key}@{lang}"
    options = list(options)
    chosen = st.session_state.get(key)
    if chosen not in options:
        chosen = options[index] if options else None
    st.session_state[wkey] = chosen  # the canonical choice, set before the widget exists
    st.session_state[key] = chosen

    def _sync() -> None:
        st.session_state[key] = st.session_state[wkey]
        if on_change is not None:
            on_change(*args)

    box = st.sidebar.selectbox if sidebar else st.selectbox
    value = box(label, options, key=wkey, format_func=format_func, on_change=_sync)
    st.session_state[key] = value
    return value


def dashes(
    df: pd.DataFrame, decimals: dict[str, int] | None = None, keep: tuple[str, ...] = ()
) -> pd.DataFrame:
    """``df`` for ``st.dataframe`` with every missing cell reading ``—`` (the browser would
    draw the English word "None"). Columns without gaps are returned as they are; a numeric
    column with gaps becomes text: ``decimals[col]`` places when given (thousands
    separated), else the shortest exact form (``2019``, ``159398.6``). A gap in a column of
    ``keep`` (links) is left empty rather than made a link."""
    out = df.copy()
    for c in out.columns:
        missing = out[c].isna()
        if not missing.any():
            continue
        if c in keep:
            out[c] = out[c].astype(object).where(~missing, "")
        elif pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c]):
            places = (decimals or {}).get(c)
            out[c] = ["—" if m else _plain(v, places) for v, m in zip(out[c], missing, strict=True)]
        else:
            out[c] = out[c].astype(object).where(~missing, "—")
    return out


def number_table(
    df: pd.DataFrame, places: int, columns: list[str] | None = None
) -> tuple[pd.DataFrame, dict]:
    """``df`` and the ``column_config`` that show ``columns`` (default: every non-integer
    number column) with ``places`` decimals (missing cells read ``—``; integer columns such
    as years and counts are left as they are)."""
    cols = columns if columns is not None else [
        c for c in df.columns if pd.api.types.is_float_dtype(df[c])
    ]  # fmt: skip
    out = dashes(df, decimals=dict.fromkeys(cols, places))
    cfg = {
        c: st.column_config.NumberColumn(c, format=f"%.{places}f")
        for c in cols
        if pd.api.types.is_numeric_dtype(out[c])
    }
    return out, cfg


def _plain(v: float, places: int | None) -> str:
    if places is not None:
        return f"{float(v):,.{places}f}"
    f = float(v)
    return str(int(f)) if f.is_integer() else np.format_float_positional(f, trim="-")
