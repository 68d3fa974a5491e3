"""Plan targets against forecasts: probability of meeting, growth required, status.

The status is probabilistic (compare ESCAP's SDG progress assessment, which compares
the required with the observed growth rate deterministically). From the share ``p``
of sample paths that meet a target by its year:

* ``on_track``  when ``p >= ON_TRACK`` (0.8: four chances in five or better),
* ``at_risk``   when ``OFF_TRACK <= p < ON_TRACK``,
* ``off_track`` when ``p < OFF_TRACK`` (0.2: one chance in five or worse).

A target whose year already has an actual value is ``met`` or ``missed`` instead.

Why 0.8 and 0.2: a target met in at least 80% of paths lies at or below the
forecast's 20th percentile, so even a somewhat disappointing outcome meets it; one met
in fewer than 20% lies above the 80th percentile, so only a clearly better than
expected outcome meets it. The bands are symmetric, so "at risk" is the middle 60%.
ESCAP's assessment instead compares the growth required with the growth observed; both
rates are returned too (``required_growth_pct``, ``historical_growth_pct``).
"""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
import pandas as pd

ON_TRACK = 0.8
OFF_TRACK = 0.2
OPS = (">=", ">", "<=", "<")


class Status(str, Enum):
    """The one status vocabulary of the workbench, with its label, icon and colour.

    ``value`` is the key stored in runs (``"met"``, ``"on_track"`` …). ``icon`` is a
    Streamlit Material icon (renders without an emoji font), ``colour`` a Streamlit colour
    name, ``hex`` the colour for charts and reports.
    """

    MET = "met"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    INSUFFICIENT_DATA = "insufficient_data"
    QUALITATIVE = "qualitative"
    NOT_ENTERED = "not_entered"

    def label(self, lang: str = "zh") -> str:
        return _STATUS_META[self][0 if lang == "zh" else 1]

    @property
    def icon(self) -> str:
        return _STATUS_META[self][2]

    @property
    def colour(self) -> str:
        return _STATUS_META[self][3]

    @property
    def hex(self) -> str:
        return _STATUS_META[self][4]

    @property
    def is_final(self) -> bool:
        """Judged on an actual (met/missed), not on a forecast."""
        return self in (Status.MET, Status.MISSED)


_STATUS_META: dict[Status, tuple[str, str, str, str, str]] = {
    Status.MET: ("已达标", "Met", ":material/check_circle:", "green", "#2e7d32"),
    Status.MISSED: ("未达标", "Missed", ":material/cancel:", "red", "#c62828"),
    Status.ON_TRACK: ("有望达标", "On track", ":material/trending_up:", "green", "#43a047"),
    Status.AT_RISK: ("存在风险", "At risk", ":material/warning:", "orange", "#ef6c00"),
    Status.OFF_TRACK: ("难以达标", "Off track", ":material/trending_down:", "red", "#e53935"),
    Status.INSUFFICIENT_DATA: (
        "数据不足",
        "Insufficient data",
        ":material/help:",
        "gray",
        "#9e9e9e",
    ),
    Status.QUALITATIVE: ("定性目标", "Qualitative", ":material/description:", "blue", "#1e88e5"),
    Status.NOT_ENTERED: (
        "实际值未录入",
        "Actual not entered",
        ":material/pending:",
        "gray",
        "#757575",
    ),
}
"""Status → (zh label, en label, Material icon, Streamlit colour, hex colour)."""


def meets(value: float, op: str, target: float) -> bool:
    """Whether ``value`` meets ``target`` under ``op`` (``>=``, ``>``, ``<=``, ``<``)."""
    if op == ">=":
        return value >= target
    if op == ">":
        return value > target
    if op == "<=":
        return value <= target
    if op == "<":
        return value < target
    raise ValueError(f"op must be one of {OPS}, got {op!r}")


def probability_of_meeting(values_at_target_year: np.ndarray, op: str, target: float) -> float:
    """Share (0–1) of sample values meeting ``target``: ``>=`` or strictly ``>``.

    NaN values are ignored; NaN when no value is finite.
    """
    v = np.asarray(values_at_target_year, float)
    v = v[np.isfinite(v)]
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS}, got {op!r}")
    if len(v) == 0:
        return math.nan
    met = v >= target if op == ">=" else v > target
    return float(np.mean(met))


