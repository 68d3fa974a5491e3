"""Tables of the plan's implementation: every task and project with its latest progress,
and counts by area and by responsible unit (tidy frames for the page and the report)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from workbench.progress import planpack
from workbench.progress.store import latest
from workbench.progress.vocab import NOT_REPORTED, STATES

STATE_ORDER = (*STATES, NOT_REPORTED)


def _latest_by_item(plan_id: str, as_of: dt.datetime | None) -> pd.DataFrame:
    cols = ["kind", "item_id", "status", "percent", "period", "reported_on", "note"]
    lt = latest(plan_id, as_of=as_of)
    return lt[cols] if len(lt) else pd.DataFrame(columns=cols)


def task_status(
    plan_id: str = planpack.DEFAULT_PLAN, lang: str = "zh", as_of: dt.datetime | None = None
) -> pd.DataFrame:
    """One row per task: task_no, area, text, lead_unit, other_units, units (tuple), status
    (a state or ``not_reported``), percent, period, reported_on, note."""
    t = planpack.tasks(plan_id)
    lt = _latest_by_item(plan_id, as_of)
    lt = lt[lt["kind"] == "task"].assign(task_no=lambda d: d["item_id"].astype(int))
    units = t[f"units_{lang}"]
    out = pd.DataFrame(
        {
            "task_no": t["task_no"],
            "area": t[f"area_{lang}"],
            "text": t[f"text_{lang}"],
            "lead_unit": units.map(lambda u: u[0] if u else ""),
            "other_units": units.map(
                lambda u: "、".join(u[1:]) if lang == "zh" else "; ".join(u[1:])
            ),
            "units": units,
        }
    )
    out = out.merge(lt.drop(columns=["kind", "item_id"]), on="task_no", how="left")
    out["status"] = out["status"].fillna(NOT_REPORTED)
    return out


def project_status(
    plan_id: str = planpack.DEFAULT_PLAN, lang: str = "zh", as_of: dt.datetime | None = None
) -> pd.DataFrame:
    """One row per project: project_id, number (e.g. ``3-2``), box, area, name, description
    (Chinese only; empty in English), investment_yi, region, status, percent, period,
    reported_on, note."""
    p = planpack.projects(plan_id)
    lt = _latest_by_item(plan_id, as_of)
    lt = lt[lt["kind"] == "project"].rename(columns={"item_id": "project_id"})
    out = pd.DataFrame(
        {
            "project_id": p["project_id"],
            "number": p["project_id"].map(planpack.project_code),
            "box": p[f"box_title_{lang}"],
            "area": p[f"area_{lang}"],
            "name": p[f"name_{lang}"],
            "description": p["description_zh"] if lang == "zh" else "",
            "investment_yi": p["investment_yi"],
            "region": p["region"],
        }
    )
    out = out.merge(lt.drop(columns=["kind"]), on="project_id", how="left")
    out["status"] = out["status"].fillna(NOT_REPORTED)
    return out


def state_counts(status: pd.Series) -> dict[str, int]:
    """How many items are in each state (every state present, zero where none)."""
    vc = status.value_counts()
    return {s: int(vc.get(s, 0)) for s in STATE_ORDER}


def by_area(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts per area (plan order): area, total and one column per state."""
    rows = []
    for area, g in frame.groupby("area", sort=False):
        rows.append({"area": area, "total": len(g), **state_counts(g["status"])})
    return pd.DataFrame(rows, columns=["area", "total", *STATE_ORDER])


def by_unit(tasks: pd.DataFrame) -> pd.DataFrame:
    """Per responsible unit: lead (tasks it leads), partner (tasks it shares), and of the
    tasks it leads how many are completed, delayed, not reported. Sorted by lead, desc."""
    rows: dict[str, dict[str, object]] = {}
    for r in tasks.itertuples():
        for k, unit in enumerate(r.units):
            d = rows.setdefault(
                unit,
                {"unit": unit, "lead": 0, "partner": 0, "lead_completed": 0,
                 "lead_delayed": 0, "lead_not_reported": 0, "tasks": []},
            )  # fmt: skip
            d["tasks"].append(int(r.task_no))
            if k == 0:
                d["lead"] += 1
                key = {"completed": "lead_completed", "delayed": "lead_delayed",
                       NOT_REPORTED: "lead_not_reported"}.get(r.status)  # fmt: skip
                if key:
                    d[key] += 1
            else:
                d["partner"] += 1
    cols = [
        "unit",
        "lead",
        "partner",
        "lead_completed",
        "lead_delayed",
        "lead_not_reported",
        "tasks",
    ]
    out = pd.DataFrame(list(rows.values()), columns=cols)
    out["tasks"] = out["tasks"].map(lambda ts: ", ".join(str(x) for x in ts))
    return out.sort_values(["lead", "partner"], ascending=False, kind="mergesort").reset_index(
        drop=True
    )
