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
from enum import StrEnum

import numpy as np
import pandas as pd

ON_TRACK = 0.8
OFF_TRACK = 0.2
OPS = (">=", ">", "<=", "<")


class Status(StrEnum):
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


def meets(value, op: str, target: float):
    """Whether ``value`` (a number or an array) meets ``target`` under ``op``
    (``>=`` reach at least, ``>`` strictly above, ``<=`` at most, ``<`` strictly below)."""
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
    """Share (0–1) of sample values meeting ``target`` under ``op`` (see :func:`meets`).

    NaN values are ignored; NaN when no value is finite.
    """
    v = np.asarray(values_at_target_year, float)
    v = v[np.isfinite(v)]
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS}, got {op!r}")
    if len(v) == 0:
        return math.nan
    return float(np.mean(meets(v, op, target)))


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
        return Status.ON_TRACK.value
    if probability >= OFF_TRACK:
        return Status.AT_RISK.value
    return Status.OFF_TRACK.value


def judge(
    *,
    op: str,
    target: float | None,
    target_year: int,
    actual: float | None,
    probability: float,
    as_of_year: int,
) -> Status:
    """The one rule for a target's status.

    qualitative target → ``QUALITATIVE``; an actual for the target year → ``MET``/``MISSED``
    (never a probability); a target year that is over (``target_year < as_of_year``) without
    an actual → ``NOT_ENTERED``; an open year with a probability → ``ON_TRACK`` /
    ``AT_RISK`` / ``OFF_TRACK``; otherwise ``INSUFFICIENT_DATA``.
    """
    if op == "qualitative":
        return Status.QUALITATIVE
    if actual is not None and np.isfinite(actual):
        return Status.MET if meets(float(actual), op, float(target)) else Status.MISSED
    if target_year < as_of_year:
        return Status.NOT_ENTERED
    if np.isfinite(probability):
        return Status(status(probability))
    return Status.INSUFFICIENT_DATA


def status_counts(statuses) -> dict[Status, int]:
    """How many of each status (every :class:`Status`, zeros included; they add up)."""
    keys = [Status(s) for s in statuses]
    return {st: sum(1 for k in keys if k is st) for st in Status}


ASSESS_COLUMNS = [
    "series_id",
    "target_year",
    "op",
    "target_value",
    "latest_year",
    "latest_value",
    "actual",
    "probability",
    "required_growth_pct",
    "historical_growth_pct",
    "status",
    "met_actual",
]


def _latest_before(h: pd.DataFrame, year: int) -> tuple[int | None, float]:
    before = h[h["year"] < year]
    use = before if len(before) else h
    if use.empty:
        return None, math.nan
    return int(use["year"].iloc[-1]), float(use["value"].iloc[-1])


def _assess_one(t, h: pd.DataFrame, paths: pd.DataFrame | None, as_of_year: int) -> dict:
    """One target row (``t``: series_id, target_year, op, target_value) against history ``h``."""
    sid, ty, op = str(t.series_id), int(t.target_year), str(t.op)
    tv = float(t.target_value) if op != "qualitative" else math.nan
    ly, lv = _latest_before(h, ty)
    hit = h[h["year"] == ty]
    actual = float(hit["value"].iloc[0]) if len(hit) else None
    prob = math.nan
    if actual is None and op != "qualitative" and ty >= as_of_year and paths is not None:
        vals = paths.loc[(paths["series_id"] == sid) & (paths["year"] == ty), "value"].to_numpy()
        prob = probability_of_meeting(vals, op, tv) if len(vals) else math.nan
    st = judge(
        op=op, target=tv, target_year=ty, actual=actual, probability=prob, as_of_year=as_of_year
    )
    if st.is_final:
        prob = 1.0 if st is Status.MET else 0.0
    before = h[h["year"] < ty]
    numeric = op != "qualitative" and ly is not None
    return {
        "series_id": sid,
        "target_year": ty,
        "op": op,
        "target_value": tv,
        "latest_year": ly,
        "latest_value": lv,
        "actual": actual if actual is not None else math.nan,
        "probability": prob,
        "required_growth_pct": required_growth(lv, ly, tv, ty) if numeric else math.nan,
        "historical_growth_pct": historical_growth(
            before["year"].to_numpy(), before["value"].to_numpy()
        ),
        "status": st.value,
        "met_actual": (st is Status.MET) if st.is_final else None,
    }


def assess_targets(
    history: pd.DataFrame, result, targets: pd.DataFrame, *, as_of_year: int | None = None
) -> pd.DataFrame:
    """One row per series × target: actual or probability, growth required vs historical, status.

    ``history``: series_id, year, value (actuals only). ``result``: a ``ForecastResult`` (or
    ``None``) whose ``paths`` reach the target years. ``targets``: series_id, target_year,
    op (``>=``, ``>``, ``<=``, ``<`` or ``qualitative``), target_value. ``as_of_year``: the
    first year that is not over (default: the largest target year + 1 is *not* assumed; the
    current calendar year is used). The status follows :func:`judge`: a year with an actual is
    met or missed (probability 1 or 0), a year that is over without one is ``not_entered``
    (probability NaN), an open year gets the share of sample paths meeting the target.
    """
    import datetime as dt

    need = {"series_id", "target_year", "op", "target_value"}
    missing = need - set(targets.columns)
    if missing:
        raise ValueError(f"targets lacks column(s) {sorted(missing)}")
    for i, op in enumerate(targets["op"]):
        if op not in (*OPS, "qualitative"):
            raise ValueError(
                f"targets row {i}, column op: {op!r} is not one of {OPS} or qualitative"
            )
    year = as_of_year if as_of_year is not None else dt.date.today().year
    hist = history.assign(series_id=history["series_id"].astype(str)).sort_values("year")
    by_sid = {k: g for k, g in hist.groupby("series_id")}
    empty = hist.iloc[0:0]
    paths = getattr(result, "paths", None)
    rows = [
        _assess_one(t, by_sid.get(str(t.series_id), empty), paths, year)
        for t in targets.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=ASSESS_COLUMNS)


def plan_targets(plan, region: str | None = None) -> pd.DataFrame:
    """Every target of ``plan`` (numeric and qualitative), one row per indicator × year:
    series_id, region, indicator, target_year, op, target_value (NaN if qualitative), target_text."""
    reg = region or plan.region
    rows = [
        {
            "series_id": f"{reg}/{x.id}",
            "region": reg,
            "indicator": x.id,
            "target_year": t.year,
            "op": t.op,
            "target_value": t.value if t.is_numeric else math.nan,
            "target_text": t.text,
        }
        for x in plan.indicators
        for t in x.targets
    ]
    cols = ["series_id", "region", "indicator", "target_year", "op", "target_value", "target_text"]
    return pd.DataFrame(rows, columns=cols)


def assess_plan(plan, history: pd.DataFrame, result, *, as_of_year: int) -> pd.DataFrame:
    """Every target of ``plan`` assessed (see :func:`assess_targets`): the run's ``targets`` table.

    ``history``: series_id, year, value of the plan's region (actuals; derived values included,
    synthetic never). Columns: those of :func:`plan_targets` plus :data:`ASSESS_COLUMNS`.
    """
    targets = plan_targets(plan)
    assessed = assess_targets(history, result, targets, as_of_year=as_of_year)
    keep = [
        c for c in ASSESS_COLUMNS if c not in ("series_id", "target_year", "op", "target_value")
    ]
    return pd.concat([targets.reset_index(drop=True), assessed[keep]], axis=1)
