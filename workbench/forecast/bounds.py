"""Admissible value ranges by the catalogue's series kind.

``data/reference/series_catalog.csv`` (and a plan pack's indicators) give every
indicator a ``kind``:

| kind | range | example |
|---|---|---|
| ``level`` | ``[0, inf)`` | revenue in 亿元, number of base stations |
| ``share`` | ``[0, 100]`` | fibre users / broadband users × 100% |
| ``ratio`` | ``[0, inf)``: a % ratio to another population may exceed 100 | mobile broadband users per resident × 100% |
| ``rate`` | ``(-inf, inf)`` | growth rate in % |

The forecast transform follows from the range (logit for ``share``, log for ``level`` and
``ratio``, identity for ``rate``; see :mod:`workbench.forecast.transforms`). The table
itself has one home, :func:`workbench.plans.model.bounds_for_kind`; this module makes
it part of the forecasting API.
"""

from __future__ import annotations

from workbench.plans.model import bounds_for_kind

__all__ = ["bounds_for_kind"]
