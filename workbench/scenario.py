"""Scenarios: assumption sets → trajectories and probabilities of meeting the plan's targets.

An assumption set (:class:`Scenario`) gives an annual growth rate in % for each *driver*
(``gdp``, ``online_retail_sales``, ``electronic_info_mfg_revenue``,
``software_it_services_revenue`` and the five NBS 2021 categories ``cat01``…``cat05``) and an
optional one-year shock (a year and a % change applied on top of every driver's growth in
that year).

Uncertainty is not invented here: it comes from the forecast run's sample paths. For each
driver series the year-to-year log growth of every path is split into the across-path mean
for that year and the path's deviation from it; a scenario keeps the deviations and
replaces the mean with the scenario's growth (:func:`build_basis`, :func:`simulate`). With
the baseline preset (the median of the paths' average growth) the scenario reproduces the
forecast distribution; other growth rates shift it.

Digital-economy share of GDP = scale / GDP × 100, where scale = Σ category scales. The base
scale is the plan's share in its base year × the region's GDP that year (e.g. 868.9 亿元
in 2020, published). Its split across the five categories is borrowed from published
national structures (:func:`category_split`): CAICT 2021 digital industrialisation vs
industrial digitalisation, and NBS 2023 core-industry value added by category 01–04. The
categories' path deviations are those of the scale implied by the run's share paths × GDP
paths, so the share's uncertainty is the run's.

Everything here is numpy on arrays of ``n_paths × years``: one :func:`simulate` call takes a
few milliseconds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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
    """The default drivers and every plan pack's scenario drivers."""
    from workbench import plans

    extra = [d for p in plans.plans() for d in p.scenario_drivers if d not in DRIVERS]
    return DRIVERS + tuple(dict.fromkeys(extra))


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
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Basis: what a run gives the scenarios


@dataclass
class DriverBasis:
    """One driver: its start (latest actual) and the run's path deviations.

    ``years``: future years ``last_year+1 … to_year``; ``dev``: ``(n_paths, len(years))``
    log-growth deviations from the across-path mean growth of each year (zeros when the run
    has no paths); ``path_growth``: each path's average growth over ``years`` in %;
    ``actual``: observed values by year (gaps interpolated geometrically).
    """

    key: str
    last_year: int
    last_value: float
    years: np.ndarray
    dev: np.ndarray
    path_growth: np.ndarray
    actual: pd.Series
    source: str
    paths: np.ndarray | None = None


@dataclass
class ScenarioBasis:
    """Everything :func:`simulate` needs, built once per run by :func:`build_basis`."""

    drivers: dict[str, DriverBasis]
    to_year: int
    n_paths: int
    share_base_year: int | None = None
    share_base_value: float | None = None
    base_scale: float | None = None
    split: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
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


