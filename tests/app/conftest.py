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
        _real_package()
        from workbench.refresh import refresh

        yield refresh()


def _real_package() -> None:
    """Under ``.venv/bin/pytest`` the project directory is not on ``sys.path`` and the
    editable install's path hook makes ``workbench`` a namespace package without
    ``__version__`` (which the run manifest records); give it the installed version."""
    import importlib.metadata

    import workbench

    if not hasattr(workbench, "__version__"):
        workbench.__version__ = importlib.metadata.version("workbench")
