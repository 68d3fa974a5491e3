"""Small Streamlit helpers shared by the pages: language state and page chrome.

Pages call these; they hold no computation.
"""

from __future__ import annotations

import streamlit as st

from workbench.i18n import DEFAULT_LANG, LANGS, t

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
