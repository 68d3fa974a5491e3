"""A SYNTHETIC enterprise register of the default plan's region, seeded and calibrated to published aggregates.

Nothing in it is real data. Every row has ``synthetic = True`` and the frame carries
``attrs["synthetic"] = True``. It exists so that the classification, the app and the
notebooks have realistic input before the bureau loads its own register.

Calibrated (exactly, in the years named) to:

* the plan region's GDP (``data/sources/published_observations.csv``, ``<region>/gdp`` levels): total value
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
from pathlib import Path

import numpy as np
import pandas as pd

from workbench import plans
from workbench.paths import SOURCES_DIR
from workbench.reference import gbt4754, indicator


def _design() -> dict:
    """The default plan's ``synthetic.toml`` (region mixes: design choices, see docs/plans.md);
    empty when the plan ships none."""
    import tomllib

    f = plans.load_plan().pack_dir / "synthetic.toml"
    return tomllib.loads(f.read_text(encoding="utf-8")) if f.exists() else {}


_DESIGN = _design()
_SINGLE = _DESIGN.get("single_year", {})
_IND_REGIONS = _SINGLE.get("industry_regions", {})
REGION: str = _DESIGN.get("region", "")
"""The region whose GDP the register is scaled to (the plan's region)."""
REGIONS: dict[str, float] = _SINGLE.get("regions", {})
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


_ZONES = _SINGLE.get("zones") or None
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
        _IND_REGIONS.get("manufacturing"),
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
        _IND_REGIONS.get("agriculture"),
    ),
    Industry(
        "trade_hospitality",
        ("5211", "5123", "5221", "6110", "6210", "7291"),
        0.27,
        0.5,
        0.06,
        0.20,
        12,
        _IND_REGIONS.get("trade_hospitality"),
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
    g = obs[(obs["region"] == REGION) & (obs["indicator"] == "gdp")]
    return g


def gdp_targets(years: Iterable[int] = range(2016, 2026)) -> pd.DataFrame:
    """The plan region's GDP by year in 亿元 with how each value was obtained.

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
                    raise ValueError(f"no published GDP level or growth for {REGION} {k}")
                v *= 1 + growth[k] / 100
            rows.append((y, v, "extrapolated", f"{a} level × published real growth to {y}"))
        else:
            raise ValueError(f"no published GDP level for {REGION} at or before {y}")
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
        f"SYNTHETIC enterprise register of {REGION} (workbench.synthetic); not real data"
    )
    return out


# ---------------------------------------------------------------- multi-year panel 2019–2025
PLAN_REGIONS: dict[str, float] = _DESIGN.get("panel", {}).get("regions", {})
"""Synthetic share of enterprises by the plan's regions (design choice, the pack's synthetic.toml)."""
_PANEL_REGIONS: dict[str, dict[str, float]] = _DESIGN.get("panel", {}).get("industry_regions", {})
"""Region mix per group where it differs from :data:`PLAN_REGIONS` (design choice)."""
ABOVE_SCALE_WAN = 2000.0
"""规模以上 line: annual revenue ≥ 2000万元 (NBS's threshold for 规模以上工业企业, applied
here to every industry as a simplification)."""
CHAIN_2020 = {"firms": 85, "above_scale": 47}
CHAIN_39_2020_WAN = SEMI_39_2020_WAN


def _chain_facts() -> dict[str, float]:
    """The plan's 2020 semiconductor-chain facts (池数组〔2021〕1号 一(一)5): 85 firms, 47 above
    scale, 产值 76.51亿元 (used as revenue), +30.3% on 2019."""
    t = calibration_targets().set_index(["target", "year"])["value_wan"]
    return {
        "rev_2020": float(t[("semiconductor_revenue", 2020)]),
        "rev_2019": float(t[("semiconductor_revenue", 2019)]),
        "elec_2020": float(t[("electronic_info_mfg_revenue", 2020)]),
    }


def _chain_firms(rng: np.random.Generator, years: list[int]) -> pd.DataFrame:
    """The semiconductor chain: exactly 85 firms active in 2020, 47 of them ≥ 2000万元,
    revenue summing to 76.51亿元 (45亿元 in GB/T 39, the rest 3562); entrants and exits
    in other years. One row per firm with its 2020-equivalent revenue and life span."""
    facts = _chain_facts()
    groups = [  # (codes, firms, above scale, 2020 revenue 万元)
        (("3972", "3973", "3985"), 52, 29, CHAIN_39_2020_WAN),
        (("3562",), 33, 18, facts["rev_2020"] - CHAIN_39_2020_WAN),
    ]
    rows = []
    for codes, n, n_big, target in groups:
        small = rng.uniform(300, 1900, n - n_big)
        w = rng.lognormal(0, 1.0, n_big)
        big = ABOVE_SCALE_WAN + w / w.sum() * (target - small.sum() - n_big * ABOVE_SCALE_WAN)
        for rev in [*big, *small]:
            birth = years[0] if rng.random() < 0.94 else 2020
            rows.append((codes[rng.integers(len(codes))], rev, birth, years[-1]))
    firms = pd.DataFrame(rows, columns=["code", "rev2020", "birth", "death"])
    exits = rng.choice(len(firms), 9, replace=False)  # exits after 2020, none in 2020
    firms.loc[exits, "death"] = rng.integers(2021, years[-1], 9)
    n_new = 14  # entrants 2021–2025, small at entry
    new = pd.DataFrame(
        {
            "code": rng.choice(["3972", "3973", "3985", "3562"], n_new),
            "rev2020": rng.uniform(200, 1500, n_new),
            "birth": rng.integers(2021, years[-1] + 1, n_new),
            "death": years[-1],
        }
    )
    return pd.concat([firms, new], ignore_index=True).assign(group="semiconductor")


def _other_firms(rng: np.random.Generator, years: list[int], n: int) -> pd.DataFrame:
    groups = [i for i in INDUSTRIES if not i.group.startswith("semiconductor")]
    shares = np.array([i.firms for i in groups])
    gi = rng.choice(len(groups), size=n, p=shares / shares.sum())
    births = np.where(rng.random(n) < 0.85, years[0], rng.integers(years[0] + 1, years[-1] + 1, n))
    deaths = np.where(rng.random(n) < 0.92, years[-1], 0)
    deaths = np.where(deaths == 0, [int(rng.integers(b, years[-1] + 1)) for b in births], deaths)
    return pd.DataFrame(
        {
            "group": [groups[k].group for k in gi],
            "code": [groups[k].codes[rng.integers(len(groups[k].codes))] for k in gi],
            "rev2020": rng.lognormal(0, 1.0, n),
            "birth": births,
            "death": deaths,
        }
    )


def _assign_regions(rng: np.random.Generator, firms: pd.DataFrame) -> pd.Series:
    out = []
    for g in firms["group"]:
        mix = _PANEL_REGIONS.get(g, PLAN_REGIONS)
        names, p = list(mix), np.array(list(mix.values()))
        out.append(names[rng.choice(len(names), p=p / p.sum())])
    return pd.Series(out, index=firms.index)


def _panel_rows(rng: np.random.Generator, firms: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    growth = {i.group: i.growth for i in INDUSTRIES} | {"semiconductor": 0.20}
    rows = []
    for k, f in enumerate(firms.itertuples(index=False)):
        g = growth[f.group]
        base_year = 2020 if f.birth <= 2020 else f.birth
        for y in range(max(f.birth, years[0]), min(f.death, years[-1]) + 1):
            noise = 1.0 if (y == 2020 and f.group == "semiconductor") else rng.lognormal(0, 0.08)
            rows.append((k, y, f.rev2020 * (1 + g) ** (y - base_year) * noise))
    return pd.DataFrame(rows, columns=["firm", "year", "raw"])


def _calibrate(panel: pd.DataFrame, firms: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Revenue and value added (万元): chain and GB/T 39 to the plan's 2020 facts, the rest
    scaled so that total value added equals the plan region's GDP each year (:func:`gdp_targets`)."""
    facts = _chain_facts()
    group = firms["group"].to_numpy()[panel["firm"]]
    code = firms["code"].to_numpy()[panel["firm"]]
    chain, elec = group == "semiconductor", group == "electronics_other_39"
    rev = panel["raw"].to_numpy().copy()
    m19 = chain & (panel["year"].to_numpy() == 2019)
    rev[m19] *= facts["rev_2019"] / rev[m19].sum()
    for y in years:
        m = elec & (panel["year"].to_numpy() == y)
        rev[m] *= (facts["elec_2020"] - CHAIN_39_2020_WAN) * 1.10 ** (y - 2020) / rev[m].sum()
    ratio = pd.Series(group).map({i.group: i.va_ratio for i in INDUSTRIES}).to_numpy()
    ratio = np.where(chain, np.where(code == "3562", 0.28, 0.25), ratio)
    va = np.where(chain | elec, rev * ratio, np.nan)
    gdp = gdp_targets(years).set_index("year")["gdp_yi"] * 10_000
    for y in years:
        m = panel["year"].to_numpy() == y
        fixed = m & (chain | elec)
        rest = m & ~(chain | elec)
        va[rest] = rev[rest] / rev[rest].sum() * (gdp[y] - va[fixed].sum())
        rev[rest] = va[rest] / ratio[rest]
    prod = pd.Series(group).map(
        {i.group: i.productivity for i in INDUSTRIES} | {"semiconductor": 30}
    )
    emp = np.maximum(1, np.round(va / (prod.to_numpy() * np.exp(np.zeros(len(va))))))
    return panel.assign(revenue_wan=rev, value_added_wan=va, employment=emp.astype("int64"))


