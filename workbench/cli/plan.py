"""``workbench plan list|check|show``: the plan packs under ``data/plans/``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

plan_app = typer.Typer(help="Plan packs: list them, check a pack, show a plan's indicators.")

PlanOpt = Annotated[
    str | None,
    typer.Option("--plan", help="Plan id (default: default_plan of workbench.toml)."),
]


def resolve_plan(plan_id: str | None):
    """The plan for a ``--plan`` option, or exit 1 with a message naming the known plans."""
    from workbench import plans

    try:
        return plans.load_plan(plan_id)
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(1) from None
    except plans.PlanError as exc:
        typer.echo(f"error: plan {plan_id or plans.default_plan_id()} has errors:\n{exc}", err=True)
        raise typer.Exit(1) from None


@plan_app.command("list")
def plan_list() -> None:
    """One line per plan: id, title, region, years (base → final), milestones."""
    from workbench import plans

    default = plans.default_plan_id()
    for pid in plans.plan_ids():
        try:
            p = plans.load_plan(pid)
        except plans.PlanError as exc:
            typer.echo(
                f"{pid}  (cannot be loaded: {len(exc.problems)} problem(s); run `workbench plan check`)"
            )
            continue
        mark = "*" if pid == default else " "
        ms = ", ".join(str(y) for y in p.milestones)
        typer.echo(
            f"{mark} {p.id:<24} {p.title_zh}  region {p.region}  {p.years}  "
            f"milestones {ms}  {len(p.indicators)} indicators"
        )


@plan_app.command("check")
def plan_check(
    pack_dir: Annotated[
        Path, typer.Argument(help="A plan pack folder, e.g. data/plans/chizhou-digital")
    ],
) -> None:
    """Check a plan pack: every problem with its file, row and column; exit 1 on errors."""
    from workbench.plans import check_pack

    problems = check_pack(pack_dir)
    for p in problems:
        typer.echo(str(p), err=p.severity == "error")
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        typer.echo(f"{pack_dir}: {errors} error(s); the pack cannot be used", err=True)
        raise typer.Exit(1)
    typer.echo(f"{pack_dir}: OK ({len(problems)} warning(s))")


@plan_app.command("show")
def plan_show(plan: PlanOpt = None, lang: str = typer.Option("zh", help="zh or en")) -> None:
    """A plan's indicators and targets as a table."""
    p = resolve_plan(plan)
    typer.echo(p.title(lang))
    typer.echo(p.indicators_frame(lang).drop(columns=["formula"]).to_string(index=False))


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
