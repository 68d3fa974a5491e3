"""The embedded DuckDB store of observations and their vintages.

Tables (DuckDB file at :func:`workbench.paths.store_path`):

* ``vintages``: one row per ingested file — ``vintage_id``, ``sha256``, ``source``,
  ``original_filename``, ``origin`` (``sources`` = curated file in git, ``archive`` =
  delivered file), ``ingested_at`` (UTC), ``n_observations``.
* ``observations``: the tidy rows of each vintage plus ``published_on`` and
  ``known_from`` = ``published_on`` if given, else ``ingested_at`` (the start of the
  value's real-time period, as in ALFRED).

Writes are copy-on-write: the file is copied, changed, and swapped in with
``os.replace`` under a lock, so readers (the app, ``read_only``) never see a half-done
ingest and a failure leaves the store byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from workbench import catalog, paths
from workbench.ingest import IngestError, Issue, file_sha256, read_with_report
from workbench.ingest.validate import DEFAULT_MAX_JUMP
from workbench.store import archive
from workbench.store.precedence import choose, load_rules

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE vintages (
    vintage_id INTEGER PRIMARY KEY,
    sha256 VARCHAR NOT NULL UNIQUE,
    source VARCHAR NOT NULL,
    original_filename VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    n_observations INTEGER NOT NULL
);
CREATE TABLE observations (
    vintage_id INTEGER NOT NULL,
    region VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    published_on DATE,
    known_from TIMESTAMP NOT NULL,
    orig_value DOUBLE NOT NULL,
    orig_unit VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sheet VARCHAR NOT NULL,
    "row" INTEGER NOT NULL
);
"""
_OBS_COLS = (
    "vintage_id region indicator year value unit source source_url quote note published_on known_from "
    "orig_value orig_unit file sheet row"
).split()
SHOWN_COLUMNS = [
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "source_url",
    "quote",
    "vintage_id",
    "ingested_at",
    "n_candidates",
    "conflict",
    "published_on",
    "known_from",
    "note",
    "precedence",
    "precedence_label",
]


class StoreError(RuntimeError):
    """The store is missing or cannot be used."""


@dataclass
class IngestResult:
    """Outcome of :meth:`Store.ingest`: ``status`` is ``added`` or ``unchanged`` (same bytes seen before)."""

    status: str
    sha256: str
    vintage_id: int | None
    n_observations: int
    archived: Path | None = None
    warnings: list[Issue] = field(default_factory=list)


def utcnow() -> dt.datetime:
    """Now in UTC, naive (the store keeps UTC without zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _to_utc_naive(ts: dt.datetime | str) -> dt.datetime:
    if isinstance(ts, str):
        ts = dt.datetime.fromisoformat(ts)
    if ts.tzinfo is not None:
        ts = ts.astimezone(dt.UTC).replace(tzinfo=None)
    return ts


def as_of_cutoff(as_of: dt.date | dt.datetime | str | None) -> dt.datetime | None:
    """Exclusive upper bound on ``known_from`` for "as known on ``as_of``".

    A date (``2021-06-30``) means the end of that day; a datetime is taken exactly.
    """
    if as_of is None:
        return None
    if isinstance(as_of, str):
        text = as_of.strip()
        try:
            as_of = (
                dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            raise StoreError(
                f"as_of {text!r} is not a date (YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM)"
            ) from None
    if isinstance(as_of, dt.datetime):
        return _to_utc_naive(as_of) + dt.timedelta(microseconds=1)
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])


def _insert_vintage(
    con, vintage_id: int, sha: str, source: str, filename: str, origin: str, ingested_at, n: int
):
    con.execute(
        "INSERT INTO vintages VALUES (?, ?, ?, ?, ?, ?, ?)",
        [vintage_id, sha, source, filename, origin, ingested_at, n],
    )


def _insert_observations(
    con: duckdb.DuckDBPyConnection, df: pd.DataFrame, vintage_id: int, ingested_at
) -> None:
    obs = df.copy()
    obs["vintage_id"] = vintage_id
    obs["known_from"] = [
        dt.datetime.combine(p, dt.time()) if isinstance(p, dt.date) else ingested_at
        for p in obs["published_on"]
    ]
    obs["published_on"] = pd.to_datetime(obs["published_on"])
    cols = ", ".join(f'CAST("{c}" AS DATE)' if c == "published_on" else f'"{c}"' for c in _OBS_COLS)
    con.register("_new_obs", obs[_OBS_COLS])
    try:
        con.execute(f"INSERT INTO observations SELECT {cols} FROM _new_obs")
    finally:
        con.unregister("_new_obs")


def add_vintage(
    con: duckdb.DuckDBPyConnection,
    df: pd.DataFrame,
    sha: str,
    source: str,
    filename: str,
    origin: str,
    ingested_at,
) -> int:
    """Insert one file's observations as a new vintage in one transaction; returns its id."""
    ingested_at = _to_utc_naive(ingested_at)
    con.execute("BEGIN TRANSACTION")
    try:
        vid = con.execute("SELECT coalesce(max(vintage_id), 0) + 1 FROM vintages").fetchone()[0]
        _insert_vintage(con, vid, sha, source, filename, origin, ingested_at, len(df))
        _insert_observations(con, df, vid, ingested_at)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return vid


