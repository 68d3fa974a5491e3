"""Plans as data: every plan (its indicators, targets, regions, observations, tasks) is a
pack under ``data/plans/<plan_id>/`` (format: ``docs/plans.md``).

>>> from workbench import plans
>>> [p.id for p in plans.plans()]            # doctest: +SKIP
['china-digital-economy', 'chizhou-digital']
>>> plan = plans.load_plan()                  # the default plan (workbench.toml)
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from workbench import paths
from workbench.plans.model import (
    KINDS,
    NATURE_NAMES,
    NUMERIC_OPS,
    TARGET_OPS,
    Group,
    Indicator,
    Plan,
    Target,
    bounds_for_kind,
)
from workbench.plans.pack import GRADES, PlanError, Problem, check_pack, read_pack

__all__ = [
    "GRADES",
    "KINDS",
    "NATURE_NAMES",
    "NUMERIC_OPS",
    "TARGET_OPS",
    "Group",
    "Indicator",
    "Plan",
    "PlanError",
    "Problem",
    "Target",
    "bounds_for_kind",
    "check_pack",
    "default_plan_id",
    "load_plan",
    "plan_ids",
    "plans",
    "plans_dir",
    "read_pack",
]

SETTINGS_FILE = "workbench.toml"


def plans_dir() -> Path:
    """Folder of plan packs: ``$WORKBENCH_PLANS`` or ``data/plans``."""
    return Path(os.environ.get("WORKBENCH_PLANS", paths.DATA_DIR / "plans"))


def _settings() -> dict:
    """``workbench.toml`` from ``$WORKBENCH_HOME`` (first) or the project root."""
    for d in (paths.home(), paths.PROJECT_ROOT):
        f = Path(d) / SETTINGS_FILE
        if f.is_file():
            return tomllib.loads(f.read_text(encoding="utf-8"))
    return {}


def plan_ids() -> list[str]:
    """Ids of the packs in :func:`plans_dir`, sorted."""
    d = plans_dir()
    return sorted(p.name for p in d.iterdir() if (p / "plan.toml").is_file()) if d.is_dir() else []


def default_plan_id() -> str:
    """``$WORKBENCH_PLAN``, else ``default_plan`` of ``workbench.toml``, else the only/first pack."""
    pid = os.environ.get("WORKBENCH_PLAN") or _settings().get("default_plan")
    if pid:
        return str(pid)
    ids = plan_ids()
    if not ids:
        raise PlanError([Problem(str(plans_dir()), None, None, "no plan packs found")])
    return ids[0]


@lru_cache(maxsize=16)
def _load(pack_dir: str, mtime: float) -> Plan:
    return read_pack(pack_dir)


def _stamp(d: Path) -> float:
    return max((p.stat().st_mtime for p in d.rglob("*") if p.is_file()), default=0.0)


def load_plan(plan_id: str | None = None) -> Plan:
    """The plan ``plan_id`` (default: :func:`default_plan_id`), checked; cached until its files change.

    ``KeyError`` naming the known plans when there is no such pack; :class:`PlanError`
    when the pack has errors.
    """
    pid = plan_id or default_plan_id()
    d = plans_dir() / pid
    if not (d / "plan.toml").is_file():
        raise KeyError(f"unknown plan {pid!r}; known: {', '.join(plan_ids()) or 'none'}")
    return _load(str(d), _stamp(d))


def plans() -> list[Plan]:
    """Every plan pack that loads, sorted by id."""
    return [load_plan(pid) for pid in plan_ids()]


from workbench._callable import make_callable  # noqa: E402

make_callable(__name__, plans)
