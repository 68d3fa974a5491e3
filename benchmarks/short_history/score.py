"""Scores of forecasts on the real held-out years: sMAPE, MASE, coverage, MSIS.

MASE and MSIS divide by each series' mean absolute yearly change over its whole
(uncut) training part, so every cut and every method shares one scale per series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def per_series(fc: pd.DataFrame, test: pd.DataFrame, scale: pd.Series, point: str) -> pd.DataFrame:
    """One row per series: smape, mase, cov80, cov95, msis95 (``fc``: series_id, year,
    ``point``, lo_80, hi_80, lo_95, hi_95; rows matched to ``test`` by year)."""
    m = fc.merge(test.rename(columns={"value": "actual"}), on=["series_id", "year"], how="inner")
    m["scale"] = m["series_id"].map(scale)
    a, f = m["actual"].to_numpy(), m[point].to_numpy()
    den = np.abs(a) + np.abs(f)
    m["smape"] = np.where(den > 0, 200 * np.abs(a - f) / np.where(den > 0, den, 1), 0.0)
    m["mase"] = np.abs(a - f) / m["scale"]
    lo80, hi80, lo95, hi95 = (m[c].to_numpy() for c in ("lo_80", "hi_80", "lo_95", "hi_95"))
    m["cov80"] = (a >= lo80) & (a <= hi80)
    m["cov95"] = (a >= lo95) & (a <= hi95)
    alpha = 0.05
    m["msis95"] = (
        (hi95 - lo95) + 2 / alpha * ((lo95 - a) * (a < lo95) + (a - hi95) * (a > hi95))
    ) / m["scale"]
    cols = ["smape", "mase", "cov80", "cov95", "msis95"]
    return m.groupby("series_id")[cols].mean().reset_index()


def summary(per: pd.DataFrame) -> dict:
    """Means over series (coverage in %)."""
    return {
        "n_series": int(len(per)),
        "smape": float(per["smape"].mean()),
        "mase": float(per["mase"].mean()),
        "coverage_80": float(per["cov80"].mean() * 100),
        "coverage_95": float(per["cov95"].mean() * 100),
        "msis_95": float(per["msis95"].mean()),
    }
