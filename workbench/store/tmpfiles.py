"""The one place for temporary files: ``<WORKBENCH_HOME>/tmp``.

Every temporary store copy, archive copy and metadata file is created here as
``<kind>-<pid>-<random><suffix>`` and renamed into place when complete (same file system,
so the rename is atomic). A name carries its writer's process id, so
:func:`workbench.store.recovery.recover` can remove exactly the leftovers of writers that
no longer run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from workbench import paths


def tmp_dir() -> Path:
    """``<WORKBENCH_HOME>/tmp`` (created on demand)."""
    d = paths.home() / "tmp"
    d.mkdir(parents=True, exist_ok=True)
    return d


def new_path(kind: str, suffix: str = "") -> Path:
    """A fresh temporary path owned by this process."""
    return tmp_dir() / f"{kind}-{os.getpid()}-{uuid.uuid4().hex}{suffix}"


def owner_pid(path: Path) -> int | None:
    """The process id in a temporary file's name, or None for a foreign name."""
    parts = path.name.split("-")
    if len(parts) >= 3 and parts[1].isdigit():
        return int(parts[1])
    return None


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(path: Path) -> None:
    """Remove a temporary DuckDB file, its write-ahead log and spill directory, if any."""
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.tmp", ignore_errors=True)  # DuckDB's spill directory