def _written_codes(rng: np.random.Generator, firms: pd.DataFrame, first_year: int) -> list[str]:
    """Codes as a register writes them: ~3% with the section letter, ~1% full width, ~1% at
    大类 level, ~0.5% invalid, and GB/T 4754-2011 codes for ~20% of the older IT firms."""
    sections = dict(zip(gbt4754()["code"], gbt4754()["parent"], strict=True))
    out = []
    for f in firms.itertuples(index=False):
        u, code = rng.random(), f.code
        if u < 0.03:
            code = sections[code[:2]] + code
        elif u < 0.04:
            code = _fullwidth(code)
        elif f.group not in ("semiconductor", "electronics_other_39") and u < 0.05:
            code = code[:2]
        elif f.group not in ("semiconductor", "electronics_other_39") and u < 0.055:
            code = _INVALID[int(rng.integers(len(_INVALID)))]
        if f.code in _GBT2011 and f.birth == first_year and rng.random() < 0.2:
            code = _GBT2011[f.code]
        out.append(code)
    return out


def generate_enterprise_register(
    seed: int = 2021, years: Iterable[int] = range(2019, 2026), n_enterprises: int = 3000
) -> pd.DataFrame:
    """A SYNTHETIC multi-year register (default 2019–2025) over all the plan's regions,
    with entries and exits: one row per enterprise × year it is active.

    Columns: ``enterprise_id`` (``SYN…``), ``name`` (合成企业…), ``industry_code`` (as
    written), ``region`` (zh), ``year``, ``revenue_wan``, ``value_added_wan`` (万元),
    ``employment``, ``above_scale`` (revenue ≥ 2000万元), ``synthetic`` (True). Calibrated
    exactly to the plan's 2020 semiconductor chain (85 firms, 47 above scale, 76.51亿元;
    2019 = 2020 / 1.303), GB/T 39 revenue 60亿元 in 2020, and total value added = the plan region's
    GDP each year (:func:`gdp_targets`). Everything else is a synthetic design choice.
    """
    years = list(years)
    if 2019 not in years or 2020 not in years:
        raise ValueError("the panel must include 2019 and 2020 (the calibration years)")
    rng = np.random.default_rng(seed)
    chain = _chain_firms(rng, years)
    firms = pd.concat(
        [chain, _other_firms(rng, years, n_enterprises - len(chain))], ignore_index=True
    )
    firms["region"] = _assign_regions(rng, firms)
    firms["written"] = _written_codes(rng, firms, years[0])
    panel = _calibrate(_panel_rows(rng, firms, years), firms, years)
    f = firms.iloc[panel["firm"]].reset_index(drop=True)
    out = pd.DataFrame(
        {
            "enterprise_id": [f"SYN{k + 1:015d}" for k in panel["firm"]],
            "name": [f"合成企业{k + 1:05d}号" for k in panel["firm"]],
            "industry_code": f["written"],
            "region": f["region"],
            "year": panel["year"].astype("int64"),
            "revenue_wan": panel["revenue_wan"],
            "value_added_wan": panel["value_added_wan"],
            "employment": panel["employment"],
            "above_scale": panel["revenue_wan"] >= ABOVE_SCALE_WAN,
            "synthetic": True,
        }
    )
    out = out.sort_values(["enterprise_id", "year"]).reset_index(drop=True)
    out.attrs.update(
        synthetic=True,
        seed=seed,
        description=f"SYNTHETIC enterprise register of {REGION} 2019–2025 (workbench.synthetic); not real data",
    )
    return out


ZH_HEADERS = {
    "enterprise_id": "统一社会信用代码",
    "name": "企业名称",
    "industry_code": "行业代码",
    "region": "县区",
    "year": "年份",
    "revenue_wan": "营业收入(万元)",
    "value_added_wan": "增加值(万元)",
    "employment": "从业人员",
    "above_scale": "是否规上",
    "synthetic": "合成数据",
}


def write_enterprise_register(path: str | Path, seed: int = 2021, **kw) -> Path:
    """Write :func:`generate_enterprise_register` as a register file with Chinese headers
    (UTF-8 CSV), its first line stating that it is SYNTHETIC."""
    df = generate_enterprise_register(seed, **kw)
    df = df.assign(above_scale=df["above_scale"].map({True: "是", False: "否"}), synthetic="是")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"SYNTHETIC 合成数据：workbench.synthetic 种子 {seed}，不是真实企业\n")
        df.rename(columns=ZH_HEADERS).to_csv(fh, index=False, lineterminator="\n")
    return path
