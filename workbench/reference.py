"""Reference tables: the plan's indicators and targets, the NBS 2021 digital-economy
classification and the GB/T 4754-2017 industry list.

All tables are CSV files under ``data/reference/`` (see ``data/README.md`` for their
provenance). Each loader reads its file once, validates it and returns an immutable
object or a copy of a DataFrame, so callers cannot corrupt the cache.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from workbench.paths import REFERENCE_DIR

GROUPS: tuple[str, ...] = (
    "digital_infrastructure",
    "e_government",
    "social_governance",
    "digital_economy",
)
"""Indicator groups in the plan's order."""

GROUP_NAMES: dict[str, dict[str, str]] = {
    "digital_infrastructure": {"zh": "数字基础设施", "en": "Digital infrastructure"},
    "e_government": {"zh": "电子政务", "en": "E-government"},
    "social_governance": {
        "zh": "社会治理和公共服务",
        "en": "Social governance and public services",
    },
    "digital_economy": {"zh": "数字经济", "en": "Digital economy"},
}

TARGET_OPS = (">=", ">", "qualitative")
TARGET_YEARS = (2022, 2025)

QUALITATIVE_EN: dict[str, str] = {
    "应上尽上": "All eligible systems on cloud",
    "应办尽办": "All eligible services online",
    "应领尽领": "Everyone eligible has applied",
    "应发尽发": "Everyone eligible has a card",
    "质量持续优化": "Quality keeps improving",
    "智慧化水平持续提升": "Smart level keeps rising",
}
"""English renderings of the plan's qualitative targets (the Chinese is authoritative)."""


class ReferenceDataError(ValueError):
    """A reference table is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Target:
    """A plan target for one year.

    ``op`` is ``">="`` (reach at least), ``">"`` (strictly above) or ``"qualitative"``;
    ``value`` is in the indicator's unit (``None`` when qualitative); ``text`` is the
    plan's own wording (e.g. ``不低于2000``, ``应上尽上``).
    """

    year: int
    op: str
    value: float | None
    text: str

    @property
    def is_numeric(self) -> bool:
        return self.op in (">=", ">")

    def display(self, lang: str = "zh") -> str:
        """The target as the plan writes it: ``≥ 2000``, ``> 150`` or the qualitative words."""
        if self.op == ">=":
            return f"≥ {_fmt(self.value)}"
        if self.op == ">":
            return f"> {_fmt(self.value)}"
        if lang == "en":
            return QUALITATIVE_EN.get(self.text, self.text)
        return self.text

    def is_met(self, actual: float) -> bool:
        """Whether ``actual`` meets a numeric target (``>=`` or strictly ``>``)."""
        if not self.is_numeric:
            raise ValueError(
                f"target {self.text!r} is qualitative: it cannot be checked against a number"
            )
        assert self.value is not None
        return actual >= self.value if self.op == ">=" else actual > self.value


@dataclass(frozen=True)
class Indicator:
    """One of the plan's 18 indicators (池数组〔2021〕1号, 主要预期指标)."""

    id: str
    name_zh: str
    name_en: str
    group: str
    unit: str
    nature: str  # "expected" (预期性) or "binding" (约束性)
    base_year: int
    base_value: float | None
    base_text: str
    targets: tuple[Target, ...]
    formula_zh: str
    formula_en: str

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def formula(self, lang: str = "zh") -> str:
        return self.formula_en if lang == "en" else self.formula_zh

    def target(self, year: int) -> Target | None:
        for t in self.targets:
            if t.year == year:
                return t
        return None

    @property
    def is_share(self) -> bool:
        """Percentages live within 0–100."""
        return self.unit == "%"

    @property
    def bounds(self) -> tuple[float, float]:
        """Admissible range of values from the catalogue kind (share 0–100, level and
        ratio ≥ 0, rate unbounded); 0–100 for % and ≥ 0 otherwise when not catalogued."""
        from workbench import catalog
        from workbench.forecast.bounds import bounds_for_kind

        try:
            return bounds_for_kind(catalog.series(self.id)["kind"])
        except KeyError:
            return (0.0, 100.0) if self.is_share else (0.0, math.inf)

    def base_display(self) -> str:
        """The 2020 base as the plan writes it (``-`` where it gives none)."""
        return "—" if self.base_text in ("", "-") else self.base_text


def _fmt(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:g}"


