"""Scenarios: assumption sets → trajectories and probabilities of meeting the plan's targets.

An assumption set (:class:`Scenario`) gives an annual growth rate in % for each *driver*
(``gdp``, ``online_retail_sales``, ``electronic_info_mfg_revenue``,
``software_it_services_revenue`` and the five NBS 2021 categories ``cat01``…``cat05``) and an
optional one-year shock (a year and a % change applied on top of every driver's growth in
that year).

Uncertainty is not invented here: a scenario *is* the forecast run, moved. Each driver
has a baseline growth rate (the median of its sample paths' average growth, rounded to
0.1 %: the ``baseline`` preset). A scenario with growth ``s`` multiplies every sample path
of the run by ``f(t) = Π_{k≤t} (1 + s_k) / (1 + b)`` (``s_k`` includes a shock in its
year). So at the baseline ``f = 1`` and the scenario equals the run exactly — the same
quantiles as the Forecasts page and the same probabilities as the Overview — and any other
growth moves the whole distribution by a deterministic factor (quantiles scale with it).

Digital-economy share of GDP = scale / GDP × 100, where scale = Σ category scales. The base
scale is the plan's share in its base year × the region's GDP that year (e.g. 868.9 亿元
in 2020, published). Its split across the five categories is borrowed from published
national structures (:func:`category_split`): CAICT 2021 digital industrialisation vs
industrial digitalisation, and NBS 2023 core-industry value added by category 01–04. The
categories start from the run's share paths × GDP (actuals where observed, else the run's
GDP paths), so at the baseline the share is the run's share exactly.

Everything here is numpy on arrays of ``n_paths × years``: one :func:`simulate` call takes a
few milliseconds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from workbench.forecast.intervals import monotone_bands
from workbench.paths import SOURCES_DIR

CATEGORIES: tuple[str, ...] = ("01", "02", "03", "04", "05")
SERIES_DRIVERS: tuple[str, ...] = (
    "gdp",
    "online_retail_sales",
    "electronic_info_mfg_revenue",
    "software_it_services_revenue",
)
"""Default drivers that are series of their own in the forecast run (``<region>/<driver>``);
a plan pack names its own in ``plan.toml`` (``[scenario] drivers``)."""
CATEGORY_DRIVERS: tuple[str, ...] = tuple(f"cat{c}" for c in CATEGORIES)
DRIVERS: tuple[str, ...] = SERIES_DRIVERS + CATEGORY_DRIVERS
SHARE = "digital_economy_share_gdp"
SCALE = "digital_economy_scale"
OUTPUTS: tuple[str, ...] = SERIES_DRIVERS + (SCALE, SHARE)
"""Indicators a scenario produces trajectories for (scale in 亿元, share in %)."""

GROWTH_RANGE = (-50.0, 100.0)
"""Admissible annual growth, % a year."""
SHOCK_RANGE = (-90.0, 100.0)
"""Admissible one-year shock, %."""
PRESETS = {"baseline": 50.0, "optimistic": 80.0, "pessimistic": 20.0}
"""Preset name → percentile of the paths' average growth."""

_QP = {
    "gdp": "gdp",
    "online_retail_sales": "ors",
    "electronic_info_mfg_revenue": "eim",
    "software_it_services_revenue": "sis",
    **{f"cat{c}": f"c{c}" for c in CATEGORIES},
}


def known_drivers() -> tuple[str, ...]:
    """The default drivers and every plan pack's scenario drivers (read once per set of packs:
    every :class:`Scenario` checks its drivers, and loading the packs each time cost a
    slider move ~100 ms)."""
    from workbench import plans

    return _known_drivers(tuple(plans.plan_ids()))


@lru_cache(maxsize=4)
def _known_drivers(plan_ids: tuple[str, ...]) -> tuple[str, ...]:
    from workbench import plans

    extra = [d for pid in plan_ids for d in plans.load_plan(pid).scenario_drivers]
    return DRIVERS + tuple(dict.fromkeys(d for d in extra if d not in DRIVERS))


class ScenarioError(ValueError):
    """A scenario (query string, file or arguments) is invalid; the message names the field."""