def required_growth(
    latest_value: float, latest_year: int, target_value: float, target_year: int
) -> float:
    """Compound growth (% per year) taking ``latest_value`` to ``target_value`` by ``target_year``.

    NaN when the target year is not after the latest year or a value is not positive.
    """
    years = int(target_year) - int(latest_year)
    if years <= 0 or not (latest_value > 0 and target_value > 0):
        return math.nan
    return float(((target_value / latest_value) ** (1 / years) - 1) * 100)


def historical_growth(years: np.ndarray, values: np.ndarray) -> float:
    """Compound growth (% per year) from the first to the last positive observation."""
    y, v = np.asarray(years, int), np.asarray(values, float)
    ok = np.isfinite(v) & (v > 0)
    y, v = y[ok], v[ok]
    if len(y) < 2 or y[-1] == y[0]:
        return math.nan
    order = np.argsort(y)
    y, v = y[order], v[order]
    return float(((v[-1] / v[0]) ** (1 / (y[-1] - y[0])) - 1) * 100)


def status(probability: float) -> str:
    """``on_track`` (p >= 0.8), ``at_risk`` (0.2 <= p < 0.8) or ``off_track`` (p < 0.2)."""
    if not np.isfinite(probability):
        raise ValueError("status needs a finite probability")
    if probability >= ON_TRACK:
        return "on_track"
    if probability >= OFF_TRACK:
        return "at_risk"
    return "off_track"


ASSESS_COLUMNS = [
    "series_id",
    "target_year",
    "op",
    "target_value",
    "latest_year",
    "latest_value",
    "probability",
    "required_growth_pct",
    "historical_growth_pct",
    "status",
    "met_actual",
]


def assess_targets(history: pd.DataFrame, result, targets: pd.DataFrame) -> pd.DataFrame:
    """One row per series × target: probability, growth required vs historical, status.

    ``history``: series_id, year, value. ``result``: a ``ForecastResult`` whose paths
    reach the target years. ``targets``: series_id, target_year, op (``>=``/``>``),
    target_value. When the target year has an actual value, ``met_actual`` says whether
    it was met, the probability is 1 or 0 and the status is ``met`` or ``missed``; otherwise
    ``met_actual`` is None and the probability is the share of sample paths meeting
    the target. A target year beyond the paths gives NaN probability and status ``""``.
    """
    need = {"series_id", "target_year", "op", "target_value"}
    missing = need - set(targets.columns)
    if missing:
        raise ValueError(f"targets lacks column(s) {sorted(missing)}")
    hist = history.copy()
    hist["series_id"] = hist["series_id"].astype(str)
    paths = result.paths
    rows = []
    for i, t in enumerate(targets.itertuples(index=False)):
        sid, ty, op, tv = str(t.series_id), int(t.target_year), str(t.op), float(t.target_value)
        if op not in OPS:
            raise ValueError(f"targets row {i}, column op: {op!r} is not one of {OPS}")
        h = hist[hist["series_id"] == sid].sort_values("year")
        before = h[h["year"] < ty]
        if len(before):
            ly, lv = int(before["year"].iloc[-1]), float(before["value"].iloc[-1])
        elif len(h):
            ly, lv = int(h["year"].iloc[-1]), float(h["value"].iloc[-1])
        else:
            ly, lv = None, math.nan
        actual = h[h["year"] == ty]
        met: bool | None = None
        if len(actual):
            a = float(actual["value"].iloc[0])
            met = bool(a >= tv if op == ">=" else a > tv)
            prob = 1.0 if met else 0.0
        else:
            vals = paths.loc[
                (paths["series_id"] == sid) & (paths["year"] == ty), "value"
            ].to_numpy()
            prob = probability_of_meeting(vals, op, tv) if len(vals) else math.nan
        rows.append(
            {
                "series_id": sid,
                "target_year": ty,
                "op": op,
                "target_value": tv,
                "latest_year": ly,
                "latest_value": lv,
                "probability": prob,
                "required_growth_pct": required_growth(lv, ly, tv, ty)
                if ly is not None
                else math.nan,
                "historical_growth_pct": historical_growth(
                    before["year"].to_numpy(), before["value"].to_numpy()
                ),
                "status": ("met" if met else "missed")
                if met is not None
                else (status(prob) if np.isfinite(prob) else ""),
                "met_actual": met,
            }
        )
    return pd.DataFrame(rows, columns=ASSESS_COLUMNS)
