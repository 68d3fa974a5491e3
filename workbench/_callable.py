"""Make a package callable, so ``wb.plans()`` and ``wb.forecast(df)`` work although
``workbench.plans`` and ``workbench.forecast`` are packages (their attributes stay reachable)."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable


def make_callable(module_name: str, func: Callable) -> None:
    """Calling the module ``module_name`` calls ``func`` with the same arguments."""

    class _CallableModule(types.ModuleType):
        __doc__ = sys.modules[module_name].__doc__

        def __call__(self, *args, **kwargs):
            return func(*args, **kwargs)

    sys.modules[module_name].__class__ = _CallableModule
