"""What a plan is made of: targets, indicators, groups and the plan itself (immutable)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

NUMERIC_OPS = (">=", ">", "<=", "<")
TARGET_OPS = (*NUMERIC_OPS, "qualitative")
KINDS = ("level", "share", "ratio", "rate")
NATURES = ("expected", "binding")
NATURE_NAMES = {
    "expected": {"zh": "预期性", "en": "Expected"},
    "binding": {"zh": "约束性", "en": "Binding"},
}
_OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _fmt(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:g}"


@dataclass(frozen=True)
class Target:
    """A plan target for one year.

    ``op`` is ``>=``, ``>``, ``<=``, ``<`` or ``qualitative``; ``value`` is in the
    indicator's unit (``None`` when qualitative); ``text`` is the plan's own wording
    (e.g. ``不低于2000``, ``应上尽上``) and ``text_en`` its English rendering.
    """

    year: int
    op: str
    value: float | None
    text: str
    text_en: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.op in NUMERIC_OPS

    def display(self, lang: str = "zh") -> str:
        """The target as the plan writes it: ``≥ 2000``, ``> 150`` or the qualitative words."""
        if self.is_numeric:
            return f"{_OP_SIGN[self.op]} {_fmt(self.value)}"
        if lang == "en":
            return self.text_en or self.text
        return self.text

    def is_met(self, actual: float) -> bool:
        """Whether ``actual`` meets a numeric target (see :func:`workbench.targets.meets`)."""
        from workbench.targets import meets

        if not self.is_numeric:
            raise ValueError(
                f"target {self.text!r} is qualitative: it cannot be checked against a number"
            )
        assert self.value is not None
        return meets(actual, self.op, self.value)


@dataclass(frozen=True)
class Indicator:
    """One indicator of a plan, with its targets by milestone year."""

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
    kind: str = "level"
    department_zh: str = ""
    department_en: str = ""
    headline: bool = False
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def formula(self, lang: str = "zh") -> str:
        return self.formula_en if lang == "en" else self.formula_zh

    def department(self, lang: str = "zh") -> str:
        return (self.department_en or self.department_zh) if lang == "en" else self.department_zh

    def target(self, year: int) -> Target | None:
        for t in self.targets:
            if t.year == year:
                return t
        return None

    @property
    def is_share(self) -> bool:
        """A share lives within 0–100 %."""
        return self.kind == "share"

    @property
    def bounds(self) -> tuple[float, float]:
        """Admissible range from the kind: share 0–100, level and ratio ≥ 0, rate unbounded."""
        return bounds_for_kind(self.kind)

    def base_display(self) -> str:
        """The base as the plan writes it (``>100``, ``75``), in the indicator's unit: where
        the plan's wording carries another unit (``8.16万亿元`` for an indicator kept in 亿元)
        the value is shown instead; ``—`` where the plan gives none."""
        text = self.base_text.strip()
        if text in ("", "-"):
            return "—" if self.base_value is None else _fmt(self.base_value)
        if re.fullmatch(r"[<>≥≤]?\s*-?[\d.,]+", text) or self.base_value is None:
            return text
        return _fmt(self.base_value)


def bounds_for_kind(kind: str) -> tuple[float, float]:
    """``(lower, upper)`` admissible values of a series of ``kind`` (see :data:`KINDS`)."""
    if kind == "share":
        return (0.0, 100.0)
    if kind in ("level", "ratio"):
        return (0.0, math.inf)
    if kind == "rate":
        return (-math.inf, math.inf)
    raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")


@dataclass(frozen=True)
class Group:
    id: str
    name_zh: str
    name_en: str

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class Plan:
    """A plan pack, loaded and checked (see ``docs/plans.md``)."""

    id: str
    title_zh: str
    title_en: str
    short_zh: str
    short_en: str
    region: str
    base_year: int
    milestones: tuple[int, ...]
    final_year: int
    horizon: int
    document: dict
    pack_dir: Path
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    regions: pd.DataFrame = field(repr=False, compare=False)
    series: pd.DataFrame = field(repr=False, compare=False)
    recipes: tuple[dict, ...] = field(default=(), repr=False, compare=False)
    scenario_drivers: tuple[str, ...] = ()
    """Series of the plan region that scenarios vary (``plan.toml`` ``[scenario] drivers``)."""
    scenario_share: str | None = None
    """The digital-economy share indicator built from five category scales and GDP, if any."""

    def __repr__(self) -> str:
        return f"Plan({self.id!r}, {self.title_zh!r}, region={self.region!r}, years={self.years!r})"

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def short(self, lang: str = "zh") -> str:
        return self.short_en if lang == "en" else self.short_zh

    def reference(self, lang: str = "zh") -> str:
        """``《title》（number）`` as a citation."""
        number = self.document.get("number", "")
        if lang == "en":
            return f"{self.title_en} ({number})" if number else self.title_en
        return f"《{self.title_zh}》（{number}）" if number else f"《{self.title_zh}》"

    def indicator(self, indicator_id: str) -> Indicator:
        for x in self.indicators:
            if x.id == indicator_id:
                return x
        raise KeyError(
            f"plan {self.id}: unknown indicator {indicator_id!r}; "
            f"known: {', '.join(x.id for x in self.indicators)}"
        )

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(f"plan {self.id}: unknown group {group_id!r}")

    @property
    def years(self) -> str:
        """``2020–2025`` (base year to final year)."""
        return f"{self.base_year}–{self.final_year}"

    @property
    def subregions(self) -> list[str]:
        """Region ids below the plan's region (administrative children and functional areas)."""
        r = self.regions
        return r.loc[
            (r["parent"] == self.region) & (r["region_id"] != self.region), "region_id"
        ].tolist()

    def _optional_csv(self, name: str) -> pd.DataFrame:
        path = self.pack_dir / name
        if not path.exists():
            return pd.DataFrame()
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")

    @property
    def tasks(self) -> pd.DataFrame:
        """``tasks.csv`` (empty when the pack has none)."""
        return self._optional_csv("tasks.csv")

    @property
    def projects(self) -> pd.DataFrame:
        """``projects.csv`` (empty when the pack has none)."""
        return self._optional_csv("projects.csv")

    def observation_files(self) -> list[tuple[Path, str, str]]:
        """``(file, source, ingested_at)`` of ``observations/manifest.csv``, in replay order."""
        path = self.pack_dir / "observations" / "manifest.csv"
        if not path.exists():
            return []
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return [
            (self.pack_dir / "observations" / r["file"], r["source"], r["ingested_at"])
            for _, r in df.iterrows()
        ]

    def indicators_frame(self, lang: str = "zh") -> pd.DataFrame:
        """Indicators for display: one row per indicator, plan order, a column per milestone."""
        rows = []
        for x in self.indicators:
            row = {
                "indicator_id": x.id,
                "group": x.group,
                "group_name": self.group(x.group).name(lang),
                "name": x.name(lang),
                "unit": x.unit,
                "nature": NATURE_NAMES[x.nature][lang],
                "base": x.base_display(),
            }
            for y in self.milestones:
                t = x.target(y)
                row[f"target_{y}"] = t.display(lang) if t else "—"
            row["formula"] = x.formula(lang)
            rows.append(row)
        return pd.DataFrame(rows)