@dataclass(frozen=True)
class Scenario:
    """An assumption set.

    ``growth``: driver → annual growth in % (drivers not given keep the preset they were
    built from). ``shock_year``/``shock_pct``: a one-year change in % added to every
    driver's growth in that year (``None`` = no shock). ``name``: free label.
    """

    growth: Mapping[str, float] = field(default_factory=dict)
    shock_year: int | None = None
    shock_pct: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        clean: dict[str, float] = {}
        for key, value in dict(self.growth).items():
            if key not in known_drivers():
                raise ScenarioError(f"unknown driver {key!r}; known: {', '.join(known_drivers())}")
            clean[key] = _check_number(value, f"growth of {key}", GROWTH_RANGE)
        object.__setattr__(self, "growth", clean)
        if self.shock_year is not None:
            year = _check_number(self.shock_year, "shock year", (1990, 2100))
            if year != int(year):
                raise ScenarioError(f"shock year {self.shock_year!r} is not a whole year")
            object.__setattr__(self, "shock_year", int(year))
        object.__setattr__(self, "shock_pct", _check_number(self.shock_pct, "shock", SHOCK_RANGE))

    def with_growth(self, **growth: float) -> Scenario:
        """A copy with some drivers' growth (in %) replaced."""
        return Scenario({**self.growth, **growth}, self.shock_year, self.shock_pct, self.name)

    def to_query_params(self, prefix: str = "") -> dict[str, str]:
        """URL query parameters, e.g. ``{"a_gdp": "6.0", "a_shock": "2026:-5.0"}``."""
        out = {f"{prefix}{_QP.get(k, k)}": _fmt(v) for k, v in self.growth.items()}
        if self.shock_year is not None and self.shock_pct != 0:
            out[f"{prefix}shock"] = f"{self.shock_year}:{_fmt(self.shock_pct)}"
        return out

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str], prefix: str = "", base: Scenario | None = None
    ) -> Scenario:
        """Read :meth:`to_query_params` output; drivers missing there come from ``base``."""
        growth = dict(base.growth) if base else {}
        shock_year, shock_pct = (base.shock_year, base.shock_pct) if base else (None, 0.0)
        for driver in known_drivers():
            key = prefix + _QP.get(driver, driver)
            if key in params:
                growth[driver] = _parse(params[key], f"query parameter {key}")
        key = prefix + "shock"
        if key in params:
            text = str(params[key])
            year, sep, pct = text.partition(":")
            if not sep:
                raise ScenarioError(f"query parameter {key}: {text!r} is not YEAR:PERCENT")
            shock_year = int(_parse(year, f"query parameter {key} (year)"))
            shock_pct = _parse(pct, f"query parameter {key} (percent)")
        return cls(growth, shock_year, shock_pct, base.name if base else "")

    def to_json(self) -> str:
        """A small JSON document (the file a scenario is saved to)."""
        doc = {
            "workbench_scenario": 1,
            "name": self.name,
            "growth_pct": dict(self.growth),
            "shock": None
            if self.shock_year is None
            else {"year": self.shock_year, "pct": self.shock_pct},
        }
        return json.dumps(doc, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse :meth:`to_json` output; :class:`ScenarioError` names what is wrong."""
        try:
            doc = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"scenario file is not JSON: {exc}") from exc
        if not isinstance(doc, dict) or doc.get("workbench_scenario") != 1:
            raise ScenarioError("scenario file lacks the field workbench_scenario = 1")
        growth = doc.get("growth_pct", {})
        if not isinstance(growth, dict):
            raise ScenarioError("scenario file: field growth_pct must be an object")
        shock = doc.get("shock")
        if shock is None:
            year, pct = None, 0.0
        elif isinstance(shock, dict) and {"year", "pct"} <= set(shock):
            year, pct = shock["year"], shock["pct"]
        else:
            raise ScenarioError("scenario file: field shock must be null or {year, pct}")
        return cls(growth, year, pct, str(doc.get("name", "")))


def _check_number(value: object, what: str, bounds: tuple[float, float]) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ScenarioError(f"{what}: {value!r} is not a number") from exc
    if not math.isfinite(x) or not bounds[0] <= x <= bounds[1]:
        raise ScenarioError(f"{what}: {x:g} is outside {bounds[0]:g}…{bounds[1]:g}")
    return x


def _parse(text: object, what: str) -> float:
    try:
        return float(str(text))
    except ValueError as exc:
        raise ScenarioError(f"{what}: {text!r} is not a number") from exc


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"


# --------------------------------------------------------------------------------------
# Published national structure used to split the base scale across categories


def base_split_table(basis: ScenarioBasis) -> pd.DataFrame:
    """The base year's digital-economy scale split across the five categories: one row
    per category, ``major_code``, ``share_pct`` (% of the scale, summing to 100) and
    ``scale`` (亿元, summing to ``basis.base_scale``)."""
    split = basis.split[["major_code", "share"]].copy()
    split["scale"] = split["share"] * float(basis.base_scale)
    split["share_pct"] = split["share"] * 100
    return split[["major_code", "share_pct", "scale"]]


def category_split(path=None) -> pd.DataFrame:
    """Shares (fractions summing to 1) of the five categories in the digital economy.

    01–04 (数字产业化) vs 05 (产业数字化) from CAICT 2021 (8.35 vs 37.18 万亿元); within
    01–04 the NBS 2023 core value added by category. Read from
    ``data/sources/published_observations.csv``; columns ``major_code, share, basis``
    (the sources in words, with URLs).
    """
    df = pd.read_csv(path or SOURCES_DIR / "published_observations.csv", dtype={"value": float})
    china = df[df["region"] == "China"]

    def one(ind: str, year: int) -> pd.Series:
        row = china[(china["indicator"] == ind) & (china["year"] == year)]
        if row.empty:
            raise ValueError(f"published_observations.csv has no China/{ind}/{year}")
        return row.iloc[0]

    di = one("digital_industrialization_scale", 2021)
    id_ = one("industrial_digitalization_scale", 2021)
    core_share = di["value"] / (di["value"] + id_["value"])
    names = {
        "01": "digital_core_va_cat01_digital_product_mfg",
        "02": "digital_core_va_cat02_digital_product_services",
        "03": "digital_core_va_cat03_digital_tech_application",
        "04": "digital_core_va_cat04_digital_factor_driven",
    }
    cats = {c: one(n, 2023) for c, n in names.items()}
    core_total = sum(r["value"] for r in cats.values())
    rows = [
        {
            "major_code": c,
            "share": core_share * r["value"] / core_total,
            "basis": f"CAICT 2021 数字产业化 {di['value']:g}万亿 / (+产业数字化 {id_['value']:g}万亿) "
            f"({di['source_url']}) × NBS 2023 {r['source_quote']} ({r['source_url']})",
        }
        for c, r in cats.items()
    ]
    rows.append(
        {
            "major_code": "05",
            "share": 1 - core_share,
            "basis": f"CAICT 2021 产业数字化 {id_['value']:g}万亿 of {di['value'] + id_['value']:g}万亿 "
            f"({id_['source_url']})",
        }
    )
    out = pd.DataFrame(rows)
    out["di_wanyi"], out["id_wanyi"] = float(di["value"]), float(id_["value"])
    return out


# --------------------------------------------------------------------------------------
# Basis: what a run gives the scenarios

_Q = {"p50": 50, "lo_80": 10, "hi_80": 90, "lo_95": 2.5, "hi_95": 97.5}
_TABLE = {"p50": ("median", "mean"), "lo_80": ("lo_80",), "hi_80": ("hi_80",),
          "lo_95": ("lo_95",), "hi_95": ("hi_95",)}  # fmt: skip
"""Trajectory column → forecast-table column(s) it is read from (first present)."""


@dataclass
class DriverBasis:
    """One driver: its start (latest actual) and the run's sample paths after it.

    ``years``: future years ``last_year+1 … to_year``; ``paths``: ``(n_paths, len(years))``
    values of the run (a single flat path at ``last_value`` when the run has none);
    ``baseline``: the growth (% a year) at which the scenario equals the run;
    ``path_growth``: each path's average growth over ``years`` in %; ``actual``: observed
    values by year (gaps interpolated geometrically); ``table``: the run's forecast
    quantiles on ``years`` (columns of :data:`_Q`) or ``None``.
    """

    key: str
    last_year: int
    last_value: float
    years: np.ndarray
    paths: np.ndarray
    baseline: float
    path_growth: np.ndarray
    actual: pd.Series
    source: str
    table: pd.DataFrame | None = None
    has_paths: bool = True


@dataclass
class ScenarioBasis:
    """Everything :func:`simulate` needs, built once per run by :func:`build_basis`.

    ``as_of_year``: the first year that is not over (a target year before it is judged on
    its actual only, never on a probability); ``None`` judges every year on the paths.
    """

    drivers: dict[str, DriverBasis]
    to_year: int
    n_paths: int
    share_base_year: int | None = None
    share_base_value: float | None = None
    base_scale: float | None = None
    split: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    share_paths: np.ndarray | None = None
    share_table: pd.DataFrame | None = None
    gdp_on_share_years: np.ndarray | None = None
    as_of_year: int | None = None
    targets: dict = field(default_factory=dict)
    """indicator → its plan targets (:class:`workbench.plans.Target`), for probabilities."""
    share_key: str = SHARE

    @property
    def has_share(self) -> bool:
        return self.base_scale is not None and "gdp" in self.drivers


def _actuals(history: pd.DataFrame, region: str, ind: str) -> pd.Series:
    h = history[(history["region"] == region) & (history["indicator"] == ind)]
    s = h.groupby("year")["value"].last().astype(float).sort_index()
    s.index = s.index.astype(int)
    if len(s) > 1 and (s > 0).all():
        full = np.arange(s.index[0], s.index[-1] + 1)
        s = pd.Series(np.exp(np.interp(full, s.index, np.log(s.to_numpy()))), index=full)
    return s


def _path_matrix(paths: pd.DataFrame, sid: str, years: np.ndarray) -> np.ndarray | None:
    p = paths[paths["series_id"] == sid]
    if p.empty:
        return None
    m = p.pivot_table(index="path", columns="year", values="value", aggfunc="first")
    if not set(years) <= set(m.columns):
        return None
    return m[list(years)].to_numpy(dtype=float)


def _table(forecasts: pd.DataFrame | None, sid: str, years: np.ndarray) -> pd.DataFrame | None:
    """The run's forecast quantiles of ``sid`` on ``years`` (columns of :data:`_Q`)."""
    if forecasts is None or forecasts.empty:
        return None
    f = forecasts[forecasts["series_id"] == sid].set_index("year")
    if not set(years) <= set(f.index):
        return None
    out = {}
    for col, names in _TABLE.items():
        name = next((n for n in names if n in f.columns), None)
        if name is None:
            return None
        out[col] = f.loc[list(years), name].to_numpy(float)
    return pd.DataFrame(out, index=years)


def _path_growth(last: float, mat: np.ndarray) -> np.ndarray:
    """Each path's average growth in % a year from ``last`` to its last value."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(mat[:, -1], 1e-12) / last
        return (ratio ** (1 / mat.shape[1]) - 1) * 100


def _baseline(growth: np.ndarray) -> float:
    g = growth[np.isfinite(growth)]
    return float(np.clip(round(float(np.median(g)), 1), *GROWTH_RANGE)) if g.size else 0.0


def _driver(key, sid, last_year, last, years, mat, actual, table) -> DriverBasis:
    if mat is None:
        flat = np.full((1, len(years)), last)
        return DriverBasis(key, last_year, last, years, flat, 0.0, np.zeros(1), actual, sid,
                           None, has_paths=False)  # fmt: skip
    growth = _path_growth(last, mat) if len(years) else np.zeros(len(mat))
    return DriverBasis(key, last_year, last, years, mat, _baseline(growth), growth, actual, sid,
                       table)  # fmt: skip


def build_basis(
    history: pd.DataFrame,
    paths: pd.DataFrame,
    info: pd.DataFrame,
    *,
    region: str,
    to_year: int = 2030,
    split: pd.DataFrame | None = None,
    forecasts: pd.DataFrame | None = None,
    as_of_year: int | None = None,
    series_drivers: tuple[str, ...] = SERIES_DRIVERS,
    share: str | None = SHARE,
    targets: dict | None = None,
) -> ScenarioBasis:
    """Prepare a run's tables for :func:`simulate`.

    ``history``: region, indicator, year, value (observations); ``paths``: series_id, path,
    year, value (sample paths); ``info``: series_id, last_year, last_value (one row per
    series); ``forecasts`` (optional): the run's quantile table, so trajectories show the
    very numbers of the Forecasts page. Drivers whose series is absent from ``info`` are
    left out (with a note). ``series_drivers``/``share``: the plan's scenario drivers and its
    digital-economy share indicator (``None``: no share scenario); ``targets``: indicator →
    plan targets; ``as_of_year``: target years before it are judged on actuals only.
    """
    info = info.set_index("series_id")
    drivers: dict[str, DriverBasis] = {}
    notes: list[str] = []
    for key in series_drivers:
        sid = f"{region}/{key}"
        if sid not in info.index:
            notes.append(f"{sid}: not in the run; left out of the scenarios")
            continue
        last_year, last = int(info.at[sid, "last_year"]), float(info.at[sid, "last_value"])
        years = np.arange(last_year + 1, to_year + 1)
        mat = _path_matrix(paths, sid, years) if len(years) else None
        if mat is None and len(years):
            notes.append(f"{sid}: no sample paths; scenario trajectory has no band")
        actual = _actuals(history, region, key)
        if actual.empty or actual.index[-1] != last_year:
            actual = pd.concat([actual[actual.index < last_year], pd.Series({last_year: last})])
        tab = _table(forecasts, sid, years) if mat is not None else None
        drivers[key] = _driver(key, sid, last_year, last, years, mat, actual, tab)
    n_paths = max((len(d.paths) for d in drivers.values()), default=1)
    basis = ScenarioBasis(drivers, to_year, n_paths, notes=notes, as_of_year=as_of_year,
                          targets=dict(targets or {}))  # fmt: skip
    if share is not None:
        basis.share_key = share
        _add_share(basis, info, paths, forecasts, region, split)
    return basis


def _add_share(basis, info, paths, forecasts, region, split) -> None:
    """The five categories and the share: from the run's share paths × GDP (see module doc)."""
    sid = f"{region}/{basis.share_key}"
    gdp = basis.drivers.get("gdp")
    notes = basis.notes
    if sid not in info.index or gdp is None:
        notes.append(f"{sid} or GDP not in the run: no digital-economy share scenario")
        return
    share_year, share_last = int(info.at[sid, "last_year"]), float(info.at[sid, "last_value"])
    if share_year not in gdp.actual.index:
        notes.append(f"no GDP actual for {share_year}: no digital-economy share scenario")
        return
    split = category_split() if split is None else split
    gdp_base = float(gdp.actual[share_year])
    scale0 = share_last / 100 * gdp_base
    years = np.arange(share_year + 1, basis.to_year + 1)
    share_mat = _path_matrix(paths, sid, years) if len(years) else None
    if share_mat is None:
        # no share paths: the share stays at its base in every path (categories follow GDP)
        share_mat = np.full((1, len(years)), share_last)
        notes.append(f"{sid}: no sample paths; categories carry no uncertainty of their own")
    n = max(len(share_mat), len(gdp.paths))
    share_mat = _take(share_mat, n)
    gdp_full = _gdp_full(gdp, years, n)
    scale = share_mat / 100 * gdp_full
    growth = _path_growth(scale0, scale) if len(years) else np.zeros(n)
    base = _baseline(growth)
    for code, part in zip(split["major_code"], split["share"], strict=True):
        key = f"cat{code}"
        drivers_mat = scale * float(part)
        actual = pd.Series({share_year: scale0 * float(part)})
        basis.drivers[key] = DriverBasis(
            key, share_year, scale0 * float(part), years, drivers_mat, base, growth, actual,
            f"{sid} × GDP, split by published national structure",
        )  # fmt: skip
    basis.share_base_year, basis.share_base_value = share_year, share_last
    basis.base_scale, basis.split = scale0, split
    basis.share_paths, basis.gdp_on_share_years = share_mat, gdp_full
    basis.share_table = _table(forecasts, sid, years)
    basis.n_paths = max(basis.n_paths, n)


def _gdp_full(gdp: DriverBasis, years: np.ndarray, n: int) -> np.ndarray:
    """GDP on ``years`` per path: actuals (the same for every path), then the run's paths."""
    out = np.empty((n, len(years)))
    mat = _take(gdp.paths, n)
    for j, y in enumerate(years):
        if y in gdp.actual.index:
            out[:, j] = gdp.actual[y]
        else:
            out[:, j] = mat[:, int(np.searchsorted(gdp.years, y))]
    return out


def _take(mat: np.ndarray, n: int) -> np.ndarray:
    """``n`` rows of ``mat`` (cycled when it has fewer)."""
    if len(mat) == n:
        return mat
    return mat[np.arange(n) % len(mat)]


# --------------------------------------------------------------------------------------
# Presets and simulation


def preset(basis: ScenarioBasis, name: str = "baseline") -> Scenario:
    """A preset drawn from the forecast distribution: each driver's growth is the 50th
    (baseline), 80th (optimistic) or 20th (pessimistic) percentile of the paths' average
    growth, rounded to 0.1 %. The baseline equals each driver's ``baseline`` (the run)."""
    if name not in PRESETS:
        raise ScenarioError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}")
    q = PRESETS[name]
    growth = {}
    for key, d in basis.drivers.items():
        if name == "baseline":
            growth[key] = d.baseline
        elif d.path_growth.size and np.isfinite(d.path_growth).any():
            g = float(np.nanpercentile(d.path_growth, q))
            growth[key] = float(np.clip(round(g, 1), *GROWTH_RANGE))
    return Scenario(growth, name=name)


