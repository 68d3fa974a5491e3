"""The one place the monitoring code reads a plan: tasks, projects, indicators, runs.

A thin adapter over the plan packs (:func:`workbench.plans.load_plan`), their
``tasks.csv`` and ``projects.csv`` (parsed and checked here: unit lists, English names)
and the plan's runs (:func:`workbench.refresh.latest_run`), so that the progress
module, the report and the page depend on the plan core in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

DEFAULT_PLAN = "chizhou-digital"

TASK_COLUMNS = ("task_no", "area_zh", "area_en", "text_zh", "text_en", "units_zh", "units_en")
PROJECT_COLUMNS = (
    "project_id",
    "box_no",
    "box_title_zh",
    "box_title_en",
    "area_zh",
    "area_en",
    "name_zh",
    "name_en",
    "description_zh",
    "investment_yi",
    "region",
)


class PlanDataError(ValueError):
    """A plan's tasks or projects file is missing or malformed (names file, row, column)."""


@dataclass(frozen=True)
class PlanInfo:
    """Identity of a plan as the report and the page show it."""

    id: str
    title_zh: str
    title_en: str
    number: str  # document number, e.g. 池数组〔2021〕1号
    issued: str  # ISO date
    region: str  # region id of the plan's region
    base_year: int
    final_year: int
    milestones: tuple[int, ...]

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh


def load(plan_id: str = DEFAULT_PLAN):
    """The plan pack (:func:`workbench.plans.load_plan`); ``KeyError`` for an unknown plan."""
    from workbench.plans import load_plan

    return load_plan(plan_id)


def pack_dir(plan_id: str = DEFAULT_PLAN) -> Path:
    """The plan pack's folder (``data/plans/<plan_id>``)."""
    return Path(load(plan_id).pack_dir)


def plan_info(plan_id: str = DEFAULT_PLAN) -> PlanInfo:
    """Title, document number, region and calendar of a plan; ``KeyError`` for an unknown plan."""
    p = load(plan_id)
    return PlanInfo(
        id=p.id,
        title_zh=p.title_zh,
        title_en=p.title_en,
        number=str(p.document.get("number", "")),
        issued=str(p.document.get("date", "")),
        region=p.region,
        base_year=p.base_year,
        final_year=p.final_year,
        milestones=tuple(p.milestones),
    )


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():  # the pack has no tasks or projects: an empty table
        return pd.DataFrame(columns=list(columns), dtype=str)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise PlanDataError(f"{path}: missing column(s) {', '.join(missing)}")
    for i, row in df.iterrows():
        for c in columns[:2]:
            if not row[c].strip():
                raise PlanDataError(f"{path}, row {i + 2}, column {c}: empty")
    return df


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


def _tasks(plan_id: str) -> pd.DataFrame:
    path = pack_dir(plan_id) / "tasks.csv"
    return _read_tasks(str(path), _mtime(path))


@lru_cache(maxsize=8)
def _read_tasks(file: str, mtime: float) -> pd.DataFrame:
    """``tasks.csv`` parsed and checked (cached until the file changes)."""
    path = Path(file)
    df = _read_csv(path, TASK_COLUMNS)
    df["task_no"] = df["task_no"].astype(int)
    for lang in ("zh", "en"):
        df[f"units_{lang}"] = df[f"units_{lang}"].map(lambda s: tuple(s.split("|")) if s else ())
    for i, row in df.iterrows():
        if len(row["units_zh"]) != len(row["units_en"]):
            raise PlanDataError(
                f"{path}, row {i + 2}, column units_en: {len(row['units_en'])} entries, "
                f"units_zh has {len(row['units_zh'])}"
            )
    if df["task_no"].duplicated().any():
        dup = df.loc[df["task_no"].duplicated(), "task_no"].iloc[0]
        raise PlanDataError(f"{path}: task_no {dup} appears twice")
    return df


def tasks(plan_id: str = DEFAULT_PLAN) -> pd.DataFrame:
    """One row per key task: task_no, area_zh/en, text_zh/en, units_zh/en (tuples, lead first)."""
    return _tasks(plan_id).copy()


def task_units(plan_id: str = DEFAULT_PLAN) -> pd.DataFrame:
    """Long table: task_no, position (0 = lead), role (``lead``/``partner``), unit_zh, unit_en."""
    rows = [
        {
            "task_no": r.task_no,
            "position": k,
            "role": "lead" if k == 0 else "partner",
            "unit_zh": zh,
            "unit_en": en,
        }
        for r in _tasks(plan_id).itertuples()
        for k, (zh, en) in enumerate(zip(r.units_zh, r.units_en, strict=True))
    ]
    return pd.DataFrame(rows, columns=["task_no", "position", "role", "unit_zh", "unit_en"])


def _projects(plan_id: str) -> pd.DataFrame:
    path = pack_dir(plan_id) / "projects.csv"
    return _read_projects(str(path), _mtime(path))


@lru_cache(maxsize=8)
def _read_projects(file: str, mtime: float) -> pd.DataFrame:
    """``projects.csv`` parsed and checked (cached until the file changes)."""
    path = Path(file)
    df = _read_csv(path, PROJECT_COLUMNS)
    df["box_no"] = df["box_no"].astype(int)
    for i, v in df["investment_yi"].items():
        try:
            float(v) if v else None
        except ValueError:
            raise PlanDataError(
                f"{path}, row {i + 2}, column investment_yi: {v!r} is not a number"
            ) from None
    df["investment_yi"] = pd.to_numeric(df["investment_yi"].replace("", None))
    return df


def projects(plan_id: str = DEFAULT_PLAN) -> pd.DataFrame:
    """One row per key project of the plan's boxes (see ``docs/plans.md``)."""
    return _projects(plan_id).copy()


def project_code(project_id: str) -> str:
    """The number a person reads and types: ``p03-2`` → ``3-2`` (box 3, second project)."""
    box, _, k = project_id.removeprefix("p").partition("-")
    return f"{int(box)}-{k}"


def areas(plan_id: str = DEFAULT_PLAN) -> pd.DataFrame:
    """The task areas in the plan's order: area_zh, area_en."""
    t = _tasks(plan_id)
    return t[["area_zh", "area_en"]].drop_duplicates().reset_index(drop=True)


def indicators(plan_id: str = DEFAULT_PLAN) -> tuple:
    """The plan's indicators (objects with id, name(lang), group, unit, targets, headline …)."""
    return load(plan_id).indicators


def groups(plan_id: str = DEFAULT_PLAN) -> list[tuple[str, str, str]]:
    """Indicator groups in the plan's order: (group_id, name_zh, name_en)."""
    return [(g.id, g.name_zh, g.name_en) for g in load(plan_id).groups]


def headline_indicators(plan_id: str = DEFAULT_PLAN) -> list[str]:
    """Ids of the indicators the plan pack marks as headline (charted in the report)."""
    return [x.id for x in indicators(plan_id) if x.headline]


def latest_run(plan_id: str = DEFAULT_PLAN):
    """The plan's last good refresh run, or ``None``."""
    from workbench.refresh import latest_run as _latest

    return _latest(plan_id)
