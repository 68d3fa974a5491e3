"""Forecasting engine: backtested, calibrated forecasts of short annual series.

Public API: :func:`forecast` and :class:`ForecastResult` (see ``docs/forecasting.md``).
"""

from workbench.forecast.api import ForecastResult, forecast

__all__ = ["ForecastResult", "forecast"]
