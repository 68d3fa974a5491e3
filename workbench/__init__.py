"""Digital-economy workbench: measure, classify, forecast and monitor a digital economy
against a plan's targets.

One face for notebooks and scripts (``import workbench as wb``); names are loaded on first
use, so ``import workbench`` stays light::

    plan = wb.load_plan("china-digital-economy")
    run = wb.refresh(plan.id)                 # or wb.latest_run(plan.id)
    wb.overview_table(run, run.observations)  # what the officials see
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    # plans
    "plan_ids": ("workbench.plans", "plan_ids"),
    "load_plan": ("workbench.plans", "load_plan"),
    "check_pack": ("workbench.plans", "check_pack"),
    "Plan": ("workbench.plans", "Plan"),
    # store
    "Store": ("workbench.store", "Store"),
    "build_store": ("workbench.store", "build_store"),
    # forecasting and runs
    "ForecastResult": ("workbench.forecast", "ForecastResult"),
    "latest_run": ("workbench.refresh", "latest_run"),
    "open_run": ("workbench.refresh", "open_run"),
    "list_runs": ("workbench.refresh", "list_runs"),
    "select_series": ("workbench.refresh", "select_series"),
    "CANDIDATE_MODELS": ("workbench.forecast.backtest", "CANDIDATES"),
    # targets
    "Status": ("workbench.targets", "Status"),
    "meets": ("workbench.targets", "meets"),
    "assess_targets": ("workbench.targets", "assess_targets"),
    "assess_plan": ("workbench.targets", "assess_plan"),
    "required_growth": ("workbench.targets", "required_growth"),
    # classification and measurement
    "classify_records": ("workbench.classify", "classify_records"),
    "aggregate": ("workbench.classify", "aggregate"),
    # scenarios
    "Scenario": ("workbench.scenario", "Scenario"),
    "simulate": ("workbench.scenario", "simulate"),
    "scenario_preset": ("workbench.scenario", "preset"),
    "scenario_basis": ("workbench.app_data", "scenario_basis"),
    # what the pages show
    "overview_table": ("workbench.app_data", "overview_table"),
    "plan_review": ("workbench.app_data", "plan_review"),
    "series_label": ("workbench.app_data", "series_label"),
    "fan_inputs": ("workbench.app_data", "fan_inputs"),
    "target_for_probability": ("workbench.app_data", "target_for_probability"),
}
_MODULES = (
    "forecast",
    "refresh",
    "plans",
    "catalog",
    "charts",
    "classify",
    "reference",
    "scenario",
    "targets",
)

__all__ = sorted([*_API, *_MODULES])


# ``plans``, ``forecast`` and ``refresh`` are packages/modules that are also callable
# (``wb.plans()``, ``wb.forecast(df)``, ``wb.refresh(plan_id)``): see workbench/_callable.py.


def __getattr__(name: str):
    if name in _API:
        module, attr = _API[name]
        value = getattr(importlib.import_module(module), attr)
    elif name in _MODULES:
        value = importlib.import_module(f"workbench.{name}")
    else:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
