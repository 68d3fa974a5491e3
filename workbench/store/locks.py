"""The one file lock of the workbench's writers (observation store, enterprise database,
progress records): ``.<file>.lock`` beside the file, held with ``flock`` for the write."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Exclusive lock of the writers of ``path`` (ingest, build, recovery); readers never wait."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
