"""Committed notebooks are clean: no outputs, no execution counts, the python3 kernel,
and the house rules of notebooks/README.md (temporary WORKBENCH_HOME, closing checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = {
    "01_data_tour",
    "02_classification",
    "03_forecast_models",
    "04_scenarios_and_targets",
    "05_benchmark",
}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_the_five_notebooks_are_there():
    assert EXPECTED <= {p.stem for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_outputs_and_no_execution_counts(path: Path):
    nb = _load(path)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs", []) == [], f"{path.name}: cell {i} has outputs"
        assert cell.get("execution_count") is None, f"{path.name}: cell {i} has an execution count"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_kernel_is_python3(path: Path):
    assert _load(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_shape_of_a_short_paper(path: Path):
    """Opens with a question, sets a temporary WORKBENCH_HOME before importing workbench,
    ends with findings in words followed by a cell of assertions."""
    cells = _load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and "**Question.**" in _source(cells[0])
    code = [_source(c) for c in cells if c["cell_type"] == "code"]
    home = next(i for i, s in enumerate(code) if "WORKBENCH_HOME" in s)
    uses = next(i for i, s in enumerate(code) if "from workbench" in s or "import workbench" in s)
    assert 'os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp(' in code[home]
    assert home < uses  # the first workbench import comes after WORKBENCH_HOME is set
    assert cells[-2]["cell_type"] == "markdown" and "What we found" in _source(cells[-2])
    assert cells[-1]["cell_type"] == "code" and "assert " in _source(cells[-1])
    assert 8 <= len(cells) <= 22


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_forbidden_markers(path: Path):
    text = path.read_text(encoding="utf-8")
    # spelled in pieces so this file does not itself carry the markers it looks for
    for marker in ("TO" + "DO", "FIX" + "ME", "NotImplemented" + "Error"):
        assert marker not in text, f"{path.name} contains {marker}"