def _deviations(last: float, mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log growth of each path split into (deviation from the yearly mean, path growth %)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lv = np.log(np.maximum(np.column_stack([np.full(len(mat), last), mat]), 1e-12))
    g = np.diff(lv, axis=1)
    dev = g - g.mean(axis=0, keepdims=True)
    growth = (np.exp(g.mean(axis=1)) - 1) * 100
    return dev, growth


def build_basis(
    history: pd.DataFrame,
    paths: pd.DataFrame,
    info: pd.DataFrame,
    *,
    region: str,
    to_year: int = 2030,
    split: pd.DataFrame | None = None,
    series_drivers: tuple[str, ...] = SERIES_DRIVERS,
    share: str | None = SHARE,
    targets: dict | None = None,
) -> ScenarioBasis:
    """Prepare a run's tables for :func:`simulate`.

    ``history``: region, indicator, year, value (observations); ``paths``: series_id, path,
    year, value (sample paths); ``info``: series_id, last_year, last_value (one row per
    series). Drivers whose series is absent from ``info`` are left out (with a note).
    ``series_drivers``/``share``: the plan's scenario drivers and its digital-economy share
    indicator (``None``: no share scenario); ``targets``: indicator → plan targets.
    """
    info = info.set_index("series_id")
    drivers: dict[str, DriverBasis] = {}
    notes: list[str] = []
    n_paths = 0
    for key in series_drivers:
        sid = f"{region}/{key}"
        if sid not in info.index:
            notes.append(f"{sid}: not in the run; left out of the scenarios")
            continue
        last_year, last = int(info.at[sid, "last_year"]), float(info.at[sid, "last_value"])
        years = np.arange(last_year + 1, to_year + 1)
        mat = _path_matrix(paths, sid, years) if len(years) else None
        if mat is None:
            dev, growth = np.zeros((1, len(years))), np.zeros(1)
            if len(years):
                notes.append(f"{sid}: no sample paths; scenario trajectory has no band")
        else:
            dev, growth = _deviations(last, mat)
        actual = _actuals(history, region, key)
        if actual.empty or actual.index[-1] != last_year:
            actual = pd.concat([actual[actual.index < last_year], pd.Series({last_year: last})])
        drivers[key] = DriverBasis(key, last_year, last, years, dev, growth, actual, sid, mat)
        n_paths = max(n_paths, len(dev))

    basis = ScenarioBasis(
        drivers, to_year, max(n_paths, 1), notes=notes, targets=dict(targets or {})
    )
    if share is None:
        return basis
    basis.share_key = share
    sid = f"{region}/{share}"
    gdp = drivers.get("gdp")
    if sid not in info.index or gdp is None:
        notes.append(f"{sid} or GDP not in the run: no digital-economy share scenario")
        return basis
    share_year, share_last = int(info.at[sid, "last_year"]), float(info.at[sid, "last_value"])
    if share_year not in gdp.actual.index:
        notes.append(f"no GDP actual for {share_year}: no digital-economy share scenario")
        return basis
    split = category_split() if split is None else split
    gdp_base = float(gdp.actual[share_year])
    scale0 = share_last / 100 * gdp_base
    years = np.arange(share_year + 1, to_year + 1)
    share_mat = _path_matrix(paths, sid, years) if len(years) else None
    if share_mat is not None and gdp.paths is None and years.max() > gdp.last_year:
        notes.append("GDP has no sample paths: the share's paths cannot be turned into scale")
        share_mat = None
    if share_mat is not None:
        gdp_full = _gdp_full(gdp, years, len(share_mat))
        dev, growth = _deviations(scale0, share_mat / 100 * gdp_full)
    else:
        # no share paths: categories follow GDP (actuals, then its paths) at the baseline,
        # i.e. a constant share, and carry no uncertainty of their own
        dev = np.zeros((1, len(years)))
        growth = np.zeros(1)
        if gdp.paths is not None or years.max(initial=0) <= gdp.last_year:
            _, growth = _deviations(gdp_base, _gdp_full(gdp, years, len(gdp.dev)))
        notes.append(f"{sid}: no sample paths; categories carry no uncertainty of their own")
    for code, share in zip(split["major_code"], split["share"], strict=True):
        key = f"cat{code}"
        actual = pd.Series({share_year: scale0 * float(share)})
        drivers[key] = DriverBasis(
            key,
            share_year,
            scale0 * float(share),
            years,
            dev,
            growth,
            actual,
            f"{sid} × GDP, split by published national structure",
        )
    basis.share_base_year, basis.share_base_value = share_year, share_last
    basis.base_scale, basis.split = scale0, split
    basis.n_paths = max(basis.n_paths, len(dev))
    return basis


def _gdp_full(gdp: DriverBasis, years: np.ndarray, n: int) -> np.ndarray:
    """GDP on ``years`` per path: actuals (the same for every path), then the run's paths."""
    out = np.empty((n, len(years)))
    mat = _take(gdp.paths if gdp.paths is not None else np.full((1, len(gdp.years)), np.nan), n)
    for j, y in enumerate(years):
        if y in gdp.actual.index:
            out[:, j] = gdp.actual[y]
        else:
            out[:, j] = mat[:, int(np.searchsorted(gdp.years, y))]
    return out


def _take(dev: np.ndarray, n: int) -> np.ndarray:
    """``n`` rows of ``dev`` (cycled when the driver has fewer paths)."""
    if len(dev) == n:
        return dev
    return dev[np.arange(n) % len(dev)]


# --------------------------------------------------------------------------------------
# Presets and simulation


def preset(basis: ScenarioBasis, name: str = "baseline") -> Scenario:
    """A preset drawn from the forecast distribution: each driver's growth is the 50th
    (baseline), 80th (optimistic) or 20th (pessimistic) percentile of the paths' average
    growth, rounded to 0.1 %."""
    if name not in PRESETS:
        raise ScenarioError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}")
    q = PRESETS[name]
    growth = {}
    for key, d in basis.drivers.items():
        if d.path_growth.size and np.isfinite(d.path_growth).any():
            g = float(np.nanpercentile(d.path_growth, q))
            growth[key] = float(np.clip(round(g, 1), *GROWTH_RANGE))
    return Scenario(growth, name=name)


