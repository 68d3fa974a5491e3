"""Accuracy measures for point forecasts and intervals (M3/M4 conventions).

All functions take 1-D arrays of equal length (one series, steps 1..h) unless noted.
"""

from __future__ import annotations

import numpy as np


def smape(actual: np.ndarray, fc: np.ndarray) -> float:
    """Symmetric MAPE on the 0–200 scale: ``mean(200 |y - f| / (|y| + |f|))``."""
    a, f = np.asarray(actual, float), np.asarray(fc, float)
    den = np.abs(a) + np.abs(f)
    return float(np.mean(np.where(den > 0, 200.0 * np.abs(a - f) / np.where(den > 0, den, 1), 0.0)))


def naive_scale(insample: np.ndarray, m: int = 1) -> float:
    """Mean absolute ``m``-step change of the training data (the MASE/MSIS denominator)."""
    x = np.asarray(insample, float)
    if len(x) <= m:
        return float("nan")
    return float(np.mean(np.abs(x[m:] - x[:-m])))


def mase(actual: np.ndarray, fc: np.ndarray, insample: np.ndarray, m: int = 1) -> float:
    """Mean absolute scaled error (Hyndman & Koehler 2006), scaled by the in-sample naive MAE."""
    scale = naive_scale(insample, m)
    return float(np.mean(np.abs(np.asarray(actual, float) - np.asarray(fc, float))) / scale)


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share (0–1) of actual values inside ``[lo, hi]``."""
    a = np.asarray(actual, float)
    return float(np.mean((a >= lo) & (a <= hi)))


def msis(
    actual: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    insample: np.ndarray,
    level: float = 95,
    m: int = 1,
) -> float:
    """Mean scaled interval score (M4): width plus ``2/alpha`` times the misses, over the naive MAE."""
    a = np.asarray(actual, float)
    alpha = 1 - level / 100
    score = (hi - lo) + (2 / alpha) * ((lo - a) * (a < lo) + (a - hi) * (a > hi))
    return float(np.mean(score) / naive_scale(insample, m))
