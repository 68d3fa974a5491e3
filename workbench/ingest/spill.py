"""Validated rows kept on disk, not in memory: a temporary DuckDB file under
``<WORKBENCH_HOME>/tmp`` (see :mod:`workbench.store.tmpfiles`) that the parser appends to
chunk by chunk, checks with SQL (repeats, year-on-year jumps) and the store inserts from
without building a frame. Memory stays bounded by one chunk and DuckDB's own limit
(:data:`MEMORY_LIMIT`), whatever the file's size.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

MEMORY_LIMIT = "256MB"
"""DuckDB's working memory for the checks (it spills to disk beyond it)."""

COLUMNS = (
    "seq BIGINT, region VARCHAR, indicator VARCHAR, year BIGINT, value DOUBLE, unit VARCHAR, "
    "source VARCHAR, source_url VARCHAR, quote VARCHAR, note VARCHAR, published_on DATE, "
    "orig_value DOUBLE, orig_unit VARCHAR, file VARCHAR, sheet VARCHAR, row BIGINT, "
    "vintage VARCHAR, publisher VARCHAR, grade VARCHAR, priority BIGINT, vcol VARCHAR"
)
NAMES = [c.split()[0] for c in COLUMNS.split(", ")]
KEY = "region, indicator, year, source, source_url"


def _remove(path: Path) -> None:
    from workbench.store import tmpfiles  # the store package imports ingest

    tmpfiles.discard(path)  # with DuckDB's own spill directory


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    spill_dir = _quoted(Path(f"{path}.tmp"))
    con.execute(f"SET temp_directory = '{spill_dir}'")
    return con


class SpillWriter:
    """Appends chunks of accepted rows (frames with :data:`NAMES` columns but ``seq``)."""

    def __init__(self) -> None:
        from workbench.store import tmpfiles  # the store package imports ingest

        self.path = tmpfiles.new_path("rows", ".duckdb")
        self.con = _connect(self.path)
        self.con.execute(f"CREATE TABLE rows ({COLUMNS})")
        self.n = 0

    def append(self, chunk: pd.DataFrame) -> None:
        """Add one chunk (row order kept through ``seq``)."""
        df = chunk.assign(
            seq=range(self.n, self.n + len(chunk)),
            published_on=pd.to_datetime(chunk["published_on"]),
        )
        self.con.register("chunk", df[NAMES])
        try:
            self.con.execute("INSERT INTO rows SELECT * FROM chunk")
        finally:
            self.con.unregister("chunk")
        self.n += len(chunk)

    def duplicates(self) -> pd.DataFrame:
        """Repeats of an earlier row's key, with that first row's ``row``, ``sheet`` and
        ``value`` (``*_first``), in file order; then removes them from the table."""
        sql = f"""
            SELECT * FROM (
                SELECT seq, region, indicator, year, value, row, sheet, vcol,
                       row_number() OVER w AS k, first_value(row) OVER w AS row_first,
                       first_value(sheet) OVER w AS sheet_first,
                       first_value(value) OVER w AS value_first
                FROM rows WINDOW w AS (PARTITION BY {KEY} ORDER BY seq))
            WHERE k > 1 ORDER BY seq"""
        dups = self.con.execute(sql).df()
        if len(dups):
            self.con.execute(
                f"DELETE FROM rows WHERE seq IN (SELECT seq FROM (SELECT seq, row_number() "
                f"OVER (PARTITION BY {KEY} ORDER BY seq) AS k FROM rows) WHERE k > 1)"
            )
            self.n -= len(dups)
        return dups

    def jumps(self, skip: list[str], max_jump: float) -> pd.DataFrame:
        """Year-on-year changes beyond ``max_jump`` (the first row of each year counts),
        indicators in ``skip`` (rates) left out; series in order of first appearance."""
        sql = """
            WITH d AS (
                SELECT * FROM rows WHERE NOT list_contains(?, indicator)
                QUALIFY row_number() OVER (PARTITION BY region, indicator, year ORDER BY seq) = 1),
            o AS (SELECT region, indicator, min(seq) AS first_seq FROM d GROUP BY ALL)
            SELECT c.region, c.indicator, c.year, c.value, c.unit, c.row, c.vcol, c.sheet,
                   p.value AS value_prev, c.value / p.value - 1 AS change
            FROM d c JOIN d p ON c.region = p.region AND c.indicator = p.indicator
                AND c.year = p.year + 1
            JOIN o ON o.region = c.region AND o.indicator = c.indicator
            WHERE p.value <> 0 AND abs(c.value / p.value - 1) > ?
            ORDER BY o.first_seq, c.year"""
        return self.con.execute(sql, [skip, float(max_jump)]).df()

    def indicators(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT DISTINCT indicator FROM rows").fetchall()]

    def finish(self) -> Spilled:
        """Close the writer; the rows stay on disk for :class:`Spilled`."""
        self.con.execute("CHECKPOINT")
        self.con.close()
        return Spilled(self.path, self.n)

    def discard(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass
        _remove(self.path)


class Spilled:
    """Validated observations on disk: ``len()`` rows in file order, readable as a frame
    (:meth:`frame`) or inserted by the store (:meth:`select_sql`). ``file`` overrides the
    file name column (the delivered name of a temporary copy). Remove with :meth:`discard`."""

    def __init__(self, path: Path, n: int):
        self.path, self.n = path, n
        self.file: str | None = None

    def __len__(self) -> int:
        return self.n

    def frame(self, columns: list[str]) -> pd.DataFrame:
        """The rows as a tidy observation frame (``published_on`` as dates or None)."""
        con = _connect(self.path, read_only=True)
        try:
            df = con.execute(f"SELECT {', '.join(columns)} FROM rows ORDER BY seq").df()
        finally:
            con.close()
        if self.file is not None:
            df["file"] = self.file
        df["published_on"] = pd.Series(
            [d.date() if isinstance(d, dt.datetime | pd.Timestamp) else None
             for d in df["published_on"]], dtype=object, index=df.index,
        )  # fmt: skip
        return df

    def attach(self, con: duckdb.DuckDBPyConnection, alias: str = "spill") -> str:
        """Attach the rows to another connection read-only; returns ``alias.rows``."""
        con.execute(f"ATTACH '{_quoted(self.path)}' AS {alias} (READ_ONLY)")
        return f"{alias}.rows"

    def discard(self) -> None:
        _remove(self.path)
