"""Enterprise registers: the enterprise database, the measured digital economy and
key-enterprise monitoring (docs/registers.md).

Modules: :mod:`~workbench.registers.stream` (stream a CSV's rows, bounded memory),
:mod:`~workbench.registers.read` (read and validate a register file in chunks),
:mod:`~workbench.registers.db` (the enterprise database: catalog + one Parquet file per vintage),
:mod:`~workbench.registers.measure` (value added by region × year × category and shares),
:mod:`~workbench.registers.derived` (measured series into the observation store, removal),
:mod:`~workbench.registers.regions` (the plan's region hierarchy),
:mod:`~workbench.registers.monitor` and :mod:`~workbench.registers.views` (the 重点企业监测 page).

Public API: :func:`ingest_register`, :func:`remove_register`, :func:`read_register`,
:class:`RegisterReader`, :func:`measure_records`, :func:`measure_frame`, :class:`RegisterDB`.
"""

from workbench.registers.db import RegisterDB
from workbench.registers.derived import ingest_register, publish, remove_register
from workbench.registers.measure import measure_frame, measure_records
from workbench.registers.read import RegisterReader, read_register

__all__ = [
    "RegisterDB",
    "RegisterReader",
    "ingest_register",
    "measure_frame",
    "measure_records",
    "publish",
    "read_register",
    "remove_register",
]