@dataclass
class ScenarioResult:
    """Output of :func:`simulate`.

    ``trajectories``: long frame ``indicator, year, kind (actual|scenario), p50, lo_80,
    hi_80, lo_95, hi_95`` (units: 亿元, share in %). ``probabilities``: ``indicator,
    target_year, op, target_value, probability (0–1; NaN when the year is over or
    observed), median, met_actual, status`` (a :class:`workbench.targets.Status` value).
    ``values``: indicator → ``(years, n_paths × years)``.
    """

    trajectories: pd.DataFrame
    probabilities: pd.DataFrame
    values: dict[str, tuple[np.ndarray, np.ndarray]]


def factor(d: DriverBasis, s: Scenario) -> np.ndarray:
    """``f(t)`` on ``d.years``: how much the scenario moves the run's paths (1 at baseline)."""
    g = np.full(len(d.years), math.log1p(s.growth.get(d.key, d.baseline) / 100))
    g = g - math.log1p(d.baseline / 100)
    if s.shock_year is not None and s.shock_pct:
        g = g + np.where(d.years == s.shock_year, math.log1p(s.shock_pct / 100), 0.0)
    return np.exp(np.cumsum(g))


def _quantiles(table: pd.DataFrame | None, v: np.ndarray, f: np.ndarray, cap: float) -> dict:
    """Trajectory quantiles: the run's table × ``f`` when given (exact), else of ``v`` made
    well-formed as the forecast's bands are (:func:`workbench.forecast.intervals.monotone_bands`)."""
    if table is not None:
        return {c: np.minimum(table[c].to_numpy(float) * f, cap) for c in _Q}
    q = dict(zip(_Q, np.percentile(v, list(_Q.values()), axis=0), strict=True))
    bands = {lv: (q[f"lo_{lv}"], q[f"hi_{lv}"]) for lv in (80, 95)}
    log = bool(np.all(v > 0))  # positive quantities: widths on the log scale, as the engine's
    bands = monotone_bands(q["p50"], bands, np.log if log else None, np.exp if log else None)
    return {"p50": q["p50"], **{f"{s}_{lv}": b[i] for lv, b in bands.items()
                                for i, s in enumerate(("lo", "hi"))}}  # fmt: skip


