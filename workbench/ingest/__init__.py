"""The statisticians' data path: read CSV/Excel deliveries, map headers, indicators and
regions, convert units and validate, producing tidy observations (see ``docs/data_path.md``).

Public API: :func:`read_observations`, :func:`validate_file`, :class:`IngestError`,
:class:`Issue`, :class:`ValidationReport`, :data:`OBSERVATION_COLUMNS`.
"""

from workbench.ingest.errors import IngestError, Issue, ValidationReport
from workbench.ingest.validate import (
    DEFAULT_MAX_JUMP,
    OBSERVATION_COLUMNS,
    ReadOptions,
    file_sha256,
    observation_schema,
    read_observations,
    read_spilled,
    read_with_report,
    validate_file,
)

__all__ = [
    "DEFAULT_MAX_JUMP",
    "OBSERVATION_COLUMNS",
    "IngestError",
    "Issue",
    "ReadOptions",
    "ValidationReport",
    "file_sha256",
    "observation_schema",
    "read_observations",
    "read_spilled",
    "read_with_report",
    "validate_file",
]
