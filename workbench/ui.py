"""Small Streamlit helpers shared by the pages: language state, page chrome, the cached
loaders (keyed by run id) and the upload token. Computation lives in
:mod:`workbench.app_data` and :mod:`workbench.scenario`.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

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


# ---------------------------------------------------------------- plan and URL state


def current_plan() -> str:
    """The plan shown: ``?plan=`` when it names a pack, else the default plan (one place)."""
    from workbench import plans

    pid = st.query_params.get("plan")
    if pid and pid in plans.plan_ids():
        return pid
    return plans.default_plan_id()


def plan_switch(lang: str) -> str:
    """Sidebar choice of the plan when there is more than one pack; kept in ``?plan=``."""
    from workbench import plans

    ids = plans.plan_ids()
    pid = current_plan()
    if len(ids) > 1:
        pid = lang_selectbox(
            t("plan_label", lang), ids, key="plan", lang=lang,
            index=ids.index(pid) if pid in ids else 0,
            format_func=lambda i: plans.load_plan(i).short(lang), sidebar=True,
        )  # fmt: skip
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


# ---------------------------------------------------------------- cached loaders
# Keyed by (WORKBENCH_HOME, run_id): a new refresh run shows up on the next rerun.


def _home() -> str:
    from workbench.paths import home

    return str(home())


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_run(home: str, run_id: str):
    from workbench.refresh import latest_run

    run = latest_run(Path(home))
    if run is None or run.run_id != run_id:  # the pointer moved in between: read it as is
        return run
    for name in ("history", "forecasts", "paths", "info", "targets"):
        getattr(run, name)  # read the parquet files once, shared by every session
    return run


def get_run():
    """The latest refresh run (cached per run id), or ``None`` before the first refresh."""
    from workbench.refresh import latest_run

    run = latest_run()
    if run is None:
        return None
    return _load_run(_home(), run.run_id)


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
    from workbench.app_data import data_as_of

    finished = run.manifest.get("finished_at", "")
    st.caption(
        t("updated_caption", lang, date=date_label(finished, lang), year=data_as_of(run.history))
    )


@st.cache_data(max_entries=8, show_spinner=False)
def observations(home: str, run_id: str | None) -> pd.DataFrame:
    """The store's shown observations (empty frame when there is no store yet)."""
    from workbench.store import Store, StoreError

    try:
        return Store().observations()
    except StoreError:
        return pd.DataFrame(columns=["region", "indicator", "year", "value", "unit", "source"])


def run_observations(run) -> pd.DataFrame:
    return observations(_home(), run.run_id if run is not None else None)


@st.cache_resource(max_entries=4, show_spinner=False)
def scenario_basis(home: str, run_id: str):
    from workbench.app_data import scenario_basis as build

    run = _load_run(home, run_id)
    return build(run)


@st.cache_data(max_entries=256, show_spinner=False)
def simulate(home: str, run_id: str, scenario_json: str):
    """Scenario result (cached per run and assumption set)."""
    from workbench.scenario import Scenario
    from workbench.scenario import simulate as sim

    res = sim(scenario_basis(home, run_id), Scenario.from_json(scenario_json))
    return res.trajectories, res.probabilities


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


def upload_token() -> str | None:
    """The statisticians' token: Streamlit secret ``upload_token`` or ``$WORKBENCH_UPLOAD_TOKEN``."""
    try:
        tok = st.secrets.get("upload_token")
    except Exception:  # no secrets file at all
        tok = None
    return tok or os.environ.get("WORKBENCH_UPLOAD_TOKEN") or None


def token_gate(lang: str, key: str) -> bool:
    """A password box; ``True`` only when a token is configured and the right one is typed."""
    expected = upload_token()
    if not expected:
        st.info(t("token_missing", lang))
        return False
    given = st.text_input(t("token_label", lang), type="password", key=key)
    if not given:
        return False
    if not hmac.compare_digest(given.encode(), expected.encode()):
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
