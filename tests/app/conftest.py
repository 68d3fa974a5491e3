"""One refresh run for every AppTest test, in a temporary WORKBENCH_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture(scope="session", autouse=True)
def run(tmp_path_factory):
    """The refresh run the pages read (WORKBENCH_HOME points at a temp dir for the session)."""
    home = tmp_path_factory.mktemp("workbench_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(home))
        mp.delenv("WORKBENCH_UPLOAD_TOKEN", raising=False)
        import datetime as dt

        from workbench.refresh import refresh

        # judged as of mid-2021, so the 2022 and 2025 targets are open and carry probabilities
        yield refresh("chizhou-digital", as_of=dt.date(2021, 6, 30))