def _read(name: str, directory: Path | None = None) -> pd.DataFrame:
    path = (directory or REFERENCE_DIR) / name
    if not path.exists():
        raise ReferenceDataError(f"reference table missing: {path}")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _num(text: str, where: str) -> float | None:
    if text.strip() == "":
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ReferenceDataError(f"{where}: {text!r} is not a number") from exc


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """The plan's indicators in the plan's order, validated."""
    df = _read("plan_indicators.csv")
    out: list[Indicator] = []
    for i, r in df.iterrows():
        where = f"plan_indicators.csv row {i + 2}"
        if r["group"] not in GROUPS:
            raise ReferenceDataError(f"{where}, column group: unknown group {r['group']!r}")
        if r["nature"] not in ("expected", "binding"):
            raise ReferenceDataError(f"{where}, column nature: {r['nature']!r}")
        targets = []
        for year in TARGET_YEARS:
            op = r[f"target_{year}_op"]
            if op not in TARGET_OPS:
                raise ReferenceDataError(f"{where}, column target_{year}_op: {op!r}")
            value = _num(r[f"target_{year}_value"], f"{where}, column target_{year}_value")
            if op != "qualitative" and value is None:
                raise ReferenceDataError(f"{where}: numeric target for {year} has no value")
            targets.append(Target(year, op, value, r[f"target_{year}_text"]))
        out.append(
            Indicator(
                id=r["indicator_id"],
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                group=r["group"],
                unit=r["unit"],
                nature=r["nature"],
                base_year=int(r["base_year"]),
                base_value=_num(r["base_value"], f"{where}, column base_value"),
                base_text=r["base_text"],
                targets=tuple(targets),
                formula_zh=r["formula_zh"],
                formula_en=r["formula_en"],
            )
        )
    ids = [x.id for x in out]
    if len(set(ids)) != len(ids):
        raise ReferenceDataError("plan_indicators.csv: duplicate indicator_id")
    return tuple(out)


def indicator(indicator_id: str) -> Indicator:
    """One indicator by id; ``KeyError`` naming the known ids otherwise."""
    for x in indicators():
        if x.id == indicator_id:
            return x
    raise KeyError(
        f"unknown indicator {indicator_id!r}; known: {', '.join(x.id for x in indicators())}"
    )


def indicators_frame(lang: str = "zh") -> pd.DataFrame:
    """Indicators as a table for display: one row per indicator, plan order."""
    rows = []
    for x in indicators():
        t22, t25 = x.target(2022), x.target(2025)
        rows.append(
            {
                "indicator_id": x.id,
                "group": x.group,
                "group_name": GROUP_NAMES[x.group][lang],
                "name": x.name(lang),
                "unit": x.unit,
                "nature": x.nature,
                "base_2020": x.base_display(),
                "target_2022": t22.display(lang) if t22 else "—",
                "target_2025": t25.display(lang) if t25 else "—",
                "formula": x.formula(lang),
            }
        )
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _levels() -> pd.DataFrame:
    df = _read("nbs_digital_economy_2021_levels.csv")
    bad = df[
        ~df["mid_code"].str.fullmatch(r"0[1-5]\d\d") | (df["mid_code"].str[:2] != df["major_code"])
    ]
    if len(bad):
        raise ReferenceDataError(
            f"nbs_digital_economy_2021_levels.csv: bad mid codes {bad['mid_code'].tolist()}"
        )
    return df[["major_code", "major_name", "mid_code", "mid_name", "source", "notes"]]


def nbs_majors() -> pd.DataFrame:
    """The five NBS 2021 大类: ``major_code`` (01–05), ``major_name``, ``is_core`` (01–04)."""
    df = _levels()[["major_code", "major_name"]].drop_duplicates().reset_index(drop=True)
    df["is_core"] = df["major_code"] != "05"
    return df


def nbs_mids() -> pd.DataFrame:
    """The 32 NBS 2021 中类: ``major_code``, ``mid_code``, ``mid_name`` (mid codes inferred, see notes)."""
    return (
        _levels()[["major_code", "major_name", "mid_code", "mid_name"]]
        .reset_index(drop=True)
        .copy()
    )


MAJOR_NAMES_EN: dict[str, str] = {
    "01": "Digital product manufacturing",
    "02": "Digital product services",
    "03": "Digital technology application",
    "04": "Digital factor-driven industries",
    "05": "Digital efficiency improvement",
}


@lru_cache(maxsize=1)
def _subclasses() -> pd.DataFrame:
    df = _read("nbs_digital_economy_2021_subclasses.csv")
    df["partial"] = df["partial"].str.lower().map({"true": True, "false": False})
    if df["partial"].isna().any():
        raise ReferenceDataError(
            "nbs_digital_economy_2021_subclasses.csv: column partial must be true/false"
        )
    return df


def nbs_subclasses() -> pd.DataFrame:
    """The reconstructed (UNVERIFIED) 小类 ↔ GB/T 4754-2017 correspondence, one row per pair.

    Columns: major_code, major_name, mid_code, mid_name, sub_code, sub_name, gbt4754_code,
    gbt4754_level (小类 or 大类), gbt4754_name, partial (bool), confidence, provenance.
    """
    return _subclasses().copy()


@lru_cache(maxsize=1)
def _gbt() -> pd.DataFrame:
    df = _read("gbt4754_2017.csv")
    if df["code"].duplicated().any():
        raise ReferenceDataError("gbt4754_2017.csv: duplicate codes")
    return df


def gbt4754() -> pd.DataFrame:
    """GB/T 4754-2017: ``code`` (no section letter), ``name``, ``level`` (门类/大类/中类/小类), ``parent``."""
    return _gbt().copy()
