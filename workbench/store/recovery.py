"""Bring the workbench home back to a consistent state after an interrupted command.

:func:`recover` runs at the start of every store-writing command and of a refresh. It

1. removes temporary files of writers that no longer run (``<home>/tmp``, see
   :mod:`workbench.store.tmpfiles`) and the temporary files older code left beside the
   store and in the archive;
2. finishes or undoes interrupted ingests: a vintage in the store whose archive metadata
   is missing gets it back (the ingest had committed); archived bytes with neither
   metadata nor a vintage are removed (the ingest had not committed);
3. removes ``runs/<plan>/.partial-*`` directories older than ``grace_seconds`` (a refresh writes
   its run within seconds; a younger one may belong to a refresh still running).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from workbench import paths
from workbench.store import archive, tmpfiles

PARTIAL_RUN_GRACE = 600.0
"""Seconds after which a ``runs/.partial-*`` directory is taken as abandoned."""


@dataclass
class RecoveryReport:
    """What :func:`recover` did (paths removed, archive entries completed)."""

    removed: list[Path] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # sha256 of entries given metadata back

    def __bool__(self) -> bool:
        return bool(self.removed or self.completed)


def _dead_tmp(report: RecoveryReport) -> None:
    d = paths.home() / "tmp"
    if not d.exists():
        return
    for p in d.iterdir():
        pid = tmpfiles.owner_pid(p)
        if pid is None or not tmpfiles.pid_alive(pid):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            report.removed.append(p)


def _legacy_tmp(report: RecoveryReport) -> None:
    """``.workbench.duckdb.<uuid>.tmp`` and archive ``.<name>.<uuid>.tmp`` of older versions."""
    store = paths.store_path()
    found = list(store.parent.glob(f".{store.name}.*.tmp*")) if store.parent.exists() else []
    arch = paths.archive_dir()
    if arch.exists():
        found += list(arch.glob("??/.*.tmp"))
    for p in found:
        p.unlink(missing_ok=True)
        report.removed.append(p)


def _store_vintages() -> dict[str, tuple]:
    store = paths.store_path()
    if not store.exists():
        return {}
    con = duckdb.connect(str(store), read_only=True)
    try:
        cols = {r[0] for r in con.execute("DESCRIBE vintages").fetchall()}
        extra = "grade, source_type" if {"grade", "source_type"} <= cols else "NULL, NULL"
        rows = con.execute(
            "SELECT sha256, vintage_id, source, original_filename, ingested_at, "
            f"{extra} FROM vintages WHERE origin = 'archive'"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


def _archive(report: RecoveryReport) -> None:
    arch = paths.archive_dir()
    if not arch.exists():
        return
    stored = _store_vintages()
    for blob in sorted(arch.glob("??/*")):
        if blob.suffix == ".json" or blob.name.startswith(".") or not blob.is_file():
            continue
        sha = blob.name.split(".")[0]
        if (blob.parent / f"{sha}.json").exists():
            continue
        if sha in stored:
            vid, source, name, when, grade, stype = stored[sha]
            archive.write_meta(
                archive.Entry(sha, name, source, when.isoformat() + "+00:00", blob, vid,
                              grade or "primary", stype or "bureau")
            )  # fmt: skip
            report.completed.append(sha)
        else:
            blob.unlink(missing_ok=True)
            report.removed.append(blob)


def _partial_runs(report: RecoveryReport, grace_seconds: float) -> None:
    runs = paths.runs_dir()
    if not runs.exists():
        return
    now = time.time()
    for p in [*runs.glob(".partial-*"), *runs.glob("*/.partial-*")]:
        if now - p.stat().st_mtime >= grace_seconds:
            shutil.rmtree(p, ignore_errors=True)
            report.removed.append(p)
    for p in [*runs.glob(".LATEST.*.tmp"), *runs.glob("*/.LATEST.*.tmp")]:
        if now - p.stat().st_mtime >= grace_seconds:
            p.unlink(missing_ok=True)
            report.removed.append(p)


def recover_locked(grace_seconds: float = PARTIAL_RUN_GRACE) -> RecoveryReport:
    """:func:`recover` for a caller that already holds the store's write lock."""
    report = RecoveryReport()
    _dead_tmp(report)
    _legacy_tmp(report)
    _archive(report)
    _partial_runs(report, grace_seconds)
    return report


def recover(grace_seconds: float = PARTIAL_RUN_GRACE) -> RecoveryReport:
    """Remove leftovers of interrupted commands and complete committed ingests (see module)."""
    from workbench.store.core import write_lock

    with write_lock(paths.store_path()):
        return recover_locked(grace_seconds)