@dataclass
class ScenarioResult:
    """Output of :func:`simulate`.

    ``trajectories``: long frame ``indicator, year, kind (actual|scenario), p50, lo_80,
    hi_80, lo_95, hi_95`` (units: 亿元, share in %). ``probabilities``: ``indicator,
    target_year, op, target_value, probability (0–1, NaN when the year is already
    observed), median, met_actual``. ``values``: indicator → ``(years, n_paths × years)``.
    """

    trajectories: pd.DataFrame
    probabilities: pd.DataFrame
    values: dict[str, tuple[np.ndarray, np.ndarray]]


def _levels(d: DriverBasis, s: Scenario, n: int) -> np.ndarray:
    g = np.full(len(d.years), math.log1p(s.growth.get(d.key, 0.0) / 100))
    if s.shock_year is not None and s.shock_pct:
        g = g + np.where(d.years == s.shock_year, math.log1p(s.shock_pct / 100), 0.0)
    return d.last_value * np.exp(np.cumsum(g[None, :] + _take(d.dev, n), axis=1))


def simulate(basis: ScenarioBasis, scenario: Scenario) -> ScenarioResult:
    """Trajectories and target probabilities under ``scenario`` (see the module docstring)."""
    n = basis.n_paths
    values: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    actuals: dict[str, pd.Series] = {}
    for key, d in basis.drivers.items():
        if key not in CATEGORY_DRIVERS:
            values[key] = (d.years, _levels(d, scenario, n))
            actuals[key] = d.actual
    if basis.has_share:
        years = basis.drivers["cat01"].years
        scale = sum(_levels(basis.drivers[f"cat{c}"], scenario, n) for c in CATEGORIES)
        gdp = basis.drivers["gdp"]
        gy, gv = values["gdp"]
        gdp_full = np.empty_like(scale)
        for j, y in enumerate(years):
            gdp_full[:, j] = gdp.actual[y] if y in gdp.actual.index else gv[:, gy.tolist().index(y)]
        values[SCALE] = (years, scale)
        values[basis.share_key] = (years, np.minimum(scale / gdp_full * 100, 100.0))
        by = basis.share_base_year
        actuals[SCALE] = pd.Series({by: basis.base_scale})
        actuals[basis.share_key] = pd.Series({by: basis.share_base_value})
    probs = _probabilities(values, actuals, basis.targets)
    return ScenarioResult(_trajectories(values, actuals), probs, values)


_Q = {"p50": 50, "lo_80": 10, "hi_80": 90, "lo_95": 2.5, "hi_95": 97.5}


def _trajectories(values, actuals) -> pd.DataFrame:
    frames = []
    for ind, (years, v) in values.items():
        a = actuals[ind]
        frames.append(
            pd.DataFrame(
                {
                    "indicator": ind,
                    "year": a.index.astype(int),
                    "kind": "actual",
                    **{c: a.to_numpy(float) for c in _Q},
                }
            )
        )
        if len(years):
            q = np.percentile(v, list(_Q.values()), axis=0)
            frames.append(
                pd.DataFrame(
                    {
                        "indicator": ind,
                        "year": years.astype(int),
                        "kind": "scenario",
                        **{c: q[i] for i, c in enumerate(_Q)},
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _probabilities(values, actuals, targets: dict) -> pd.DataFrame:
    from workbench.targets import meets

    rows = []
    for ind, (years, v) in values.items():
        if ind == SCALE:
            continue
        for t in targets.get(ind, ()):
            if not t.is_numeric:
                continue
            row = {
                "indicator": ind,
                "target_year": t.year,
                "op": t.op,
                "target_value": t.value,
                "probability": math.nan,
                "median": math.nan,
                "met_actual": pd.NA,
            }
            a = actuals[ind]
            if t.year in a.index and t.year <= a.index.max():
                row["median"] = float(a[t.year])
                row["met_actual"] = bool(t.is_met(float(a[t.year])))
            elif t.year in years:
                col = v[:, years.tolist().index(t.year)]
                row["probability"] = float(meets(col, t.op, t.value).mean())
                row["median"] = float(np.median(col))
            else:
                continue
            rows.append(row)
    cols = ["indicator", "target_year", "op", "target_value", "probability", "median", "met_actual"]
    return pd.DataFrame(rows, columns=cols)


def required_growth(basis: ScenarioBasis, driver: str, target: float, year: int) -> float:
    """Constant annual growth (%) from the driver's latest actual that reaches ``target``
    (same unit) exactly in ``year``."""
    d = basis.drivers[driver]
    h = year - d.last_year
    if h <= 0:
        raise ScenarioError(f"{driver}: {year} is not after the latest actual ({d.last_year})")
    return ((target / d.last_value) ** (1 / h) - 1) * 100
