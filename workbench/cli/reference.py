"""``workbench indicators [--plan ID]``: a plan's indicators with their base and targets."""

from __future__ import annotations

import typer

from workbench.cli.plan import PlanOpt, resolve_plan


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators_cmd(
        plan: PlanOpt = None,
        lang: str = typer.Option("zh", "--lang", help="zh or en"),
    ) -> None:
        """List a plan's indicators: group, unit, base and the target of each milestone."""
        if lang not in ("zh", "en"):
            typer.echo(f"error: --lang must be zh or en, not {lang!r}", err=True)
            raise typer.Exit(1)
        p = resolve_plan(plan)
        df = p.indicators_frame(lang)
        cols = ["indicator_id", "group_name", "name", "unit", "base"]
        cols += [f"target_{y}" for y in p.milestones]
        typer.echo(df[cols].to_string(index=False))
