"""Named points between the steps of a write, where the fault-injection tests stop a process.

``checkpoint("ingest:after-swap")`` does nothing unless the environment variable
``WORKBENCH_FAULT`` names that point; then the process kills itself with SIGKILL, exactly
as a power cut or ``kill -9`` would stop it. Production code pays one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "ingest:after-blob",
    "ingest:after-store-copy",
    "ingest:before-swap",
    "ingest:after-swap",
    "build:before-swap",
)
"""The named points, in the order an ingest or build reaches them."""


def checkpoint(name: str) -> None:
    """Kill this process with SIGKILL if ``$WORKBENCH_FAULT`` names this point."""
    if os.environ.get("WORKBENCH_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