def simulate(basis: ScenarioBasis, scenario: Scenario) -> ScenarioResult:
    """Trajectories and target probabilities under ``scenario`` (see the module docstring)."""
    values: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    quant: dict[str, dict] = {}
    actuals: dict[str, pd.Series] = {}
    for key, d in basis.drivers.items():
        if key not in CATEGORY_DRIVERS:
            f = factor(d, scenario)
            values[key] = (d.years, d.paths * f)
            quant[key] = _quantiles(d.table, values[key][1], f, np.inf)
            actuals[key] = d.actual
    if basis.has_share:
        cats = [basis.drivers[f"cat{c}"] for c in CATEGORIES]
        years = cats[0].years
        parts = basis.split.set_index("major_code")["share"]
        fs = sum(
            float(parts[c]) * factor(d, scenario) for c, d in zip(CATEGORIES, cats, strict=True)
        )
        gdp = basis.drivers["gdp"]
        fg = np.ones(len(years))
        gf = factor(gdp, scenario)
        for j, y in enumerate(years):
            if y in gdp.years:
                fg[j] = gf[int(np.searchsorted(gdp.years, y))]
        scale = basis.share_paths / 100 * basis.gdp_on_share_years * fs
        values[SCALE] = (years, scale)
        key = basis.share_key
        values[key] = (years, np.minimum(basis.share_paths * fs / fg, 100.0))
        quant[SCALE] = _quantiles(None, scale, fs, np.inf)
        quant[key] = _quantiles(basis.share_table, values[key][1], fs / fg, 100.0)
        by = basis.share_base_year
        actuals[SCALE] = pd.Series({by: basis.base_scale})
        actuals[key] = pd.Series({by: basis.share_base_value})
    return ScenarioResult(
        _trajectories(values, quant, actuals),
        _probabilities(values, quant, actuals, basis.targets, basis.as_of_year),
        values,
    )