@contextlib.contextmanager
def _write_lock(store: Path) -> Iterator[None]:
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(store.parent / f".{store.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _tmp_path(store: Path) -> Path:
    return store.with_name(f".{store.name}.{uuid.uuid4().hex}.tmp")


def _swap(tmp: Path, store: Path) -> None:
    """Atomically replace the store file with its prepared copy."""
    os.replace(tmp, store)


def _discard(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    Path(f"{tmp}.wal").unlink(missing_ok=True)


class Store:
    """The DuckDB store at ``path`` (default :func:`workbench.paths.store_path`).

    Reads open the file ``read_only`` for the duration of one query; writes go through
    :meth:`ingest` (copy-on-write, atomic). ``precedence`` is the path of a precedence
    table (default ``data/reference/source_precedence.csv``).
    """

    def __init__(self, path: str | Path | None = None, precedence: str | Path | None = None):
        self.path = Path(path) if path else paths.store_path()
        self.precedence = precedence

    # ---- reading -----------------------------------------------------------------
    @contextlib.contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `workbench store build` first")
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            yield con
        finally:
            con.close()

    def vintages(self) -> pd.DataFrame:
        """One row per ingested file, oldest first."""
        with self._read() as con:
            return con.execute("SELECT * FROM vintages ORDER BY vintage_id").df()

    def _rows(self, as_of, region, indicator, year) -> pd.DataFrame:
        where, params = [], []
        if (cut := as_of_cutoff(as_of)) is not None:
            where.append("o.known_from < ?")
            params.append(cut)
        if region is not None:
            where.append("o.region = ?")
            params.append(catalog.resolve_region(region) or region)
        if indicator is not None:
            where.append("o.indicator = ?")
            params.append(catalog.resolve_indicator(indicator) or indicator)
        if year is not None:
            where.append("o.year = ?")
            params.append(int(year))
        sql = (
            "SELECT o.*, v.ingested_at, v.sha256 AS vintage_sha256, v.source AS vintage_source "
            "FROM observations o JOIN vintages v USING (vintage_id)"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as con:
            return con.execute(sql, params).df()

    def candidates(
        self,
        as_of: dt.date | dt.datetime | str | None = None,
        region: str | None = None,
        indicator: str | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """Every stored value known by ``as_of`` (all vintages, all sources), with
        ``precedence``, ``n_candidates``, ``conflict`` and ``shown`` (the one displayed)."""
        df = choose(self._rows(as_of, region, indicator, year), load_rules(self.precedence))
        df = df.astype(
            {"year": "int64", "vintage_id": "int64", "n_candidates": "int64", "row": "int64"}
        )
        return df.sort_values(
            ["region", "indicator", "year", "precedence"], kind="mergesort"
        ).reset_index(drop=True)

    def observations(
        self,
        as_of: dt.date | dt.datetime | str | None = None,
        region: str | None = None,
        indicator: str | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """The value shown per region/indicator/year as known on ``as_of`` (default: now),
        chosen by source precedence; ``conflict`` marks keys whose candidates disagree."""
        df = self.candidates(as_of, region, indicator, year)
        return df[df["shown"]][SHOWN_COLUMNS].reset_index(drop=True)

    def conflicts(
        self, as_of: dt.date | dt.datetime | str | None = None, **filters
    ) -> pd.DataFrame:
        """All candidates of keys whose values disagree, the shown one flagged."""
        df = self.candidates(as_of, **filters)
        return df[df["conflict"]].reset_index(drop=True)

    def has(self, sha: str) -> int | None:
        """Vintage id of a file hash already in the store, or None."""
        if not self.path.exists():
            return None
        with self._read() as con:
            row = con.execute("SELECT vintage_id FROM vintages WHERE sha256 = ?", [sha]).fetchone()
        return row[0] if row else None

    # ---- writing -----------------------------------------------------------------
    def ingest(
        self,
        path: str | Path,
        source: str,
        ingested_at: dt.datetime | str | None = None,
        max_jump: float = DEFAULT_MAX_JUMP,
    ) -> IngestResult:
        """Validate ``path``, archive it as delivered and add its observations as a new vintage.

        The same bytes ingested again change nothing (``status == "unchanged"``). Raises
        :class:`IngestError` for a bad file; on any failure the store and archive are left
        as they were.
        """
        path = Path(path)
        if not self.path.exists() and self.path == paths.store_path():
            build_store()  # the first delivery lands in a store that holds the curated sources
        if not source or not source.strip():
            raise IngestError(
                [Issue(path.name, "a source text is required (who published these figures)")]
            )
        df, report = read_with_report(path, source=source, max_jump=max_jump)
        if not report.ok:
            raise IngestError(report.issues)
        sha = file_sha256(path)
        with _write_lock(self.path):
            if (vid := self.has(sha)) is not None:
                with self._read() as con:
                    n = con.execute(
                        "SELECT n_observations FROM vintages WHERE vintage_id = ?", [vid]
                    ).fetchone()[0]
                return IngestResult("unchanged", sha, vid, n, warnings=report.warnings)
            prior = archive.get(sha)
            when = (
                _to_utc_naive(prior.ingested_at)
                if prior
                else _to_utc_naive(ingested_at or utcnow())
            )
            src_text = prior.source if prior else source
            tmp = _tmp_path(self.path)
            entry, created = None, False
            try:
                if self.path.exists():
                    shutil.copyfile(self.path, tmp)
                    con = duckdb.connect(str(tmp))
                else:
                    con = duckdb.connect(str(tmp))
                    _create(con)
                try:
                    vid = add_vintage(con, df, sha, src_text, path.name, "archive", when)
                finally:
                    con.close()
                entry, created = archive.put(
                    path, sha, src_text, when.replace(tzinfo=dt.UTC).isoformat()
                )
                _swap(tmp, self.path)
            except BaseException:
                _discard(tmp)
                if created and entry is not None:
                    archive.remove(entry)
                raise
        return IngestResult("added", sha, vid, len(df), entry.path, report.warnings)


# ---- building ------------------------------------------------------------------------
def _manifest(sources_dir: Path) -> list[tuple[Path, str, str]]:
    """Curated inputs in replay order: ``data/sources/manifest.csv``, then each plan pack's
    ``observations/manifest.csv`` (packs in id order)."""
    from workbench import plans

    path = sources_dir / "manifest.csv"
    out = []
    if path.exists():
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        out = [(sources_dir / r["file"], r["source"], r["ingested_at"]) for _, r in df.iterrows()]
    for plan in plans.plans():
        out += plan.observation_files()
    return out


def _inputs(sources_dir: Path) -> list[tuple[Path, str, str, str, str]]:
    """``(file, sha256, source, ingested_at, origin)`` in replay order: curated sources, then archive."""
    out = []
    for f, source, when in _manifest(sources_dir):
        if not f.exists():
            raise StoreError(f"data/sources/manifest.csv names {f.name}, which does not exist")
        out.append((f, file_sha256(f), source, when, "sources"))
    for e in archive.entries():
        if not e.path.exists():
            raise StoreError(f"archive entry {e.sha256} has metadata but no file at {e.path}")
        out.append((e.path, e.sha256, e.source, e.ingested_at, "archive"))
    return out


def _up_to_date(store: Path, inputs: list[tuple]) -> bool:
    if not store.exists():
        return False
    try:
        con = duckdb.connect(str(store), read_only=True)
        try:
            have = {r[0] for r in con.execute("SELECT sha256 FROM vintages").fetchall()}
        finally:
            con.close()
    except duckdb.Error:
        return False
    return have == {sha for _, sha, *_ in inputs}


def build_store(rebuild: bool = False, sources_dir: str | Path | None = None) -> Path:
    """Build the store from ``data/sources/manifest.csv`` and the archive; returns its path.

    Builds when the store is missing or out of date (its vintages differ from the inputs),
    or always when ``rebuild``. The new store is written to a temporary file and swapped
    in with ``os.replace``, so a failed build leaves the old store untouched.
    """
    store = paths.store_path()
    sources_dir = Path(sources_dir) if sources_dir else paths.SOURCES_DIR
    with _write_lock(store):
        inputs = _inputs(sources_dir)
        if not rebuild and _up_to_date(store, inputs):
            return store
        tmp = _tmp_path(store)
        try:
            con = duckdb.connect(str(tmp))
            try:
                _create(con)
                for f, sha, source, when, origin in inputs:
                    df, report = read_with_report(f, source=source)
                    if not report.ok:
                        raise IngestError(report.issues)
                    name = f.name if origin == "sources" else archive.get(sha).original_filename
                    add_vintage(con, df, sha, source, name, origin, when)
            finally:
                con.close()
            os.replace(tmp, store)
        except BaseException:
            _discard(tmp)
            raise
    return store
