"""DuckDB engine: classify CSV/Parquet files larger than memory.

DuckDB streams the file and reduces it in SQL to one row per (raw code, region, year); the
small grouped frame then goes through the same steps as the pandas engine. Values are read
as text from CSV (so codes keep leading zeros) and cast with ``TRY_CAST``; a value that is
not a number is located by row and reported.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from workbench.classify.engine_pandas import check_columns, numeric_values
from workbench.classify.result import COUNT, RAW, ClassifyInputError
from workbench.ingest.messages import Msg
from workbench.paths import home

_NUMERIC = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "REAL",
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _connect(
    threads: int | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")  # aggregation only: lets DuckDB stream
    if memory_limit:
        con.execute(f"SET memory_limit = {_lit(memory_limit)}")
    tmp = home() / "tmp" / "duckdb"
    tmp.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = {_lit(str(tmp))}")
    return con


def _transcode_to_utf8(path: Path) -> Path:
    """Stream a GBK/GB18030 CSV into a UTF-8 temporary file (DuckDB reads UTF-8 only)."""
    tmpdir = home() / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(suffix=".csv", dir=tmpdir)
    dec = codecs.getincrementaldecoder("gb18030")()
    with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8") as dst:
        while chunk := src.read(1 << 22):
            dst.write(dec.decode(chunk))
        dst.write(dec.decode(b"", final=True))
    return Path(name)


def _is_utf8(path: Path) -> bool:
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 22):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _source_sql(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return f"read_parquet({_lit(str(path))})"
    return f"read_csv({_lit(str(path))}, header = true, all_varchar = true)"


def _locate_bad_value(path: Path, column: str) -> None:
    """Find the first non-numeric value in ``column`` and raise naming its row."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        offset = 0
        for batch in pq.ParquetFile(path).iter_batches(columns=[column], batch_size=1 << 20):
            s = batch.column(0).to_pandas()
            numeric_values(s, column, row_offset=offset + 1)
            offset += len(s)
        return
    for enc in ("utf-8-sig", "gb18030"):
        try:
            offset = 0
            for chunk in pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                usecols=[column],
                encoding=enc,
                chunksize=1 << 20,
            ):
                numeric_values(chunk[column], column, row_offset=offset + 2)
                offset += len(chunk)
            return
        except UnicodeDecodeError:
            continue


def _group_sql(
    con: duckdb.DuckDBPyConnection,
    src: str,
    code_column: str,
    value_columns: list[str],
    year_column: str | None,
    region_column: str | None,
    on_bad_value,
) -> pd.DataFrame:
    desc = con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
    types = {r[0]: r[1] for r in desc}
    check_columns(
        list(types),
        {
            "code column": code_column,
            "year column": year_column,
            "region column": region_column,
            **{f"value column {i + 1}": c for i, c in enumerate(value_columns)},
        },
    )
    vals: dict[str, str] = {}
    bad: dict[str, str] = {}  # text columns: count of values that are not numbers
    for c in value_columns:
        if types[c].upper() in _NUMERIC or types[c].upper().startswith("DECIMAL"):
            vals[c] = f"CAST({_q(c)} AS DOUBLE)"
        else:
            text = f"NULLIF(TRIM(CAST({_q(c)} AS VARCHAR)), '')"
            vals[c] = f"TRY_CAST({text} AS DOUBLE)"
            bad[c] = f"count(*) FILTER (WHERE {text} IS NOT NULL AND {vals[c]} IS NULL)"
    dims = [c for c in (region_column, year_column) if c]
    code_t = types[code_column].upper()
    if code_t in _NUMERIC[:9]:
        raw = (
            f"CASE WHEN {_q(code_column)} IS NULL THEN '' "
            f"WHEN length(CAST({_q(code_column)} AS VARCHAR)) IN (1, 3) "
            f"THEN '0' || CAST({_q(code_column)} AS VARCHAR) "
            f"ELSE CAST({_q(code_column)} AS VARCHAR) END"
        )
    elif code_t in ("FLOAT", "DOUBLE", "REAL"):
        raw = (
            f"CASE WHEN {_q(code_column)} IS NULL THEN '' "
            f"WHEN length(CAST(CAST({_q(code_column)} AS BIGINT) AS VARCHAR)) IN (1, 3) "
            f"THEN '0' || CAST(CAST({_q(code_column)} AS BIGINT) AS VARCHAR) "
            f"ELSE CAST(CAST({_q(code_column)} AS BIGINT) AS VARCHAR) END"
        )
    else:
        raw = f"coalesce(CAST({_q(code_column)} AS VARCHAR), '')"
    sel = [f"{raw} AS {RAW}", *[_q(d) for d in dims]]
    agg = []
    for c, expr in vals.items():
        agg.append(f"coalesce(sum({expr}), 0) AS {_q(c)}")
        agg.append(f"CAST(count(*) - count({expr}) AS BIGINT) AS {_q(c + '__missing')}")
    agg.append(f"count(*) AS {COUNT}")
    for c, expr in bad.items():
        agg.append(f"{expr} AS {_q(c + '__bad')}")
    sql = (
        f"SELECT {', '.join(sel)}, {', '.join(agg)} FROM {src} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(sel)))}"
    )
    g = con.execute(sql).df()  # one pass over the records, validation included
    for c in bad:
        n_bad = int(g[c + "__bad"].sum())
        if n_bad:
            on_bad_value(c)
            raise ClassifyInputError(Msg("reg_cls_values_not_numbers", column=c, n=n_bad))
    return g.drop(columns=[c + "__bad" for c in bad])


def group_file(
    path: str | Path,
    code_column: str,
    value_columns: list[str],
    *,
    year_column: str | None = None,
    region_column: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> pd.DataFrame:
    """Stream a CSV (UTF-8 or GBK) or Parquet file through DuckDB and reduce it to one row
    per (raw code, region, year) with value sums and counts."""
    p = Path(path)
    if not p.exists():
        raise ClassifyInputError(Msg("file_not_found", path=str(p)))

    def on_bad(col: str) -> None:
        _locate_bad_value(p, col)

    def run(src_path: Path) -> pd.DataFrame:
        con = _connect(threads, memory_limit)
        try:
            return _group_sql(
                con,
                _source_sql(src_path),
                code_column,
                value_columns,
                year_column,
                region_column,
                on_bad,
            )
        finally:
            con.close()

    if p.suffix.lower() == ".parquet":
        return run(p)
    try:
        return run(p)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        if _is_utf8(p):
            raise ClassifyInputError(
                Msg("reg_cls_duckdb_csv", file=str(p), detail=str(exc))
            ) from exc
    # not UTF-8: GBK/GB18030 export, streamed into a temporary UTF-8 copy
    tmp = _transcode_to_utf8(p)
    try:
        return run(tmp)
    finally:
        tmp.unlink(missing_ok=True)


def group_frame(
    df: pd.DataFrame,
    code_column: str,
    value_columns: list[str],
    *,
    year_column: str | None = None,
    region_column: str | None = None,
    threads: int | None = None,
    row_offset: int = 2,
) -> pd.DataFrame:
    """The DuckDB reduction on an in-memory DataFrame (registered, not copied)."""
    con = _connect(threads)
    try:
        con.register("records", df)

        def on_bad(col: str) -> None:
            numeric_values(df[col], col, row_offset)

        return _group_sql(
            con, "records", code_column, value_columns, year_column, region_column, on_bad
        )
    finally:
        con.close()
