"""Reading and checking a plan pack folder (format: ``docs/plans.md``).

:func:`check_pack` returns every problem it finds, each located by file, row and column;
:func:`read_pack` returns the :class:`~workbench.plans.model.Plan` or raises
:class:`PlanError` carrying those problems. Nothing here knows any particular plan.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.ingest.grades import Grade
from workbench.paths import REFERENCE_DIR
from workbench.plans.model import (
    KINDS,
    NATURES,
    NUMERIC_OPS,
    TARGET_OPS,
    Group,
    Indicator,
    Plan,
    Target,
)

GRADES = tuple(g.value for g in Grade)
REGION_LEVELS = ("country", "province", "prefecture", "district", "county", "functional_area")
REQUIRED_TOML = ("id", "title_zh", "title_en", "region", "base_year", "milestones", "final_year")
COLUMNS = {
    "groups.csv": ("group_id", "name_zh", "name_en"),
    "indicators.csv": (
        "indicator_id", "name_zh", "name_en", "group", "unit", "kind", "nature",
        "base_year", "base_value", "base_text", "formula_zh", "formula_en",
    ),
    "targets.csv": ("indicator_id", "year", "op", "value", "text_zh", "text_en"),
    "regions.csv": ("region_id", "name_zh", "name_en", "level", "parent", "aliases"),
    "series.csv": ("region", "indicator", "role", "donor_region", "donor_indicator", "why"),
    "observations": (
        "region", "indicator", "year", "value", "unit", "source", "source_url", "quote", "grade",
    ),
    "tasks.csv": ("task_no", "area_zh", "text_zh", "units_zh"),
    "projects.csv": ("project_id", "area_zh", "name_zh"),
}  # fmt: skip
RECIPE_KINDS = ("divide",)


@dataclass(frozen=True)
class Problem:
    """One problem in a pack: where it is and what is wrong (``severity`` error or warning)."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{self.severity.upper()} {where}: {self.message}"