def _trajectories(values, quant, actuals) -> pd.DataFrame:
    frames = []
    for ind, (years, _) in values.items():
        a = actuals[ind]
        frames.append(
            pd.DataFrame({"indicator": ind, "year": a.index.astype(int), "kind": "actual",
                          **{c: a.to_numpy(float) for c in _Q}})
        )  # fmt: skip
        if len(years):
            frames.append(
                pd.DataFrame({"indicator": ind, "year": years.astype(int), "kind": "scenario",
                              **quant[ind]})
            )  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def _probabilities(values, quant, actuals, targets: dict, as_of_year: int | None) -> pd.DataFrame:
    from workbench.targets import judge, probability_of_meeting

    rows = []
    for ind, (years, v) in values.items():
        if ind == SCALE:
            continue
        for t in targets.get(ind, ()):
            if not t.is_numeric:
                continue
            a = actuals[ind]
            actual = float(a[t.year]) if t.year in a.index and t.year <= a.index.max() else None
            if actual is None and t.year not in years:
                continue
            j = years.tolist().index(t.year) if t.year in years else None
            over = as_of_year is not None and t.year < as_of_year
            prob = probability_of_meeting(v[:, j], t.op, t.value) if j is not None else math.nan
            status = judge(op=t.op, target=t.value, target_year=t.year, actual=actual,
                           probability=prob, as_of_year=as_of_year or t.year)  # fmt: skip
            rows.append(
                {
                    "indicator": ind, "target_year": t.year, "op": t.op,
                    "target_value": t.value,
                    "probability": prob if actual is None and not over else math.nan,
                    "median": actual if actual is not None else float(quant[ind]["p50"][j]),
                    "met_actual": pd.NA if actual is None else status.value == "met",
                    "status": status.value,
                }
            )  # fmt: skip
    cols = ["indicator", "target_year", "op", "target_value", "probability", "median",
            "met_actual", "status"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def required_growth(basis: ScenarioBasis, driver: str, target: float, year: int) -> float:
    """Constant annual growth (%) from the driver's latest actual that reaches ``target``
    (same unit) exactly in ``year``."""
    d = basis.drivers[driver]
    h = year - d.last_year
    if h <= 0:
        raise ScenarioError(f"{driver}: {year} is not after the latest actual ({d.last_year})")
    return ((target / d.last_value) ** (1 / h) - 1) * 100
