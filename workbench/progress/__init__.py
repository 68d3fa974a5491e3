"""Plan implementation monitoring: key tasks and projects, progress updates, summaries.

Public API: :func:`write_template`, :func:`read_sheet`, :func:`ingest_sheet`,
:func:`history`, :func:`latest`, and :mod:`workbench.progress.summary` for the tables
the page and the report show. See ``docs/monitoring.md``.
"""

from workbench.progress.sheet import read_sheet, template_frame, write_template
from workbench.progress.store import history, ingest_sheet, latest, progress_path

__all__ = [
    "history",
    "ingest_sheet",
    "latest",
    "progress_path",
    "read_sheet",
    "template_frame",
    "write_template",
]
