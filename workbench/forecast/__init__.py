"""Forecasting engine: backtested, calibrated forecasts of short annual series.

Public API: :func:`forecast` and :class:`ForecastResult` (see ``docs/forecasting.md``).
"""

from workbench.forecast.api import ForecastResult, forecast

__all__ = ["ForecastResult", "forecast"]

from workbench._callable import make_callable  # noqa: E402

make_callable(__name__, forecast)  # ``wb.forecast(df, …)`` is :func:`forecast`
