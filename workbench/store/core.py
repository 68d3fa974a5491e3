"""The embedded DuckDB store of observations and their vintages.

Tables (DuckDB file at :func:`workbench.paths.store_path`):

* ``vintages``: one row per ingested file — ``vintage_id``, ``sha256``, ``source``,
  ``original_filename``, ``origin`` (``sources`` = curated file in git, ``archive`` =
  delivered file), ``ingested_at`` (UTC), ``n_observations``, ``grade`` (the grade declared
  for rows without one) and ``source_type`` (the uploader's declaration: ``bureau`` …).
* ``observations``: the tidy rows of each vintage plus ``published_on``, ``known_from`` =
  ``published_on`` if given, else ``ingested_at`` (the start of the value's real-time
  period, as in ALFRED), ``publisher``, ``grade`` and ``priority`` (precedence inputs).

Writes are copy-on-write: the file is copied (in ``<home>/tmp``), changed, and swapped in
with ``os.replace`` under a lock, so readers (the app, ``read_only``) never see a half-done
ingest and a failure leaves the store byte-for-byte as it was. A vintage id, once given,
never changes: rebuilds keep the ids recorded in the archive and in the old store.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from workbench import catalog, paths
from workbench.ingest import IngestError, Issue, file_sha256, read_spilled
from workbench.ingest.grades import (
    DECLARABLE,
    DEFAULT_SOURCE_TYPE,
    SOURCE_TYPES,
    default_priority,
    parse_grade,
)
from workbench.ingest.messages import Msg
from workbench.ingest.spill import Spilled
from workbench.ingest.validate import DEFAULT_MAX_JUMP
from workbench.store import archive, tmpfiles
from workbench.store.faults import checkpoint
from workbench.store.locks import write_lock
from workbench.store.precedence import choose, order_sql
from workbench.store.recovery import recover_locked

SCHEMA_VERSION = "2"
SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE vintages (
    vintage_id INTEGER PRIMARY KEY,
    sha256 VARCHAR NOT NULL UNIQUE,
    source VARCHAR NOT NULL,
    original_filename VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    n_observations INTEGER NOT NULL,
    grade VARCHAR NOT NULL,
    source_type VARCHAR NOT NULL
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
    "row" INTEGER NOT NULL,
    publisher VARCHAR NOT NULL,
    grade VARCHAR NOT NULL,
    priority INTEGER NOT NULL
);
"""
_OBS_COLS = (
    "vintage_id region indicator year value unit source source_url quote note published_on known_from "
    "orig_value orig_unit file sheet row publisher grade priority"
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
    "publisher",
    "grade",
    "priority",
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


@dataclass(frozen=True)
class VintageInfo:
    """What a vintage row records besides its observations."""

    vintage_id: int
    sha256: str
    source: str
    original_filename: str
    origin: str  # "sources" (curated, in git) or "archive" (a delivery)
    ingested_at: dt.datetime | str
    grade: str
    source_type: str


def _insert_spilled(
    con: duckdb.DuckDBPyConnection, rows: Spilled, vintage_id: int, ingested_at
) -> None:
    """Insert rows kept on disk straight from their DuckDB file (never a frame)."""
    table = rows.attach(con)
    known = "CASE WHEN published_on IS NULL THEN ?::TIMESTAMP ELSE published_on::TIMESTAMP END"
    cols = []
    params: list[object] = [vintage_id]
    for c in _OBS_COLS:
        if c == "vintage_id":
            cols.append("?")
        elif c == "known_from":
            cols.append(known)
            params.append(ingested_at)
        elif c == "file" and rows.file is not None:
            cols.append("?")
            params.append(rows.file)
        else:
            cols.append(f'"{c}"')
    try:
        con.execute(
            f"INSERT INTO observations SELECT {', '.join(cols)} FROM {table} ORDER BY seq", params
        )
    finally:
        con.execute("DETACH spill")


def _insert_observations(
    con: duckdb.DuckDBPyConnection, df: pd.DataFrame | Spilled, vintage_id: int, ingested_at
) -> None:
    if isinstance(df, Spilled):
        _insert_spilled(con, df, vintage_id, ingested_at)
        return
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


def add_vintage(con: duckdb.DuckDBPyConnection, df: pd.DataFrame | Spilled, v: VintageInfo) -> int:
    """Insert one file's observations (a frame, or rows kept on disk) as vintage
    ``v.vintage_id`` in one transaction."""
    ingested_at = _to_utc_naive(v.ingested_at)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO vintages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [v.vintage_id, v.sha256, v.source, v.original_filename, v.origin, ingested_at,
             len(df), v.grade, v.source_type],
        )  # fmt: skip
        _insert_observations(con, df, v.vintage_id, ingested_at)
        _raise_high_water(con, v.vintage_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return v.vintage_id


def _schema_version(store: Path) -> str | None:
    try:
        con = duckdb.connect(str(store), read_only=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return None
    return row[0] if row else None


WRITE_CONFIG = {"memory_limit": "512MB"}
"""DuckDB settings of a write (ingest, build): beyond this working memory DuckDB spills to
``<copy>.tmp`` next to the temporary store copy, so a large delivery's insert stays bounded."""

HIGH_WATER = "max_vintage_id"
"""``meta`` key: the largest vintage id ever given in this store (removed ones included)."""


def _high_water(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [HIGH_WATER]).fetchone()
    return int(row[0]) if row else 0


def _raise_high_water(con: duckdb.DuckDBPyConnection, vid: int) -> None:
    top = max(_high_water(con), int(vid))
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [HIGH_WATER, str(top)])


def _next_id(con: duckdb.DuckDBPyConnection) -> int:
    """One more than any vintage id in the store, ever given in it (a removed vintage's id is
    not given again) or recorded in the archive."""
    in_store = con.execute("SELECT coalesce(max(vintage_id), 0) FROM vintages").fetchone()[0]
    recorded = [e.vintage_id for e in archive.entries() if e.vintage_id is not None]
    return max([in_store, _high_water(con), *recorded]) + 1


class Store:
    """The DuckDB store at ``path`` (default :func:`workbench.paths.store_path`).

    Reads open the file ``read_only`` for the duration of one query; writes go through
    :meth:`ingest` (copy-on-write, atomic). Precedence: :mod:`workbench.store.precedence`.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else paths.store_path()

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
            "SELECT o.*, v.ingested_at, v.sha256 AS vintage_sha256, v.source AS vintage_source, "
            "v.source_type "
            "FROM observations o JOIN vintages v USING (vintage_id)"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as con:
            df = con.execute(sql, params).df()
        if "grade" not in df.columns:
            raise StoreError(
                f"the store at {self.path} has an older format (no source grades): run "
                "`workbench store build` (or `workbench refresh`) to rebuild it"
            )
        return df

    def candidates(
        self,
        as_of: dt.date | dt.datetime | str | None = None,
        region: str | None = None,
        indicator: str | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """Every stored value known by ``as_of`` (all vintages, all sources), with
        ``precedence``, ``n_candidates``, ``conflict`` and ``shown`` (the one displayed)."""
        df = choose(self._rows(as_of, region, indicator, year))
        df = df.astype(
            {
                "year": "int64",
                "vintage_id": "int64",
                "n_candidates": "int64",
                "row": "int64",
                "priority": "int64",
            }
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

    def version(self) -> str:
        """Changes whenever the store file is replaced (every write swaps in a new file):
        a cache key for page queries; ``""`` without a store."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return ""
        return f"{st.st_mtime_ns}-{st.st_size}-{st.st_ino}"

    def conflicts_page(
        self, keys: int = 20, per_key: int = 5, page: int = 0
    ) -> tuple[pd.DataFrame, int]:
        """One page of the conflicts, ranked in DuckDB (the whole table is never loaded):
        ``keys`` conflicting region/indicator/year keys (page ``page``, in key order), each with
        its best ``per_key`` candidates, best first (``shown`` marks the displayed one), and
        the number of conflicting keys in the store. Columns as :meth:`conflicts`, plus
        ``n_candidates`` (all candidates of the key)."""
        if not self.path.exists():
            return pd.DataFrame(), 0
        sql = f"""
            WITH keys AS (
                SELECT region, indicator, year, count(*) AS n_candidates FROM observations
                GROUP BY region, indicator, year HAVING count(DISTINCT round(value, 9)) > 1),
            page AS (SELECT * FROM keys ORDER BY region, indicator, year LIMIT ? OFFSET ?),
            ranked AS (
                SELECT o.*, p.n_candidates, row_number() OVER (
                    PARTITION BY o.region, o.indicator, o.year ORDER BY {order_sql()}) AS rank
                FROM observations o JOIN page p USING (region, indicator, year))
            SELECT r.*, v.source_type FROM ranked r JOIN vintages v USING (vintage_id)
            WHERE rank <= ? ORDER BY region, indicator, year, rank"""
        with self._read() as con:
            df = con.execute(sql, [int(keys), int(page) * int(keys), int(per_key)]).df()
            n = con.execute(
                "SELECT count(*) FROM (SELECT 1 FROM observations GROUP BY region, indicator, "
                "year HAVING count(DISTINCT round(value, 9)) > 1)"
            ).fetchone()[0]
        df["shown"] = df["rank"] == 1
        df["conflict"] = True
        df["precedence_label"] = df["grade"].astype(str)
        return df.drop(columns="rank"), int(n)

    def has(self, sha: str) -> int | None:
        """Vintage id of a file hash already in the store, or None."""
        if not self.path.exists():
            return None
        with self._read() as con:
            row = con.execute("SELECT vintage_id FROM vintages WHERE sha256 = ?", [sha]).fetchone()
        return row[0] if row else None

    def history(self) -> dict[tuple[str, str], float]:
        """``(region, indicator) -> largest |value|`` stored (for the magnitude check)."""
        if not self.path.exists():
            return {}
        with self._read() as con:
            rows = con.execute(
                "SELECT region, indicator, max(abs(value)) FROM observations GROUP BY ALL"
            ).fetchall()
        return {(r, i): float(v) for r, i, v in rows}

    def inputs_used(self) -> dict[str, str]:
        """``{name: sha256}`` of every file the store was built from, by original name:
        the project path for curated files (``data/sources/…``, ``data/plans/…``),
        ``archive/<original name>`` for deliveries (``… (vintage N)`` when two share a name)."""
        out: dict[str, str] = {}
        for r in self.vintages().itertuples():
            name = (
                r.original_filename if r.origin == "sources" else f"archive/{r.original_filename}"
            )
            if name in out:
                name = f"{name} (vintage {r.vintage_id})"
            out[name] = r.sha256
        return out

    # ---- writing -----------------------------------------------------------------
    def ingest(
        self,
        path: str | Path,
        source: str,
        ingested_at: dt.datetime | str | None = None,
        max_jump: float = DEFAULT_MAX_JUMP,
        *,
        grade: str = "primary",
        priority: int | None = None,
        source_type: str | None = None,
        original_name: str | None = None,
        decimal: str = ".",
    ) -> IngestResult:
        """Validate ``path``, archive it as delivered and add its observations as a new vintage.

        ``grade`` is the uploader's declaration for rows without a grade column (primary,
        official-repost or secondary), ``priority`` the same for rows without a priority (default:
        10 for the bureau's own delivery, 50 otherwise, see
        :func:`workbench.ingest.grades.default_priority`); ``source_type`` who delivered it (default: ``bureau``
        for primary, ``government`` for official-repost, ``other`` for secondary);
        ``original_name`` the delivered file name when ``path`` is a temporary copy. The same
        bytes ingested again change nothing (``status == "unchanged"``). Raises
        :class:`IngestError` for a bad file; on any failure the store and archive are left
        as they were (an interrupted ingest is undone or completed by the next command).
        """
        path = Path(path)
        name = original_name or path.name
        declared = _declared(name, grade, source_type)
        if priority is None:
            priority = default_priority(declared[1])
        if not source or not source.strip():
            raise IngestError([Issue(name, Msg("source_required"))])
        if not self.path.exists() and self.path == paths.store_path():
            build_store()  # the first delivery lands in a store that holds the curated sources
        elif self.path == paths.store_path() and _schema_version(self.path) != SCHEMA_VERSION:
            build_store(rebuild=True)  # a store of an older schema is rebuilt first
        rows, report = read_spilled(
            path, source=source, max_jump=max_jump, grade=declared[0], priority=priority,
            decimal=decimal, history=self.history(),
        )  # fmt: skip
        if rows is None:
            raise IngestError([_renamed(i, name) for i in report.issues])
        rows.file = name
        try:
            sha = file_sha256(path)
            with write_lock(self.path):
                recover_locked()
                if (vid := self.has(sha)) is not None:
                    with self._read() as con:
                        n = con.execute(
                            "SELECT n_observations FROM vintages WHERE vintage_id = ?", [vid]
                        ).fetchone()[0]
                    return IngestResult("unchanged", sha, vid, n, warnings=report.warnings)
                when = _to_utc_naive(ingested_at or utcnow())
                reading = (priority, decimal)
                entry = self._commit(path, rows, sha, source, name, when, declared, reading)
        finally:
            rows.discard()
        warnings = [_renamed(i, name) for i in report.warnings]
        return IngestResult("added", sha, entry.vintage_id, len(rows), entry.path, warnings)

    def _commit(self, path: Path, df: pd.DataFrame | Spilled, sha: str, source: str, name: str,
                when: dt.datetime, declared: tuple[str, str],
                reading: tuple[int, str] = (None, ".")) -> archive.Entry:  # fmt: skip
        """Blob → store copy with the new vintage → swap (the commit) → archive metadata."""
        blob = archive.put_blob(path, sha, name)
        checkpoint("ingest:after-blob")
        tmp = tmpfiles.new_path("store", ".duckdb")
        try:
            if self.path.exists():
                shutil.copyfile(self.path, tmp)
                con = duckdb.connect(str(tmp), config=WRITE_CONFIG)
            else:
                con = duckdb.connect(str(tmp), config=WRITE_CONFIG)
                _create(con)
            try:
                checkpoint("ingest:after-store-copy")
                vid = _next_id(con)
                info = VintageInfo(vid, sha, source, name, "archive", when, *declared)
                add_vintage(con, df, info)
            finally:
                con.close()
            checkpoint("ingest:before-swap")
            os.replace(tmp, self.path)
            tmpfiles.discard(tmp)  # DuckDB's spill directory, if it made one
        except BaseException:
            tmpfiles.discard(tmp)
            if archive.get(sha) is None and self.has(sha) is None:
                blob.unlink(missing_ok=True)
            raise
        checkpoint("ingest:after-swap")
        iso = when.replace(tzinfo=dt.UTC).isoformat()
        entry = archive.Entry(sha, name, source, iso, blob, vid, *declared, *reading)
        return archive.write_meta(entry)

    def remove_vintage(self, sha: str) -> int | None:
        """Drop the vintage of file hash ``sha``: its observations, its row and its archived
        file; returns its vintage id (None when it is not stored). Order: archive metadata,
        store swap, bytes, so an interruption is completed or undone by the next recovery."""
        with write_lock(self.path):
            recover_locked()
            vid = self.has(sha)
            entry = archive.get(sha)
            if entry is not None:
                entry.meta_path.unlink(missing_ok=True)  # else `store build` would replay it
            if vid is not None:
                tmp = tmpfiles.new_path("store", ".duckdb")
                try:
                    shutil.copyfile(self.path, tmp)
                    con = duckdb.connect(str(tmp), config=WRITE_CONFIG)
                    try:
                        con.execute("DELETE FROM observations WHERE vintage_id = ?", [vid])
                        con.execute("DELETE FROM vintages WHERE vintage_id = ?", [vid])
                    finally:
                        con.close()
                    os.replace(tmp, self.path)
                except BaseException:
                    tmpfiles.discard(tmp)
                    if entry is not None:
                        archive.write_meta(entry)
                    raise
            if entry is not None:
                entry.path.unlink(missing_ok=True)
        return vid


def _declared(name: str, grade: str, source_type: str | None) -> tuple[str, str]:
    """``(grade, source_type)`` as declared by an uploader; IngestError when not allowed."""
    try:
        g = parse_grade(grade)
    except ValueError as exc:
        raise IngestError([Issue(name, str(exc))]) from None
    if g not in DECLARABLE:
        allowed = ", ".join(x.value for x in DECLARABLE)
        raise IngestError(
            [Issue(name, Msg("grade_not_declarable", allowed=allowed, grade=g.value))]
        )  # fmt: skip
    stype = source_type or DEFAULT_SOURCE_TYPE[g]
    if stype not in SOURCE_TYPES:
        raise IngestError(
            [
                Issue(
                    name,
                    Msg("source_type_unknown", shown=repr(stype), known=", ".join(SOURCE_TYPES)),
                )
            ]
        )
    return g.value, stype


def _renamed(issue: Issue, name: str) -> Issue:
    """The issue as it concerns the delivered file name (not a temporary copy's)."""
    return dataclasses.replace(issue, file=name)


# ---- building ------------------------------------------------------------------------
@dataclass(frozen=True)
class BuildInput:
    """One file the store is built from, in replay order."""

    path: Path
    sha256: str
    source: str
    ingested_at: str
    origin: str  # "sources" or "archive"
    name: str  # the original file name
    grade: str | None  # None: rows without a grade column become secondary (with a warning)
    source_type: str
    vintage_id: int | None = None  # recorded id (archive entries)
    priority: int | None = None  # declared at ingest (archive entries)
    decimal: str = "."


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


def _inputs(sources_dir: Path) -> list[BuildInput]:
    """Every build input in replay order: curated sources (manifest order), then the archive.

    To add a kind of input, append its :class:`BuildInput` rows here. Archived files are
    verified (no symlinks, content matches the hash) before they are used.
    """
    out = []
    for f, source, when in _manifest(sources_dir):
        if not f.is_file() or f.is_symlink():
            raise StoreError(f"a curated manifest names {f}, which does not exist")
        out.append(BuildInput(f, file_sha256(f), source, when, "sources", _curated_name(f), None,
                              "curated"))  # fmt: skip
    for e in archive.entries():
        try:
            archive.verify(e)
        except archive.ArchiveError as exc:
            raise StoreError(str(exc)) from None
        out.append(BuildInput(e.path, e.sha256, e.source, e.ingested_at, "archive",
                              e.original_filename, e.grade, e.source_type, e.vintage_id,
                              e.priority, e.decimal))  # fmt: skip
    return out


def _old_high_water(store: Path) -> int:
    if not store.exists() or _schema_version(store) != SCHEMA_VERSION:
        return 0
    try:
        con = duckdb.connect(str(store), read_only=True)
        try:
            return _high_water(con)
        finally:
            con.close()
    except duckdb.Error:
        return 0


def _curated_name(path: Path) -> str:
    """A curated file's name as recorded: its path in the project (``data/plans/…``)."""
    try:
        return str(path.resolve().relative_to(paths.PROJECT_ROOT))
    except ValueError:
        return path.name


def _old_ids(store: Path) -> dict[str, int]:
    if not store.exists():
        return {}
    try:
        con = duckdb.connect(str(store), read_only=True)
        try:
            return dict(con.execute("SELECT sha256, vintage_id FROM vintages").fetchall())
        finally:
            con.close()
    except duckdb.Error:
        return {}


def assign_ids(inputs: list[BuildInput], old: dict[str, int], floor: int = 0) -> list[int]:
    """Vintage id per input: the id recorded in the archive, else the old store's, else the
    lowest id above ``floor`` (the old store's high-water mark) neither of them uses; ids
    already shown therefore never change and are never given to another file."""
    ids: dict[str, int] = {}
    taken: set[int] = set()
    for i in inputs:  # recorded archive ids first: they were shown to someone
        if i.vintage_id is not None and i.vintage_id not in taken:
            ids[i.sha256] = i.vintage_id
            taken.add(i.vintage_id)
    for i in inputs:
        vid = old.get(i.sha256)
        if i.sha256 not in ids and vid is not None and vid not in taken:
            ids[i.sha256] = vid
            taken.add(vid)
    used = taken | set(old.values())
    nxt = floor + 1
    for i in inputs:  # the rest: the lowest ids neither given now nor in the old store
        if i.sha256 not in ids:
            while nxt in used:
                nxt += 1
            ids[i.sha256] = nxt
            used.add(nxt)
    return [ids[i.sha256] for i in inputs]


def _up_to_date(store: Path, inputs: list[BuildInput]) -> bool:
    if not store.exists() or _schema_version(store) != SCHEMA_VERSION:
        return False
    return set(_old_ids(store)) == {i.sha256 for i in inputs}


def build_store(rebuild: bool = False, sources_dir: str | Path | None = None) -> Path:
    """Build the store from ``data/sources/manifest.csv`` and the archive; returns its path.

    Builds when the store is missing or out of date (its vintages differ from the inputs),
    or always when ``rebuild``. Vintage ids are kept (:func:`assign_ids`). The new store is
    written to a temporary file and swapped in with ``os.replace``, so a failed build
    leaves the old store untouched.
    """
    store = paths.store_path()
    sources_dir = Path(sources_dir) if sources_dir else paths.SOURCES_DIR
    with write_lock(store):
        recover_locked()
        inputs = _inputs(sources_dir)
        if not rebuild and _up_to_date(store, inputs):
            return store
        floor = _old_high_water(store)
        ids = assign_ids(inputs, _old_ids(store), floor)
        tmp = tmpfiles.new_path("store", ".duckdb")
        try:
            con = duckdb.connect(str(tmp), config=WRITE_CONFIG)
            try:
                _create(con)
                _raise_high_water(con, floor)
                for inp, vid in zip(inputs, ids, strict=True):
                    _replay(con, inp, vid)
            finally:
                con.close()
            checkpoint("build:before-swap")
            os.replace(tmp, store)
        except BaseException:
            tmpfiles.discard(tmp)
            raise
    return store


def _replay(con: duckdb.DuckDBPyConnection, inp: BuildInput, vid: int) -> None:
    kw = {}
    if inp.origin == "archive":  # read the delivery exactly as it was ingested
        prio = inp.priority if inp.priority is not None else default_priority(inp.source_type)
        kw = {"priority": prio, "decimal": inp.decimal}
    rows, report = read_spilled(inp.path, source=inp.source, grade=inp.grade, **kw)
    if rows is None:
        raise IngestError([_renamed(i, inp.name) for i in report.issues])
    rows.file = inp.name
    grade = inp.grade or "secondary"
    info = VintageInfo(vid, inp.sha256, inp.source, inp.name, inp.origin, inp.ingested_at,
                       grade, inp.source_type)  # fmt: skip
    try:
        add_vintage(con, rows, info)
    finally:
        rows.discard()
