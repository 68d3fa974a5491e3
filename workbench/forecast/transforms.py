"""Transforms that keep forecasts inside a series' admissible range.

Models and intervals work in a transformed space ``z = g(y)`` and come back with the
inverse, so a share stays within its bounds and a positive series stays positive:

* ``(lo, hi)`` both finite: scaled logit, ``z = log((y - lo) / (hi - y))``; values on a
  bound are pulled inside by ``EDGE`` of the range (``1e-4``, i.e. 0.01 points of a
  0–100 share) so the logit stays finite.
* ``(lo, inf)``: ``z = log(y - lo)``; values at ``lo`` are pulled up by ``EDGE`` of the
  series' largest distance from ``lo``.
* ``(-inf, inf)``: identity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EDGE = 1e-4


@dataclass(frozen=True)
class Transform:
    """An invertible map between values ``y`` and the modelling space ``z``."""

    lo: float
    hi: float
    floor: float = 0.0  # smallest admissible y - lo for the log transform

    @property
    def kind(self) -> str:
        if math.isfinite(self.lo) and math.isfinite(self.hi):
            return "logit"
        if math.isfinite(self.lo):
            return "log"
        return "identity"

    def forward(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, float)
        if self.kind == "logit":
            width = self.hi - self.lo
            p = np.clip((y - self.lo) / width, EDGE, 1 - EDGE)
            return np.log(p / (1 - p))
        if self.kind == "log":
            return np.log(np.maximum(y - self.lo, self.floor))
        return y.copy()

    def inverse(self, z: np.ndarray) -> np.ndarray:
        z = np.asarray(z, float)
        if self.kind == "logit":
            return self.lo + (self.hi - self.lo) / (1 + np.exp(-np.clip(z, -700, 700)))
        if self.kind == "log":
            return self.lo + np.exp(np.clip(z, -700, 700))
        return z.copy()


def make_transform(values: np.ndarray, bounds: tuple[float, float] | None) -> Transform:
    """The transform for a series with these ``values`` and ``bounds``.

    ``bounds=None`` means ``(0, inf)`` when every value is positive, otherwise identity.
    Raises ``ValueError`` when a value lies outside the bounds.
    """
    v = np.asarray(values, float)
    if bounds is None:
        bounds = (0.0, math.inf) if np.all(v > 0) else (-math.inf, math.inf)
    lo, hi = float(bounds[0]), float(bounds[1])
    if not lo < hi:
        raise ValueError(f"bounds {bounds} must have lower < upper")
    if np.any(v < lo) or np.any(v > hi):
        raise ValueError(f"values outside bounds {bounds}: min {v.min():g}, max {v.max():g}")
    if math.isfinite(lo) and not math.isfinite(hi):
        spread = float(np.max(v - lo)) if len(v) else 1.0
        floor = EDGE * spread if spread > 0 else EDGE
        return Transform(lo, hi, floor)
    if not math.isfinite(lo) and math.isfinite(hi):
        raise ValueError(f"bounds {bounds}: an upper bound alone is not supported")
    return Transform(lo, hi)
