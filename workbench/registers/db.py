"""The enterprise database: a DuckDB file of registers kept at enterprise level, by vintage.

File: ``$WORKBENCH_HOME/store/registers.duckdb`` (:func:`db_path`). Tables:

* ``reg_vintages``: one row per ingested register file — ``vintage_id``, ``sha256``,
  ``source``, ``original_filename``, ``ingested_at`` (UTC), ``years`` (``|``-separated),
  ``n_records``, ``synthetic``, ``derived_sha256`` (the observation-store vintage measured
  from it, empty until measured).
* ``enterprises``: the records of each vintage (columns of
  :data:`workbench.registers.read.RECORD_COLUMNS` plus ``vintage_id``).

The delivered file is archived byte-for-byte under ``$WORKBENCH_HOME/registers/archive``
(by SHA-256). Writes are copy-on-write under a lock and swapped in with ``os.replace``:
the same bytes again change nothing, a bad file changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from workbench import paths
from workbench.ingest import IngestError, Issue, file_sha256
from workbench.registers.read import RECORD_COLUMNS, read_register
from workbench.store import archive, tmpfiles
from workbench.store.locks import write_lock

SCHEMA = """
CREATE TABLE reg_vintages (
    vintage_id INTEGER PRIMARY KEY,
    sha256 VARCHAR NOT NULL UNIQUE,
    source VARCHAR NOT NULL,
    original_filename VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    years VARCHAR NOT NULL,
    n_records INTEGER NOT NULL,
    synthetic BOOLEAN NOT NULL,
    derived_sha256 VARCHAR NOT NULL DEFAULT ''
);
CREATE TABLE enterprises (
    vintage_id INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    code_2017 VARCHAR NOT NULL,
    code_note VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    revenue_wan DOUBLE,
    value_added_wan DOUBLE,
    employees DOUBLE,
    above_scale BOOLEAN
);
"""
SYNTHETIC_MARK = "SYNTHETIC"


def db_path() -> Path:
    """The enterprise database file under the workbench home."""
    return paths.home() / "store" / "registers.duckdb"


def archive_root() -> Path:
    """Archive of register files as delivered (separate from the observation archive,
    which :func:`workbench.store.build_store` replays as observation files)."""
    return paths.home() / "registers" / "archive"


@dataclass
class RegisterIngest:
    """Outcome of :meth:`RegisterDB.ingest`: ``status`` ``added`` or ``unchanged``."""

    status: str
    vintage_id: int
    sha256: str
    n_records: int
    years: list[int]
    synthetic: bool
    warnings: list[Issue] = field(default_factory=list)


class RegisterDB:
    """The enterprise database at ``path`` (default :func:`db_path`)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else db_path()

    # ---- reading -----------------------------------------------------------------
    @contextlib.contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            yield con
        finally:
            con.close()

    def vintages(self) -> pd.DataFrame:
        """One row per ingested register, oldest first (empty before the first ingest)."""
        if not self.path.exists():
            return pd.DataFrame(
                columns=["vintage_id", "sha256", "source", "original_filename", "ingested_at",
                         "years", "n_records", "synthetic", "derived_sha256"]
            )  # fmt: skip
        with self._read() as con:
            return con.execute("SELECT * FROM reg_vintages ORDER BY vintage_id").df()

    def records(self, vintage_id: int | None = None) -> pd.DataFrame:
        """Enterprise records: of one vintage, or (default) the current ones — for each year
        the records of the latest vintage that covers it (a re-delivered year replaces the old)."""
        if not self.path.exists():
            return pd.DataFrame(columns=["vintage_id", *RECORD_COLUMNS, "synthetic"])
        sql = "SELECT e.*, v.synthetic FROM enterprises e JOIN reg_vintages v USING (vintage_id) "
        if vintage_id is not None:
            sql += "WHERE e.vintage_id = ?"
            params = [int(vintage_id)]
        else:
            sql += (
                "JOIN (SELECT year, max(vintage_id) AS vintage_id FROM enterprises GROUP BY year)"
                " cur USING (year, vintage_id)"
            )
            params = []
        with self._read() as con:
            df = con.execute(sql + ' ORDER BY year, vintage_id, "row"', params).df()
        return df.astype({"year": "int64", "above_scale": "boolean"})

    def vintage(self, vintage_id: int) -> dict:
        """One vintage's row as a dict; ``KeyError`` naming the known ids if absent."""
        v = self.vintages()
        hit = v[v["vintage_id"] == int(vintage_id)]
        if hit.empty:
            known = ", ".join(map(str, v["vintage_id"])) or "none"
            raise KeyError(f"no register vintage {vintage_id} (known: {known})")
        return hit.iloc[0].to_dict()

    def has(self, sha: str) -> int | None:
        """Vintage id of a register file hash already ingested, or None."""
        if not self.path.exists():
            return None
        with self._read() as con:
            row = con.execute(
                "SELECT vintage_id FROM reg_vintages WHERE sha256 = ?", [sha]
            ).fetchone()
        return row[0] if row else None

    # ---- writing -----------------------------------------------------------------
    @contextlib.contextmanager
    def _write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to a copy of the file, swapped in only if the block succeeds."""
        tmp = tmpfiles.new_path("registers", ".duckdb")
        try:
            if self.path.exists():
                shutil.copyfile(self.path, tmp)
                con = duckdb.connect(str(tmp))
            else:
                con = duckdb.connect(str(tmp))
                con.execute(SCHEMA)
            try:
                yield con
            finally:
                con.close()
            os.replace(tmp, self.path)
        finally:
            tmpfiles.discard(tmp)

    def ingest(
        self, path: str | Path, *, year: int | None = None, source: str, synthetic: bool = False
    ) -> RegisterIngest:
        """Validate ``path`` (:func:`read_register`), archive it and add its records as a vintage.

        ``synthetic``: the register is SYNTHETIC (also when ``source`` contains "SYNTHETIC" or
        the file has a 合成数据 column saying 是);
        its measured series never stand for actuals. Raises :class:`IngestError` with located
        issues for a bad file; nothing changes then.
        """
        path = Path(path)
        if not source or not source.strip():
            raise IngestError(
                [Issue(path.name, "a source text is required (who delivered the register)")]
            )
        synthetic = synthetic or SYNTHETIC_MARK.casefold() in source.casefold()
        df, report = read_register(path, year=year)
        if not report.ok:
            raise IngestError(report.issues)
        synthetic = synthetic or bool(df.attrs.get("synthetic"))
        sha = file_sha256(path)
        years = sorted(int(y) for y in df["year"].unique())
        with write_lock(self.path):
            if (vid := self.has(sha)) is not None:
                v = self.vintage(vid)
                return RegisterIngest("unchanged", vid, sha, int(v["n_records"]),
                                      [int(y) for y in v["years"].split("|")], bool(v["synthetic"]),
                                      report.warnings)  # fmt: skip
            when = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            blob = archive.put_blob(path, sha, path.name, archive_root())
            try:
                with self._write() as con:
                    vid = con.execute(
                        "SELECT coalesce(max(vintage_id), 0) + 1 FROM reg_vintages"
                    ).fetchone()[0]
                    con.execute(
                        "INSERT INTO reg_vintages VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')",
                        [vid, sha, source, path.name, when, "|".join(map(str, years)), len(df), synthetic],
                    )  # fmt: skip
                    rec = df.assign(vintage_id=vid)[["vintage_id", *RECORD_COLUMNS]]
                    rec = rec.astype({"year": "int64", "row": "int64"})
                    con.register("rec", rec)
                    con.execute("INSERT INTO enterprises SELECT * FROM rec")
            except BaseException:
                if self.has(sha) is None:
                    blob.unlink(missing_ok=True)
                raise
            iso = when.replace(tzinfo=dt.UTC).isoformat()
            archive.write_meta(archive.Entry(sha, path.name, source, iso, blob, vid))
        return RegisterIngest("added", vid, sha, len(df), years, synthetic, report.warnings)

    def set_derived(self, vintage_id: int, derived_sha: str) -> None:
        """Record which observation-store vintage was measured from ``vintage_id``."""
        with write_lock(self.path), self._write() as con:
            con.execute(
                "UPDATE reg_vintages SET derived_sha256 = ? WHERE vintage_id = ?",
                [derived_sha, int(vintage_id)],
            )

    def remove(self, vintage_id: int) -> dict:
        """Delete a vintage and its records (and its archived file); returns its old row."""
        with write_lock(self.path):
            v = self.vintage(vintage_id)
            with self._write() as con:
                con.execute("DELETE FROM enterprises WHERE vintage_id = ?", [int(vintage_id)])
                con.execute("DELETE FROM reg_vintages WHERE vintage_id = ?", [int(vintage_id)])
            if (entry := archive.get(v["sha256"], archive_root())) is not None:
                entry.meta_path.unlink(missing_ok=True)
                entry.path.unlink(missing_ok=True)
        return v
