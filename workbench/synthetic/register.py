"""A SYNTHETIC Chizhou enterprise register, seeded and calibrated to published aggregates.

Nothing in it is real data. Every row has ``synthetic = True`` and the frame carries
``attrs["synthetic"] = True``. It exists so that the classification, the app and the
notebooks have realistic input before the bureau loads its own register.

Calibrated (exactly, in the years named) to:

* Chizhou GDP (``data/sources/published_observations.csv``, Chizhou/gdp levels): total value
  added of the register equals GDP every year. Years without a published level are
  interpolated geometrically (2017–2019, 2023) or extrapolated with the published real
  growth rate (2025: 2024 × 1.053), see :func:`gdp_targets`.
* Electronic-information manufacturing (GB/T 大类 39) revenue 2020 = 60 亿元 (the plan's
  2020 base, ``plan_indicators.csv`` electronic_info_mfg_revenue).
* Semiconductor revenue 2020 = 76.51 亿元 and 2019 = 76.51 / 1.303 (``seed_facts_2020.csv``
  semiconductor_output and its 30.3% growth). The published figure is 产值 (output); the
  register uses it as a revenue target, an approximation stated here. "Semiconductor" =
  GB/T 3972, 3973, 3985 (in 大类 39, a synthetic 45 亿元 in 2020) and 3562 (专用设备, the
  remaining 31.51 亿元).

All other parameters (industry mix, sizes, growth, value-added ratios, productivity, region
mix) are synthetic design choices listed in ``INDUSTRIES`` and ``REGIONS``.

Deliberately malformed codes (per enterprise, fixed over years), so the unmatched report has
something to show: ~3% written with a section letter (``C3973``), ~1% in full-width digits,
~1% at 大类 level (``13``), GB/T 4754-2011-only codes for ~20% of the software/IT
enterprises that existed in 2011 (6513 → 6510, 6560 → 6530, 6591 → 6592), ~0.5% invalid
(``9999``, ``39A3``, empty).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench import plans
from workbench.paths import SOURCES_DIR
from workbench.reference import gbt4754, indicator

REGIONS: dict[str, float] = {
    "贵池区": 0.30,
    "池州经济技术开发区": 0.20,
    "江南产业集中区": 0.10,
    "东至县": 0.17,
    "青阳县": 0.15,
    "石台县": 0.08,
}
"""Synthetic share of enterprises by county/zone (design choice)."""


@dataclass(frozen=True)
class Industry:
    """A synthetic industry group: codes, share of enterprises, relative size, growth a
    year, value-added / revenue ratio, value added per employee (万元) and region mix."""

    group: str
    codes: tuple[str, ...]
    firms: float
    size: float
    growth: float
    va_ratio: float
    productivity: float
    regions: dict[str, float] | None = None


_ZONES = {"池州经济技术开发区": 0.7, "贵池区": 0.2, "青阳县": 0.1}
INDUSTRIES: tuple[Industry, ...] = (
    Industry("semiconductor_39", ("3972", "3973", "3985"), 0.012, 1.0, 0.20, 0.25, 30, _ZONES),
    Industry("semiconductor_equipment", ("3562",), 0.006, 1.0, 0.20, 0.28, 30, _ZONES),
    Industry(
        "electronics_other_39",
        ("3911", "3922", "3976", "3982", "3983"),
        0.010,
        1.0,
        0.10,
        0.22,
        25,
        _ZONES,
    ),
    Industry(
        "ict_services", ("6311", "6312", "6513", "6531", "6560", "6591"), 0.025, 0.6, 0.10, 0.45, 35
    ),
    Industry("internet", ("5292", "5193", "6432", "7251"), 0.025, 0.4, 0.15, 0.30, 30),
    Industry(
        "manufacturing",
        (
            "3011",
            "3021",
            "3216",
            "2614",
            "2619",
            "1311",
            "1530",
            "3311",
            "3360",
            "2710",
            "3831",
            "3515",
            "3099",
        ),
        0.20,
        1.6,
        0.06,
        0.25,
        28,
        {
            "江南产业集中区": 0.3,
            "东至县": 0.25,
            "贵池区": 0.2,
            "池州经济技术开发区": 0.15,
            "青阳县": 0.1,
        },
    ),
    Industry("mining_utilities", ("1011", "4411", "4430", "4610"), 0.03, 2.0, 0.04, 0.35, 45),
    Industry("construction", ("4710", "4910", "4999"), 0.08, 1.2, 0.05, 0.22, 18),
    Industry(
        "agriculture",
        ("0111", "0141", "0412", "0511", "0231"),
        0.12,
        0.5,
        0.03,
        0.55,
        6,
        {"东至县": 0.35, "石台县": 0.2, "青阳县": 0.2, "贵池区": 0.25},
    ),
    Industry(
        "trade_hospitality",
        ("5211", "5123", "5221", "6110", "6210", "7291"),
        0.27,
        0.5,
        0.06,
        0.20,
        12,
        {"贵池区": 0.35, "青阳县": 0.25, "石台县": 0.15, "东至县": 0.15, "池州经济技术开发区": 0.1},
    ),
    Industry(
        "transport_finance_realestate", ("5431", "5421", "6621", "7010"), 0.08, 1.3, 0.06, 0.40, 30
    ),
    Industry("public_services", ("9221", "8331", "8411"), 0.132, 1.0, 0.05, 0.60, 15),
)

SEMICONDUCTOR_CODES = ("3972", "3973", "3985", "3562")
ELECTRONIC_INFO_MAJOR = "39"
SEMI_39_2020_WAN = 450_000.0  # synthetic design split of the 60 亿元 (万元)
_GBT2011 = {"6513": "6510", "6560": "6530", "6591": "6592"}
_INVALID = ("9999", "39A3", "")


def _published_gdp() -> pd.DataFrame:
    obs = pd.read_csv(SOURCES_DIR / "published_observations.csv", dtype=str, keep_default_na=False)
    g = obs[(obs["region"] == "Chizhou") & (obs["indicator"] == "gdp")]
    return g


def gdp_targets(years: Iterable[int] = range(2016, 2026)) -> pd.DataFrame:
    """Chizhou GDP by year in 亿元 with how each value was obtained.

    Columns ``year, gdp_yi, basis`` (``published`` / ``interpolated`` / ``extrapolated``),
    ``source``. Published levels come from published_observations.csv; gaps are filled
    geometrically between published years, and years after the last level grow at the
    published real growth rate of that year (an approximation of nominal growth).
    """
    g = _published_gdp()
    lv = g[g["basis"] == "level"].drop_duplicates("year")
    levels = {int(r.year): float(r.value) for r in lv.itertuples()}
    srcs = {int(r.year): r.source_url for r in lv.itertuples()}
    gr = g[g["basis"] == "growth_pct"].drop_duplicates("year")
    growth = {int(r.year): float(r.value) for r in gr.itertuples()}
    known = sorted(levels)
    rows = []
    for y in years:
        if y in levels:
            rows.append((y, levels[y], "published", srcs[y]))
            continue
        before = [k for k in known if k < y]
        after = [k for k in known if k > y]
        if before and after:
            a, b = before[-1], after[0]
            v = levels[a] * (levels[b] / levels[a]) ** ((y - a) / (b - a))
            rows.append((y, v, "interpolated", f"geometric between {a} and {b}"))
        elif before:
            a = before[-1]
            v = levels[a]
            for k in range(a + 1, y + 1):
                if k not in growth:
                    raise ValueError(f"no published GDP level or growth for Chizhou {k}")
                v *= 1 + growth[k] / 100
            rows.append((y, v, "extrapolated", f"{a} level × published real growth to {y}"))
        else:
            raise ValueError(f"no published GDP level for Chizhou at or before {y}")
    return pd.DataFrame(rows, columns=["year", "gdp_yi", "basis", "source"])


def calibration_targets() -> pd.DataFrame:
    """The published aggregates the register is calibrated to (value in 万元)."""
    base = indicator("electronic_info_mfg_revenue").base_value
    facts = pd.read_csv(
        plans.load_plan().pack_dir / "transcribed" / "seed_facts_2020.csv",
        dtype=str,
        keep_default_na=False,
    )
    f = facts.set_index("fact_id")
    semi = float(f.loc["semiconductor_output", "value"])
    semi_g = float(f.loc["semiconductor_output_growth", "value"])
    return pd.DataFrame(
        [
            (
                "electronic_info_mfg_revenue",
                "GB/T 大类 39 revenue",
                2020,
                base * 10_000,
                "plan_indicators.csv base 2020 (60 亿元)",
            ),
            (
                "semiconductor_revenue",
                "GB/T 3972+3973+3985+3562 revenue",
                2020,
                semi * 10_000,
                "seed_facts_2020.csv semiconductor_output 76.51 亿元 (产值, used as revenue)",
            ),
            (
                "semiconductor_revenue",
                "GB/T 3972+3973+3985+3562 revenue",
                2019,
                semi * 10_000 / (1 + semi_g / 100),
                "seed_facts_2020.csv growth 30.3%",
            ),
        ],
        columns=["target", "definition", "year", "value_wan", "source"],
    )


def _fullwidth(code: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in code)


def generate_register(
    seed: int = 2021, years: Iterable[int] = range(2016, 2026), n_enterprises: int = 3000
) -> pd.DataFrame:
    """A SYNTHETIC enterprise register: one row per enterprise × year it is active.

    Columns: ``enterprise_id``, ``region`` (county/zone, zh), ``year``, ``industry_code``
    (GB/T 4754 as written, some malformed on purpose), ``revenue_wan`` (营业收入, 万元),
    ``value_added_wan`` (增加值, 万元), ``employment`` (从业人员, persons), ``synthetic``
    (always True). Deterministic for a seed. See the module docstring for calibration.
    """
    years = list(years)
    rng = np.random.default_rng(seed)
    valid = set(gbt4754()["code"])
    sections = dict(zip(gbt4754()["code"], gbt4754()["parent"], strict=True))
    regions = list(REGIONS)

    # enterprises: industry group, code, region, size, life span
    shares = np.array([i.firms for i in INDUSTRIES])
    gi = rng.choice(len(INDUSTRIES), size=n_enterprises, p=shares / shares.sum())
    # make sure each calibrated group has firms
    for k, ind in enumerate(INDUSTRIES):
        if ind.group.startswith(("semiconductor", "electronics")) and (gi == k).sum() < 5:
            gi[rng.choice(n_enterprises, 5, replace=False)] = k
    ent = []
    for e in range(n_enterprises):
        ind = INDUSTRIES[gi[e]]
        code = ind.codes[rng.integers(len(ind.codes))]
        assert code in valid, code
        rmix = ind.regions or REGIONS
        names, p = list(rmix), np.array(list(rmix.values()))
        region = names[rng.choice(len(names), p=p / p.sum())]
        birth = years[0] if rng.random() < 0.8 else int(rng.integers(years[0] + 1, years[-1] + 1))
        death = years[-1] if rng.random() < 0.93 else int(rng.integers(birth, years[-1] + 1))
        ent.append(
            (f"SYN-{e + 1:06d}", ind.group, code, region, rng.lognormal(0, 1.0), birth, death)
        )
    ents = pd.DataFrame(
        ent, columns=["enterprise_id", "group", "code", "region", "size", "birth", "death"]
    )
    assert set(ents["region"]) <= set(regions)

    rows = []
    by_group = {i.group: i for i in INDUSTRIES}
    for r in ents.itertuples(index=False):
        ind = by_group[r.group]
        for y in years:
            if r.birth <= y <= r.death:
                trend = (1 + ind.growth) ** (y - 2020)
                rows.append(
                    (
                        r.enterprise_id,
                        r.group,
                        r.code,
                        r.region,
                        y,
                        r.size * ind.size * trend * rng.lognormal(0, 0.1),
                    )
                )
    df = pd.DataFrame(rows, columns=["enterprise_id", "group", "code", "region", "year", "raw"])

    # calibrated groups: revenue (万元) follows a fixed index through the 2020 target
    t = calibration_targets().set_index(["target", "year"])["value_wan"]
    elec = t[("electronic_info_mfg_revenue", 2020)]
    semi = t[("semiconductor_revenue", 2020)]
    # index relative to 2020: 2019 = 1/1.303 exactly, other years 20% a year
    semi_idx = {
        y: (1.20 ** (y - 2020) if y >= 2020 else (1 / 1.303) * 1.20 ** (y - 2019)) for y in years
    }
    elec_idx = {y: 1.10 ** (y - 2020) for y in years}
    group_target = {
        "semiconductor_39": {y: SEMI_39_2020_WAN * semi_idx[y] for y in years},
        "semiconductor_equipment": {y: (semi - SEMI_39_2020_WAN) * semi_idx[y] for y in years},
        "electronics_other_39": {y: (elec - SEMI_39_2020_WAN) * elec_idx[y] for y in years},
    }
    df["revenue_wan"] = np.nan
    df["value_added_wan"] = np.nan
    for grp, targets in group_target.items():
        ind = by_group[grp]
        for y, target in targets.items():
            m = (df["group"] == grp) & (df["year"] == y)
            df.loc[m, "revenue_wan"] = df.loc[m, "raw"] / df.loc[m, "raw"].sum() * target
            df.loc[m, "value_added_wan"] = df.loc[m, "revenue_wan"] * ind.va_ratio
    # everything else: value added scaled so that the register's total equals GDP
    gdp = gdp_targets(years).set_index("year")["gdp_yi"] * 10_000
    other = df["revenue_wan"].isna()
    for y in years:
        m = other & (df["year"] == y)
        rest = gdp[y] - df.loc[(~other) & (df["year"] == y), "value_added_wan"].sum()
        df.loc[m, "value_added_wan"] = df.loc[m, "raw"] / df.loc[m, "raw"].sum() * rest
    ratio = df["group"].map({i.group: i.va_ratio for i in INDUSTRIES})
    df.loc[other, "revenue_wan"] = df.loc[other, "value_added_wan"] / ratio[other]
    prod = df["group"].map({i.group: i.productivity for i in INDUSTRIES}) * rng.lognormal(
        0, 0.2, len(df)
    )
    df["employment"] = np.maximum(1, np.round(df["value_added_wan"] / prod)).astype("int64")

    # codes as written: fixed per enterprise
    written = {}
    calibrated = set(group_target)
    for r in ents.itertuples(index=False):
        u = rng.random()
        code = r.code
        if u < 0.03:
            code = sections[code[:2]] + code
        elif u < 0.04:
            code = _fullwidth(code)
        elif r.group not in calibrated and u < 0.05:
            code = code[:2]
        elif r.group not in calibrated and u < 0.055:
            code = _INVALID[int(rng.integers(len(_INVALID)))]
        if r.code in _GBT2011 and r.birth == years[0] and rng.random() < 0.2:
            code = _GBT2011[r.code]
        written[r.enterprise_id] = code
    df["industry_code"] = df["enterprise_id"].map(written)
    df["synthetic"] = True
    out = (
        df[
            [
                "enterprise_id",
                "region",
                "year",
                "industry_code",
                "revenue_wan",
                "value_added_wan",
                "employment",
                "synthetic",
            ]
        ]
        .sort_values(["enterprise_id", "year"])
        .reset_index(drop=True)
    )
    out["year"] = out["year"].astype("int64")
    out.attrs["synthetic"] = True
    out.attrs["seed"] = seed
    out.attrs["description"] = (
        "SYNTHETIC Chizhou enterprise register (workbench.synthetic); not real data"
    )
    return out
