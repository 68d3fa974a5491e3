"""Size limits checked before a delivered file is parsed (see ``docs/data_path.md``).

Defaults suit a statistics bureau's deliveries (a few thousand rows) with wide margin and
keep one file's parse well under 1 GB of memory; each can be changed with an environment
variable (``WORKBENCH_MAX_FILE_MB`` …) or by passing a :class:`Limits` to the readers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

_ENV = {
    "max_file_mb": "WORKBENCH_MAX_FILE_MB",
    "max_csv_mb": "WORKBENCH_MAX_CSV_MB",
    "max_csv_rows": "WORKBENCH_MAX_CSV_ROWS",
    "max_rows": "WORKBENCH_MAX_ROWS",
    "max_columns": "WORKBENCH_MAX_COLUMNS",
    "max_cells": "WORKBENCH_MAX_CELLS",
    "max_cell_chars": "WORKBENCH_MAX_CELL_CHARS",
    "max_shared_strings": "WORKBENCH_MAX_SHARED_STRINGS",
    "max_unzipped_mb": "WORKBENCH_MAX_UNZIPPED_MB",
}


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one delivered file.

    ``max_file_mb``: bytes on disk (MB) of an Excel file, or of a CSV read whole (registers,
    progress sheets); ``max_csv_mb``/``max_csv_rows``: an observation CSV, which is streamed
    (memory does not grow with its size, see ``docs/data_path.md``);
    ``max_rows``/``max_columns``: the used range of a sheet or of a CSV read whole; ``max_cells``: rows × columns actually present; ``max_cell_chars``: one
    cell's text; ``max_shared_strings``: entries of an .xlsx shared-string table;
    ``max_unzipped_mb``: the .xlsx parts after decompression (a zip bomb guard).
    """

    max_file_mb: float = 20.0
    max_csv_mb: float = 200.0
    max_csv_rows: int = 10_000_000
    max_rows: int = 100_000
    max_columns: int = 200
    max_cells: int = 500_000
    max_cell_chars: int = 10_000
    max_shared_strings: int = 500_000
    max_unzipped_mb: float = 200.0

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_csv_bytes(self) -> int:
        return int(self.max_csv_mb * 1024 * 1024)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, base: Limits | None = None) -> Limits:
        """``base`` (default: the class defaults) overridden by ``WORKBENCH_MAX_*``
        environment variables (bad values ignored)."""
        kw: dict[str, float | int] = {}
        for f in fields(cls):
            raw = os.environ.get(_ENV[f.name], "").strip()
            if not raw:
                continue
            try:
                value = float(raw) if f.type == "float" else int(raw)
            except ValueError:
                continue
            if value > 0:
                kw[f.name] = value
        return replace(base, **kw) if base is not None else cls(**kw)
