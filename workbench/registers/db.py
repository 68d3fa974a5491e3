"""The enterprise database: registers kept at enterprise level, by vintage.

Files under ``$WORKBENCH_HOME/store``:

* ``registers.duckdb`` (:func:`db_path`), the catalog: table ``reg_vintages`` with one row
  per ingested register file — ``vintage_id``, ``sha256``, ``source``,
  ``original_filename``, ``ingested_at`` (UTC), ``years`` (``|``-separated), ``n_records``,
  ``synthetic``, ``derived_sha256`` (the observation-store vintage measured from it, empty
  until measured), ``records_file`` (the vintage's Parquet file name).
* ``register_vintages/r<id>-<sha12>.parquet`` (:func:`records_dir`): the records of one
  vintage (columns of :data:`workbench.registers.read.RECORD_COLUMNS` plus ``vintage_id``),
  written once and never changed.

Cost per ingest is bounded by the file being ingested: its records are streamed in chunks
(:class:`~workbench.registers.read.RegisterReader`) into a temporary Parquet file, checked
over the whole file (an enterprise twice in a year) and renamed into place; only then is
the small catalog rewritten (copy-on-write under a lock, swapped in with ``os.replace``).
A crash at any point leaves the catalog as before; a Parquet file the catalog does not list
is ignored by readers and removed by the next ingest. Readers never take a lock: they read
the catalog's Parquet files through an in-memory DuckDB connection.

The delivered file is archived byte-for-byte under ``$WORKBENCH_HOME/registers/archive``
(by SHA-256). The same bytes again change nothing; a bad file changes nothing.
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
import pyarrow as pa
import pyarrow.parquet as pq

from workbench import paths
from workbench.ingest import IngestError, Issue, file_sha256
from workbench.ingest.messages import Msg
from workbench.registers.read import DUPLICATES_SQL, RECORD_COLUMNS, RegisterReader
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
    derived_sha256 VARCHAR NOT NULL DEFAULT '',
    records_file VARCHAR NOT NULL DEFAULT ''
);
"""
RECORDS_SCHEMA = pa.schema(
    [
        ("vintage_id", pa.int32()),
        ("row", pa.int64()),
        ("enterprise_id", pa.string()),
        ("name", pa.string()),
        ("industry_code", pa.string()),
        ("code_2017", pa.string()),
        ("code_note", pa.string()),
        ("region", pa.string()),
        ("year", pa.int32()),
        ("revenue_wan", pa.float64()),
        ("value_added_wan", pa.float64()),
        ("employees", pa.float64()),
        ("above_scale", pa.bool_()),
    ]
)
"""Columns of a vintage's Parquet file."""
VINTAGE_COLUMNS = ["vintage_id", "sha256", "source", "original_filename", "ingested_at",
                   "years", "n_records", "synthetic", "derived_sha256", "records_file"]  # fmt: skip
SYNTHETIC_MARK = "SYNTHETIC"
MAX_DUPLICATES_REPORTED = 1000
STAGE_MEMORY = "512MB"
"""DuckDB memory limit of the file-wide duplicate check (it spills to the tmp folder)."""


def db_path() -> Path:
    """The enterprise database's catalog file under the workbench home."""
    return paths.home() / "store" / "registers.duckdb"


def records_dir() -> Path:
    """The folder of the vintages' Parquet record files."""
    return paths.home() / "store" / "register_vintages"


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


