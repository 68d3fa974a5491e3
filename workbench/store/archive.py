"""Content-addressed archive of delivered files, kept exactly as delivered.

Layout under :func:`workbench.paths.archive_dir`::

    <sha256[:2]>/<sha256><original suffix>   the file's bytes, read-only
    <sha256[:2]>/<sha256>.json               {sha256, original_filename, source, ingested_at, size}

A rebuild replays the entries in ``ingested_at`` order. Entries are never modified.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from workbench import paths


@dataclass(frozen=True)
class Entry:
    """One archived delivery."""

    sha256: str
    original_filename: str
    source: str
    ingested_at: str  # ISO 8601, UTC
    path: Path  # the archived bytes

    @property
    def meta_path(self) -> Path:
        return self.path.with_name(f"{self.sha256}.json")


def _blob_path(root: Path, sha: str, original_filename: str) -> Path:
    suffix = Path(original_filename).suffix.lower()
    return root / sha[:2] / f"{sha}{suffix}"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
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
        path=_blob_path(meta_path.parent.parent, m["sha256"], m["original_filename"]),
    )


def put(
    src: Path, sha: str, source: str, ingested_at: str, root: Path | None = None
) -> tuple[Entry, bool]:
    """Archive ``src`` (whose hash is ``sha``); returns ``(entry, created)``.

    An existing entry is returned unchanged (first delivery wins: its source text and
    time are kept). The bytes are written before the metadata, each atomically, so a
    crash never leaves metadata without its file.
    """
    root = root or paths.archive_dir()
    existing = get(sha, root)
    if existing is not None and existing.path.exists():
        return existing, False
    blob = _blob_path(root, sha, src.name)
    blob.parent.mkdir(parents=True, exist_ok=True)
    new_blob = not blob.exists()
    if new_blob:
        tmp = blob.with_name(f".{blob.name}.{uuid.uuid4().hex}.tmp")
        try:
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o444)
            os.replace(tmp, blob)
        finally:
            tmp.unlink(missing_ok=True)
    meta = {
        "sha256": sha,
        "original_filename": src.name,
        "source": source,
        "ingested_at": ingested_at,
        "size": blob.stat().st_size,
    }
    try:
        _atomic_write(
            blob.with_name(f"{sha}.json"),
            json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"),
        )
    except BaseException:
        if new_blob:
            blob.unlink(missing_ok=True)
        raise
    return _entry(blob.with_name(f"{sha}.json")), True


def remove(entry: Entry) -> None:
    """Undo a ``put`` that created ``entry`` (used when the store transaction fails)."""
    entry.meta_path.unlink(missing_ok=True)
    entry.path.unlink(missing_ok=True)


def entries(root: Path | None = None) -> list[Entry]:
    """All archived deliveries in replay order (``ingested_at``, then hash)."""
    root = root or paths.archive_dir()
    if not root.exists():
        return []
    out = [_entry(p) for p in sorted(root.glob("??/*.json"))]
    return sorted(out, key=lambda e: (e.ingested_at, e.sha256))
