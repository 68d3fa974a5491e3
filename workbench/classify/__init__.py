"""Classify enterprise/industry records into the NBS 2021 digital-economy categories.

Public API: :func:`classify_records` (record level), :func:`aggregate` (by region, year and
category level, pandas or DuckDB), :func:`aggregate_file` (CSV/Parquet/xlsx by path),
:func:`load_table`, :func:`default_table`, :func:`diff_tables`. See docs/classification.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.classify.codes import integer_code_to_text, normalise_code, normalise_codes
from workbench.classify.coefficients import CoefficientError, Coefficients, load_coefficients
from workbench.classify.engine_pandas import classify_records, group_records
from workbench.classify.result import (
    NON_DIGITAL_NAME,
    UNMATCHED,
    ClassificationResult,
    ClassifyInputError,
    finish,
)
from workbench.classify.table import (
    ClassificationTable,
    ClassificationTableError,
    default_table,
    diff_tables,
    load_table,
)
from workbench.ingest.messages import Msg

ENGINES = ("pandas", "duckdb")

__all__ = [
    "ENGINES",
    "NON_DIGITAL_NAME",
    "UNMATCHED",
    "ClassificationResult",
    "ClassificationTable",
    "ClassificationTableError",
    "ClassifyInputError",
    "CoefficientError",
    "Coefficients",
    "aggregate",
    "aggregate_file",
    "classify_records",
    "default_table",
    "diff_tables",
    "load_coefficients",
    "load_table",
    "normalise_code",
    "normalise_codes",
    "read_records",
]


def aggregate(
    df: pd.DataFrame,
    code_column: str,
    value_columns: list[str] | str,
    *,
    level: str = "major",
    year_column: str | None = None,
    region_column: str | None = None,
    table: ClassificationTable | None = None,
    engine: str = "pandas",
    coefficients: Coefficients | None = None,
    row_offset: int = 2,
) -> ClassificationResult:
    """Classify records and aggregate by [region], [year] and category at ``level``
    (``major``/``mid``/``sub``). Values keep the input's unit. See
    :class:`ClassificationResult` for the output; totals are conserved per value column.
    ``row_offset`` is the row number given to the first record in error messages."""
    value_columns = [value_columns] if isinstance(value_columns, str) else list(value_columns)
    if engine == "pandas":
        g = group_records(
            df,
            code_column,
            value_columns,
            year_column=year_column,
            region_column=region_column,
            row_offset=row_offset,
        )
    elif engine == "duckdb":
        from workbench.classify.engine_duckdb import group_frame

        g = group_frame(
            df,
            code_column,
            value_columns,
            year_column=year_column,
            region_column=region_column,
            row_offset=row_offset,
        )
    else:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    return finish(
        g,
        value_columns,
        level=level,
        year_column=year_column,
        region_column=region_column,
        table=table,
        coefficients=coefficients,
    )


def _excel_code(value: object) -> str:
    """An Excel cell of the code column: numbers lost their leading zero (111 → 0111)."""
    if isinstance(value, bool) or value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, int | float) and float(value).is_integer():
        return integer_code_to_text(int(value))
    return str(value)


def read_records(path: str | Path, code_column: str | None = None) -> pd.DataFrame:
    """Read a record file as text columns: CSV (utf-8-sig, then gb18030), xlsx or Parquet.

    In xlsx files, numeric cells of ``code_column`` get their leading zero back (a cell
    holding the number 111 is the code 0111)."""
    p = Path(path)
    if not p.exists():
        raise ClassifyInputError(Msg("file_not_found", path=str(p)))
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(p)
    if suffix in (".xlsx", ".xlsm"):
        conv = {code_column: _excel_code} if code_column else None
        df = pd.read_excel(p, converters=conv)
        return df.astype({c: "string" for c in df.columns if c != code_column})
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(p, dtype=str, keep_default_na=False, encoding=enc)
        except UnicodeDecodeError:
            continue
    raise ClassifyInputError(Msg("reg_cls_not_text", file=str(p)))


def aggregate_file(
    path: str | Path,
    code_column: str,
    value_columns: list[str] | str,
    *,
    level: str = "major",
    year_column: str | None = None,
    region_column: str | None = None,
    table: ClassificationTable | None = None,
    engine: str = "pandas",
    coefficients: Coefficients | None = None,
) -> ClassificationResult:
    """:func:`aggregate` on a file. With ``engine="duckdb"`` CSV and Parquet files are
    streamed (never loaded whole); xlsx is always read into memory."""
    value_columns = [value_columns] if isinstance(value_columns, str) else list(value_columns)
    p = Path(path)
    if engine == "duckdb" and p.suffix.lower() in (".csv", ".txt", ".parquet"):
        from workbench.classify.engine_duckdb import group_file

        g = group_file(
            p, code_column, value_columns, year_column=year_column, region_column=region_column
        )
        return finish(
            g,
            value_columns,
            level=level,
            year_column=year_column,
            region_column=region_column,
            table=table,
            coefficients=coefficients,
        )
    return aggregate(
        read_records(p, code_column),
        code_column,
        value_columns,
        level=level,
        year_column=year_column,
        region_column=region_column,
        table=table,
        engine=engine,
        coefficients=coefficients,
        row_offset=1 if p.suffix.lower() == ".parquet" else 2,
    )