class PlanError(ValueError):
    """A plan pack could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in errors) or "plan pack has errors")


class _Checker:
    """Collects problems while reading one pack."""

    def __init__(self, pack_dir: Path):
        self.dir = Path(pack_dir)
        self.problems: list[Problem] = []

    def error(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, column, message))

    def warn(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, column, message, "warning"))

    def csv(
        self, name: str, required: bool = True, columns_key: str | None = None
    ) -> pd.DataFrame | None:
        path = self.dir / name
        if not path.exists():
            if required:
                self.error(name, None, None, "file missing")
            return None
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            self.error(name, None, None, f"cannot be read as UTF-8 CSV: {exc}")
            return None
        need = COLUMNS[columns_key or name]
        missing = [c for c in need if c not in df.columns]
        if missing:
            self.error(name, 1, ", ".join(missing), "required column(s) missing from the header")
            return None
        return df

    def number(
        self, file: str, row: int, column: str, text: str, blank_ok: bool = True
    ) -> float | None:
        if text.strip() == "":
            if not blank_ok:
                self.error(file, row, column, "a number is required")
            return None
        try:
            value = float(text)
        except ValueError:
            self.error(file, row, column, f"not a number: {text!r}")
            return None
        if not math.isfinite(value):
            self.error(file, row, column, f"not a finite number: {text!r}")
            return None
        return value

    def integer(self, file: str, row: int, column: str, text: str) -> int | None:
        if not re.fullmatch(r"\s*\d{4}\s*", text):
            self.error(file, row, column, f"not a year: {text!r}")
            return None
        return int(text)


def _reference_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _known_units() -> set[str]:
    return set(_reference_csv("units.csv")["unit"])


# ---------------------------------------------------------------- plan.toml
def _read_toml(c: _Checker) -> dict | None:
    path = c.dir / "plan.toml"
    if not path.exists():
        c.error("plan.toml", None, None, "file missing")
        return None
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        c.error("plan.toml", None, None, f"not valid TOML: {exc}")
        return None
    for key in REQUIRED_TOML:
        if key not in meta:
            c.error("plan.toml", None, key, "required key missing")
    if any(k not in meta for k in REQUIRED_TOML):
        return None
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(meta["id"])):
        c.error("plan.toml", None, "id", f"{meta['id']!r}: use lower-case letters, digits and '-'")
    elif meta["id"] != c.dir.name:
        c.error(
            "plan.toml", None, "id", f"{meta['id']!r} differs from the folder name {c.dir.name!r}"
        )
    ms = meta["milestones"]
    if not (isinstance(ms, list) and ms and all(isinstance(y, int) for y in ms)):
        c.error("plan.toml", None, "milestones", "must be a non-empty list of years")
        return None
    if ms != sorted(set(ms)):
        c.error("plan.toml", None, "milestones", f"{ms}: must be ascending without repeats")
    if not all(isinstance(meta[k], int) for k in ("base_year", "final_year")):
        c.error("plan.toml", None, "base_year", "base_year and final_year must be years")
        return None
    if ms[0] <= meta["base_year"]:
        c.error(
            "plan.toml",
            None,
            "milestones",
            f"milestone {ms[0]} is not after the base year {meta['base_year']}",
        )
    if meta["final_year"] != ms[-1]:
        c.error(
            "plan.toml",
            None,
            "final_year",
            f"{meta['final_year']} is not the last milestone {ms[-1]}",
        )
    meta.setdefault("horizon", meta["final_year"] + 5)
    if not isinstance(meta["horizon"], int) or meta["horizon"] < meta["final_year"]:
        c.error("plan.toml", None, "horizon", "must be a year at or after final_year")
    return meta


# ---------------------------------------------------------------- tables
def _read_groups(c: _Checker) -> list[Group]:
    df = c.csv("groups.csv")
    if df is None:
        return []
    out, seen = [], set()
    for i, r in df.iterrows():
        if r["group_id"] in seen:
            c.error("groups.csv", i + 2, "group_id", f"duplicate group {r['group_id']!r}")
        seen.add(r["group_id"])
        out.append(Group(r["group_id"], r["name_zh"], r["name_en"]))
    return out


def _read_targets(c: _Checker, meta: dict, ids: set[str]) -> dict[str, list[Target]]:
    df = c.csv("targets.csv")
    out: dict[str, list[Target]] = {}
    if df is None:
        return out
    seen = set()
    for i, r in df.iterrows():
        row, f = i + 2, "targets.csv"
        if r["indicator_id"] not in ids:
            c.error(
                f,
                row,
                "indicator_id",
                f"unknown indicator {r['indicator_id']!r} (not in indicators.csv)",
            )
            continue
        year = c.integer(f, row, "year", r["year"])
        if year is None:
            continue
        if year <= meta["base_year"]:
            c.error(
                f, row, "year", f"target year {year} is not after the base year {meta['base_year']}"
            )
        elif year not in meta["milestones"]:
            c.error(f, row, "year", f"{year} is not a milestone of plan.toml {meta['milestones']}")
        if (r["indicator_id"], year) in seen:
            c.error(f, row, "year", f"second target for {r['indicator_id']} in {year}")
        seen.add((r["indicator_id"], year))
        op = r["op"].strip()
        if op not in TARGET_OPS:
            c.error(f, row, "op", f"unknown operator {op!r}; one of {', '.join(TARGET_OPS)}")
            continue
        value = c.number(f, row, "value", r["value"], blank_ok=op == "qualitative")
        if op == "qualitative" and not r["text_zh"].strip():
            c.error(f, row, "text_zh", "a qualitative target needs the plan's words")
        if op in NUMERIC_OPS and value is None:
            continue
        out.setdefault(r["indicator_id"], []).append(
            Target(year, op, value, r["text_zh"], r["text_en"])
        )
    return out


def _indicator(
    c: _Checker, r: pd.Series, row: int, groups: set[str], units: set[str]
) -> Indicator | None:
    f = "indicators.csv"
    ok = True
    for col, allowed in (("kind", KINDS), ("nature", NATURES)):
        if r[col] not in allowed:
            c.error(f, row, col, f"{r[col]!r} is not one of {', '.join(allowed)}")
            ok = False
    if r["group"] not in groups:
        c.error(f, row, "group", f"unknown group {r['group']!r} (not in groups.csv)")
        ok = False
    if r["unit"] not in units:
        c.error(f, row, "unit", f"unknown unit {r['unit']!r} (not in data/reference/units.csv)")
        ok = False
    base_year = c.integer(f, row, "base_year", r["base_year"])
    base_value = c.number(f, row, "base_value", r["base_value"])
    if r.get("headline", "") not in ("", "true", "false"):
        c.error(f, row, "headline", f"{r['headline']!r}: use true or false")
    if not ok or base_year is None:
        return None
    return Indicator(
        id=r["indicator_id"], name_zh=r["name_zh"], name_en=r["name_en"], group=r["group"],
        unit=r["unit"], nature=r["nature"], base_year=base_year, base_value=base_value,
        base_text=r["base_text"], targets=(), formula_zh=r["formula_zh"], formula_en=r["formula_en"],
        kind=r["kind"], department_zh=r.get("department_zh", ""),
        department_en=r.get("department_en", ""), headline=r.get("headline", "") == "true",
        aliases=tuple(a for a in r.get("aliases", "").split("|") if a),
    )  # fmt: skip


def _read_indicators(c: _Checker, meta: dict, groups: list[Group]) -> list[Indicator]:
    df = c.csv("indicators.csv")
    if df is None:
        return []
    units, gids = _known_units(), {g.id for g in groups}
    out, seen = [], set()
    for i, r in df.iterrows():
        if r["indicator_id"] in seen:
            c.error(
                "indicators.csv",
                i + 2,
                "indicator_id",
                f"duplicate indicator {r['indicator_id']!r}",
            )
            continue
        seen.add(r["indicator_id"])
        if not re.fullmatch(r"[a-z0-9_]+", r["indicator_id"]):
            c.error(
                "indicators.csv",
                i + 2,
                "indicator_id",
                f"{r['indicator_id']!r}: use a-z, 0-9 and _",
            )
        x = _indicator(c, r, i + 2, gids, units)
        if x is not None and x.base_year != meta["base_year"]:
            c.warn(
                "indicators.csv",
                i + 2,
                "base_year",
                f"{x.base_year} differs from the plan's {meta['base_year']}",
            )
        if x is not None:
            out.append(x)
    targets = _read_targets(c, meta, seen)
    return [_with_targets(x, targets.get(x.id, [])) for x in out]


def _with_targets(x: Indicator, targets: list[Target]) -> Indicator:
    from dataclasses import replace

    return replace(x, targets=tuple(sorted(targets, key=lambda t: t.year)))


def _read_regions(c: _Checker, meta: dict) -> pd.DataFrame:
    df = c.csv("regions.csv")
    ref = _reference_csv("regions.csv")
    if df is None:
        return ref.iloc[0:0]
    if "within" not in df.columns:
        df["within"] = ""
    known = set(df["region_id"]) | set(ref["region_id"])
    for i, r in df.iterrows():
        row = i + 2
        if df["region_id"].iloc[:i].eq(r["region_id"]).any():
            c.error("regions.csv", row, "region_id", f"duplicate region {r['region_id']!r}")
        if r["level"] not in REGION_LEVELS:
            c.error(
                "regions.csv",
                row,
                "level",
                f"{r['level']!r} is not one of {', '.join(REGION_LEVELS)}",
            )
        for col in ("parent", "within"):
            if r[col] and r[col] not in known:
                c.error("regions.csv", row, col, f"unknown region {r[col]!r}")
    if meta and meta["region"] not in known:
        c.error(
            "plan.toml",
            None,
            "region",
            f"{meta['region']!r} is in neither regions.csv nor data/reference/regions.csv",
        )
    return df


def _read_series(c: _Checker, regions: set[str]) -> pd.DataFrame:
    df = c.csv("series.csv", required=False)
    if df is None:
        return pd.DataFrame(columns=list(COLUMNS["series.csv"]))
    for i, r in df.iterrows():
        if r["role"] not in ("plan", "context", "donor"):
            c.error(
                "series.csv", i + 2, "role", f"{r['role']!r} is not one of plan, context, donor"
            )
        for col in ("region", "donor_region"):
            if r[col] and r[col] not in regions:
                c.error("series.csv", i + 2, col, f"unknown region {r[col]!r}")
    return df


def _check_observations(
    c: _Checker, regions: set[str], indicators: set[str], units: set[str]
) -> None:
    obs_dir = c.dir / "observations"
    manifest = obs_dir / "manifest.csv"
    if not manifest.exists():
        if obs_dir.exists() and any(obs_dir.glob("*.csv")):
            c.error(
                "observations/manifest.csv",
                None,
                None,
                "file missing (it lists the files in replay order)",
            )
        return
    listed = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    for i, r in listed.iterrows():
        name = f"observations/{r.get('file', '')}"
        if not (obs_dir / r.get("file", "")).is_file():
            c.error(
                "observations/manifest.csv", i + 2, "file", f"{r.get('file', '')!r} does not exist"
            )
            continue
        df = c.csv(name, columns_key="observations")
        if df is None:
            continue
        for j, o in df.iterrows():
            row = j + 2
            if o["grade"] not in GRADES:
                c.error(name, row, "grade", f"{o['grade']!r} is not one of {', '.join(GRADES)}")
            if o["region"] not in regions:
                c.error(name, row, "region", f"unknown region {o['region']!r}")
            if o["indicator"] not in indicators:
                c.error(
                    name,
                    row,
                    "indicator",
                    f"unknown indicator {o['indicator']!r} (not in the pack nor the catalogue)",
                )
            if o["unit"] not in units:
                c.error(name, row, "unit", f"unknown unit {o['unit']!r}")
            c.integer(name, row, "year", o["year"])
            c.number(name, row, "value", o["value"], blank_ok=False)
            if o["grade"] in ("primary", "official-repost", "secondary") and not o["quote"].strip():
                c.warn(
                    name, row, "quote", "a published figure should keep the phrase it was read from"
                )


def _read_recipes(c: _Checker) -> list[dict]:
    path = c.dir / "recipes.toml"
    if not path.exists():
        return []
    try:
        recipes = tomllib.loads(path.read_text(encoding="utf-8")).get("recipe", [])
    except tomllib.TOMLDecodeError as exc:
        c.error("recipes.toml", None, None, f"not valid TOML: {exc}")
        return []
    for k, r in enumerate(recipes, start=1):
        where = f"recipe {k} ({r.get('id', '?')})"
        if r.get("kind") not in RECIPE_KINDS:
            c.error(
                "recipes.toml",
                k,
                "kind",
                f"{where}: unknown kind {r.get('kind')!r}; one of {RECIPE_KINDS}",
            )
        for key in ("id", "region", "indicator", "year", "numerator", "denominator", "why"):
            if key not in r:
                c.error("recipes.toml", k, key, f"{where}: required key missing")
    return recipes


def _check_optional(c: _Checker) -> None:
    for name in ("tasks.csv", "projects.csv"):
        df = c.csv(name, required=False)
        if df is None:
            continue
        key = df.columns[0]
        dup = df[key].duplicated()
        for i in df.index[dup]:
            c.error(name, i + 2, key, f"duplicate {key} {df.at[i, key]!r}")


# ---------------------------------------------------------------- entry points
def _read(pack_dir: Path) -> tuple[Plan | None, list[Problem]]:
    c = _Checker(pack_dir)
    if not c.dir.is_dir():
        c.error(str(pack_dir), None, None, "not a folder")
        return None, c.problems
    meta = _read_toml(c)
    groups = _read_groups(c)
    indicators = _read_indicators(c, meta, groups) if meta else []
    regions = _read_regions(c, meta)
    all_regions = set(regions["region_id"]) | set(_reference_csv("regions.csv")["region_id"])
    catalogue = set(_reference_csv("series_catalog.csv")["indicator_id"])
    extra = (
        set(pd.read_csv(c.dir / "indicators.csv", dtype=str)["indicator_id"])
        if (c.dir / "indicators.csv").exists()
        else set()
    )
    series = _read_series(c, all_regions)
    _check_observations(c, all_regions, catalogue | extra, _known_units())
    recipes = _read_recipes(c)
    _check_optional(c)
    if meta and not indicators and not any(p.file == "indicators.csv" for p in c.problems):
        c.error("indicators.csv", None, None, "the plan has no indicators")
    if any(p.severity == "error" for p in c.problems) or meta is None:
        return None, c.problems
    doc = meta.get("document", {})
    plan = Plan(
        id=meta["id"], title_zh=meta["title_zh"], title_en=meta["title_en"],
        short_zh=meta.get("short_zh", meta["title_zh"]), short_en=meta.get("short_en", meta["title_en"]),
        region=meta["region"], base_year=meta["base_year"], milestones=tuple(meta["milestones"]),
        final_year=meta["final_year"], horizon=meta["horizon"], document=dict(doc),
        pack_dir=c.dir, groups=tuple(groups), indicators=tuple(indicators), regions=regions,
        series=series, recipes=tuple(recipes),
        scenario_drivers=tuple(meta.get("scenario", {}).get("drivers", ())),
        scenario_share=meta.get("scenario", {}).get("share"),
    )  # fmt: skip
    return plan, c.problems


def check_pack(pack_dir: str | Path) -> list[Problem]:
    """Every problem of the pack in ``pack_dir`` (errors and warnings), located."""
    return _read(Path(pack_dir))[1]


def read_pack(pack_dir: str | Path) -> Plan:
    """The plan in ``pack_dir``; :class:`PlanError` listing the errors when it has any."""
    plan, problems = _read(Path(pack_dir))
    if plan is None:
        raise PlanError(problems)
    return plan
