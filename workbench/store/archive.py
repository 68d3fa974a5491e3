"""Content-addressed archive of delivered files, kept exactly as delivered.

Layout under :func:`workbench.paths.archive_dir`::

    <sha256[:2]>/<sha256><original suffix>   the file's bytes, read-only
    <sha256[:2]>/<sha256>.json               {sha256, original_filename, source, ingested_at,
                                              size, vintage_id, grade, source_type}

An ingest writes the bytes first, then swaps the store, then writes the metadata: an entry
(metadata present) is therefore always in the store, and bytes without metadata are the
leftover of an interrupted ingest that :mod:`workbench.store.recovery` removes. A rebuild
replays the entries with their recorded vintage ids, after checking each file against its
hash and refusing symlinks. Entries are never modified.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from workbench import paths
from workbench.store import tmpfiles


class ArchiveError(RuntimeError):
    """An archived file is missing, a symlink, or does not match its hash."""


@dataclass(frozen=True)
class Entry:
    """One archived delivery."""

    sha256: str
    original_filename: str
    source: str
    ingested_at: str  # ISO 8601, UTC
    path: Path  # the archived bytes
    vintage_id: int | None = None  # None for entries archived before ids were recorded
    grade: str = "primary"  # the uploader's declared grade for rows without one
    source_type: str = "bureau"
    priority: int | None = None  # the declared priority (None: the source type's default)
    decimal: str = "."  # the declared decimal mark, so a rebuild reads the file as ingested

    @property
    def meta_path(self) -> Path:
        return self.path.with_name(f"{self.sha256}.json")


def blob_path(root: Path, sha: str, original_filename: str) -> Path:
    """Where the bytes of ``sha`` live (the suffix of the first delivery's name, lower case)."""
    suffix = Path(original_filename).suffix.lower()
    if not suffix.isascii() or len(suffix) > 8 or not suffix[1:].isalnum():
        suffix = ""
    return root / sha[:2] / f"{sha}{suffix}"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = tmpfiles.new_path("meta", ".json")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def get(sha: str, root: Path | None = None) -> Entry | None:
    """The archived entry with this hash, or None."""
    root = root or paths.archive_dir()
    meta = root / sha[:2] / f"{sha}.json"
    if not meta.exists():
        return None
    return _entry(meta)


def _entry(meta_path: Path) -> Entry:
    m = json.loads(meta_path.read_text(encoding="utf-8"))
    return Entry(
        sha256=m["sha256"],
        original_filename=m["original_filename"],
        source=m["source"],
        ingested_at=m["ingested_at"],
        path=blob_path(meta_path.parent.parent, m["sha256"], m["original_filename"]),
        vintage_id=m.get("vintage_id"),
        grade=m.get("grade", "primary"),
        source_type=m.get("source_type", "bureau"),
        priority=m.get("priority"),
        decimal=m.get("decimal", "."),
    )


def put_blob(src: Path, sha: str, original_filename: str, root: Path | None = None) -> Path:
    """Copy ``src`` (whose hash is ``sha``) into the archive if absent; returns the blob path.

    The copy is made in the temporary directory and renamed into place, so the archive never
    holds a partial file."""
    root = root or paths.archive_dir()
    blob = blob_path(root, sha, original_filename)
    if blob.exists() and not blob.is_symlink():
        return blob
    blob.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmpfiles.new_path("blob")
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, blob)
    finally:
        tmp.unlink(missing_ok=True)
    return blob


def write_meta(entry: Entry) -> Entry:
    """Record ``entry`` (its bytes must already be archived); this completes an ingest."""
    meta = {
        "sha256": entry.sha256,
        "original_filename": entry.original_filename,
        "source": entry.source,
        "ingested_at": entry.ingested_at,
        "size": entry.path.stat().st_size,
        "vintage_id": entry.vintage_id,
        "grade": entry.grade,
        "source_type": entry.source_type,
        "priority": entry.priority,
        "decimal": entry.decimal,
    }
    _atomic_write(entry.meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    return entry


def entries(root: Path | None = None) -> list[Entry]:
    """All archived deliveries in replay order (``ingested_at``, then hash)."""
    root = root or paths.archive_dir()
    if not root.exists():
        return []
    out = [_entry(p) for p in sorted(root.glob("??/*.json"))]
    return sorted(out, key=lambda e: (e.ingested_at, e.sha256))


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read without following a symlink at its last component."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(entry: Entry, root: Path | None = None) -> None:
    """Refuse an entry whose bytes or metadata are symlinks (or live under one), are missing,
    or whose bytes do not hash to the entry's name (:class:`ArchiveError`)."""
    root = root or paths.archive_dir()
    for p in (root, entry.path.parent, entry.meta_path, entry.path):
        if p.is_symlink():
            raise ArchiveError(f"archive entry {entry.sha256[:12]}: {p} is a symlink; refused")
    if not entry.path.is_file():
        raise ArchiveError(
            f"archive entry {entry.sha256[:12]} ({entry.original_filename}) has metadata but "
            f"no file at {entry.path}"
        )
    actual = sha256_of(entry.path)
    if actual != entry.sha256:
        raise ArchiveError(
            f"archive file {entry.path} ({entry.original_filename}) does not match its hash "
            f"name (its content hashes to {actual[:12]}…); the archive was altered"
        )