def _sql_list(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


class RegisterDB:
    """The enterprise database whose catalog is ``path`` (default :func:`db_path`); the
    Parquet files live in ``register_vintages/`` beside it."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else db_path()
        self.dir = self.path.parent / "register_vintages"

    # ---- reading -----------------------------------------------------------------
    def vintages(self) -> pd.DataFrame:
        """One row per ingested register, oldest first (empty before the first ingest)."""
        if not self.path.exists():
            return pd.DataFrame(columns=VINTAGE_COLUMNS)
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            v = con.execute("SELECT * FROM reg_vintages ORDER BY vintage_id").df()
        finally:
            con.close()
        return v if "records_file" in v else v.assign(records_file="")  # not yet migrated

    @contextlib.contextmanager
    def query(self, vintage_id: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory DuckDB connection with view ``enterprises`` (the records, of one
        vintage or of all) and table ``reg_vintages``; None-free even when empty."""
        v = self.vintages()
        if vintage_id is not None:
            v = v[v["vintage_id"] == int(vintage_id)]
        con = duckdb.connect()
        try:
            con.register("_v", v)
            con.execute("CREATE TABLE reg_vintages AS SELECT * FROM _v")
            files = [self.dir / f for f in v["records_file"]]
            if files and not all(v["records_file"]):  # a catalog written before Parquet
                con.execute(f"ATTACH {_sql_list([self.path])[1:-1]} AS old (READ_ONLY)")
                ids = ", ".join(str(int(i)) for i in v["vintage_id"])
                con.execute(
                    f"CREATE VIEW enterprises AS SELECT * FROM old.enterprises WHERE vintage_id IN ({ids})"
                )
            elif files:
                con.execute(
                    f"CREATE VIEW enterprises AS SELECT * FROM read_parquet({_sql_list(files)})"
                )
            else:
                con.register("_empty", RECORDS_SCHEMA.empty_table())
                con.execute("CREATE VIEW enterprises AS SELECT * FROM _empty")
            yield con
        finally:
            con.close()

    def records(self, vintage_id: int | None = None) -> pd.DataFrame:
        """Enterprise records: of one vintage, or (default) the current ones — for each year
        the records of the latest vintage that covers it (a re-delivered year replaces the old)."""
        sql = "SELECT e.*, v.synthetic FROM enterprises e JOIN reg_vintages v USING (vintage_id) "
        if vintage_id is None:
            sql += (
                "JOIN (SELECT year, max(vintage_id) AS vintage_id FROM enterprises GROUP BY year)"
                " cur USING (year, vintage_id)"
            )
        with self.query(vintage_id) as con:
            df = con.execute(sql + ' ORDER BY year, vintage_id, "row"').df()
        if df.empty:
            return pd.DataFrame(columns=["vintage_id", *RECORD_COLUMNS, "synthetic"])
        return df.astype({"year": "int64", "row": "int64", "above_scale": "boolean"})

    def vintage(self, vintage_id: int) -> dict:
        """One vintage's row as a dict; ``KeyError`` naming the known ids if absent."""
        v = self.vintages()
        hit = v[v["vintage_id"] == int(vintage_id)]
        if hit.empty:
            known = ", ".join(map(str, v["vintage_id"]))
            raise KeyError(
                Msg(
                    "reg_no_vintage",
                    vintage=vintage_id,
                    known=known or "none",
                    known_zh=known or "无",
                )
            )
        return hit.iloc[0].to_dict()

    def has(self, sha: str) -> int | None:
        """Vintage id of a register file hash already ingested, or None."""
        v = self.vintages()
        hit = v.loc[v["sha256"] == sha, "vintage_id"]
        return int(hit.iat[0]) if len(hit) else None

    # ---- writing -----------------------------------------------------------------
    @contextlib.contextmanager
    def _write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to a copy of the catalog, swapped in only if the block succeeds
        (the catalog is small: one row per vintage)."""
        tmp = tmpfiles.new_path("registers", ".duckdb")
        try:
            if self.path.exists():
                shutil.copyfile(self.path, tmp)
                con = duckdb.connect(str(tmp))
                _migrate(con, self.dir)
            else:
                con = duckdb.connect(str(tmp))
                con.execute(SCHEMA)
            try:
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, self.path)
        finally:
            tmpfiles.discard(tmp)

    def _stage(self, reader: RegisterReader, vid: int) -> Path:
        """Stream the reader's records into a temporary Parquet file; add the file-wide
        duplicates to the reader's report. Returns the temporary path."""
        tmp = tmpfiles.new_path("register", ".parquet")
        with pq.ParquetWriter(tmp, RECORDS_SCHEMA) as w:
            for chunk in reader.chunks():
                rec = chunk.assign(vintage_id=vid)[RECORDS_SCHEMA.names]
                w.write_table(
                    pa.Table.from_pandas(rec, schema=RECORDS_SCHEMA, preserve_index=False)
                )
        if reader.n_records:
            con = duckdb.connect(config={"memory_limit": STAGE_MEMORY,
                                         "temp_directory": str(tmpfiles.tmp_dir())})  # fmt: skip
            try:
                sql = DUPLICATES_SQL.format(
                    table=f"read_parquet({_sql_list([tmp])})", limit=MAX_DUPLICATES_REPORTED
                )
                reader.add_duplicates(con.execute(sql).df())
            finally:
                con.close()
        return tmp

    def _sweep(self, keep: set[str]) -> None:
        """Remove Parquet files the catalog does not list (left by a crashed ingest)."""
        if self.dir.exists():
            for f in self.dir.glob("*.parquet"):
                if f.name not in keep:
                    f.unlink(missing_ok=True)

    def ingest(
        self, path: str | Path, *, year: int | None = None, source: str, synthetic: bool = False
    ) -> RegisterIngest:
        """Validate ``path`` (:class:`RegisterReader`), archive it and add its records as a vintage.

        ``synthetic``: the register is SYNTHETIC (also when ``source`` contains "SYNTHETIC" or
        the file has a 合成数据 column saying 是);
        its measured series never stand for actuals. Raises :class:`IngestError` with located
        issues for a bad file; nothing changes then. The same bytes again: ``unchanged``.
        """
        path = Path(path)
        if not source or not source.strip():
            raise IngestError([Issue(path.name, Msg("reg_source_required"))])
        synthetic = synthetic or SYNTHETIC_MARK.casefold() in source.casefold()
        sha = file_sha256(path) if path.is_file() else ""
        with write_lock(self.path):
            if sha and (vid := self.has(sha)) is not None:
                v = self.vintage(vid)
                return RegisterIngest("unchanged", vid, sha, int(v["n_records"]),
                                      [int(y) for y in v["years"].split("|")], bool(v["synthetic"]))  # fmt: skip
            known = self.vintages()
            self._sweep(set(known["records_file"]))
            vid = int(known["vintage_id"].max()) + 1 if len(known) else 1
            reader = RegisterReader(path, year)
            tmp = self._stage(reader, vid)
            try:
                report = reader.report()
                if not report.ok:
                    raise IngestError(report.issues)
                synthetic = synthetic or reader.synthetic
                years = sorted(reader.years)
                self._commit(path, sha, tmp, source, (vid, years, reader.n_records, synthetic))
            finally:
                tmp.unlink(missing_ok=True)
        return RegisterIngest(
            "added", vid, sha, reader.n_records, years, synthetic, report.warnings
        )

    def _commit(self, path: Path, sha: str, tmp: Path, source: str, what: tuple) -> None:
        """Archive the file, move the staged records into place, then add the catalog row."""
        vid, years, n, synthetic = what
        when = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        blob = archive.put_blob(path, sha, path.name, archive_root())
        name = f"r{vid}-{sha[:12]}.parquet"
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(tmp, self.dir / name)
            with self._write() as con:
                con.execute(
                    "INSERT INTO reg_vintages VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)",
                    [vid, sha, source, path.name, when, "|".join(map(str, years)), n, synthetic, name],
                )  # fmt: skip
        except BaseException:
            if self.has(sha) is None:
                (self.dir / name).unlink(missing_ok=True)
                blob.unlink(missing_ok=True)
            raise
        iso = when.replace(tzinfo=dt.UTC).isoformat()
        archive.write_meta(archive.Entry(sha, path.name, source, iso, blob, vid))

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
                con.execute("DELETE FROM reg_vintages WHERE vintage_id = ?", [int(vintage_id)])
            if v["records_file"]:
                (self.dir / v["records_file"]).unlink(missing_ok=True)
            if (entry := archive.get(v["sha256"], archive_root())) is not None:
                entry.meta_path.unlink(missing_ok=True)
                entry.path.unlink(missing_ok=True)
        return v


def _migrate(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Catalogs written before the Parquet layout kept the records in table ``enterprises``:
    export each vintage's records to its Parquet file and drop the table."""
    cols = {r[0] for r in con.execute("DESCRIBE reg_vintages").fetchall()}
    if "records_file" not in cols:
        con.execute("ALTER TABLE reg_vintages ADD COLUMN records_file VARCHAR NOT NULL DEFAULT ''")
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    if "enterprises" not in tables:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for vid, sha in con.execute("SELECT vintage_id, sha256 FROM reg_vintages").fetchall():
        name = f"r{vid}-{sha[:12]}.parquet"
        cols = ", ".join(f'"{c}"' for c in RECORDS_SCHEMA.names)
        rec = con.execute(f"SELECT {cols} FROM enterprises WHERE vintage_id = ?", [vid]).df()
        pq.write_table(
            pa.Table.from_pandas(rec, schema=RECORDS_SCHEMA, preserve_index=False), folder / name
        )
        con.execute("UPDATE reg_vintages SET records_file = ? WHERE vintage_id = ?", [name, vid])
    con.execute("DROP TABLE enterprises")
