"""Admissible value ranges by the catalogue's series kind.

``data/reference/series_catalog.csv`` gives every indicator a ``kind``:

| kind | range | example |
|---|---|---|
| ``level`` | ``[0, inf)`` | revenue in 亿元, number of base stations |
| ``share`` | ``[0, 100]`` | fibre users / broadband users × 100% |
| ``ratio`` | ``[0, inf)``: a % ratio to another population may exceed 100 | mobile broadband users per resident × 100% |
| ``rate`` | ``(-inf, inf)`` | growth rate in % |

The forecast transform follows from the range (logit for ``share``, log for ``level`` and
``ratio``, identity for ``rate``; see :mod:`workbench.forecast.transforms`).
"""

from __future__ import annotations

import math

KIND_BOUNDS: dict[str, tuple[float, float]] = {
    "level": (0.0, math.inf),
    "share": (0.0, 100.0),
    "ratio": (0.0, math.inf),
    "rate": (-math.inf, math.inf),
}


def bounds_for_kind(kind: str) -> tuple[float, float]:
    """``(lo, hi)`` admissible values of a series of catalogue ``kind``.

    Raises ``ValueError`` for a kind the catalogue does not define.
    """
    try:
        return KIND_BOUNDS[str(kind).strip()]
    except KeyError:
        raise ValueError(
            f"unknown series kind {kind!r}: expected one of {', '.join(KIND_BOUNDS)}"
        ) from None
