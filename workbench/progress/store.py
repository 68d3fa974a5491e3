"""Progress records: vintaged, append-only, in their own DuckDB file.

``<home>/store/progress.duckdb`` holds

* ``sheets``: one row per ingested sheet — ``sheet_id``, ``sha256`` (unique), ``plan_id``,
  ``original_filename``, ``origin`` (``upload`` or ``editor``), ``ingested_at`` (UTC),
  ``n_records``;
* ``records``: one row per update (never changed, never deleted) — ``sheet_id``, ``kind``
  (``task``/``project``), ``item_id``, ``period``, ``status``, ``percent`` (0–100 or NULL),
  ``note``, ``evidence_url``, ``reported_by``, ``reported_on``, ``source_row``.

Each sheet is archived byte-for-byte under ``<home>/archive/progress/`` by SHA-256
(:mod:`workbench.store.archive`, in its order: bytes, then the records, then the
metadata). Writes are copy-on-write: the file is copied, changed and swapped in with
``os.replace`` under a lock; a refused sheet changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from workbench import paths
from workbench.ingest import IngestError, file_sha256
from workbench.progress import planpack
from workbench.progress.sheet import read_sheet
from workbench.store import archive
from workbench.store.locks import write_lock

SCHEMA = """
CREATE TABLE sheets (
    sheet_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, plan_id VARCHAR NOT NULL,
    original_filename VARCHAR NOT NULL, origin VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL, n_records INTEGER NOT NULL
);
CREATE TABLE records (
    sheet_id INTEGER NOT NULL, kind VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL, status VARCHAR NOT NULL, percent DOUBLE, note VARCHAR NOT NULL,
    evidence_url VARCHAR NOT NULL, reported_by VARCHAR NOT NULL, reported_on DATE NOT NULL,
    source_row INTEGER NOT NULL
);
"""
HISTORY_COLUMNS = [
    "kind", "item_id", "period", "status", "percent", "note", "evidence_url",
    "reported_by", "reported_on", "ingested_at", "original_filename", "sheet_sha256",
    "source_row",
]  # fmt: skip


def progress_path() -> Path:
    """``<home>/store/progress.duckdb``."""
    return paths.home() / "store" / "progress.duckdb"


def archive_root() -> Path:
    """Where delivered progress sheets are kept as delivered."""
    return paths.archive_dir() / "progress"


@dataclass(frozen=True)
class ProgressIngest:
    """Outcome of one ingest: ``created`` is False when the same bytes were ingested before."""

    sha256: str
    n_records: int
    created: bool


def ingest_sheet(
    path: str | Path,
    plan_id: str = planpack.DEFAULT_PLAN,
    origin: str = "upload",
    today: dt.date | None = None,
    lang: str = "zh",
) -> ProgressIngest:
    """Validate ``path`` and append its records; ``IngestError`` (nothing written) on any error.

    The same file twice adds nothing the second time (``created=False``).
    """
    path = Path(path)
    result = read_sheet(path, plan_id, today=today, lang=lang)
    if result.errors:
        raise IngestError(result.issues)
    if result.records.empty:
        from workbench.i18n import t
        from workbench.ingest import Issue

        raise IngestError([Issue(path.name, t("perr_empty", lang))])
    sha = file_sha256(path)
    db = progress_path()
    with write_lock(db):
        if db.exists() and _known(db, sha):
            return ProgressIngest(sha, 0, False)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        blob = archive.blob_path(archive_root(), sha, path.name)
        new_blob = not blob.exists()
        archive.put_blob(path, sha, path.name, archive_root())  # bytes first
        tmp = db.with_name(f".{db.name}.{uuid.uuid4().hex}.tmp")
        try:
            if db.exists():
                shutil.copyfile(db, tmp)
            con = duckdb.connect(str(tmp))
            try:
                if not db.exists():
                    con.execute(SCHEMA)
                sheet_id = _append(con, plan_id, path.name, origin, now, sha, result.records)
            finally:
                con.close()
            os.replace(tmp, db)  # then the records
        except BaseException:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            if new_blob:
                blob.unlink(missing_ok=True)
            raise
        archive.write_meta(  # the metadata last: an entry is always in the progress store
            archive.Entry(sha, path.name, f"progress:{plan_id}:{origin}",
                          now.isoformat() + "+00:00", blob, vintage_id=sheet_id)
        )  # fmt: skip
    return ProgressIngest(sha, len(result.records), True)


def _known(db: Path, sha: str) -> bool:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return bool(
            con.execute("SELECT count(*) FROM sheets WHERE sha256 = ?", [sha]).fetchone()[0]
        )
    finally:
        con.close()


def _append(con, plan_id, filename, origin, now, sha, records: pd.DataFrame) -> int:
    sid = con.execute("SELECT coalesce(max(sheet_id), 0) + 1 FROM sheets").fetchone()[0]
    con.execute(
        "INSERT INTO sheets VALUES (?, ?, ?, ?, ?, ?, ?)",
        [sid, sha, plan_id, filename, origin, now, len(records)],
    )
    df = records.assign(sheet_id=sid)[
        ["sheet_id", "kind", "item_id", "period", "status", "percent", "note", "evidence_url",
         "reported_by", "reported_on", "source_row"]
    ]  # fmt: skip
    df = df.astype({"percent": "float64", "source_row": "int64"})
    con.register("new_records", df)
    con.execute("INSERT INTO records SELECT * FROM new_records")
    con.unregister("new_records")
    return int(sid)


def history(
    plan_id: str = planpack.DEFAULT_PLAN,
    kind: str | None = None,
    item_id: str | None = None,
    as_of: dt.datetime | None = None,
) -> pd.DataFrame:
    """Every record (oldest first), optionally of one item and as known at ``as_of`` (UTC)."""
    db = progress_path()
    if not db.exists():
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    where, params = ["s.plan_id = ?"], [plan_id]
    for col, val in (("r.kind", kind), ("r.item_id", item_id)):
        if val is not None:
            where.append(f"{col} = ?")
            params.append(val)
    if as_of is not None:
        where.append("s.ingested_at <= ?")
        params.append(as_of)
    sql = (
        "SELECT r.kind, r.item_id, r.period, r.status, r.percent, r.note, r.evidence_url, "
        "r.reported_by, r.reported_on, s.ingested_at, s.original_filename, "
        "s.sha256 AS sheet_sha256, r.source_row FROM records r JOIN sheets s USING (sheet_id) "
        f"WHERE {' AND '.join(where)} ORDER BY s.ingested_at, s.sheet_id, r.source_row"
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()


def latest(plan_id: str = planpack.DEFAULT_PLAN, as_of: dt.datetime | None = None) -> pd.DataFrame:
    """The latest record per item: the latest period, then reporting date, then ingest."""
    h = history(plan_id, as_of=as_of)
    if h.empty:
        return h
    h = h.sort_values(["period", "reported_on", "ingested_at", "source_row"], kind="mergesort")
    return h.groupby(["kind", "item_id"], as_index=False).tail(1).reset_index(drop=True)
