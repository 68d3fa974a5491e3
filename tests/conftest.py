"""Shared test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _apptest_uses_st_navigation(monkeypatch):
    """Make AppTest treat the app as an ``st.navigation`` app.

    The app keeps its pages in ``pages/`` (the house layout) and declares them with
    ``st.navigation``. The real server switches off the legacy pages-directory mode the
    first time ``st.navigation`` runs, but AppTest resets that flag before every run and
    then re-runs only the page file, skipping the entry point (and its language
    switch). Pinning the flag to False reproduces what the server does.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
