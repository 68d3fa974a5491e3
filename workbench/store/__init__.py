"""The observation store: DuckDB file + content-addressed archive (see ``docs/data_path.md``).

Public API: :class:`Store` (``ingest``, ``observations``, ``candidates``, ``vintages``,
``conflicts``), :func:`build_store`, :class:`IngestResult`, :class:`StoreError`.
"""

from workbench.store.core import IngestResult, Store, StoreError, as_of_cutoff, build_store

__all__ = ["IngestResult", "Store", "StoreError", "as_of_cutoff", "build_store"]
