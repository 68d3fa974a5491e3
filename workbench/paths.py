"""Where the workbench keeps its files.

Committed text (sources of truth) lives under ``data/reference`` and ``data/sources``.
Derived, rebuildable artefacts (the DuckDB store, the archive of delivered files,
forecast runs) live under the *home* directory, which defaults to ``data/`` in the
project and can be moved with the ``WORKBENCH_HOME`` environment variable (tests use
this to work in a temporary directory).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SOURCES_DIR = DATA_DIR / "sources"


def home() -> Path:
    """Directory for derived artefacts (store, archive, runs); ``$WORKBENCH_HOME`` or ``data/``."""
    return Path(os.environ.get("WORKBENCH_HOME", DATA_DIR))


def store_path() -> Path:
    """The embedded DuckDB file."""
    return home() / "store" / "workbench.duckdb"


def archive_dir() -> Path:
    """Content-addressed archive of files exactly as delivered."""
    return home() / "archive"


def runs_dir() -> Path:
    """Forecast refresh runs; ``runs/latest`` names the last good one."""
    return home() / "runs"
