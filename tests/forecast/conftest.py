import pytest


@pytest.fixture(autouse=True)
def _workbench_home(tmp_path, monkeypatch):
    """Keep every derived file of these tests in a temporary home."""
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
