"""Forecasting engine: backtested, calibrated forecasts of short annual series.

Public API: :func:`forecast`, :class:`ForecastResult` and :func:`bounds_for_kind`
(see ``docs/forecasting.md``).
"""

from workbench.forecast.api import ForecastResult, forecast
from workbench.forecast.bounds import bounds_for_kind

__all__ = ["ForecastResult", "bounds_for_kind", "forecast"]

from workbench._callable import make_callable  # noqa: E402

make_callable(__name__, forecast)  # ``wb.forecast(df, …)`` is :func:`forecast`
